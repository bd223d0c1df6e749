"""Bylines and sources: the author an article's source names, and its outlet in the reader's language.

Attributes set on each article of a language's run, for the theme:
  ``byline``       the authors named in the article's metadata (``Author:``/``Authors:``), or []
                   (the site's own AUTHOR, which Pelican gives every article, is not a byline)
  ``source_name``  the outlet of ``Source:`` by its name in the run's language, from the outlet
                   table (a row per outlet, a column per language); the name as written when
                   the table has none
  ``source_link``  ``Source_URL`` when it is an http or https address, else None

An article without a byline is credited to the publisher, the site's ``AUTHOR``, in the run's
language (a setting marked for the UI catalogue, as ``SITENAME`` is): feeds name it so, and the
theme's share data reads it from the context.

The outlet table is data (``BYLINES["outlets"]``, ``data/outlets.tsv``): its first column,
``source``, is the outlet as ``Source:`` writes it; every other column is a language code.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.urlwrappers import Author

from newsdesk.errors import ConfigError
from newsdesk.project import plugin_settings
from newsdesk.site.languages import load_language_translations, run_config

logger = logging.getLogger(__name__)

SETTINGS_KEY = "BYLINES"
DEFAULTS = {
    "outlets": "data/outlets.tsv",  # relative to the project folder (the settings file's)
}
KEY_COLUMN = "source"
LINK_SCHEMES = ("http", "https")

OutletNames = dict[str, dict[str, str]]  # outlet as written -> language code -> name


class BylinesConfigError(ConfigError):
    """The BYLINES settings or the outlet table are wrong."""


def read_config(settings: dict) -> dict:
    """Return the BYLINES settings with defaults filled in; reject unknown keys."""
    return plugin_settings(settings, SETTINGS_KEY, DEFAULTS, BylinesConfigError, paths=("outlets",))


def read_outlets(path: Path) -> OutletNames:
    """The outlet table: each outlet's name per language; a missing file is an empty table."""
    if not path.is_file():
        logger.debug("no outlet table at %s", path)
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    if not rows or not rows[0] or rows[0][0] != KEY_COLUMN:
        raise BylinesConfigError(f"the first column must be {KEY_COLUMN!r}", path, 1)
    header = rows[0]
    names: OutletNames = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise BylinesConfigError(
                f"{len(row)} cells, but the header has {len(header)} columns", path, line
            )
        source = row[0].strip()
        if not source:
            raise BylinesConfigError(f"the {KEY_COLUMN!r} cell is empty", path, line)
        if source in names:
            raise BylinesConfigError(f"{source!r} is listed twice", path, line)
        names[source] = {
            code: cell.strip() for code, cell in zip(header[1:], row[1:]) if cell.strip()
        }
    return names


def outlet_name(names: OutletNames, source: str, code: str) -> str:
    """The outlet's name in language ``code``, or ``source`` as written when the table has none."""
    return names.get(source, {}).get(code) or source


def safe_link(url: str | None) -> str | None:
    """``url`` when readers can follow it safely (http or https, with a host), else None."""
    if not url:
        return None
    address = str(url).strip()
    parts = urlsplit(address)
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    return address


def byline(metadata: dict) -> list[str]:
    """The authors the article's own metadata names (never the site-wide AUTHOR)."""
    authors = metadata.get("authors") or ([metadata["author"]] if metadata.get("author") else [])
    return [str(author) for author in authors if str(author).strip()]


def _run_language(settings: dict) -> str:
    multilang = run_config(settings)
    return multilang["language"] if multilang is not None else settings.get("DEFAULT_LANG", "")


def publisher(settings: dict) -> str | None:
    """The site's AUTHOR in the run's language, from its UI catalogue; None without AUTHOR."""
    name = settings.get("AUTHOR")
    multilang = run_config(settings)
    if not name or multilang is None:
        return name or None
    messages = load_language_translations(multilang, multilang["language"])["messages"]
    return messages.gettext(name)


def check_settings(pelican) -> None:
    read_config(pelican.settings)


def add_bylines(generator) -> None:
    config = read_config(generator.settings)
    names = read_outlets(Path(config["outlets"]))
    code = _run_language(generator.settings)
    # The table is part of what the pages show: digested with the context by incremental writing.
    generator.context["outlet_names"] = names
    desk = publisher(generator.settings)
    if desk:
        generator.context["AUTHOR"] = desk
    for article in list(generator.articles) + list(getattr(generator, "translations", [])):
        source = getattr(article, "source", None)
        article.source_name = outlet_name(names, str(source), code) if source else None
        given = getattr(article, "source_url", None)
        article.source_link = safe_link(given)
        if given and article.source_link is None:
            logger.warning(
                "%s: Source_URL %r is not an http or https address; the source is shown unlinked",
                article.source_path, str(given),
            )
        article.byline = byline(article.metadata)
        if desk and not article.byline:  # Pelican credited the site's AUTHOR, as written
            article.author = Author(desk, generator.settings)
            article.authors = [article.author]


def register() -> None:
    handlers = {
        signals.initialized: check_settings,
        signals.article_generator_finalized: add_bylines,
    }
    for signal, handler in handlers.items():
        signal.connect(handler)
