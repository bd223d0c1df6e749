"""Stage 1: turn a source file's bytes into text, whatever encoding it came in, or say why not."""

from __future__ import annotations

import codecs
import logging
import re
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
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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
        raise IngestError(
            "this is not a web page or a text file (binary data); "
            "save the article as HTML or plain text and ingest that",
            path,
        )
    return DecodedSource(path, text, bool(_HTML_START.match(text)), encoding)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if b"\x00" in data[:4096]:
        raise IngestError(
            "this is not a web page or a text file (binary data); "
            "save the article as HTML or plain text and ingest that",
            path,
        )
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
