"""Letters the search index does not fold, written out plain in each indexed page's metadata.

Pagefind matches a query without marks to words with them ("ha noi" finds "Hà Nội"), but a letter
of its own such as Vietnamese đ is not a marked d, so "dai hoi dong" finds nothing. Each indexed
page therefore carries, as a metadata field that Pagefind searches and the search page does not
show, the page's words that hold such a letter, folded: "Đại hội đồng" gives "dai dong".

Settings, ``SEARCH_FOLDS`` in pelicanconf.py:
  ``letters``  each letter the index does not fold, and the plain letter readers type for it
  ``field``    the name of the metadata field (the search page hides it)

Templates call ``search_folds(text)`` (defined only when the plugin runs) and write the result
as ``data-pagefind-meta="{{ SEARCH_FOLDS_FIELD }}:..."``. The search page gets the letters as
``SEARCH_FOLDS_LETTERS``, so that its results mark the words found through them, as Pagefind
marks the words it found itself.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from html import unescape

from pelican import signals

from newsdesk.errors import ConfigError
from newsdesk.project import plugin_settings

logger = logging.getLogger(__name__)

SETTINGS_KEY = "SEARCH_FOLDS"
DEFAULTS = {"letters": {}, "field": "folded"}

MARKUP = re.compile(r"<[^>]*>")
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")
WORD = re.compile(r"\w+")
WORD_CHAR = re.compile(r"\w")


def read_config(settings: dict) -> dict:
    config = plugin_settings(settings, SETTINGS_KEY, DEFAULTS)
    letters = config["letters"]
    if not isinstance(letters, dict) or not all(
        isinstance(k, str) and len(k) == 1 and isinstance(v, str) for k, v in letters.items()
    ):
        raise ConfigError(f"{SETTINGS_KEY}['letters'] maps single letters to their plain forms")
    if not FIELD_NAME.fullmatch(str(config["field"])):
        raise ConfigError(f"{SETTINGS_KEY}['field'] must be a lower-case name, like 'folded'")
    return config


def fold(word: str, letters: dict[str, str]) -> str:
    """The word as typed without marks or the language's own letters: "Đồng" -> "dong"."""
    plain = "".join(letters.get(char, char) for char in word)
    decomposed = unicodedata.normalize("NFD", plain)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


@functools.lru_cache(maxsize=8)
def words_with(letters: str) -> re.Pattern:
    """Whole words holding one of ``letters``."""
    return re.compile(rf"\w*[{re.escape(letters)}]\w*")


def folded_words(html: str, letters: dict[str, str]) -> str:
    """The distinct words of ``html`` that hold one of ``letters``, folded, in order of sorting."""
    if not letters:
        return ""
    text = unescape(MARKUP.sub(" ", html))
    chars = set(letters)
    if chars.isdisjoint(text):
        return ""
    if all(WORD_CHAR.fullmatch(char) for char in chars):
        # Whole words holding a letter, as the pattern below finds them, many times faster.
        words = {word for word in WORD.findall(text) if not chars.isdisjoint(word)}
    else:
        words = set(words_with("".join(sorted(letters))).findall(text))
    return " ".join(sorted({fold(word, letters) for word in words}))


def install_globals(generator) -> None:
    config = read_config(generator.settings)
    letters = config["letters"]
    generator.env.globals["search_folds"] = lambda html: folded_words(str(html), letters)
    generator.env.globals["SEARCH_FOLDS_FIELD"] = config["field"]
    generator.env.globals["SEARCH_FOLDS_LETTERS"] = letters


def check_settings(pelican) -> None:
    read_config(pelican.settings)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(install_globals)
