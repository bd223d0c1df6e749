"""Translation quality checks of one message, for a pair of languages (after Translate Toolkit's
pofilter and Weblate's checks): numbers, dates, names, glossary terms, untranslated text, a dropped
sentence, doubled words, brackets, quotes and placeholders.

Each check returns ``(check, message)`` pairs; a locale's digit grouping, decimal mark, month
names and day order come from Babel's locale data, the rest from the settings.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from babel import Locale

from newsdesk.i18n.termbase import Entry, fold

logger = logging.getLogger(__name__)

CHECKS = (
    "numbers",
    "dates",
    "names",
    "glossary",
    "untranslated",
    "dropped-sentence",
    "doubled-words",
    "brackets",
    "quotes",
    "placeholders",
)
LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<https?://[^>]+>|https?://\S+")
DOMAIN = re.compile(r"(?<![\w.])(?:[\w-]+\.)+[a-z]{2,}(?![\w.])")  # "dig.watch", as a link's text
CODE = re.compile(r"\S*[^\W\d_]\S*?\d\S*")  # "C.N.196.2025.TREATIES-XVIII.16"
ABBREVIATION = re.compile(r"(?:^|[\W_])([^\W\d_][^\W\d_]?)\.$")  # "Ms.", "No.", "U.S."
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdf]|\{\w*\}")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
BRACKETS = ("()", "[]", "{}")
QUOTES = ("“”", "«»")


@dataclass(frozen=True)
class LocaleData:
    """What the checks need to know of one language: digits, months, the order of a date."""

    group: str
    decimal: str
    months: dict[str, int]
    day_first: bool

    @classmethod
    def of(cls, code: str) -> LocaleData:
        locale = Locale.parse(code)
        symbols = locale.number_symbols.get("latn", locale.number_symbols)
        months: dict[str, int] = {}
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    name = name.rstrip(".")
                    months[name] = months[name[:1].upper() + name[1:]] = number
        pattern = locale.date_formats["short"].pattern.lower()
        return cls(symbols["group"], symbols["decimal"], months, pattern.find("d") < pattern.find("m"))


@dataclass
class PairRules:
    """The rules for translations from ``source`` into ``target``."""

    source: str
    target: str
    source_locale: LocaleData
    target_locale: LocaleData
    length_ratio: tuple[float, float] = (0.5, 2.5)
    untranslated_words: int = 6
    doubled_allowed: frozenset[str] = frozenset()
    names: list[Entry] = field(default_factory=list)
    glossary: list[Entry] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)
    number_words: dict[str, dict[str, int]] = field(default_factory=dict)  # per language
    free_terms: frozenset[str] = frozenset()  # glossary terms whose rendering follows the sentence
    # How often each word occurs in the pair's sources and in its translations: a word more
    # common in translations is the target language's, even inside a source ("để ngỏ cho").
    source_counts: Counter = field(default_factory=Counter)
    target_counts: Counter = field(default_factory=Counter)


def _without_links(text: str) -> str:
    return DOMAIN.sub(" ", LINK_TARGET.sub(" ", text))


def _month_pattern(data: LocaleData) -> str:
    names = sorted(data.months, key=len, reverse=True)
    return "|".join(re.escape(name) for name in names)


@dataclass
class Dates:
    """The dates of a text: (day, month) pairs, the months named, and numeric dates by value."""

    days: set[tuple[int, int]] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    numeric: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    rest: str = ""


DAY = r"(?<![\d.,/])(\d{1,2})(?:[^\W\d_]{1,2})?"
# "25 and 26", "25-26", "25 và 26": a second day joined by a dash or a short word
def _and_day(months: str) -> str:
    """A second day joined by a dash or a short word or two: "25 and 26", "25 và 26"."""
    word = rf"\s+(?!(?:{months})(?![^\W\d_]))[^\W\d_]{{1,4}}"
    return rf"(?:(?:\s*[-\u2013]\s*|(?:{word}){{1,2}}\s+)(\d{{1,2}})(?![\d/]))?"


def find_dates(text: str, data: LocaleData) -> Dates:
    """The dates a text names: "25 October", "October 25 and 26", "25/10/2025", "tháng 10"."""
    months = _month_pattern(data)
    and_day = _and_day(months)
    dates = Dates()

    def keep(days: tuple, month: int) -> None:
        for day in days:
            if day and 1 <= int(day) <= 31:
                dates.days.add((int(day), month))
        dates.months.add(month)

    def day_month(match: re.Match) -> str:
        keep((match.group(1), match.group(2)), data.months[match.group(3)])
        return " "

    def month_day(match: re.Match) -> str:
        keep((match.group(2), match.group(3)), data.months[match.group(1)])
        return " "

    def numeric(match: re.Match) -> str:
        first, second = int(match.group(2)), int(match.group(3))
        day, month = (first, second) if data.day_first else (second, first)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return match.group(0)
        keep((day, match.group(1)), month)
        for value in {(day, month), (int(match.group(1) or day), month)}:
            dates.numeric.setdefault(value, []).append(match.group(0))
        return " " + (match.group(4) or "")

    def month_only(match: re.Match) -> str:
        dates.months.add(data.months[match.group(1)])
        return " "

    # Month names as the locale writes them (or capitalised): "May", never the verb "may".
    text = re.sub(rf"{DAY}{and_day}\s+({months})(?![^\W\d_])", day_month, text)
    text = re.sub(rf"(?<![^\W\d_])({months})\s+{DAY}{and_day}(?![\d/])", month_day, text)
    text = re.sub(
        r"(?<![\d/.,])(?:(\d{1,2})(?:\s*[-\u2013]\s*|(?:\s+[^\W\d_]{1,4}){1,2}\s+))?"
        r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])",
        numeric,
        text,
    )
    dates.rest = re.sub(rf"(?<![^\W\d_])({months})(?![^\W\d_])", month_only, text)
    return dates


def find_numbers(text: str, data: LocaleData) -> Counter:
    """The numbers of a text, read with the locale's grouping and decimal mark."""
    group, decimal = re.escape(data.group), re.escape(data.decimal)
    pattern = re.compile(rf"(?<![\d\w])\d{{1,3}}(?:{group}\d{{3}})+(?:{decimal}\d+)?(?!\d)|\d+(?:{decimal}\d+)?")
    found: Counter = Counter()
    for match in pattern.finditer(text):
        raw = match.group(0)
        normal = raw.replace(data.group, "") if re.search(rf"{group}\d{{3}}", raw) else raw
        normal = normal.replace(data.decimal, ".")
        try:
            found[Decimal(normal).normalize()] += 1
        except InvalidOperation:
            continue
    return found


