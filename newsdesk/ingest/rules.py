"""The outlet patterns of ``outlets.toml`` as one immutable value the ingest stages read."""

from __future__ import annotations

import functools
import logging
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from newsdesk.errors import ConfigError

logger = logging.getLogger(__name__)

DEFAULT_RULES_FILE = Path(__file__).with_name("outlets.toml")
# The page furniture of every outlet, read with the rules file (the one beside it).
BOILERPLATE_FILE_NAME = "boilerplate.toml"


@dataclass(frozen=True)
class Outlet:
    """A news outlet: the name written as Source, its web domains, other names it prints."""

    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Language:
    """What the language detector knows of one language: its commonest words, its own letters."""

    words: frozenset[str]
    letters: frozenset[str]


@dataclass(frozen=True)
class Rules:
    """Everything outlet-specific that ingest needs, read from one data file."""

    timezone: str
    category: str
    slug_length: int
    boilerplate_lines: frozenset[str]
    boilerplate_patterns: tuple[re.Pattern[str], ...]
    end_markers: frozenset[str]
    section_words: frozenset[str]  # a site's section names, never a headline
    remove_selectors: tuple[str, ...]
    link_list_share: float
    box_words: tuple[str, ...]
    box_max_characters: int
    lead_selectors: tuple[str, ...]
    credit_patterns: tuple[re.Pattern[str], ...]  # each matches at the end of a caption
    caption_selectors: tuple[str, ...]
    credit_line_pattern: re.Pattern[str]
    picture_words: frozenset[str]
    picture_file_words: frozenset[str]
    figure_selectors: tuple[str, ...]
    answer_pattern: re.Pattern[str]
    date_patterns: tuple[re.Pattern[str], ...]
    update_words: tuple[str, ...]
    date_skip_words: frozenset[str]
    weekdays: tuple[str, ...]
    mentioned_date_patterns: tuple[re.Pattern[str], ...]
    month_numbers: dict[str, int]  # month names, case-folded, and their numbers
    source_url_labels: tuple[str, ...]
    agencies: dict[str, str]
    outlets: tuple[Outlet, ...]
    languages: dict[str, Language]
    copyright_nodes: etree.XPath | None
    date_holders: etree.XPath | None
    error_title_pattern: re.Pattern[str]
    copyright_pattern: re.Pattern[str]
    not_names: frozenset[str]
    credit_pattern: re.Pattern[str]

    def is_boilerplate_line(self, line: str) -> bool:
        text = line.strip()
        if text.casefold() in self.boilerplate_lines:
            return True
        return any(pattern.fullmatch(text) for pattern in self.boilerplate_patterns)

    def date_matches(self, text: str) -> list[re.Match[str]]:
        """Every date the date patterns find in ``text``, the earliest first and, of two that start
        together, the longer (the one with the time) first."""
        found = [match for pattern in self.date_patterns for match in pattern.finditer(text)]
        return sorted(found, key=lambda match: (match.start(), -match.end()))

    def is_end_marker(self, line: str) -> bool:
        return line.strip().casefold() in self.end_markers

    def outlet_for_domain(self, host: str) -> Outlet | None:
        host = host.lower().removeprefix("www.")
        for outlet in self.outlets:
            if any(host == d or host.endswith("." + d) for d in outlet.domains):
                return outlet
        return None

    def outlet_names(self) -> list[tuple[str, str]]:
        """Every printed name of every outlet, longest first, with the outlet's Source name."""
        names = [(o.name, o.name) for o in self.outlets]
        names += [(alias, o.name) for o in self.outlets for alias in o.aliases]
        return sorted(names, key=lambda pair: -len(pair[0]))


def month_alternatives(names: dict[str, int]) -> str:
    """Every month name as one regular expression, longest first (so "may" is not a prefix match)."""
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


