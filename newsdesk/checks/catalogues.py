"""Catalogue check: the one set of rules for every .po file, used by ``make check``, pre-commit and
``newsdesk i18n check``: the file reads as msgfmt reads it, its placeholders and plural forms
match, no control characters, its language is its folder's, its text is NFC, no msgid twice,
content translations keep their links, images and code, and the translation quality checks pass."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.errors import CatalogError, Problem
from newsdesk.i18n.catalogues import format_problems, read_catalogue
from newsdesk.i18n.checks import added_markup
from newsdesk.i18n.layout import catalogue_domain, catalogue_language

logger = logging.getLogger(__name__)

MSGID_LINE = re.compile(r'^msgid\s+"')
THEME_DOMAIN = "messages"


@dataclass
class CatalogueReport:
    """What checking catalogues found: problems, the exceptions translators marked, the counts."""

    problems: list[Problem] = field(default_factory=list)
    exceptions: list[Problem] = field(default_factory=list)
    messages: int = 0
    catalogues: int = 0


def catalogue_files(translations: Path) -> list[Path]:
    return sorted(translations.rglob("*.po"))


def _duplicate_msgids(text: str) -> list[tuple[int, str]]:
    """Lines of msgids that appear twice (Babel keeps the last one silently)."""
    seen: dict[tuple[str, str], int] = {}
    duplicates = []
    context = ""
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if line.startswith("msgctxt "):
            context = line
        elif MSGID_LINE.match(line):
            # A msgid may continue on the following string-only lines.
            parts = [line]
            for following in lines[number:]:
                if not following.startswith('"'):
                    break
                parts.append(following)
            key = (context, "\n".join(parts))
            if key in seen and parts != ['msgid ""']:
                duplicates.append((number, seen[key]))
            seen.setdefault(key, number)
            context = ""
    return duplicates


def check_catalogue(path: Path, language: str | None, shown: Path, report: CatalogueReport, reviewer=None) -> None:
    """Add the problems of one catalogue file to ``report``, each with the line it is on.

    ``reviewer`` (a newsdesk.i18n.review.Reviewer) runs the link and quality checks of content
    translations; without one, only the format rules apply.
    """
    where = str(shown)
    try:
        catalog = read_catalogue(path, placeholders=True)
    except CatalogError as error:
        report.problems.append(
            Problem(where, error.line, f"catalogue format error: {error.message}", "format")
        )
        return
    report.catalogues += 1
    text = path.read_bytes().decode(catalog.charset or "utf-8", errors="replace")
    report.problems += [
        Problem(where, line, f"msgid repeated from line {first}", "format") for line, first in _duplicate_msgids(text)
    ]
    if language and catalog.locale is not None and str(catalog.locale) != language:
        report.problems.append(
            Problem(
                where,
                1,
                f"header says Language: {catalog.locale}, but the folder is {language!r}",
                "format",
            )
        )
    report.problems += [
        Problem(p.path, p.line, f"{p.message} (msgid {_short(_msgid_at(catalog, p.line))})", p.check)
        for p in format_problems(catalog, where)
    ]
    for message in catalog:
        if not message.id:
            continue
        report.messages += 1
        for text_part in message.string if isinstance(message.string, tuple) else (message.string,):
            if text_part and unicodedata.normalize("NFC", text_part) != text_part:
                report.problems.append(
                    Problem(
                        where,
                        message.lineno,
                        f"translation is not NFC-normalised (msgid {_short(message.id)})",
                        "format",
                    )
                )
    if path.stem == THEME_DOMAIN:
        # The theme shows a translation as text unless its source is markup: markup a translator
        # adds would show as tags, or is an attempt at a script.
        for message in catalog:
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text_part in strings:
                for problem in added_markup(ids[0], text_part or ""):
                    report.problems.append(
                        Problem(where, message.lineno, f"{problem} (msgid {_short(message.id)})", "markup")
                    )
    elif reviewer is not None:
        reviewer.review(catalog, where, language, report)


def _msgid_at(catalog, line):
    for message in catalog:
        if message.lineno == line:
            return message.id
    return ""


def _short(msgid) -> str:
    text = msgid[0] if isinstance(msgid, tuple) else msgid
    return repr(text if len(text) <= 40 else text[:37] + "...")


def check_catalogues(
    translations: Path,
    base: Path | None = None,
    only: Iterable[Path] | None = None,
    reviewer=None,
    languages: Iterable[str] | None = None,
) -> CatalogueReport:
    """Check every catalogue under ``translations`` (or only the files given)."""
    base = (base or Path.cwd()).resolve()
    translations = translations.resolve()
    files = (
        catalogue_files(translations)
        if only is None
        else [Path(path).resolve() for path in only if str(path).endswith(".po")]
    )
    wanted = set(languages) if languages else None
    report = CatalogueReport()
    for path in files:
        try:
            shown = path.relative_to(base)
        except ValueError:
            shown = path
        language = catalogue_language(path, translations)
        if wanted is not None and language not in wanted:
            continue
        check_catalogue(path, language, shown, report, reviewer)
    if reviewer is not None:
        reviewer.finish(report)
    return report


__all__ = ["CatalogueReport", "catalogue_domain", "check_catalogue", "check_catalogues"]
