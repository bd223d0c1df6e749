"""Each article's and page's URL and output path worked out once, when every generator is done.

Pelican formats ``url`` and ``save_as`` from the settings and the metadata on every access, and
the templates ask for them many times per page (listings, neighbours, related articles, feeds):
about a twentieth of a build. Once all content is read, nothing changes what they would give,
so each is set as Pelican's own override (the ``override_url`` that ``URL`` metadata sets).
The output paths are then checked: no two sources may be written to one page.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals

from newsdesk.errors import ContentError
from newsdesk.pelican.pelican_api import remember_relative_source_paths

logger = logging.getLogger(__name__)

CONTENT_LISTS = (
    "articles", "translations", "hidden_articles", "hidden_translations", "drafts",
    "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations",
)  # fmt: skip
FIELDS = ("url", "save_as")


def fix_urls(items) -> None:
    """Set each item's URL and output path to what Pelican formats for it now."""
    for item in items:
        for field in FIELDS:
            override = f"override_{field}"
            if not hasattr(item, override):
                setattr(item, override, item.get_url_setting(field))


def check_unique_pages(items, written: dict[str, str], project: Path) -> None:
    """No two sources are written to the same page (two Slugs alike, in one language): Pelican
    would warn, then stop on the second with an error naming only the page. ``written``: page
    -> source, of the items checked before."""
    for item in items:
        save_as = getattr(item, "save_as", "")
        if not save_as:
            continue
        first = written.setdefault(save_as, item.source_path)
        if first != item.source_path:
            shown = os.path.relpath(first, project)
            raise ContentError(
                f"is written to {save_as}, as {shown} is: give one of them another Slug",
                item.source_path,
            )


def fix_all(generators) -> None:
    seen: set[int] = set()
    written: dict[str, str] = {}
    for generator in generators:
        project = Path(generator.settings["PATH"]).parent
        for name in CONTENT_LISTS:
            items = [item for item in getattr(generator, name, None) or () if id(item) not in seen]
            seen.update(id(item) for item in items)
            fix_urls(items)
            # Checked on the paths just fixed: each is formatted once.
            check_unique_pages(items, written, project)


def register() -> None:
    remember_relative_source_paths()  # what the formatting before this point repeats
    signals.all_generators_finalized.connect(fix_all)
