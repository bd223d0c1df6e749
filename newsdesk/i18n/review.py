"""``newsdesk i18n check``: every catalogue against the catalogue rules, and every content
translation against its source: links, images and code kept (as the build requires) and the
quality checks of its language pair, with the exceptions translators marked.

A translator marks a deliberate exception on the message itself, visible in any PO editor: the
flag ``ignore-<check>`` (Weblate's convention) or a translator comment
``# i18n-check: ignore <check>: <reason>``. The check lists every exception it honoured.
"""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from newsdesk.content.document import make_markdown
from newsdesk.errors import CatalogError, Problem
from newsdesk.i18n.checks import check_translation
from newsdesk.i18n.layout import catalogue_domain, content_catalogues
from newsdesk.i18n.poformat import read_catalogue
from newsdesk.i18n.quality import (
    CHECKS,
    LocaleData,
    PairRules,
    check_pair,
    glossary_terms,
    word_counts,
)
from newsdesk.i18n.termbase import read_table
from newsdesk.project import plugin_settings
from newsdesk.site.languages import read_config as read_multilang

logger = logging.getLogger(__name__)

SETTINGS_KEY = "I18N_CHECK"
DEFAULTS = {
    # The names table and the glossary: one column per language code.
    "names": "translations/names.tsv",
    "glossary": "translations/glossary.tsv",
    # Per pair "<source>-<target>": the usual range of the translation's length over the source's.
    "pairs": {},
    # Consecutive source words a translation may keep (a title quoted in the original, say).
    "untranslated_words": 6,
    # Per language: words that are rightly written twice (reduplication).
    "doubled_words": {},
    # Per language: number words, so that "five" and "5" are the same number.
    "number_words": {},
}
COMMENT = re.compile(r"^i18n-check:\s*ignore\s+([\w-]+)\s*:\s*(\S.*)$")
FLAG = re.compile(r"^ignore-([\w-]+)$")
REFERENCES = "references"  # links, images and code, as the build checks them


def read_config(settings: dict) -> dict:
    return plugin_settings(settings, SETTINGS_KEY, DEFAULTS, paths=("names", "glossary"))


