"""Text made safe for one header line: printable, on one line, without markup or hidden controls."""

from __future__ import annotations

import logging
import re
import unicodedata

logger = logging.getLogger(__name__)

# Markup in a value taken from a page's head (an og:site_name holding "<script>...") is not text.
_TAG = re.compile(r"<[^<>]*>|<[A-Za-z/!?][^<>]*$")
# Categories that print nothing or move text around: controls (Cc, incl. NUL, CR, LF), format
# characters (Cf: bidi controls, zero-width joiners, BOM), surrogates, private use and unassigned.
_HIDDEN = frozenset(["Cc", "Cf", "Cs", "Co", "Cn"])
# Categories that break a line or separate words: every one becomes a plain space.
_SPACES = frozenset(["Zs", "Zl", "Zp"])


def one_line(value: str) -> str:
    """``value`` as one line of printable NFC text: every line break, control character and bidi
    control removed or made a space, tags removed, runs of spaces collapsed."""
    text = unicodedata.normalize("NFC", value)
    characters = []
    for character in text:
        category = unicodedata.category(character)
        if character in "\t\n\r\v\f" or category in _SPACES:
            characters.append(" ")
        elif category not in _HIDDEN:
            characters.append(character)
    text = _TAG.sub(" ", "".join(characters))
    return " ".join(text.split())


def without_hidden(value: str) -> str:
    """``value`` without the characters that print nothing (controls other than line ends and tabs,
    bidi controls, zero-width characters)."""
    return "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in _HIDDEN
    )
