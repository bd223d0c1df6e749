"""Catalogue check: every .po file parses, its placeholders match, its language is right, its text is NFC."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from babel.messages.pofile import PoFileError

from newsdesk.errors import CatalogError, Problem
from newsdesk.i18n.catalogues import read_catalogue

logger = logging.getLogger(__name__)

MSGID_LINE = re.compile(r'^msgid\s+"')


def catalogue_files(translations: Path) -> list[Path]:
    return sorted(translations.rglob("*.po"))


def _language_folder(path: Path, translations: Path) -> str | None:
    """``translations/<lang>/LC_MESSAGES/...`` -> ``lang``."""
    parts = path.relative_to(translations).parts
    return parts[0] if len(parts) > 2 and parts[1] == "LC_MESSAGES" else None


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


def check_catalogue(path: Path, language: str | None, shown: Path) -> list[Problem]:
    """The problems of one catalogue file, each with the line it is on."""
    try:
        catalog = read_catalogue(path, placeholders=True)
    except CatalogError as error:
        if isinstance(error.__cause__, PoFileError):
            return [Problem(str(shown), error.line or 1, f"catalogue format error: {error.message}")]
        return [Problem(str(shown), 1, f"catalogue cannot be read: {error.__cause__}")]
    text = path.read_text(encoding="utf-8")
    problems = [
        Problem(str(shown), line, f"msgid repeated from line {first}")
        for line, first in _duplicate_msgids(text)
    ]
    if language and catalog.locale is not None and str(catalog.locale) != language:
        problems.append(
            Problem(
                str(shown),
                1,
                f"header says Language: {catalog.locale}, but the folder is {language!r}",
            )
        )
    for message, errors in catalog.check():
        for error in errors:
            problems.append(
                Problem(str(shown), message.lineno, f"{error} (msgid {_short(message.id)})")
            )
    for message in catalog:
        for text_part in message.string if isinstance(message.string, tuple) else (message.string,):
            if text_part and unicodedata.normalize("NFC", text_part) != text_part:
                problems.append(
                    Problem(
                        str(shown),
                        message.lineno,
                        f"translation is not NFC-normalised (msgid {_short(message.id)})",
                    )
                )
    return problems


def _short(msgid) -> str:
    text = msgid[0] if isinstance(msgid, tuple) else msgid
    return repr(text if len(text) <= 40 else text[:37] + "...")


def check_catalogues(
    translations: Path, base: Path | None = None, only: Iterable[Path] | None = None
) -> list[Problem]:
    """Problems of every catalogue under ``translations`` (or only of the files given)."""
    base = (base or Path.cwd()).resolve()
    translations = translations.resolve()
    files = (
        catalogue_files(translations)
        if only is None
        else [Path(path).resolve() for path in only if str(path).endswith(".po")]
    )
    problems = []
    for path in files:
        try:
            shown = path.relative_to(base)
        except ValueError:
            shown = path
        try:
            language = _language_folder(path, translations)
        except ValueError:
            language = None
        problems.extend(check_catalogue(path, language, shown))
    return problems
