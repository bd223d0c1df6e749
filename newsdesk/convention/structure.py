"""The Convention's chapters and articles, read from the project's structure table."""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.errors import ContentError

logger = logging.getLogger(__name__)

STRUCTURE_COLUMNS = ("chapter", "chapter_title_en", "article", "article_title_en", "status")
UNVERIFIED_TITLE = "title-unverified"  # an editor replaces it with "title-confirmed"

ROMAN_VALUES = (("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def roman(number: int) -> str:
    """Upper-case Roman numeral of a small positive number: 4 -> "IV"."""
    digits = []
    for numeral, value in ROMAN_VALUES:
        while number >= value:
            digits.append(numeral)
            number -= value
    return "".join(digits)


@dataclass(frozen=True)
class Article:
    number: int
    title: str
    chapter: str  # Roman numeral
    status: tuple[str, ...]
    line: int  # line in the structure table, for editors

    @property
    def title_unverified(self) -> bool:
        return UNVERIFIED_TITLE in self.status


@dataclass
class Chapter:
    numeral: str
    title: str
    articles: list[Article] = field(default_factory=list)


@dataclass
class Structure:
    """Chapters in order, each with its articles; looked up by numeral or article number."""

    chapters: dict[str, Chapter]
    articles: dict[int, Article]
    path: Path

    def chapter_of(self, number: int) -> Chapter | None:
        article = self.articles.get(number)
        return self.chapters[article.chapter] if article else None


def read_structure(path: str | Path) -> Structure:
    """Read ``structure.tsv``; a malformed row is an error naming its line."""
    path = Path(path)
    if not path.is_file():
        raise ContentError("Convention structure table not found", path)
    chapters: dict[str, Chapter] = {}
    articles: dict[int, Article] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t")
        header = tuple(next(rows, ()))
        if header != STRUCTURE_COLUMNS:
            raise ContentError(f"expected the columns {', '.join(STRUCTURE_COLUMNS)}", path, 1)
        for line, row in enumerate(rows, start=2):
            if not any(row):
                continue
            if len(row) != len(STRUCTURE_COLUMNS):
                raise ContentError(f"expected {len(STRUCTURE_COLUMNS)} columns, found {len(row)}", path, line)
            numeral, chapter_title, number, title, status = (cell.strip() for cell in row)
            if not number.isdigit():
                raise ContentError(f"article number {number!r} is not a number", path, line)
            if int(number) in articles:
                raise ContentError(f"article {number} is listed twice", path, line)
            chapter = chapters.setdefault(numeral, Chapter(numeral, chapter_title))
            if chapter.title != chapter_title:
                raise ContentError(
                    f"chapter {numeral} is titled {chapter.title!r} above, {chapter_title!r} here",
                    path,
                    line,
                )
            flags = tuple(flag.strip() for flag in status.split(";") if flag.strip())
            article = Article(int(number), title, numeral, flags, line)
            articles[article.number] = article
            chapter.articles.append(article)
    expected = [roman(n) for n in range(1, len(chapters) + 1)]
    if list(chapters) != expected:
        raise ContentError(f"chapters must run {', '.join(expected)} in order", path)
    return Structure(chapters, articles, path)
