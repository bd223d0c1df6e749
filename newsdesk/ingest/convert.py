"""Stage 5: the article's HTML fragment as Markdown, through one table of tag handlers.

Pictures become ``![alt](src)`` with a ``/// caption`` block only when the image file is local and
is copied beside the site's content; a remote picture is never linked (the site makes no third-party
requests), so its caption stays as an emphasised paragraph and no sentence is lost.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from newsdesk.content.document import HIDDEN_CAPTION
from newsdesk.ingest.pictures import read_picture

logger = logging.getLogger(__name__)

_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]])")
_LINE_START_SPECIALS = re.compile(r"^(#|>|[-+]\s|=+$|///)")
_LINE_START_NUMBER = re.compile(r"^(\d+)([.)]\s)")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")


@dataclass
class ConvertContext:
    """What a conversion needs to know and what it collects: local pictures to copy."""

    source_dir: Path
    slug: str
    images: dict[str, bytes] = field(default_factory=dict)  # content path -> picture's bytes
    # Captions of pictures the article does not show (remote, or absent from a text dump).
    hidden_captions: list[str] = field(default_factory=list)


Handler = Callable[[etree._Element, ConvertContext], str]


def to_markdown(body: etree._Element, context: ConvertContext) -> str:
    """The Markdown of the article body: blocks separated by one blank line, ending in "\\n"."""
    blocks = [block for block in _blocks(body, context) if block.strip()]
    return "\n\n".join(blocks) + "\n"


def _blocks(element: etree._Element, context: ConvertContext) -> list[str]:
    blocks: list[str] = []
    if (element.text or "").strip():
        blocks.append(_escape_block(_normalise(element.text)))
    for child in element:
        if not isinstance(child.tag, str):
            continue
        handler = BLOCK_HANDLERS.get(child.tag)
        if handler is not None:
            blocks.append(handler(child, context))
        elif child.tag in CONTAINER_TAGS:
            blocks.extend(_blocks(child, context))
        else:
            text = _inline(child, context)
            if text.strip():
                blocks.append(_escape_start(text))
        if (child.tail or "").strip():
            blocks.append(_escape_block(_normalise(child.tail)))
    return blocks


# --- inline ---------------------------------------------------------------------------------------


def _inline(element: etree._Element, context: ConvertContext) -> str:
    """The element's contents as inline Markdown, whitespace collapsed."""
    parts = [_escape(element.text or "")]
    for child in element:
        if isinstance(child.tag, str):
            handler = INLINE_HANDLERS.get(child.tag, _inline_plain)
            parts.append(handler(child, context))
        parts.append(_escape(child.tail or ""))
    return _normalise("".join(parts))


def _inline_plain(element: etree._Element, context: ConvertContext) -> str:
    return _inline(element, context) if element.tag not in ("img",) else ""


def _wrap(marker: str) -> Handler:
    def handler(element: etree._Element, context: ConvertContext) -> str:
        text = _inline(element, context)
        return f"{marker}{text}{marker}" if text else ""

    return handler


def _link(element: etree._Element, context: ConvertContext) -> str:
    text = _inline(element, context)
    href = (element.get("href") or "").strip()
    if not text or not _SAFE_LINK.match(href):
        return text
    return f"[{text}](<{href.replace('>', '%3E').replace(' ', '%20')}>)"


def _code(element: etree._Element, context: ConvertContext) -> str:
    text = " ".join("".join(element.itertext()).split()).replace("`", "'")
    return f"`{text}`" if text else ""


def _line_break(element: etree._Element, context: ConvertContext) -> str:
    return "  \n"


INLINE_HANDLERS: dict[str, Handler] = {
    "strong": _wrap("**"),
    "b": _wrap("**"),
    "em": _wrap("*"),
    "i": _wrap("*"),
    "a": _link,
    "code": _code,
    "br": _line_break,
    "img": lambda element, context: "",
}


# --- blocks ---------------------------------------------------------------------------------------


def _paragraph(element: etree._Element, context: ConvertContext) -> str:
    images = element.xpath(".//img")
    if images:
        text = " ".join("".join(element.itertext()).split())
        figures = [_picture(image, context) for image in images]
        rest = _inline(element, context) if text else ""
        return "\n\n".join([f for f in figures if f] + ([_escape_start(rest)] if rest else []))
    text = _inline(element, context)
    if not text:
        return ""
    if element.get("class") == "question":
        return f"**{text.strip('*')}**"
    return _escape_start(text)


def _heading(element: etree._Element, context: ConvertContext) -> str:
    text = _inline(element, context).replace("\n", " ").strip()
    level = int(element.tag[1])
    return f"{'#' * max(level, 2)} {text}" if text else ""