def _show(number: Decimal, data: LocaleData) -> str:
    text = format(number, "f")
    whole, _, fraction = text.partition(".")
    if len(whole) > 4:
        whole = f"{int(whole):,}".replace(",", data.group)
    return whole + (data.decimal + fraction if fraction else "")


def check_numbers_and_dates(source: str, translation: str, rules: PairRules) -> list[tuple[str, str]]:
    problems = []
    theirs = find_dates(CODE.sub(" ", _without_links(source)), rules.source_locale)
    ours = find_dates(CODE.sub(" ", _without_links(translation)), rules.target_locale)
    for day, month in sorted(theirs.days - ours.days):
        problems.append(("dates", f"the source's date {day}/{month} (day/month) is not in the translation"))
    for month in sorted(theirs.months - ours.months):
        problems.append(("dates", f"the source names month {month}; the translation does not"))
    # A numeric "date" the other side does not have is two numbers ("24/7" is not 24 July).
    source_rest = theirs.rest + " " + " ".join(
        " ".join(texts) for value, texts in theirs.numeric.items() if value not in ours.days
    )
    target_rest = ours.rest + " " + " ".join(
        " ".join(texts) for value, texts in ours.numeric.items() if value not in theirs.days
    )
    source_rest, target_rest = _without_shared_numbers(source_rest, target_rest)
    expected = find_numbers(source_rest, rules.source_locale)
    found = find_numbers(target_rest, rules.target_locale)
    missing = _unexplained(expected - found, translation, rules.number_words.get(rules.target, {}))
    added = _unexplained(found - expected, source, rules.number_words.get(rules.source, {}))
    if missing:
        shown = ", ".join(_show(n, rules.target_locale) for n in sorted(missing))
        problems.append(("numbers", f"the translation lacks the source's number(s) {shown}"))
    if added:
        shown = ", ".join(_show(n, rules.target_locale) for n in sorted(added))
        problems.append(("numbers", f"the translation has number(s) {shown} that the source has not"))
    return problems


NUMBER_TEXT = re.compile(r"(?<![\d.,])\d(?:[\d.,]*\d)?")


