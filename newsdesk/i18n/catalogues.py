"""Gettext catalogues of the site: templates from content and theme, merged into every language.

One catalogue per document and target language (``<lang>/LC_MESSAGES/content/<key>.po``), one
site-wide catalogue of category and tag names per language (``taxonomy.po``) and the theme's
(``messages.po``). Merging keeps every translation (changed -> fuzzy with ``#| msgid``, removed
-> obsolete ``#~``), and a catalogue is written only when more than its dates would change.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message

from newsdesk.content.document import Document
from newsdesk.errors import CatalogError, Problem
from newsdesk.i18n.layout import (  # noqa: F401 - the layout's functions, for this module's users
    CONTENT_FOLDER,
    catalogue_folder,
    catalogue_path,
    content_catalogue_path,
)
from newsdesk.i18n.merge import MergeReport, has_translation, is_complete, merge_catalogue
from newsdesk.i18n.poformat import (  # noqa: F401 - read and written here, for this module's users
    WIDTH,
    as_plain_text,
    control_characters,
    read_catalogue,
    render_catalogue,
)

logger = logging.getLogger(__name__)

PROJECT = "hanoi-convention-site"
TEAM = "Hanoi Convention Desk"  # Last-Translator until a translator's tool sets it


def language_name(code: str, in_language: str) -> str:
    """The name of language ``code`` written in ``in_language``, for catalogue headers."""
    return Locale.parse(code).get_display_name(in_language) or code


def _new_catalogue(locale: str | None, domain: str, header_comment: str) -> Catalog:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    return Catalog(
        locale=locale,
        domain=domain,
        header_comment="\n".join(f"# {line}".rstrip() for line in header_comment.split("\n")),
        project=PROJECT,
        version=domain,
        last_translator=TEAM,
        language_team=TEAM,
        creation_date=now,
        revision_date=now,
        fuzzy=False,
    )


def document_template(document: Document, root: Path) -> Catalog:
    """The messages of one document, with ``#:`` origins relative to the project."""
    origin = document.path.resolve().relative_to(root.resolve()).as_posix()
    template = _new_catalogue(None, document.key, "")
    for message in document.messages:
        template.add(
            message.text,
            locations=[(origin, line) for line in message.lines],
            auto_comments=[message.comment] if message.comment else [],
        )
    return as_plain_text(template)


def taxonomy_template(documents: Iterable[Document], root: Path) -> Catalog:
    """Category and tag names of the given documents, once each, in first-seen order."""
    template = _new_catalogue(None, "taxonomy", "")
    for document in documents:
        origin = document.path.resolve().relative_to(root.resolve()).as_posix()
        for name in document.taxonomy:
            locations = [(origin, line) for line in name.lines]
            if name.text in template:
                template[name.text].locations.extend(locations)
            else:
                template.add(name.text, locations=locations)
    return as_plain_text(template)


@dataclass(frozen=True)
class Target:
    """A catalogue to keep up to date: where it lives, its template and its language."""

    path: Path
    template: Catalog
    lang: str
    header_comment: str
    prefill: bool = False  # copy each msgid into its empty msgstr (the template's own language)
    locations: bool = True  # write "#:" origins
    sort: bool = False
    placeholders: bool = False  # messages are format strings (the theme's)


def _complete_header(catalog: Catalog, domain: str) -> None:
    """Fill the header fields msgfmt --check asks for, keeping what a translator set."""
    catalog.project, catalog.version = PROJECT, domain
    default = Catalog()
    if catalog.last_translator == default.last_translator:
        catalog.last_translator = TEAM
    if catalog.language_team in (default.language_team, "", None) or "LL@li.org" in catalog.language_team:
        catalog.language_team = TEAM
    if not isinstance(catalog.revision_date, datetime):
        catalog.revision_date = catalog.creation_date


def _empty_string(message: Message, num_plurals: int) -> str | tuple[str, ...]:
    return ("",) * num_plurals if message.pluralizable else ""


