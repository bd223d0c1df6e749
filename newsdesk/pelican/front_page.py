"""The front page: its lead and secondary stories, and "The Convention at a glance" from data.

The panel's figures come from a table (``FRONT_PAGE["glance"]``, ``data/convention/glance.tsv``,
columns ``item value detail as_of source``), one row per item of GLANCE_ITEMS. Every row names
its source, which must be one of the sources that ``data/convention/facts.tsv`` gives for its
facts: the panel shows nothing the facts table does not source. The theme writes the words
around the figures, through gettext, so every language reads the same figures.

Set in the context of every run, for the theme:
  ``convention_glance``  the Glance (None without a table)
  ``front_page``         the number of secondary stories under the lead
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from newsdesk.convention.command import read_facts
from newsdesk.errors import ConfigError, ContentError
from newsdesk.project import plugin_settings

logger = logging.getLogger(__name__)

SETTINGS_KEY = "FRONT_PAGE"
DEFAULTS = {
    "glance": "data/convention/glance.tsv",  # relative to the project folder
    "facts": "data/convention/facts.tsv",
    "secondary": 3,  # stories under the lead, before the list
    "timeline_url": "convention/timeline/",  # where the panel's "every milestone" link goes
}
COLUMNS = ("item", "value", "detail", "as_of", "source")
# What each item's cells hold: (value, detail), "date" or "number" or "" (not used).
GLANCE_ITEMS = {
    "adopted": ("date", "text"),  # detail: the General Assembly resolution
    "opened_for_signature": ("date", ""),
    "signatories": ("number", ""),  # as_of: the date of the count
    "instruments_deposited": ("number", ""),  # as_of: the date of the count
    "entry_into_force": ("number", "number"),  # instruments needed; days after the last one
    "signature_closes": ("date", ""),
}
# Items whose date is a milestone the panel can show as the next one.
MILESTONES = ("adopted", "opened_for_signature", "signature_closes")


class FrontPageConfigError(ConfigError):
    """The FRONT_PAGE settings are wrong."""


@dataclass(frozen=True)
class GlanceItem:
    value: date | int
    detail: str | int | None
    as_of: date | None
    source: str  # URL
    source_host: str  # what the link says: "treaties.un.org"


@dataclass(frozen=True)
class Glance:
    items: dict[str, GlanceItem]
    next_milestone: str | None  # the item of the first milestone after the newest article

    def __contains__(self, item: str) -> bool:
        return item in self.items

    def __getitem__(self, item: str) -> GlanceItem:
        return self.items[item]

    @property
    def instruments_still_needed(self) -> int | None:
        """Instruments still needed for entry into force, when the table has both counts."""
        if "entry_into_force" not in self.items or "instruments_deposited" not in self.items:
            return None
        needed = self.items["entry_into_force"].value
        return max(0, needed - self.items["instruments_deposited"].value)


def read_config(settings: dict) -> dict:
    """Return the FRONT_PAGE settings with defaults filled in; reject unknown keys."""
    config = plugin_settings(
        settings, SETTINGS_KEY, DEFAULTS, FrontPageConfigError, paths=("glance", "facts")
    )
    if not isinstance(config["secondary"], int) or config["secondary"] < 0:
        raise FrontPageConfigError(f"{SETTINGS_KEY}['secondary'] must be a whole number >= 0")
    return config


def _cell(kind: str, text: str, path: Path, line: int, column: str):
    if not text and column == "value":
        raise ContentError(f"{column} is empty", path, line)
    if kind not in ("date", "number") or not text:
        return text or None
    try:
        return date.fromisoformat(text) if kind == "date" else int(text)
    except ValueError:
        what = "a date (YYYY-MM-DD)" if kind == "date" else "a whole number"
        raise ContentError(f"{column} {text!r} is not {what}", path, line) from None


def source_host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def read_glance(path: Path, facts_path: Path) -> dict[str, GlanceItem]:
    """The panel's rows, each checked against the sources of the facts table."""
    sourced = {url for fact in read_facts(facts_path) for url, _note in fact.sources}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise ContentError(f"expected the columns {', '.join(COLUMNS)}", path, 1)
    items: dict[str, GlanceItem] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise ContentError(f"expected {len(COLUMNS)} columns, found {len(row)}", path, line)
        item, value, detail, as_of, source = (cell.strip() for cell in row)
        if item not in GLANCE_ITEMS:
            raise ContentError(
                f"unknown item {item!r}; known items: {', '.join(GLANCE_ITEMS)}", path, line
            )
        if item in items:
            raise ContentError(f"{item!r} is listed twice", path, line)
        if source not in sourced:
            raise ContentError(
                f"source {source!r} is not a source of any fact in {facts_path}", path, line
            )
        value_kind, detail_kind = GLANCE_ITEMS[item]
        items[item] = GlanceItem(
            value=_cell(value_kind, value, path, line, "value"),
            detail=_cell(detail_kind, detail, path, line, "detail"),
            as_of=_cell("date", as_of, path, line, "as_of"),
            source=source,
            source_host=source_host(source),
        )
    return items


def next_milestone(items: dict[str, GlanceItem], after: date | None) -> str | None:
    """The first milestone dated after ``after`` (the newest article: the site's "now", so that
    a build of one commit is the same whatever day it runs)."""
    dated = sorted((items[name].value, name) for name in MILESTONES if name in items)
    upcoming = [name for when, name in dated if after is None or when > after]
    return upcoming[0] if upcoming else None


def check_settings(pelican) -> None:
    read_config(pelican.settings)


def add_front_page(generator) -> None:
    config = read_config(generator.settings)
    generator.context["front_page"] = {
        "secondary": config["secondary"],
        "timeline_url": config["timeline_url"],
    }
    path = Path(config["glance"])
    if not path.is_file():
        logger.debug("no Convention panel: %s does not exist", path)
        generator.context["convention_glance"] = None
        return
    items = read_glance(path, Path(config["facts"]))
    newest = max((article.date.date() for article in generator.articles), default=None)
    generator.context["convention_glance"] = Glance(items, next_milestone(items, newest))


def link_timeline_if_built(generator) -> None:
    """Keep the panel's link to the timeline only when the site has that page."""
    front_page = generator.context.get("front_page")
    if not front_page or not front_page.get("timeline_url"):
        return
    pages = [*generator.pages, *getattr(generator, "hidden_pages", [])]
    if not any(page.url == front_page["timeline_url"] for page in pages):
        logger.debug("no timeline page at %s: the panel does not link it", front_page["timeline_url"])
        front_page["timeline_url"] = None


def register() -> None:
    handlers = {
        signals.initialized: check_settings,
        signals.article_generator_finalized: add_front_page,
        signals.page_generator_finalized: link_timeline_if_built,
    }
    for signal, handler in handlers.items():
        signal.connect(handler)