def exceptions_of(message) -> dict[str, str]:
    """The checks a translator switched off for this message, each with the reason given."""
    found = {}
    for flag in message.flags:
        match = FLAG.match(flag)
        if match:
            found[match.group(1)] = "flag " + flag
    for comment in message.user_comments:
        match = COMMENT.match(comment.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


class Reviewer:
    """Checks content translations against their sources, as the build and the quality rules do."""

    def __init__(self, settings: dict, root: Path, languages: tuple[str, ...], sources: dict[str, str]):
        """``sources``: the language of each content domain's source (``content/<key>``)."""
        config = read_config(settings)
        self.languages = languages
        multilang = read_multilang(settings)
        self.default = multilang["default"]
        self.sources = sources
        self.md = make_markdown(settings["MARKDOWN"], meta=False)
        self.translations = Path(multilang["translations"])
        names = read_table(root / config["names"], languages)
        glossary = read_table(root / config["glossary"], languages)
        letters = (settings.get("SEARCH_FOLDS") or {}).get("letters", {})
        self.rules: dict[tuple[str, str], PairRules] = {}
        for source in languages:
            for target in languages:
                if source == target:
                    continue
                pair = config["pairs"].get(f"{source}-{target}", {})
                self.rules[source, target] = PairRules(
                    source,
                    target,
                    LocaleData.of(source),
                    LocaleData.of(target),
                    length_ratio=tuple(pair.get("length_ratio", (0.5, 2.5))),
                    untranslated_words=int(config["untranslated_words"]),
                    doubled_allowed=frozenset(w.lower() for w in config["doubled_words"].get(target, ())),
                    names=names,
                    glossary=glossary,
                    letters=letters,
                    number_words={
                        code: {word.lower(): int(value) for word, value in words.items()}
                        for code, words in config["number_words"].items()
                    },
                    free_terms=frozenset(pair.get("free_terms", ())),
                )
        self.renderings: dict[tuple[str, int], Counter] = defaultdict(Counter)

    def _source_language(self, where: str, language: str | None) -> str | None:
        domain = catalogue_domain(where, self.translations) or ""
        source = self.sources.get(domain)
        if source is None:
            source = (
                self.default
                if language != self.default
                else next((code for code in self.languages if code != language), None)
            )
        return source

    def _rules(self, source: str | None, target: str | None) -> PairRules | None:
        rules = self.rules.get((source, target)) if source and target else None
        if rules is not None and not rules.source_counts:
            pairs = []
            for path in content_catalogues(self.translations, target):
                domain = catalogue_domain(path, self.translations) or ""
                if self.sources.get(domain, source) != source:
                    continue
                try:
                    catalog = read_catalogue(path)
                except CatalogError:
                    continue
                pairs += [(m.id, m.string) for m in catalog if m.id and m.string and not m.fuzzy]
            rules.source_counts = word_counts(i for i, _ in pairs) or Counter({"": 1})
            rules.target_counts = word_counts(s for _, s in pairs if isinstance(s, str))
        return rules

    def review(self, catalog, where: str, language: str | None, report) -> None:
        source_lang = self._source_language(where, language)
        rules = self._rules(source_lang, language)
        for message in catalog:
            if not message.id or message.fuzzy or not message.string or isinstance(message.id, tuple):
                continue
            found = [(REFERENCES, text) for text in check_translation(self.md, message.id, message.string)]
            if rules is not None:
                found += check_pair(message.id, message.string, rules)
                for entry in glossary_terms(message.id, rules):
                    used = "glossary" not in {c for c, _ in found if entry.get(rules.source) in _}
                    self.renderings[(language, entry.line)][used] += 1
            ignored = exceptions_of(message)
            for check, text in found:
                problem = Problem(where, message.lineno, text, check)
                if check in ignored:
                    report.exceptions.append(
                        Problem(where, message.lineno, f"{text} — {ignored[check]}", check, "warning")
                    )
                else:
                    report.problems.append(problem)

    def finish(self, report) -> None:
        """Nothing more: the glossary's consistency shows in its problems and in ``summary``."""

    def glossary_summary(self) -> list[str]:
        lines = []
        for (language, line), counts in sorted(self.renderings.items()):
            if counts[False] and counts[True]:
                lines.append(
                    f"glossary line {line} ({language}): used in {counts[True]} message(s),"
                    f" rendered otherwise in {counts[False]}"
                )
        return lines


def reviewer_for(project) -> Reviewer:
    """The reviewer of a project (newsdesk.i18n.command.Project)."""
    sources = {f"content/{document.key}": document.lang for document in project.documents}
    return Reviewer(project.settings, project.root, project.languages, sources)


def check_command(project, languages: list[str] | None) -> int:
    """Print every problem as ``po-file:line: [check] message``, then the exceptions and figures."""
    from newsdesk.checks.catalogues import check_catalogues

    reviewer = reviewer_for(project)
    report = check_catalogues(
        project.translations, base=project.root, reviewer=reviewer, languages=languages or project.languages
    )
    for problem in report.problems:
        print(problem)
    by_check = Counter(problem.check for problem in report.problems)
    if report.exceptions:
        print(f"exceptions honoured ({len(report.exceptions)}):", file=sys.stderr)
        for problem in report.exceptions:
            print(f"  {problem}", file=sys.stderr)
    for line in reviewer.glossary_summary():
        print(line, file=sys.stderr)
    figures = ", ".join(f"{check} {by_check[check]}" for check in ("format", REFERENCES, *CHECKS) if by_check[check])
    print(
        f"i18n check: {report.messages} message(s) in {report.catalogues} catalogue(s),"
        f" {len(report.problems)} problem(s){': ' + figures if figures else ''};"
        f" {len(report.exceptions)} exception(s) honoured",
        file=sys.stderr,
    )
    return 1 if report.problems else 0
