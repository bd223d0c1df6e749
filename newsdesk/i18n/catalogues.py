"""Gettext catalogues of the site: templates from content and theme, merged into every language.

One catalogue per document and target language (``<lang>/LC_MESSAGES/content/<key>.po``), one
site-wide catalogue of category and tag names per language (``taxonomy.po``) and the theme's
(``messages.po``). Merging keeps every translation (changed -> fuzzy with ``#| msgid``, removed
-> obsolete ``#~``), and a catalogue is written only when more than its dates would change.
"""

from __future__ import annotations

import copy
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, denormalize, normalize, read_po, write_po

from newsdesk.content.document import Document
from newsdesk.errors import CatalogError

logger = logging.getLogger(__name__)

PROJECT = "hanoi-convention-site"
CONTENT_FOLDER = "content"  # under <lang>/LC_MESSAGES/
WIDTH = 79  # msgmerge's default wrapping
TEAM = "Hanoi Convention Desk"  # Last-Translator until a translator's tool sets it


def catalogue_folder(translations: Path, lang: str) -> Path:
    return Path(translations) / lang / "LC_MESSAGES"


def content_catalogue_path(translations: Path, lang: str, key: str) -> Path:
    """Where the translation of the document ``key`` into ``lang`` lives."""
    return catalogue_folder(translations, lang) / CONTENT_FOLDER / f"{key}.po"


def language_name(code: str, in_language: str) -> str:
    """The name of language ``code`` written in ``in_language``, for catalogue headers."""
    return Locale.parse(code).get_display_name(in_language) or code


FORMAT_FLAGS = frozenset({"python-format", "python-brace-format"})


def as_plain_text(catalog: Catalog) -> Catalog:
    """Drop the format flags Babel guesses from "%" or "{": content is text, not a format string."""
    for message in [*catalog, *catalog.obsolete.values()]:
        message.flags -= FORMAT_FLAGS
    return catalog


def previous_ids_by_line(text: str) -> dict[int, list[str]]:
    """The ``#| msgid`` texts of each entry, by the line its msgctxt or msgid starts on.

    Read from the file itself: Babel keeps these lines as user comments and drops repeated
    ones, which would lose parts of a previous text.
    """
    found: dict[int, list[str]] = {}
    pending: list[list[str]] = []
    in_entry = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#|"):
            rest = line[2:].strip()
            keyword, _, value = rest.partition(" ")
            if keyword in ("msgid", "msgid_plural"):
                pending.append([value])
            elif pending and rest.startswith('"'):
                pending[-1].append(rest)
            in_entry = False
        elif line.startswith(("msgctxt ", "msgid ")) and not in_entry:
            if pending:
                found[number] = [denormalize("\n".join(parts)) for parts in pending]
            pending = []
            in_entry = True
        elif not line.strip():
            pending, in_entry = [], False
    return found


def restore_previous_ids(catalog: Catalog, text: str) -> Catalog:
    """Give fuzzy messages their ``#| msgid`` text back as ``previous_id``.

    A message that is no longer fuzzy loses its previous text, as with msgmerge.
    """
    previous = previous_ids_by_line(text)
    for message in catalog:
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        if message.fuzzy and message.lineno in previous:
            message.previous_id = previous[message.lineno]
    return catalog


def read_catalogue(path: Path, placeholders: bool = False) -> Catalog:
    """Read a .po file; a malformed one is a CatalogError naming its line.

    Only the theme's messages have placeholders; elsewhere Babel's format guesses are dropped.
    """
    try:
        data = Path(path).read_bytes()
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
        catalog = restore_previous_ids(catalog, data.decode(catalog.charset or "utf-8"))
        return catalog if placeholders else as_plain_text(catalog)
    except PoFileError as error:
        line = getattr(error, "lineno", None)  # Babel counts from 0
        message = re.sub(r" on (line )?\d+$", "", str(error))
        raise CatalogError(message, path, None if line is None else line + 1) from error
    except (OSError, ValueError) as error:  # ValueError: undecodable text, a bad header value
        raise CatalogError(f"cannot read: {error}", path) from error


def render_catalogue(catalog: Catalog, *, omit_header: bool = False, sort: bool = False) -> bytes:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=WIDTH,
        omit_header=omit_header,
        sort_output=sort,
        ignore_obsolete=False,
        include_previous=False,
    )
    return _with_previous_ids(buffer.getvalue().decode("utf-8"), catalog).encode("utf-8")


