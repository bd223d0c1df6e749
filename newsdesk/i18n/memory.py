"""Translation memory: what a language's catalogues already translate, offered for new messages.

A suggestion is written as a fuzzy translation with a translator comment naming where it came
from, so that a translator confirms it instead of retyping; until then it is not used or counted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import CatalogError
from newsdesk.i18n.matching import CandidateIndex
from newsdesk.i18n.poformat import read_catalogue

logger = logging.getLogger(__name__)

CLOSE_ENOUGH = 0.75  # a weaker match saves a translator less than it costs to check


@dataclass(frozen=True)
class Suggestion:
    """An earlier translation of a text like the new one, and where it is."""

    source: str
    string: object
    origin: str  # "path:line"
    similarity: float

    def describe(self) -> str:
        kind = "exact match" if self.similarity >= 1 else f"{self.similarity:.0%} match"
        return f"{kind} of {self.origin}; check it, then remove the fuzzy flag"


class TranslationMemory:
    """The confirmed translations of every given catalogue, indexed for exact and close matches."""

    def __init__(self, paths: list[Path], shown=str) -> None:
        self._index = CandidateIndex()
        for path in paths:
            try:
                catalog = read_catalogue(path)
            except CatalogError:
                continue  # reported by the catalogue check; no suggestions from a broken file
            for message in catalog:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if not message.id or message.fuzzy or not all(strings):
                    continue
                text = message.id[0] if isinstance(message.id, tuple) else message.id
                self._index.add(text, (text, message.string, f"{shown(path)}:{message.lineno}"))

    def __len__(self) -> int:
        return len(self._index)

    def suggest(self, text: str, exclude: str = "") -> Suggestion | None:
        """The best earlier translation of ``text``, not from the catalogue ``exclude``."""
        exact = self._index.exact(text)
        if exact is not None and not exact[2].startswith(exclude + ":"):
            return Suggestion(exact[0], exact[1], exact[2], 1.0)
        excluded = {v for v in [exact] if v is not None}
        found = self._index.best(text, CLOSE_ENOUGH, exclude=excluded)
        if found is None or (exclude and found[1][2].startswith(exclude + ":")):
            return None
        ratio, (source, string, origin) = found
        return Suggestion(source, string, origin, ratio)
