"""The names table and the glossary: how each language spells a person and renders a term.

Both are tab-separated files whose header names the language codes of their columns
(``translations/names.tsv``: ``en  vi  note``; ``translations/glossary.tsv`` likewise), so that a
new language is a new column.
"""

from __future__ import annotations

import csv
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import ConfigError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One row: its spelling or rendering in each language, and the line it is on."""

    forms: dict[str, str]
    line: int

    def get(self, lang: str) -> str:
        return self.forms.get(lang, "")


def read_table(path: Path, languages: tuple[str, ...]) -> list[Entry]:
    """Rows of a names or glossary table; a missing file is an empty table."""
    path = Path(path)
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    if not rows:
        return []
    header = [cell.strip() for cell in rows[0]]
    columns = {lang: header.index(lang) for lang in languages if lang in header}
    if len(columns) < 2:
        raise ConfigError(
            f"the header names {len(columns)} of the site's languages ({', '.join(languages)});"
            " a table needs a column for each",
            path,
            1,
        )
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or row[0].startswith("#"):
            continue
        forms = {
            lang: unicodedata.normalize("NFC", row[column].strip())
            for lang, column in columns.items()
            if column < len(row) and row[column].strip()
        }
        if len(forms) >= 2:
            entries.append(Entry(forms, number))
    return entries


def fold(text: str, letters: dict[str, str] | None = None) -> str:
    """Lower case without diacritics, to find a misspelt name; ``letters`` folds the letters
    Unicode does not decompose (the site's SEARCH_FOLDS letters)."""
    for letter, plain in (letters or {}).items():
        text = text.replace(letter, plain)
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