def _with_previous_ids(text: str, catalog: Catalog) -> str:
    """Add the ``#| msgid`` lines of fuzzy messages, wrapped the way msgmerge wraps them.

    Babel's own writer wraps the previous text like prose, breaking it inside its quotes, which
    msgfmt rejects; so the lines are written here, each one a complete quoted string.
    """
    for message in catalog:
        if not (message.fuzzy and message.previous_id and message.id):
            continue
        msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        entry = f"msgid {normalize(msgid, width=WIDTH)}\n"
        if message.context:
            entry = f"msgctxt {normalize(message.context, width=WIDTH)}\n" + entry
        previous = "".join(
            f"#| {keyword} {normalize(old, prefix='#| ', width=WIDTH)}\n"
            for keyword, old in zip(("msgid", "msgid_plural"), message.previous_id)
        )
        text = text.replace("\n" + entry, "\n" + previous + entry, 1)
    return text


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


def _is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings)


def _complete_header(catalog: Catalog, domain: str) -> None:
    """Fill the header fields msgfmt --check asks for, keeping what a translator set."""
    catalog.project, catalog.version = PROJECT, domain
    default = Catalog()
    if catalog.last_translator == default.last_translator:
        catalog.last_translator = TEAM
    if (
        catalog.language_team in (default.language_team, "", None)
        or "LL@li.org" in catalog.language_team
    ):
        catalog.language_team = TEAM
    if not isinstance(catalog.revision_date, datetime):
        catalog.revision_date = catalog.creation_date


def _empty_string(message: Message, num_plurals: int) -> str | tuple[str, ...]:
    return ("",) * num_plurals if message.pluralizable else ""


def merge(existing: Catalog | None, target: Target) -> Catalog:
    """The catalogue for ``target.template``, keeping every translation ``existing`` holds."""
    template = copy.deepcopy(target.template)  # Babel's update adopts template messages as they are
    if existing is None:
        catalog = _new_catalogue(target.lang, target.path.stem, target.header_comment)
        for message in template:
            if message.id:
                catalog[message.id] = message
    else:
        catalog = existing
        # A block that comes back gets its old translation back, as msgmerge does.
        for key, message in list(catalog.obsolete.items()):
            del catalog.obsolete[key]
            if catalog.get(message.id, message.context) is None:
                catalog[message.id] = message
        # Babel's update keeps the fuzzy flag of an unchanged message, not its previous text.
        previous_ids = {(m.id, m.context): m.previous_id for m in catalog if m.previous_id}
        catalog.update(
            template,
            update_header_comment=False,
            keep_user_comments=True,
            update_creation_date=False,
        )
        for message in catalog:
            if message.fuzzy and not message.previous_id:
                message.previous_id = previous_ids.get((message.id, message.context), [])
        _complete_header(catalog, target.path.stem)
    if not target.placeholders:
        as_plain_text(catalog)
    for message in catalog:
        if not message.id:
            continue
        if not target.locations:
            message.locations = []
        if target.prefill and (message.fuzzy or not _is_translated(message)):
            message.string = message.id  # the template's own language: the text is the msgid
            message.flags.discard("fuzzy")
            message.previous_id = []
        elif not _is_translated(message) and not message.fuzzy:
            message.string = _empty_string(message, catalog.num_plurals)
    return catalog


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


def update_catalogue(target: Target) -> tuple[Catalog, bool]:
    """Merge the template into the catalogue on disk, write it if it changed."""
    previous = read_catalogue(target.path, target.placeholders) if target.path.exists() else None
    current = read_catalogue(target.path, target.placeholders) if previous is not None else None
    catalog = merge(current, target)
    problems = check_catalogue(catalog, target.path)
    if problems:
        raise CatalogError("; ".join(problems), target.path)
    return catalog, write_catalogue(target, catalog, previous)


def current_catalogue(target: Target) -> Catalog:
    """The catalogue as ``update`` would make it, without writing anything."""
    existing = read_catalogue(target.path, target.placeholders) if target.path.exists() else None
    return merge(existing, target)


def check_catalogue(catalog: Catalog, path: Path) -> list[str]:
    """Babel's checks (placeholders, plural forms) as ``path:line: problem`` strings."""
    problems = []
    for message, errors in catalog.check():
        for error in errors:
            problems.append(f"{path}:{message.lineno or 0}: {error}")
    return problems


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
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.translated / self.total

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
        )


def count_messages(catalog: Catalog) -> Counts:
    translated = fuzzy = untranslated = 0
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            fuzzy += 1
        elif _is_translated(message):
            translated += 1
        else:
            untranslated += 1
    return Counts(translated, fuzzy, untranslated)
