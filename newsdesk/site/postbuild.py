"""Steps that run on the whole staged site after every language is built, before it goes live."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from newsdesk.site import precompress, root, search

logger = logging.getLogger(__name__)

# Each step takes (settings, multilang config, per-language results, staging folder), in this order.
Step = Callable[[dict, dict, list, Path], object]
STEPS: list[Step] = [
    root.write_root,
    root.write_not_found,
    root.write_sitemap,
    search.write_search_index,
    precompress.precompress_site,  # last: it compresses what the steps before wrote
]


def run_steps(
    settings: dict, config: dict, results: list, staging: Path, skip: tuple[Step, ...] = ()
) -> None:
    for step in STEPS:
        if step in skip:
            logger.debug("post-build step %s: later", step.__name__)
            continue
        logger.debug("post-build step %s", step.__name__)
        step(settings, config, results, staging)
