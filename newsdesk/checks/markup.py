"""Content lint of what Markdown sources hold besides Markdown: raw HTML, event handlers, links
that are not web addresses, control characters.

The build's allow-list (newsdesk/content/sanitise.py) drops all of these from the pages; this
lint tells the editor, with the line, so that nothing they wrote disappears unseen.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from newsdesk.content.document import HIDDEN_CAPTION_LINE
from newsdesk.content.sanitise import control_characters, unsafe_url

logger = logging.getLogger(__name__)

# Python-Markdown's inline HTML (HTML_RE) and its <!-- comments -->.
RAW_HTML = re.compile(r"<(/?[a-zA-Z][^<>@ ]*)( [^<>]*)?>|<!--")
EVENT_HANDLER = re.compile(r"(?:^|[\s\"'/])(on[a-zA-Z]+)\s*=", re.IGNORECASE)
# [text](address "title"), ![alt](address), and reference definitions [id]: address
INLINE_LINK = re.compile(r"\]\(\s*<?((?:[^\s()<>]|\([^\s()]*\))+)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
CODE_SPAN = re.compile(r"(`+).+?\1")


def body_lines(text: str, first_line: int) -> Iterator[tuple[int, str]]:
    """The body's lines with their numbers, without code (fenced blocks, code spans)."""
    fence = None
    for number, line in enumerate(text.split("\n")[first_line - 1 :], start=first_line):
        marker = FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1) == fence:
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        yield number, CODE_SPAN.sub("", line)


def markup_problems(text: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for each raw HTML tag, event handler, disallowed link and control
    character of a Markdown source whose body starts on ``first_line``."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = control_characters(line)
        if found:
            problems.append((number, f"control character {found[0]}: delete it"))
    for number, line in body_lines(text, first_line):
        if HIDDEN_CAPTION_LINE.fullmatch(line.strip()):
            continue  # the caption of a picture the source lacked, kept for the editor
        for tag in RAW_HTML.finditer(line):
            if tag.group(1) and tag.group(1).startswith("/"):
                continue  # the opening tag is reported
            handler = EVENT_HANDLER.search(tag.group(2) or "")
            if handler:
                problems.append(
                    (number, f"event handler {handler.group(1)}= in raw HTML: pages never run it")
                )
            name = "<!--" if tag.group(0) == "<!--" else f"<{tag.group(1)}>"
            problems.append(
                (number, f"raw HTML {name}: pages do not show it; write it in Markdown")
            )
        addresses = [m.group(1) for m in INLINE_LINK.finditer(line)]
        if reference := REFERENCE_LINK.match(line):
            addresses.append(reference.group(1))
        for address in addresses:
            reason = unsafe_url(address)
            if reason:
                problems.append((number, f"link {address[:60]!r}: {reason}"))
    return problems
