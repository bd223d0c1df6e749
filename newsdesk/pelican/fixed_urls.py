"""Each article's and page's URL and output path worked out once, when every generator is done.

Pelican formats ``url`` and ``save_as`` from the settings and the metadata on every access, and
the templates ask for them many times per page (listings, neighbours, related articles, feeds):
about a twentieth of a build. Once all content is read, nothing changes what they would give,
so each is set as Pelican's own override (the ``override_url`` that ``URL`` metadata sets).
"""

from __future__ import annotations

import logging

from pelican import signals

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


def fix_all(generators) -> None:
    seen: set[int] = set()
    for generator in generators:
        for name in CONTENT_LISTS:
            items = [item for item in getattr(generator, name, None) or () if id(item) not in seen]
            seen.update(id(item) for item in items)
            fix_urls(items)


def register() -> None:
    remember_relative_source_paths()  # what the formatting before this point repeats
    signals.all_generators_finalized.connect(fix_all)