def _list(element: etree._Element, context: ConvertContext) -> str:
    items = []
    for number, item in enumerate(element.findall("li"), start=1):
        text = _inline(item, context).replace("\n", " ").strip()
        if text:
            marker = f"{number}." if element.tag == "ol" else "-"
            items.append(f"{marker} {text}")
    return "\n".join(items)


def _quote(element: etree._Element, context: ConvertContext) -> str:
    inner = (
        _blocks(element, context)
        if any(child.tag in BLOCK_HANDLERS for child in element)
        else [_escape_start(_inline(element, context))]
    )
    text = "\n\n".join(block for block in inner if block.strip())
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n")) if text else ""


def _table(element: etree._Element, context: ConvertContext) -> str:
    rows = []
    for row in element.iter("tr"):
        cells = [
            _inline(cell, context).replace("\n", " ").replace("|", "\\|")
            for cell in row
            if cell.tag in ("td", "th")
        ]
        if any(cells):
            rows.append(cells)
    if not rows:
        return ""
    if len(rows) == 1 or max(len(r) for r in rows) == 1:
        return "\n\n".join(_escape_start(cell) for row in rows for cell in row if cell)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def _preformatted(element: etree._Element, context: ConvertContext) -> str:
    text = "".join(element.itertext()).strip("\n")
    return "\n".join("    " + line for line in text.split("\n")) if text.strip() else ""


def _figure(element: etree._Element, context: ConvertContext) -> str:
    caption = " ".join(" ".join("".join(c.itertext()).split()) for c in element.iter("figcaption"))
    images = element.xpath(".//img")
    if images:
        if caption and not images[0].get("title"):
            images[0].set("title", caption)
        return _picture(images[0], context)
    return _hidden_caption(caption, context)


def _hidden_caption(caption: str, context: ConvertContext) -> str:
    """A caption without its picture, kept for the editor as a comment readers do not see: under
    no photo it would describe nothing on the page."""
    text = " ".join(caption.split())
    if not text:
        return ""
    context.hidden_captions.append(text)
    return HIDDEN_CAPTION.format(text.replace("--", "- -").replace(">", "&gt;"))


def _picture(image: etree._Element, context: ConvertContext) -> str:
    caption = _normalise(_escape(image.get("title") or ""))
    alt = " ".join((image.get("alt") or "").split())
    local = _local_image(image.get("src") or "", context)
    if local is None:
        # No remote picture is ever linked; its caption is kept for the editor, out of sight.
        return _hidden_caption(image.get("title") or "", context)
    alt_text = alt if alt and alt != (image.get("title") or "") else (image.get("title") or alt)
    markdown = f"![{_escape(' '.join(alt_text.split()))}]({local})"
    if caption:
        markdown += f"\n\n/// caption\n{caption}\n///"
    return markdown


def _local_image(src: str, context: ConvertContext) -> str | None:
    """The site path of a picture saved beside the source page, after noting it for copying."""
    parts = urlsplit(src.strip())
    if not src.strip() or parts.scheme or parts.netloc or src.startswith("/"):
        return None
    relative = unquote(parts.path)
    data = read_picture(context.source_dir, relative)
    if data is None:
        return None
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", posixpath.basename(relative)).lstrip(".-") or "picture"
    site_path = f"images/{context.slug}/{name}"
    context.images[site_path] = data
    return "{static}/" + site_path


def _rule(element: etree._Element, context: ConvertContext) -> str:
    return "* * *"


BLOCK_HANDLERS: dict[str, Handler] = {
    "p": _paragraph,
    "h1": _heading,
    "h2": _heading,
    "h3": _heading,
    "h4": _heading,
    "h5": _heading,
    "h6": _heading,
    "ul": _list,
    "ol": _list,
    "blockquote": _quote,
    "table": _table,
    "pre": _preformatted,
    "figure": _figure,
    "img": _picture,
    "hr": _rule,
}
CONTAINER_TAGS = {
    "div",
    "section",
    "article",
    "main",
    "body",
    "header",
    "li",
    "dl",
    "dd",
    "dt",
    "center",
}


# --- text -----------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    # Collapse whitespace but keep the hard line breaks that <br> produced.
    lines = [" ".join(part.split()) for part in text.split("  \n")]
    return "  \n".join(line for line in lines if line).strip()


def _escape(text: str) -> str:
    text = _TAG_LIKE.sub("&lt;", _ENTITY_LIKE.sub("&amp;", text))
    return _INLINE_SPECIALS.sub(r"\\\1", text)


def _escape_start(text: str) -> str:
    return "\n".join(
        _LINE_START_NUMBER.sub(r"\1\\\2", _LINE_START_SPECIALS.sub(r"\\\1", line))
        for line in text.split("\n")
    )


def _escape_block(text: str) -> str:
    return _escape_start(_escape(text))


def escape_inline(text: str) -> str:
    """Text made safe for a Markdown context (used for the Summary line)."""
    return _escape(" ".join(text.split()))