def _without_shared_numbers(source: str, translation: str) -> tuple[str, str]:
    """Both texts without the numbers both write alike ("Industry 4.0", "Công nghiệp 4.0")."""
    shared = Counter(NUMBER_TEXT.findall(source)) & Counter(NUMBER_TEXT.findall(translation))
    for text, count in shared.items():
        if re.fullmatch(r"\d+", text):
            continue  # plain digits read alike in every locale anyway
        pattern = re.compile(rf"(?<![\d.,]){re.escape(text)}(?![\d.,]*\d)")
        source = pattern.sub(" ", source, count)
        translation = pattern.sub(" ", translation, count)
    return source, translation


def _unexplained(numbers: Counter, other: str, words: dict[str, int]) -> list[Decimal]:
    """The numbers the other text does not write out in words ("5" for "five")."""
    spelt = {Decimal(value) for word, value in words.items() if _contains(other, word, True)}
    return [number for number in numbers if number not in spelt]


def _contains(text: str, phrase: str, ignore_case: bool) -> bool:
    flags = re.IGNORECASE if ignore_case else 0
    return re.search(rf"(?<![^\W_]){re.escape(phrase)}(?![^\W_])", text, flags) is not None


def check_names(source: str, translation: str, rules: PairRules) -> list[tuple[str, str]]:
    problems = []
    folded = fold(translation, rules.letters)
    for entry in rules.names:
        spelt, wanted = entry.get(rules.source), entry.get(rules.target)
        if not (spelt and wanted) or not _contains(source, spelt, False):
            continue
        if _contains(translation, wanted, False):
            continue
        if _contains(folded, fold(wanted, rules.letters), False):
            problems.append(("names", f"{wanted!r} is misspelt (names.tsv line {entry.line})"))
        else:
            problems.append(
                ("names", f"the source names {spelt!r}; the translation lacks {wanted!r} (names.tsv line {entry.line})")
            )
    return problems


def _uses_term(text: str, term: str) -> bool:
    """A lower-case term as written or opening a sentence; "Human Rights Council" is a name."""
    if term != term.lower():
        return _contains(text, term, False)
    return _contains(text, term, False) or _contains(text, term[:1].upper() + term[1:], False)


def glossary_terms(source: str, rules: PairRules) -> list[Entry]:
    """The glossary entries a source text uses (lower-case terms in any case, others as written)."""
    used = []
    for entry in rules.glossary:
        term = entry.get(rules.source)
        if term in rules.free_terms or not entry.get(rules.target):
            continue
        if _uses_term(_without_links(source), term):
            used.append(entry)
    return used


def is_term_itself(source: str, translation: str, rules: PairRules) -> bool:
    """A message that is one glossary or names-table form kept as itself (a term in a list)."""
    forms = {form for entry in [*rules.glossary, *rules.names] for form in entry.forms.values()}
    return source.strip() == translation.strip() and source.strip() in forms


def check_glossary(source: str, translation: str, rules: PairRules) -> list[tuple[str, str]]:
    if is_term_itself(source, translation, rules):
        return []
    return [
        (
            "glossary",
            f"{entry.get(rules.source)!r} is rendered {entry.get(rules.target)!r} in the glossary"
            f" (line {entry.line}); the translation does not use it",
        )
        for entry in glossary_terms(source, rules)
        if not _contains(translation, entry.get(rules.target), True)
    ]


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(_without_links(text))]


def _is_source_word(word: str, rules: PairRules) -> bool:
    word = word.lower()
    return rules.source_counts[word] >= rules.target_counts[word]


