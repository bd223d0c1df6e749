"""What waits for translators (``newsdesk i18n queue``) and what the gate still protects.

New articles are published before they are translated: their messages wait in the queue, oldest
article first. The coverage stage of ``make check`` reports only translators' work that was
recorded (newsdesk/i18n/state.py) and is now lost or left fuzzy too long.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from newsdesk.content.document import split_header
from newsdesk.errors import CatalogError, Problem
from newsdesk.i18n.catalogues import Counts, count_messages, current_catalogue
from newsdesk.i18n.layout import catalogue_domain, catalogue_folder
from newsdesk.i18n.state import lost_work, read_state, state_path

logger = logging.getLogger(__name__)


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def catalogue_name(project, path: Path) -> str:
    """``<lang>/<domain>``, the name a catalogue has in the state file."""
    lang = path.resolve().relative_to(Path(project.translations).resolve()).parts[0]
    return f"{lang}/{catalogue_domain(path, project.translations)}"


def _document_dates(project) -> dict[str, str]:
    dates = {}
    for document in project.documents:
        header, _ = split_header(document.path.read_text(encoding="utf-8"))
        value = header.get("date", ("", 0))[0]
        dates[f"content/{document.key}"] = value[:10]
    return dates


def queue_command(project, languages: list[str] | None) -> int:
    """Print, per language, each catalogue with messages to translate, oldest document first."""
    from newsdesk.i18n.command import accepted_by_build

    accepted = accepted_by_build(project.settings["MARKDOWN"])
    dates = _document_dates(project)
    waiting: dict[str, list[tuple[str, str, Counts]]] = {}
    for target in project.targets(languages):
        if target.prefill:
            continue  # the source language's own catalogue
        counts = count_messages(
            current_catalogue(target), None if target.placeholders else accepted
        )
        if counts.untranslated or counts.fuzzy:
            domain = catalogue_domain(target.path, project.translations)
            waiting.setdefault(target.lang, []).append((dates.get(domain, ""), domain, counts))
    total = Counts(0, 0, 0)
    for lang, rows in waiting.items():
        folder = _relative(catalogue_folder(project.translations, lang), project.root)
        print(f"{lang} ({folder})")
        for when, domain, counts in sorted(rows, key=lambda row: (row[0] or "9999", row[1])):
            total += counts
            print(
                f"  {when or '-':10}  {counts.untranslated:4d} untranslated  {counts.fuzzy:4d} fuzzy"
                f"  of {counts.total:4d}  {domain}"
            )
    count = sum(len(rows) for rows in waiting.values())
    print(
        f"queue: {count} catalogue(s) wait for translators: {total.untranslated} untranslated"
        f" and {total.fuzzy} fuzzy message(s)"
    )
    return 0


def protected_work(project, fuzzy_days: int, today: date | None = None) -> list[Problem]:
    """Recorded translations that are now lost, or fuzzy longer than ``fuzzy_days``."""
    today = today or date.today()
    state = read_state(state_path(project.translations))
    problems = []
    for target in project.targets():
        if target.prefill:
            continue
        shown = _relative(target.path, project.root)
        name = catalogue_name(project, target.path)
        try:
            catalog = current_catalogue(target)
        except CatalogError:
            continue  # a catalogue that cannot be read is the catalogue stage's problem
        problems += lost_work(state, name, catalog, shown, fuzzy_days, today)
    return problems
