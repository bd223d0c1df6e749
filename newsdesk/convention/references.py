"""Find references to the Convention (its name, chapters, articles) in text and link them in HTML."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape

from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment

from newsdesk.convention.structure import roman
from newsdesk.errors import ConfigError

logger = logging.getLogger(__name__)

# Keys of one language's reference patterns (CONVENTION["references"][<lang>]), all regexes
# except "names", a list of the Convention's names in that language.
PATTERN_KEYS = {
    "article": "the word before an article number: Article, articles",
    "chapter": "the word before a chapter's Roman numeral: Chapter",
    "list": "what joins two numbers of a list: ', ', ' and '",
    "range": "what joins the two ends of a range: ' to ', '-'",
    "other_instrument": "what follows a reference to another treaty's or law's article",
    "names": "the Convention's names, linked to the hub",
}
NOT_LINKED_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6"}  # found there, but not linked
NOT_READ_INSIDE = {"code", "pre", "script", "style"}  # not prose: neither found nor linked
CHAPTER_NUMERAL = r"[IVXLC]+\b"
ARTICLE_NUMBER = r"\d+\b"


@dataclass(frozen=True)
class Reference:
    """One reference found in a text: what it points to and which characters to link."""

    kind: str  # "article", "chapter" or "convention"
    target: int | str | None  # article number, chapter numeral, None for the Convention
    start: int
    end: int
    covers: tuple[int | str, ...] = ()  # every article or chapter a list or range mentions


@dataclass(frozen=True)
class ReferencePatterns:
    """One language's compiled patterns."""

    articles: re.Pattern
    chapters: re.Pattern
    range_joiner: re.Pattern
    other_instrument: re.Pattern
    names: re.Pattern | None


