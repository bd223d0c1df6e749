"""Stage 1: turn a source file's bytes into text, whatever encoding it came in, or say why not."""

from __future__ import annotations

import codecs
import errno
import logging
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from newsdesk.errors import IngestError

logger = logging.getLogger(__name__)

# A declared charset: <meta charset="..."> or <meta http-equiv content="text/html; charset=...">.
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.IGNORECASE
)
_HTML_START = re.compile(
    r"\A\s*(<!doctype\s+html|<html|<head|<body|<!--|<meta|<article|<div|<p[\s>])", re.IGNORECASE
)
# A page that opens otherwise (an XML declaration, a <title> or <script> first) has these soon.
_HTML_SOON = re.compile(r"<(?:html|body|head)[\s>]|<!doctype\s+html", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# The largest source read. A saved article page, scripts and styles included, is well under 5 MB;
# the cap keeps a wrong file (a video, /dev/zero behind a link) from filling the memory.
MAX_SOURCE_BYTES = 20 * 1024 * 1024
_NOT_BINARY = (
    "this is not a web page or a text file (binary data); "
    "save the article as HTML or plain text and ingest that"
)


def read_source(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of ``path`` when it is a regular file (not a link, folder, device or pipe) of at
    most ``limit`` bytes; anything else raises IngestError."""
    try:
        info = os.lstat(path)
    except OSError as error:
        raise IngestError(f"cannot read the file: {error.strerror}", path) from None
    if stat.S_ISLNK(info.st_mode):
        raise IngestError(
            "is a symbolic link; ingest reads only regular files: copy the page itself here", path
        )
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
        raise IngestError(f"is {kind}, not a regular file; ingest reads only saved pages", path)
    if info.st_size > limit:
        raise IngestError(
            f"is {info.st_size / 2**20:.1f} MB, more than the {limit // 2**20} MB a source may "
            "have; save the article's page alone (without videos) and ingest that",
            path,
        )
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise IngestError("is a symbolic link; ingest reads only regular files", path) from None
        raise IngestError(f"cannot read the file: {error.strerror}", path) from None
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # replaced since the lstat
            raise IngestError("is not a regular file; ingest reads only saved pages", path)
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise IngestError(f"is more than the {limit // 2**20} MB a source may have", path)
    return data


@dataclass(frozen=True)
class DecodedSource:
    """A source's text (NFC, "\\n" line ends) and whether it is an HTML page or a text dump."""

    path: Path
    text: str
    is_html: bool
    encoding: str


def decode_source(path: Path, data: bytes) -> DecodedSource:
    """Decode ``data`` read from ``path``; binary or empty input raises IngestError."""
    if not data.strip():
        raise IngestError("the file is empty; save the page again or remove the file", path)
    text, encoding = _decode(path, data)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if _looks_binary(text):
        raise IngestError(_NOT_BINARY, path)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise IngestError(
            "holds a NUL byte, which no web page or text file has; the file is damaged or not "
            "text: save the article again",
            path,
            line,
        )
    is_html = bool(_HTML_START.match(text) or _HTML_SOON.search(text[:4096]))
    return DecodedSource(path, text, is_html, encoding)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if b"\x00" in data[:4096]:
        raise IngestError(_NOT_BINARY, path)
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            logger.debug("%s: declared charset %s does not fit, detecting", path, name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise IngestError(
            "cannot tell the text encoding of this file; save it again as UTF-8", path
        )
    logger.debug("%s: detected encoding %s", path, best.encoding)
    return str(best), best.encoding


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\t\f"
    )
    replaced = sample.count("\ufffd")
    return (controls + replaced) > max(8, len(sample) // 50)