def merge(existing: Catalog | None, target: Target, memory=None) -> tuple[Catalog, MergeReport]:
    """The catalogue for ``target.template``, keeping every translation ``existing`` holds.

    ``memory`` (a TranslationMemory) prefills new messages as fuzzy suggestions.
    """
    template = copy.deepcopy(target.template)
    if existing is None:
        catalog = _new_catalogue(target.lang, target.path.stem, target.header_comment)
    else:
        catalog = existing
        _complete_header(catalog, target.path.stem)
    report = merge_catalogue(catalog, template, None if target.prefill else memory, exclude_memory=str(target.path))
    if not target.placeholders:
        as_plain_text(catalog)
    for message in catalog:
        if not message.id:
            continue
        if not target.locations:
            message.locations = []
        if target.prefill and (message.fuzzy or not is_complete(message, catalog.num_plurals)):
            message.string = message.id  # the template's own language: the text is the msgid
            message.flags.discard("fuzzy")
            message.previous_id = []
        elif not has_translation(message) and not message.fuzzy:
            message.string = _empty_string(message, catalog.num_plurals)
    return catalog, report


def _rendered(target: Target, catalog: Catalog) -> bytes:
    return render_catalogue(catalog, sort=target.sort)


def write_catalogue(target: Target, catalog: Catalog, previous: Catalog | None) -> bool:
    """Write ``catalog`` unless it says what ``previous`` says; return whether it was written."""
    if previous is not None:
        catalog.creation_date = previous.creation_date
        if _rendered(target, catalog) == _rendered(target, previous):
            return False
        catalog.creation_date = datetime.now(UTC).replace(second=0, microsecond=0)
    target.path.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.path.with_name(target.path.name + ".tmp")
    temporary.write_bytes(_rendered(target, catalog))
    temporary.replace(target.path)  # never a half-written catalogue
    return True


def update_catalogue(target: Target, memory=None) -> tuple[Catalog, bool, MergeReport]:
    """Merge the template into the catalogue on disk, write it if it changed.

    A catalogue that breaks the format rules is not written: the CatalogError names its line.
    """
    previous = read_catalogue(target.path, target.placeholders) if target.path.exists() else None
    current = read_catalogue(target.path, target.placeholders) if previous is not None else None
    catalog, report = merge(current, target, memory)
    problems = format_problems(catalog, str(target.path))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CatalogError(problems[0].message + more, target.path, problems[0].line)
    return catalog, write_catalogue(target, catalog, previous), report


def current_catalogue(target: Target) -> Catalog:
    """The catalogue as ``update`` would make it, without writing anything."""
    existing = read_catalogue(target.path, target.placeholders) if target.path.exists() else None
    return merge(existing, target)[0]


def format_problems(catalog: Catalog, shown: str) -> list[Problem]:
    """Babel's checks (placeholders, plural forms) and control characters, by line."""
    problems = []
    for message, errors in catalog.check():
        for error in errors:
            problems.append(Problem(shown, message.lineno or None, str(error), "format"))
    for message in catalog:
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        found = sorted({c for text in strings if text for c in control_characters(text)})
        if message.id and found:
            problems.append(
                Problem(
                    shown,
                    message.lineno or None,
                    f"translation contains control character(s) {', '.join(found)}",
                    "format",
                )
            )
    return problems


def translated_percent(translated: int, total: int) -> int:
    """The share of messages translated, in whole percent rounded down (100 only when every
    message is): what `newsdesk i18n stats` prints and a page's "incomplete" notice says."""
    return 100 if total == 0 else (100 * translated) // total


@dataclass(frozen=True)
class Counts:
    """How much of a catalogue is translated, as ``stats`` reports it."""

    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> int:
        return translated_percent(self.translated, self.total)

    def below(self, share: float) -> bool:
        """Whether less than ``share`` percent is translated (exactly, not the rounded share)."""
        return self.total > 0 and 100 * self.translated < share * self.total

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
        )


def count_messages(catalog: Catalog, accepted: Callable[[Message], bool] | None = None) -> Counts:
    """Translated, fuzzy and untranslated messages; a translation ``accepted`` refuses (as the
    build refuses it) is untranslated, since readers get the source text."""
    translated = fuzzy = untranslated = 0
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            fuzzy += 1
        elif is_complete(message, catalog.num_plurals) and (accepted is None or accepted(message)):
            translated += 1
        else:
            untranslated += 1
    return Counts(translated, fuzzy, untranslated)