def compile_patterns(language: str, given: dict) -> ReferencePatterns:
    """Compile one language's patterns; a missing, unknown or broken one names the key."""
    where = f"CONVENTION['references'][{language!r}]"
    unknown = sorted(set(given) - set(PATTERN_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(PATTERN_KEYS)}")
    missing = [key for key in PATTERN_KEYS if key not in given]
    if missing:
        raise ConfigError(f"{where}: missing key {missing[0]!r} ({PATTERN_KEYS[missing[0]]})")

    def compiled(key: str, pattern: str, flags: int = 0) -> re.Pattern:
        try:
            return re.compile(pattern, flags)
        except re.error as error:
            raise ConfigError(f"{where}[{key!r}]: {error}") from error

    for key in PATTERN_KEYS.keys() - {"names"}:
        compiled(key, given[key])  # a broken pattern is named by its own key

    def numbered(word: str, number: str) -> str:
        joiner = f"(?:{given['list']}|{given['range']})"
        return f"\\b(?:{word})\\s+{number}(?:{joiner}{number})*"

    names = sorted(given["names"], key=len, reverse=True)
    return ReferencePatterns(
        articles=compiled("article", numbered(given["article"], ARTICLE_NUMBER)),
        chapters=compiled("chapter", numbered(given["chapter"], CHAPTER_NUMERAL)),
        range_joiner=compiled("range", f"(?:{given['range']})"),
        other_instrument=compiled("other_instrument", given["other_instrument"]),
        names=compiled(
            "names", r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b", re.IGNORECASE
        )
        if names
        else None,
    )


def compile_all(references: dict) -> dict[str, ReferencePatterns]:
    return {language: compile_patterns(language, given) for language, given in references.items()}


def roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for index, digit in enumerate(numeral):
        value = values[digit]
        following = values[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def _items(match: re.Match, item: str, patterns: ReferencePatterns) -> Iterator[tuple[int, int, bool]]:
    """(start, end, ends_a_range) of each number in a matched list, in the text's coordinates."""
    previous_end = None
    for found in re.finditer(item, match.group(0)):
        start, end = match.start() + found.start(), match.start() + found.end()
        between = match.string[previous_end:start] if previous_end is not None else ""
        yield start, end, bool(between) and bool(patterns.range_joiner.fullmatch(between))
        previous_end = end


def _numbered(
    text: str, pattern: re.Pattern, item: str, kind: str, patterns: ReferencePatterns, value: Callable
) -> Iterator[Reference]:
    for match in pattern.finditer(text):
        if patterns.other_instrument.match(text, match.end()):
            logger.debug("not this Convention's: %r", match.group(0))
            continue
        items = list(_items(match, item, patterns))
        covered: list[int | str] = []
        for index, (start, end, closes_range) in enumerate(items):
            target = value(text[start:end])
            if closes_range and covered and kind == "article":
                covered.extend(range(int(covered[-1]) + 1, int(target)))
            elif closes_range and covered:
                from_value, to_value = roman_value(str(covered[-1])), roman_value(str(target))
                covered.extend(roman(n) for n in range(from_value + 1, to_value))
            covered.append(target)
            yield Reference(kind, target, match.start() if index == 0 else start, end)
        # The whole list, ranges expanded, rides on the first item.
        if items:
            yield Reference(kind, None, match.start(), match.start(), tuple(covered))


def find_references(text: str, patterns: ReferencePatterns) -> list[Reference]:
    """Every reference in ``text``, in order of position.

    A list ("Articles 41 and 42") gives one linked reference per number plus one zero-width
    reference whose ``covers`` names every article of the list, ranges expanded ("articles 7
    to 11" covers 7, 8, 9, 10 and 11).
    """
    found = [
        *_numbered(text, patterns.articles, ARTICLE_NUMBER, "article", patterns, int),
        *_numbered(text, patterns.chapters, CHAPTER_NUMERAL, "chapter", patterns, str),
    ]
    if patterns.names is not None:
        found.extend(
            Reference("convention", None, m.start(), m.end(), ("convention",))
            for m in patterns.names.finditer(text)
        )
    return sorted(found, key=lambda ref: (ref.start, ref.end))


def mentions(references: list[Reference]) -> set[tuple[str, int | str | None]]:
    """What a text mentions: ("article", 25), ("chapter", "V"), ("convention", None)."""
    found: set[tuple[str, int | str | None]] = set()
    for ref in references:
        if ref.kind == "convention":
            found.add(("convention", None))
        else:
            found.update((ref.kind, target) for target in ref.covers)
    return found


def link_references(
    html: str,
    patterns: ReferencePatterns,
    url_for: Callable[[Reference], str | None],
    link_names_once: bool = True,
) -> tuple[str, list[Reference], list[str]]:
    """Link the references in ``html``, outside links, headings and code.

    ``url_for`` gives a reference's URL, None when the Convention has no such article or chapter, or
    "" for a reference that is not to be linked (a page's link to itself). Returns the new HTML,
    every reference found (linked or not, headings included) and the text of each reference to an
    unknown number.
    """
    # Every text node is a stretch of the unescaped HTML between tags, so a page whose whole
    # text has no reference has none in any node: most news pages, left as they are unparsed.
    if not find_references(unescape(html), patterns):
        return html, [], []
    soup = BeautifulSoup(html, "html.parser")
    changed = False
    every: list[Reference] = []
    unknown: list[str] = []
    name_linked = False
    for string in soup.find_all(string=True):
        if isinstance(string, Comment) or any(p.name in NOT_READ_INSIDE for p in string.parents):
            continue
        text = str(string)
        references = find_references(text, patterns)
        every.extend(references)
        linkable = not any(parent.name in NOT_LINKED_INSIDE for parent in string.parents)
        pieces: list = []
        position = 0
        for ref in references:
            if ref.start == ref.end:
                continue
            url = url_for(ref)
            if url is None:
                unknown.append(text[ref.start : ref.end])
                continue
            if not url or not linkable or ref.start < position:
                continue
            if ref.kind == "convention":
                if name_linked and link_names_once:
                    continue
                name_linked = True
            link = soup.new_tag("a", href=url, attrs={"class": f"convention-ref convention-ref--{ref.kind}"})
            link.string = text[ref.start : ref.end]
            pieces.extend([text[position : ref.start], link])
            position = ref.end
        if pieces:
            changed = True
            pieces.append(text[position:])
            for piece in pieces:
                string.insert_before(piece if not isinstance(piece, str) else NavigableString(piece))
            string.extract()
    return (str(soup) if changed else html), every, unknown
