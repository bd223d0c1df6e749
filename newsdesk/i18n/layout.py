"""Where the catalogues live: ``<translations>/<lang>/LC_MESSAGES/<domain>.po``, built here only.

Domains: ``messages`` (the theme), ``taxonomy`` (category and tag names) and ``content/<key>``
(one per document). Every module that names a catalogue file asks these functions.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

MESSAGES_FOLDER = "LC_MESSAGES"
CONTENT_FOLDER = "content"  # content domains are content/<key>


def catalogue_folder(translations: str | Path, lang: str) -> Path:
    """The folder of every catalogue of ``lang``."""
    return Path(translations, lang, MESSAGES_FOLDER)  # one path made, not three


def catalogue_path(translations: str | Path, lang: str, domain: str) -> Path:
    """The catalogue of ``domain`` in ``lang``: ``messages``, ``taxonomy`` or ``content/<key>``."""
    return catalogue_folder(translations, lang) / f"{domain}.po"


def content_catalogue_path(translations: str | Path, lang: str, key: str) -> Path:
    """Where the translation of the document ``key`` into ``lang`` lives."""
    return catalogue_path(translations, lang, f"{CONTENT_FOLDER}/{key}")


def content_catalogue_name(translations: str | Path, lang: str, key: str) -> str:
    """The text of :func:`content_catalogue_path`, made without a path object for a key that
    names no folder: the build names one or two catalogues for every source in every process."""
    if "/" in key:  # a path object would tidy the folders the key names
        return os.fspath(content_catalogue_path(translations, lang, key))
    return f"{_content_folder(os.fspath(translations), lang)}/{key}.po"


@functools.lru_cache(maxsize=256)
def _content_folder(translations: str, lang: str) -> str:
    return os.fspath(catalogue_folder(translations, lang) / CONTENT_FOLDER)


def content_catalogues(translations: str | Path, lang: str = "*") -> list[Path]:
    """The content catalogues of ``lang`` (of every language by default), sorted."""
    return sorted(Path(translations).glob(f"{lang}/{MESSAGES_FOLDER}/{CONTENT_FOLDER}/*.po"))


def language_catalogues(translations: str | Path, lang: str) -> list[Path]:
    """Every catalogue of ``lang``, sorted."""
    return sorted(catalogue_folder(translations, lang).rglob("*.po"))


def catalogue_language(path: str | Path, translations: str | Path) -> str | None:
    """The language a catalogue's place says, or None for a file outside the layout."""
    try:
        parts = Path(path).resolve().relative_to(Path(translations).resolve()).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 2 and parts[1] == MESSAGES_FOLDER else None


def catalogue_domain(path: str | Path, translations: str | Path) -> str | None:
    """``messages``, ``taxonomy`` or ``content/<key>`` for a catalogue in the layout."""
    lang = catalogue_language(path, translations)
    if lang is None:
        return None
    folder = catalogue_folder(Path(translations).resolve(), lang)
    return Path(path).resolve().relative_to(folder).with_suffix("").as_posix()
