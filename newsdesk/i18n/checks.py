"""Check a translated block against its source: same links, images and inline code, no raw HTML.

Like Sphinx's ``inconsistent_references`` check: the translation is parsed again and what it
points to is compared with what the source points to. Rendered translated HTML is also passed
through the site's one allow-list (newsdesk/content/sanitise.py), so that nothing a translator
writes can put markup into a page.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from bs4 import BeautifulSoup
from markdown import Markdown

from newsdesk.content.sanitise import control_characters, sanitise

logger = logging.getLogger(__name__)

__all__ = ["added_markup", "check_translation", "references", "render", "sanitise"]


def render(md: Markdown, text: str) -> tuple[str, list[str]]:
    """Render one message; return the HTML and the raw HTML it passed through."""
    md.reset()
    html = md.convert(text)
    raw = [
        str(block) for block in md.htmlStash.rawHtmlBlocks if str(block).lstrip().startswith("<")
    ]
    return html, raw


REFERENCE_TAGS = ("<a", "<img", "<code")
# Markdown writes no link, image, inline code or raw HTML from text without one of these.
REFERENCE_MARKS = ("[", "`", "<", "{")
# Python-Markdown's attribute lists ({#id}, {: .class lang=xx }): they set ids, classes and
# lang, which belong to the source (anchors, the fallback marks), never to a translation.
ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*(?:[#.][^\s{}]|[A-Za-z][\w-]*=)[^{}\n]*\}")
MARKED_ATTRIBUTES = ("id", "class", "lang")


def _may_refer(text: str) -> bool:
    return any(mark in text for mark in REFERENCE_MARKS)


def references(html: str) -> Counter:
    """Link targets, image sources and inline code of rendered HTML, with their counts."""
    lowered = html.lower()
    if not any(tag in lowered for tag in REFERENCE_TAGS):
        return Counter()  # most blocks have none; parsing every block cost a tenth of a build
    soup = BeautifulSoup(html, "html.parser")
    found: Counter = Counter()
    for link in soup.find_all("a"):
        found["link", link.get("href", "")] += 1
    for image in soup.find_all("img"):
        found["image", image.get("src", "")] += 1
    for code in soup.find_all("code"):
        found["inline code", code.get_text()] += 1
    return found


def marked_attributes(html: str) -> Counter:
    """The ids, classes and lang attributes of rendered HTML, with their counts."""
    if not any(f" {name}=" in html for name in MARKED_ATTRIBUTES):
        return Counter()
    soup = BeautifulSoup(html, "html.parser")
    found: Counter = Counter()
    for tag in soup.find_all(True):
        for name in MARKED_ATTRIBUTES:
            value = tag.get(name)
            if value:
                found[name, " ".join(value) if isinstance(value, list) else value] += 1
    return found


def _describe(kind: str, value: str) -> str:
    return f"{kind} {value!r}"


def check_translation(md: Markdown, source: str, translation: str) -> list[str]:
    """What is wrong with ``translation`` as a translation of ``source``; empty when all is well.

    ``md`` renders Markdown as the site does (without the metadata extension).
    """
    found = control_characters(translation)
    if found:
        return [f"translation contains the control character {found[0]}"]
    if not _may_refer(source) and not _may_refer(translation):
        return []  # most blocks: plain text on both sides, nothing to compare
    source_html, _ = render(md, source)
    translation_html, raw = render(md, translation)
    problems = []
    if raw:
        problems.append(f"translation contains raw HTML: {raw[0][:60]!r}")
    expected, found = references(source_html), references(translation_html)
    missing = expected - found
    added = found - expected
    if missing:
        problems.append(
            "translation lacks " + ", ".join(_describe(*key) for key in sorted(missing))
        )
    if added:
        problems.append("translation adds " + ", ".join(_describe(*key) for key in sorted(added)))
    lists = Counter(ATTRIBUTE_LIST.findall(translation)) - Counter(ATTRIBUTE_LIST.findall(source))
    changed = marked_attributes(translation_html) != marked_attributes(source_html)
    if lists or changed:
        shown = sorted(lists) or sorted(marked_attributes(translation_html))
        problems.append(
            f"translation sets ids, classes or lang ({', '.join(map(str, shown))[:80]}):"
            " they come from the source; write the text only"
        )
    return problems


# Markup in a theme message: a tag, or a character reference.
MARKUP = re.compile(r"</?[A-Za-z][^<>]*>?|&#?[A-Za-z0-9]+;")


def added_markup(msgid: str, msgstr: str) -> list[str]:
    """What is wrong with ``msgstr`` as a theme translation of ``msgid``: markup (tags,
    character references) its source message lacks, and control characters.

    The theme shows a translation as text unless its source message is markup
    (newsdesk.pelican.multilang.text_gettext); this is the catalogue check's side of that rule.
    """
    problems = []
    added = Counter(MARKUP.findall(msgstr)) - Counter(MARKUP.findall(msgid))
    if added:
        problems.append(
            "translation adds markup its source lacks: " + ", ".join(repr(m) for m in sorted(added))
        )
    found = control_characters(msgstr)
    if found:
        problems.append(f"translation contains the control character {found[0]}")
    return problems
