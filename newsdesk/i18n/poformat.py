"""PO files read and written through Babel, strictly: syntax as msgfmt checks it, the declared
charset, and what Babel's reader and writer lose (``#|`` previous texts, obsolete entries' flags).

Babel neither reads ``#|`` lines (python-babel/babel#206: they become translator comments, and
repeated ones are dropped) nor writes them in a form msgfmt accepts, and its writer drops the flags
of obsolete entries; this module is the one place that works around both.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, denormalize, normalize, read_po, write_po

from newsdesk.errors import CatalogError

logger = logging.getLogger(__name__)

WIDTH = 79  # msgmerge's default wrapping
FORMAT_FLAGS = frozenset({"python-format", "python-brace-format"})

# A complete C string as msgfmt reads it: no bare quote, no unknown escape, closed on its line.
# Only the escapes Babel reads back as msgfmt does; \a, octal or hex would be kept as typed.
STRING = r'"(?:[^"\\]|\\[ntr"\\])*"'
KEYWORD_LINE = re.compile(rf"^(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+{STRING}\s*$")
KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\b")
CONTINUATION = re.compile(rf"^{STRING}\s*$")
CHARSET = re.compile(rb"charset=([A-Za-z0-9._:-]+)")


def syntax_errors(text: str) -> list[tuple[int, str]]:
    """Lines msgfmt would refuse as syntax (an unclosed or badly escaped string, a stray line)."""
    errors = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            line = line[2:].lstrip()
            if line.startswith("|"):
                line = line[1:].lstrip()
            if not line or line.startswith("#"):
                continue
        elif line.startswith("#") or not line:
            continue
        if line.startswith('"'):
            if not CONTINUATION.match(line):
                errors.append((number, _string_error(line)))
        elif KEYWORD.match(line):
            if not KEYWORD_LINE.match(line):
                errors.append((number, _string_error(line[KEYWORD.match(line).end() :].strip())))
        else:
            errors.append((number, f"not a PO keyword, comment or string: {raw[:40]!r}"))
    return errors


def _string_error(value: str) -> str:
    if not value.startswith('"'):
        return "a keyword without its quoted string"
    body = re.match(r'"((?:[^"\\]|\\.)*)', value)
    rest = value[body.end() :] if body else ""
    if not rest.startswith('"'):
        return "string not closed on its line (end-of-line within string)"
    if rest[1:].strip():
        return f"text after the closing quote: {rest[1:].strip()[:30]!r}"
    return 'an escape other than \\n, \\t, \\r, \\" or \\\\ in a string'



def decode_catalogue(data: bytes, path: Path) -> str:
    """The text of a catalogue, in the charset its header declares (UTF-8 when it declares none)."""
    declared = CHARSET.search(data[:4096])
    charset = declared.group(1).decode("ascii") if declared else "utf-8"
    if charset.upper() == "CHARSET":  # a template's placeholder
        charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        raise CatalogError(f"the header declares charset {charset!r}, which is unknown", path, 1) from None
    try:
        return data.decode(charset)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CatalogError(
            f"byte 0x{data[error.start]:02x} is not {charset} text, the charset its header declares",
            path,
            line,
        ) from None


def control_characters(text: str) -> list[str]:
    """The control characters of a translation, tab and newline aside, named like U+0007."""
    return sorted({f"U+{ord(c):04X}" for c in text if (ord(c) < 32 and c not in "\t\n") or 127 <= ord(c) < 160})


def previous_ids_by_line(text: str) -> dict[int, list[str]]:
    """The ``#| msgid`` texts of each entry, by the line its msgctxt or msgid starts on."""
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


def _restore_previous_ids(catalog: Catalog, text: str) -> None:
    """Give fuzzy messages their ``#| msgid`` text back as ``previous_id``; a message that is no
    longer fuzzy loses it, as with msgmerge."""
    previous = previous_ids_by_line(text)
    for message in catalog:
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        if message.fuzzy and message.lineno in previous:
            message.previous_id = previous[message.lineno]


def as_plain_text(catalog: Catalog) -> Catalog:
    """Drop the format flags Babel guesses from "%" or "{": content is text, not a format string."""
    for message in [*catalog, *catalog.obsolete.values()]:
        message.flags -= FORMAT_FLAGS
    return catalog


def read_catalogue(path: Path, placeholders: bool = False) -> Catalog:
    """Read a .po file strictly; a malformed one is a CatalogError naming its line.

    Only the theme's messages have placeholders; elsewhere Babel's format guesses are dropped.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogError(f"cannot read: {error.strerror or error}", path) from error
    text = decode_catalogue(data, path)
    errors = syntax_errors(text)
    if errors:
        line, message = errors[0]
        raise CatalogError(message, path, line)
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as error:
        line = getattr(error, "lineno", None)  # Babel counts from 0
        message = re.sub(r" on (line )?\d+$", "", str(error))
        raise CatalogError(message, path, None if line is None else line + 1) from error
    except ValueError as error:  # a bad header value
        raise CatalogError(f"cannot read: {error}", path) from error
    _restore_previous_ids(catalog, text)
    return catalog if placeholders else as_plain_text(catalog)


def render_catalogue(catalog: Catalog, *, omit_header: bool = False, sort: bool = False) -> bytes:
    """The catalogue as PO text, always UTF-8, wrapped as msgmerge wraps."""
    catalog.charset = "utf-8"  # a catalogue read in another charset is written in the site's
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
    text = _with_previous_ids(buffer.getvalue().decode("utf-8"), catalog)
    return _with_obsolete_flags(text, catalog).encode("utf-8")


def _entry_start(message, prefix: str = "") -> str:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    entry = f"{prefix}msgid {normalize(msgid, prefix=prefix, width=WIDTH)}\n"
    if message.context:
        entry = f"{prefix}msgctxt {normalize(message.context, prefix=prefix, width=WIDTH)}\n" + entry
    return entry


def _with_previous_ids(text: str, catalog: Catalog) -> str:
    """Add the ``#| msgid`` lines of fuzzy messages, each one a complete quoted string.

    Babel's own writer wraps the previous text like prose, breaking it inside its quotes, which
    msgfmt rejects.
    """
    for message in catalog:
        if not (message.fuzzy and message.previous_id and message.id):
            continue
        previous = "".join(
            f"#| {keyword} {normalize(old, prefix='#| ', width=WIDTH)}\n"
            for keyword, old in zip(("msgid", "msgid_plural"), message.previous_id)
        )
        entry = _entry_start(message)
        text = text.replace("\n" + entry, "\n" + previous + entry, 1)
    return text


def _with_obsolete_flags(text: str, catalog: Catalog) -> str:
    """Write the ``#, fuzzy`` of obsolete entries, which Babel's writer drops, as msgmerge does."""
    for message in catalog.obsolete.values():
        if message.fuzzy:
            entry = _entry_start(message, prefix="#~ ")
            text = text.replace("\n" + entry, "\n#, fuzzy\n" + entry, 1)
    return text
