"""Content files as translatable blocks: one message per paragraph, heading, item, cell or caption.

A python-markdown tree processor runs before inline processing, when every block element still
holds its raw inline Markdown. That text (whitespace folded, a trailing ``{#id}`` attribute list
left out) is the block's message: links, emphasis and inline code stay inside it, as in Sphinx.
The same walk serves extraction (collect the messages) and rendering (swap in translations).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from newsdesk.errors import ContentError

logger = logging.getLogger(__name__)

# Elements whose own text is one message. Blockquotes, figures and loose list items hold
# their text in child paragraphs, which are visited in turn.
BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd"})
# Metadata fields whose value is one message of the document's catalogue.
MESSAGE_FIELDS = ("title", "summary")
# Metadata fields that name categories and tags, translated site-wide in the taxonomy catalogue.
TAXONOMY_FIELDS = ("category", "tags")
# Before "inline" (20), after "footnote" (50), which moves footnote paragraphs into place.
TREEPROCESSOR_PRIORITY = 25

# python-markdown's stash placeholders: code blocks, raw HTML blocks, footnote back-links.
PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
# An attribute list closing a heading ("## Title {#id}") or a block's last line ("\n{: .x}").
HEADING_ATTRIBUTES = re.compile(r"[ ]+\{:?[ ]*[^}\n ][^\n]*[ ]*\}[ ]*$")
BLOCK_ATTRIBUTES = re.compile(r"\n[ ]*\{:?[ ]*[^}\n ][^\n]*[ ]*\}[ ]*$")
HARD_BREAK = "  \n"


@dataclass(frozen=True)
class BlockText:
    """A block's raw inline Markdown, split into the message and what stays around it."""

    message: str
    suffix: str = ""  # attribute list or stash placeholders, kept on the translated text

    def with_message(self, message: str) -> str:
        return message + self.suffix


# A picture's caption kept without its picture (ingest writes it): a comment for the editor, the
# one raw HTML the content lint allows, since readers must not see a caption under no photo.
HIDDEN_CAPTION = "<!-- caption of a picture the source did not include: {} -->"
HIDDEN_CAPTION_LINE = re.compile(r"<!-- caption of a picture the source did not include: [^<>]*? -->")


def fold_whitespace(text: str) -> str:
    """Join a block's source lines into one line, keeping Markdown hard line breaks."""
    lines = text.strip().split("\n")
    parts = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        if not last and line.endswith("  "):
            parts.append(line.strip() + HARD_BREAK)
        else:
            parts.append(line.strip() + ("" if last else " "))
    return "".join(parts)


def split_block_text(tag: str, text: str | None) -> BlockText | None:
    """The message of a block element's text, or None when the block has nothing to translate."""
    if not text or not text.strip():
        return None
    body = text.rstrip()
    suffix = ""
    trailing = re.search(f"(?:{PLACEHOLDER.pattern})+$", body)
    if trailing:  # footnote back-links are appended after the text
        suffix = trailing.group(0)
        body = body[: trailing.start()]
    pattern = HEADING_ATTRIBUTES if tag[0] == "h" and tag[1:].isdigit() else BLOCK_ATTRIBUTES
    attributes = pattern.search(body)
    if attributes:
        suffix = attributes.group(0) + suffix
        body = body[: attributes.start()]
    if not body.strip() or PLACEHOLDER.search(body):
        return None  # a code block, a raw HTML block, or text mixed with them
    return BlockText(fold_whitespace(body), suffix)


# Called for each block element: (element, its text); returns the new raw text or None to keep.
BlockVisitor = Callable[[Element, BlockText], "str | None"]


def walk_blocks(root: Element, visit: BlockVisitor) -> None:
    """Visit every translatable block element in document order."""
    for element in root.iter():
        if element.tag not in BLOCK_TAGS:
            continue
        block = split_block_text(element.tag, element.text)
        if block is None:
            if element.text and PLACEHOLDER.search(element.text):
                logger.debug("skipped a code or raw HTML block: %r", element.text[:40])
            continue
        replacement = visit(element, block)
        if replacement is not None:
            element.text = replacement


class _BlockTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: BlockExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        if self.extension.visit is not None:
            walk_blocks(root, self.extension.visit)


