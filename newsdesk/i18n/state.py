"""What translators have finished, recorded so that the gate protects it while new articles are
published untranslated.

``i18n update`` writes ``translations/state.tsv`` (committed with the catalogues): one row per
translated message, and per message a translator had translated and that is now fuzzy (its
source changed), with the date it entered that state. The coverage stage of ``make check``
reports a recorded translation that is gone (its msgstr emptied, its catalogue deleted) and a
fuzzy one older than ``SITE_CHECK["fuzzy_days_allowed"]``; untranslated new messages are not
reported: they wait in ``i18n queue``. Git history is not needed, so CI can check it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel.messages.catalog import Catalog

from newsdesk.errors import CatalogError, Problem
from newsdesk.i18n.merge import MEMORY_COMMENT, is_complete

logger = logging.getLogger(__name__)

STATE_FILE = "state.tsv"  # in the translations folder
HEADER = "catalogue\tmessage\tstate\tsince"
TRANSLATED, FUZZY = "translated", "fuzzy"


@dataclass(frozen=True)
class Row:
    """One recorded message: its catalogue (``vi/content/<key>``), digest, state and date."""

    catalogue: str
    digest: str
    state: str
    since: date

    def line(self) -> str:
        return f"{self.catalogue}\t{self.digest}\t{self.state}\t{self.since.isoformat()}"


State = dict[tuple[str, str], Row]


def state_path(translations: Path) -> Path:
    return Path(translations) / STATE_FILE


def message_digest(message) -> str:
    """A short, stable name of a message: its context and (singular) msgid."""
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return hashlib.sha1(f"{message.context or ''}\x04{msgid}".encode()).hexdigest()[:12]


def read_state(path: Path) -> State:
    """The recorded rows; a missing file records nothing, a malformed row names its line."""
    path = Path(path)
    if not path.exists():
        return {}
    state: State = {}
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number == 1 or not text.strip():
            continue
        parts = text.split("\t")
        try:
            catalogue, digest, kind, since = parts
            if kind not in (TRANSLATED, FUZZY):
                raise ValueError(kind)
            row = Row(catalogue, digest, kind, date.fromisoformat(since))
        except ValueError:
            raise CatalogError(
                "expected: catalogue, message, translated or fuzzy, and a date (YYYY-MM-DD),"
                " separated by tabs",
                path,
                number,
            ) from None
        state[row.catalogue, row.digest] = row
    return state


def _is_translators_fuzzy(message) -> bool:
    """Fuzzy from a translator's work (the source changed), not a memory suggestion."""
    return message.fuzzy and not any(c.startswith(MEMORY_COMMENT) for c in message.user_comments)


def record(state: State, catalogue: str, catalog: Catalog, today: date) -> State:
    """The rows of one catalogue after an update; recorded work that is gone stays recorded."""
    rows: State = {}
    for message in catalog:
        if not message.id:
            continue
        key = (catalogue, message_digest(message))
        old = state.get(key)
        if not message.fuzzy and is_complete(message, catalog.num_plurals):
            since = old.since if old and old.state == TRANSLATED else today
            rows[key] = Row(catalogue, key[1], TRANSLATED, since)
        elif _is_translators_fuzzy(message):
            since = old.since if old and old.state == FUZZY else today
            rows[key] = Row(catalogue, key[1], FUZZY, since)
        elif old is not None:
            rows[key] = old  # lost: the gate reports it until it is restored or given up
    return rows


def write_state(path: Path, state: State) -> bool:
    """Write the rows, sorted, unless the file already says the same; return whether written."""
    text = "\n".join([HEADER, *(row.line() for _, row in sorted(state.items()))]) + "\n"
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return True


def lost_work(
    state: State, catalogue: str, catalog: Catalog, shown: str, fuzzy_days: int, today: date
) -> list[Problem]:
    """Recorded translations this catalogue (as the build would read it) no longer has."""
    by_digest = {message_digest(m): m for m in catalog if m.id}
    lost = []
    problems = []
    for (name, digest), row in sorted(state.items()):
        message = by_digest.get(digest) if name == catalogue else None
        if message is None:
            continue  # another catalogue, or a message its source no longer has
        if message.fuzzy:
            if row.state == FUZZY and (today - row.since).days > fuzzy_days:
                problems.append(
                    Problem(
                        shown,
                        message.lineno or None,
                        f"fuzzy since {row.since.isoformat()}, more than {fuzzy_days} days:"
                        " update the translation to its changed source",
                        "coverage",
                    )
                )
        elif row.state == TRANSLATED and not is_complete(message, catalog.num_plurals):
            lost.append(message)
    if lost:
        lines = [m.lineno for m in lost if m.lineno]
        problems.insert(
            0,
            Problem(
                shown,
                min(lines) if lines else None,
                f"{len(lost)} translated message(s) lost (emptied, or the catalogue deleted):"
                f" restore them (git checkout), or remove their rows from"
                f" translations/{STATE_FILE} to give them up",
                "coverage",
            ),
        )
    return problems