def _compile(patterns: list[str], source: Path, key: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as error:
            raise ConfigError(
                f"{key}: bad regular expression {pattern!r}: {error}", source
            ) from None
    return tuple(compiled)


def _text_nodes_holding(markers: list[str]) -> etree.XPath | None:
    """An expression for the text nodes of a page's body that hold any of ``markers``."""
    tests = " or ".join(f"contains(., '{m}')" for m in markers if "'" not in m)
    return etree.XPath(f"//body//text()[{tests}]") if tests else None


def _elements_of_class(words: list[str]) -> etree.XPath | None:
    """An expression for the body's elements whose class holds any of ``words`` (any case)."""
    lower = "translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    tests = " or ".join(f"contains({lower}, '{w.casefold()}')" for w in words if "'" not in w)
    return etree.XPath(f"//body//*[{tests}]") if tests else None


@functools.lru_cache(maxsize=4)
def load_rules(path: Path = DEFAULT_RULES_FILE) -> Rules:
    """Read the outlet patterns; a malformed file is a ConfigError naming it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read outlet patterns: {error}", path) from None
    boiler_path = path.with_name(BOILERPLATE_FILE_NAME)
    try:
        boiler = tomllib.loads(boiler_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read boilerplate patterns: {error}", boiler_path) from None
    try:
        defaults, captions = data["defaults"], data["captions"]
        return Rules(
            timezone=defaults["timezone"],
            category=defaults["category"],
            slug_length=int(defaults["slug_length"]),
            boilerplate_lines=frozenset(line.strip().casefold() for line in boiler["lines"]),
            boilerplate_patterns=_compile(boiler["line_patterns"], boiler_path, "line_patterns"),
            end_markers=frozenset(line.strip().casefold() for line in boiler["end_markers"]),
            section_words=frozenset(w.strip().casefold() for w in boiler.get("section_words", ())),
            remove_selectors=tuple(boiler["selectors"]),
            link_list_share=float(boiler["link_list_share"]),
            box_words=tuple(w.casefold() for w in boiler.get("box_words", ())),
            box_max_characters=int(boiler.get("box_max_characters", 0)),
            lead_selectors=tuple(data["leads"]["selectors"]),
            credit_patterns=_compile(
                [f"(?:{p})\\s*$" for p in captions["credit_patterns"]],
                path,
                "captions.credit_patterns",
            ),
            caption_selectors=tuple(captions["selectors"]),
            credit_line_pattern=_compile([captions["credit_line"]], path, "captions.credit_line")[0],
            picture_words=frozenset(w.casefold() for w in boiler.get("picture_words", ())),
            picture_file_words=frozenset(w.casefold() for w in boiler.get("picture_file_words", ())),
            figure_selectors=tuple(captions["figure_selectors"]),
            answer_pattern=re.compile(data["interviews"]["answer_pattern"]),
            date_patterns=_compile(
                [
                    pattern.replace("{month_name}", month_alternatives(data["dates"]["month_names"]))
                    .replace("{time}", data["dates"]["time"])
                    .replace("{zone}", data["dates"]["zone"])
                    for pattern in data["dates"]["patterns"]
                ],
                path,
                "dates.patterns",
            ),
            update_words=tuple(w.casefold() for w in data["dates"]["update_words"]),
            date_skip_words=frozenset(w.casefold() for w in data["dates"].get("skip_containers", ())),
            weekdays=tuple(data["dates"]["weekdays"]),
            mentioned_date_patterns=_compile(
                [
                    pattern.replace("{month_name}", month_alternatives(data["dates"]["month_names"]))
                    for pattern in data["dates"]["mentioned_patterns"]
                ],
                path,
                "dates.mentioned_patterns",
            ),
            month_numbers={
                name.casefold(): int(number) for name, number in data["dates"]["month_names"].items()
            },
            source_url_labels=tuple(data["source_url"]["labels"]),
            agencies={a["signature"].casefold(): a["name"] for a in data["agencies"]},
            outlets=tuple(
                Outlet(o["name"], tuple(o["domains"]), tuple(o.get("aliases", ())))
                for o in data["outlets"]
            ),
            copyright_nodes=_text_nodes_holding(data["names"]["copyright_markers"]),
            date_holders=_elements_of_class(data["dates"].get("date_holder_classes", [])),
            error_title_pattern=_compile([data["errors"]["title_pattern"]], path, "errors.title_pattern")[0],
            copyright_pattern=_compile([data["names"]["copyright_pattern"]], path, "names.copyright_pattern")[0],
            not_names=frozenset(n.casefold() for n in data["names"]["not_names"]),
            credit_pattern=_compile([data["names"]["credit_pattern"]], path, "names.credit_pattern")[0],
            languages={
                lang: Language(
                    frozenset(w.casefold() for w in spec["words"]),
                    frozenset(unicodedata.normalize("NFC", spec.get("letters", "")).casefold()),
                )
                for lang, spec in data["languages"].items()
            },
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ConfigError(f"outlet patterns lack or mistype {error}", path) from None