class BlockExtension(Extension):
    """Runs ``visit`` on every block element before inline Markdown is rendered."""

    def __init__(self, visit: BlockVisitor | None):
        super().__init__()
        self.visit = visit

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (python-markdown's name)
        md.treeprocessors.register(
            _BlockTreeprocessor(md, self), "content_blocks", TREEPROCESSOR_PRIORITY
        )


META = "markdown.extensions.meta"


def make_markdown(
    markdown_settings: dict, visit: BlockVisitor | None = None, meta: bool = True
) -> Markdown:
    """A Markdown converter configured like Pelican's (``MARKDOWN`` setting), plus ``visit``.

    Without ``meta``, a first line such as "Note: ..." stays text (for single messages).
    """
    settings = dict(markdown_settings)
    configs = dict(settings.get("extension_configs", {}))
    extensions = list(settings.get("extensions", []))
    extensions += [name for name in configs if name not in extensions]
    extensions = [name for name in extensions if name != META]
    configs.pop(META, None)
    if meta:
        extensions.append(META)
    if visit is not None:
        extensions.append(BlockExtension(visit))
    settings.update(extensions=extensions, extension_configs=configs)
    return Markdown(**settings)


# Converters kept for the life of the process, by settings: building one costs about a third of
# converting a whole article, and a build converts every document several times.
_converters: dict[tuple[str, bool], tuple[Markdown, BlockExtension]] = {}


def converter(markdown_settings: dict, meta: bool = True) -> tuple[Markdown, BlockExtension]:
    """A shared converter for ``markdown_settings`` (reset it before use), and its block walker."""
    key = (json.dumps(markdown_settings, sort_keys=True, default=repr), meta)
    if key not in _converters:
        extension = BlockExtension(None)
        md = make_markdown(markdown_settings, meta=meta)
        extension.extendMarkdown(md)
        _converters[key] = md, extension
    return _converters[key]


def convert(
    text: str, markdown_settings: dict, visit: BlockVisitor | None = None, meta: bool = True
) -> tuple[str, dict]:
    """Render ``text`` with a shared converter, running ``visit`` on its blocks; return the HTML
    and the header metadata (empty without ``meta``)."""
    md, extension = converter(markdown_settings, meta)
    md.reset()
    extension.visit = visit
    try:
        html = md.convert(text)
    finally:
        extension.visit = None
    return html, (getattr(md, "Meta", {}) if meta else {})


@dataclass
class Message:
    """One message of a document: its text and every source line it comes from."""

    text: str
    lines: list[int] = field(default_factory=list)
    comment: str = ""  # shown to the translator, e.g. which metadata field it is


@dataclass
class Document:
    """A content file as the translation tooling sees it."""

    path: Path
    lang: str
    key: str  # translation key: Translation_Key, else Slug, else the file name
    messages: list[Message]
    taxonomy: list[Message]  # category and tag names, with their header lines

    def message_texts(self) -> list[str]:
        return [message.text for message in self.messages]


HEADER_LINE = re.compile(r"([A-Za-z][\w-]*)\s*:\s*(.*)$")
CONTINUED_LINE = re.compile(r" {4,}(.*)$")


def split_header(text: str) -> tuple[dict[str, tuple[str, int]], int]:
    """Pelican's ``Key: value`` header as {key: (value, line)}, and the body's first line.

    A line indented by four spaces or more continues the value above it, as Python-Markdown's
    meta extension reads it; the value's line is the line of its key.
    """
    header: dict[str, tuple[str, int]] = {}
    lines = text.split("\n")
    key = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return header, number + 1
        match = HEADER_LINE.match(line)
        if match:
            key = match.group(1).lower()
            header[key] = (match.group(2).strip(), number)
        elif key is not None and (more := CONTINUED_LINE.match(line)):
            value, first = header[key]
            header[key] = (f"{value} {more.group(1).strip()}", first)
        else:
            return header, number
    return header, len(lines) + 1


class LineFinder:
    """Finds, in document order, the source line a block's text starts on."""

    def __init__(self, text: str, first_line: int):
        self.lines = text.split("\n")
        self.cursor = first_line - 1

    def find(self, message: str) -> int:
        first = message.split(HARD_BREAK)[0].split(" ")
        # The first few words are enough, and survive line wrapping in the source.
        probe = " ".join(first[:4])
        pattern = re.compile(r"(?:^|[\s|>*+#.\-])" + re.escape(probe) + r"(?:$|[\s|])")
        for matches in (pattern.search, lambda line: probe in line):
            for index in range(self.cursor, len(self.lines)):
                if matches(self.lines[index]):
                    self.cursor = index
                    return index + 1
        return self.cursor + 1


def taxonomy_names(header: dict[str, tuple[str, int]]) -> list[Message]:
    names = []
    for name in TAXONOMY_FIELDS:
        if name in header:
            value, line = header[name]
            for part in value.split(","):
                if part.strip():
                    names.append(Message(part.strip(), [line], name))
    return names


def add_message(messages: list[Message], text: str, line: int, comment: str = "") -> None:
    """Add one occurrence; identical text is one message with several origins, as in gettext."""
    for message in messages:
        if message.text == text:
            message.lines.append(line)
            return
    messages.append(Message(text, [line], comment))


def read_document(path: Path, markdown_settings: dict, default_lang: str) -> Document:
    """Extract the messages of one content file, with the source line of each."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(f"cannot read: {error}", path) from error
    header, body_line = split_header(text)
    messages: list[Message] = []
    for name in MESSAGE_FIELDS:
        if name in header and header[name][0]:
            add_message(messages, fold_whitespace(header[name][0]), header[name][1], name)
    finder = LineFinder(text, body_line)

    def collect(element: Element, block: BlockText) -> None:
        add_message(messages, block.message, finder.find(block.message))

    convert(text, markdown_settings, collect)
    lang = document_lang(header, default_lang)
    return Document(path, lang, document_key(header, path), messages, taxonomy_names(header))


def document_lang(header: dict[str, tuple[str, int]], default_lang: str) -> str:
    return header.get("lang", ("", 0))[0] or default_lang


def document_key(header: dict[str, tuple[str, int]], path: Path) -> str:
    """The name of a document's catalogues: Translation_Key, else Slug, else the file name."""
    key = (header.get("translation_key") or header.get("slug") or (Path(path).stem, 0))[0]
    if not re.fullmatch(r"\w[\w.-]*", key):
        raise ContentError(f"translation key {key!r} is not a plain file name", path)
    return key