def word_counts(texts) -> Counter:
    """How often each ordinary word occurs in the given texts, for ``PairRules``."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(w.lower() for w in _ordinary_words(text))
    return counts


def _has_target_forms(text: str, rules: PairRules) -> bool:
    return any(
        _contains(text, entry.get(rules.target), False)
        for entry in [*rules.glossary, *rules.names]
        if entry.get(rules.target) and entry.get(rules.target) != entry.get(rules.source)
    )


def _ordinary_words(text: str) -> list[str]:
    """The words of a text that are not names (capitalised), in order."""
    return [w for w in WORD.findall(_without_links(text)) if not w[:1].isupper()]


def check_untranslated(source: str, translation: str, rules: PairRules) -> list[tuple[str, str]]:
    source_words = _words(source)
    if len(source_words) < 2:
        return []  # a name, an abbreviation: the same in every language
    if is_term_itself(source, translation, rules):
        return []
    if translation.strip() == source.strip():
        if _has_target_forms(source, rules):
            return []  # already written in both languages, as some notes are
        return [("untranslated", "the translation is the source text")]
    size = rules.untranslated_words
    ordinary = [w for w in _ordinary_words(source) if _is_source_word(w, rules)]
    target_words = [w for w in _ordinary_words(translation) if _is_source_word(w, rules)]
    seen = {tuple(ordinary[i : i + size]) for i in range(len(ordinary) - size + 1)}
    for start in range(len(target_words) - size + 1):
        run = tuple(target_words[start : start + size])
        if run in seen:
            return [("untranslated", f"the translation keeps source words untranslated: {' '.join(run)!r}")]
    return []


def sentences(text: str) -> int:
    """Sentences of a text: a full stop (not after an abbreviation such as "Ms.") and a capital."""
    text = _without_links(text).strip()
    if not text:
        return 0
    count = 1
    for match in re.finditer(r"[.!?\u2026][)\]\u201d\u2019\"*_]*\s+[\W_]*([^\W\d_])", text):
        before = text[: match.start() + 1]
        short = ABBREVIATION.search(before.split()[-1] if before.split() else "")
        if match.group(1).isupper() and not (short and short.group(1)[0].isupper()):
            count += 1
    return count


def check_dropped_sentence(source: str, translation: str, rules: PairRules) -> list[tuple[str, str]]:
    low, high = rules.length_ratio
    source_length = len(_without_links(source).strip())
    if source_length < 40:
        return []  # headings and names: their length says little
    ratio = len(_without_links(translation).strip()) / source_length
    have, expected = sentences(translation), sentences(source)
    if have < expected and ratio < (low + high) / 2 * 0.85:
        return [("dropped-sentence", f"the source has {expected} sentences, the translation {have}")]
    if not low <= ratio <= high:
        return [("dropped-sentence", f"the translation is {ratio:.2f} times the source's length, outside {low}-{high}")]
    return []


def check_doubled_words(source: str, translation: str, rules: PairRules) -> list[tuple[str, str]]:
    problems = []
    # Written alike: "bộ Bộ Công an" (officials of the Ministry) starts a name, it is no slip.
    for match in re.finditer(r"(?<![^\W\d_])([^\W\d_]+)\s+\1(?![^\W\d_])", translation):
        word = match.group(1).lower()
        if word in rules.doubled_allowed or re.search(rf"\b{re.escape(word)}\s+{re.escape(word)}\b", source, re.I):
            continue
        problems.append(("doubled-words", f"{match.group(0)!r}: a word written twice"))
    return problems


def _balanced(text: str, opening: str, closing: str) -> bool:
    depth = 0
    for char in text:
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def check_brackets_and_quotes(source: str, translation: str, rules: PairRules) -> list[tuple[str, str]]:
    problems = []
    for opening, closing in BRACKETS:
        if _balanced(source, opening, closing) and not _balanced(translation, opening, closing):
            problems.append(("brackets", f"unbalanced {opening}{closing} in the translation"))
    for opening, closing in QUOTES:
        if _balanced(source, opening, closing) and not _balanced(translation, opening, closing):
            problems.append(("quotes", f"unbalanced {opening}{closing} in the translation"))
    if source.count('"') % 2 == 0 and translation.count('"') % 2:
        problems.append(("quotes", 'an odd number of " in the translation'))
    return problems


def check_placeholders(source: str, translation: str, rules: PairRules) -> list[tuple[str, str]]:
    expected, found = Counter(PLACEHOLDER.findall(source)), Counter(PLACEHOLDER.findall(translation))
    problems = []
    if expected - found:
        problems.append(("placeholders", f"lacks {', '.join(sorted(expected - found))}"))
    if found - expected:
        problems.append(("placeholders", f"adds {', '.join(sorted(found - expected))}"))
    return problems


PAIR_CHECKS = (
    check_numbers_and_dates,
    check_names,
    check_glossary,
    check_untranslated,
    check_dropped_sentence,
    check_doubled_words,
    check_brackets_and_quotes,
    check_placeholders,
)


def check_pair(source: str, translation: str, rules: PairRules) -> list[tuple[str, str]]:
    """Every quality problem of ``translation`` as a translation of ``source``."""
    source = unicodedata.normalize("NFC", source)
    translation = unicodedata.normalize("NFC", translation)
    problems = []
    for check in PAIR_CHECKS:
        problems += check(source, translation, rules)
    return problems
