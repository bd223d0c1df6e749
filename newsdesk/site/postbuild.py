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


def _never(settings: dict, results: list) -> bool:
    return False


# When a step writes into a language's folder, which the language's own process listed as its
# run ended (build.LanguageResult). A step not named here may write anywhere.
WRITES_IN_LANGUAGES: dict[Step, Callable[[dict, list], bool]] = {
    root.write_root: _never,
    root.write_not_found: _never,
    root.write_sitemap: _never,
    # Only records what each language's process indexed, unless one of them did not.
    search.write_search_index: lambda settings, results: not search.indexed_in_runs(results),
    precompress.precompress_site: lambda settings, results: bool(settings.get("PRECOMPRESS")),
}


def languages_left_whole(settings: dict, results: list, skip: tuple[Step, ...] = ()) -> bool:
    """Whether no step that runs writes into a language's folder: then each folder's listing by
    its process (its run's files and its search index's) is the folder as it goes live."""
    return bool(results) and not any(
        WRITES_IN_LANGUAGES.get(step, lambda *_: True)(settings, results)
        for step in STEPS
        if step not in skip
    )


def run_steps(
    settings: dict, config: dict, results: list, staging: Path, skip: tuple[Step, ...] = ()
) -> None:
    for step in STEPS:
        if step in skip:
            logger.debug("post-build step %s: later", step.__name__)
            continue
        logger.debug("post-build step %s", step.__name__)
        step(settings, config, results, staging)
