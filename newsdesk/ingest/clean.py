"""Stage 2: drop everything that is not the article and keep what boilerplate lines said about it.

HTML pages are parsed whole (however deeply nested) and lose scripts and styles; what the page
says about itself is read first (``head.py``); page furniture is removed by the selectors and box
words of ``boilerplate.toml``, and every picture is replaced by a marked paragraph holding its
caption (``figures.py``). Text dumps are cleaned line by line (``dumps.py``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import nh3
from lxml import etree
from trafilatura.utils import repair_faulty_html

from newsdesk.errors import IngestError
from newsdesk.ingest.decode import DecodedSource
from newsdesk.ingest.dumps import clean_text
from newsdesk.ingest.figures import normalise_figures, select
from newsdesk.ingest.head import read_head
from newsdesk.ingest.rules import Rules

logger = logging.getLogger(__name__)

# What the sanitiser lets through: structure, text formatting, links and pictures, and the class, id
# and role attributes that the boilerplate selectors and the extractor look at.
_ALLOWED_TAGS = frozenset(
    [
        "html",
        "body",
        "main",
        "article",
        "section",
        "div",
        "span",
        "header",
        "footer",
        "nav",
        "aside",
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "q",
        "pre",
        "code",
        "figure",
        "figcaption",
        "img",
        "picture",
        "a",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "small",
        "mark",
        "cite",
        "time",
        "abbr",
        "address",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "center",
        "font",
    ]
)
_ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "role", "title", "itemprop", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "data-src", "data-original", "width", "height"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
# Dropped with everything inside them. Forms are unwrapped instead: some publishing systems wrap
# the whole page in one.
_DROPPED_WITH_CONTENT = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "title",
        "select",
        "textarea",
        "button",
        "video",
        "audio",
        "canvas",
    ]
)
_URL_SCHEMES = {"http", "https", "mailto"}
_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True, huge_tree=True
)
# Deeper than this, wrappers are unwrapped: the extractor, the sanitiser and lxml's default parser
# (libxml2 stops at 256 levels) all read the page.
MAX_DEPTH = 100
_UNWRAPPED = frozenset(
    ["div", "span", "section", "article", "main", "font", "center", "b", "i", "u", "em", "strong",
     "small", "header", "footer", "aside", "blockquote", "form", "label", "a"]
)
_EXECUTABLE_XPATH = " | ".join(
    f"//{tag}"
    for tag in [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "math",
        "canvas",
        "video",
        "audio",
        "input",
        "select",
        "textarea",
        "button",
    ]
)


@dataclass
class CleanedSource:
    """A source with its furniture removed: an HTML tree or the text dump's remaining lines."""

    path: Path
    is_html: bool
    tree: etree._Element | None = None
    lines: list[str] = field(default_factory=list)
    # What the removed lines and the page head said: title, url, published, site_name, outlet, ...
    findings: dict[str, str] = field(default_factory=dict)
    # The pictures of an HTML page (src, alt, caption), each replaced in the tree by a marked paragraph.
    figures: list[dict[str, str]] = field(default_factory=list)


def clean_source(source: DecodedSource, rules: Rules) -> CleanedSource:
    if source.is_html:
        return clean_html(source.path, source.text, rules)
    lines, findings = clean_text(source.text, rules)
    return CleanedSource(source.path, False, lines=lines, findings=findings)


# --- HTML pages ---------------------------------------------------------------------------------


_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


def parse_html(path: Path, text: str) -> etree._Element:
    """The page as an lxml tree, every element kept however deep, with no level deeper than
    ``MAX_DEPTH``: wrappers nested deeper are unwrapped, their text kept. Raises IngestError."""
    # trafilatura's parser settings (lxml's defaults keep comments and processing instructions,
    # which cost the extractor whole paragraphs on the benchmark), plus huge_tree: without it
    # libxml2 silently drops everything nested 256 levels deep or more.
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml takes no encoding declaration in text
    try:
        tree = lxml.html.document_fromstring(repair_faulty_html(text, text[:50].lower()), parser=_PARSER)
    except (ValueError, etree.ParserError):
        tree = None
    if tree is None or len(tree) == 0:
        raise IngestError("cannot parse this file as HTML; save the page again", path)
    _flatten(tree, path)
    return tree


def _flatten(tree: etree._Element, path: Path) -> None:
    deep = [element for element, depth in _depths(tree) if depth > MAX_DEPTH]
    if not deep:
        return
    for element in deep:
        if element.tag in _UNWRAPPED and element.getparent() is not None:
            element.drop_tag()
    remaining = max(depth for _, depth in _depths(tree))
    if remaining > MAX_DEPTH:
        raise IngestError(
            f"this page nests its elements {remaining} levels deep, more than the {MAX_DEPTH} "
            "ingest reads without losing text; save the article's text as a .txt file and ingest that",
            path,
        )
    logger.debug("%s: wrappers nested more than %d levels deep unwrapped", path, MAX_DEPTH)


def _depths(tree: etree._Element):
    stack = [(tree, 0)]
    while stack:
        element, depth = stack.pop()
        yield element, depth
        stack.extend((child, depth + 1) for child in element if isinstance(child.tag, str))


# What a browser's "Save page as" writes at the top of the file: the page's address.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.IGNORECASE)


def clean_html(path: Path, text: str, rules: Rules) -> CleanedSource:
    tree = parse_html(path, text)
    findings = read_page_head(tree, rules)
    saved_from = _SAVED_FROM.search(text[:2000])
    if saved_from:
        findings["saved_from"] = saved_from.group(1)
    for element in tree.xpath(_EXECUTABLE_XPATH):
        _drop(element)
    # The parser nests whatever follows an <embed> or <object> inside it: unwrap, keep the text.
    for element in tree.xpath("//embed | //object | //applet"):
        element.drop_tag()
    for element in select(tree, rules.remove_selectors):
        _drop(element)
    for element in tree.xpath("//ul | //ol"):
        if _is_link_list(element, rules.link_list_share):
            _drop(element)
    _drop_boxes(tree, rules)
    for lead in select(tree, rules.lead_selectors)[:1]:
        findings["lead"] = " ".join(lead.text_content().split())
    figures: list[dict[str, str]] = []
    normalise_figures(tree, rules, figures)
    return CleanedSource(path, True, tree=tree, findings=findings, figures=figures)


def _drop_boxes(tree: etree._Element, rules: Rules) -> None:
    """Drop the short or link-filled blocks whose class or id names them as furniture (a related
    box, a share bar, a cookie notice, ...: ``box_words`` in boilerplate.toml)."""
    if not rules.box_words:
        return
    for element in tree.xpath("//body//*[@class or @id]"):
        if element.tag in ("html", "body", "p", "a", "img", "span") or element.getparent() is None:
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}".casefold()
        if not any(word in names for word in rules.box_words):
            continue
        text = "".join(element.text_content().split())
        linked = sum(len("".join(link.text_content().split())) for link in element.iter("a"))
        if len(text) < rules.box_max_characters or text and linked / len(text) >= 0.5:
            _drop(element)


def _is_link_list(element: etree._Element, share: float) -> bool:
    items = element.findall("li")
    if len(items) < 3:
        return False
    text = len("".join(element.text_content().split()))
    linked = sum(len("".join(link.text_content().split())) for link in element.iter("a"))
    return text > 0 and linked / text >= share


def sanitise_html(html: str) -> str:
    """The HTML with nothing executable left: no script, style, iframe, event handler or
    ``javascript:`` URL (nh3 allow-lists tags, attributes and URL schemes)."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def read_page_head(tree: etree._Element, rules: Rules) -> dict[str, str]:
    """What the page's markup says about it (see ``head.read_head``) and its first date line."""
    findings = read_head(tree)
    name = copyright_name(tree, rules)
    if name:
        findings["copyright_name"] = name
    date_line = _first_date_line(tree, rules)
    if date_line:
        findings["date_line"] = date_line
    return findings


def copyright_name(tree: etree._Element, rules: Rules) -> str:
    """The name a page's copyright line gives ("© 2025 Báo Đồng Bằng." gives "Báo Đồng Bằng"),
    by ``[names]`` of outlets.toml."""
    if rules.copyright_nodes is None:
        return ""
    for node in reversed(rules.copyright_nodes(tree)):
        match = rules.copyright_pattern.search(" ".join(str(node).split()))
        if match and len(match["name"].split()) <= 8:
            name = match["name"].strip()
            if name.casefold() not in rules.not_names:
                return name
    return ""


def _first_date_line(tree: etree._Element, rules: Rules) -> str:
    """The first short text of the page that holds a date and is not an update date, outside the
    site's own header, menus and footer (which show today's date)."""
    for count, node in enumerate(tree.xpath("//body//text()[normalize-space()]")):
        if count > 800:
            break
        text = " ".join(str(node).split())
        if len(text) > 200 or not _YEAR.search(text) or node.getparent().tag in ("script", "style"):
            continue
        for match in rules.date_matches(text):
            before = text[: match.start()].casefold()
            if not any(word in before for word in rules.update_words):
                if _in_site_furniture(node.getparent(), rules):
                    break
                return match.group(0)
    # A date whose parts sit in several elements ("Ngày <b>28</b> tháng <b>11</b> năm 2025").
    for element in rules.date_holders(tree) if rules.date_holders is not None else ():
        text = " ".join(element.text_content().split())
        if len(text) > 200 or _in_site_furniture(element, rules):
            continue
        for match in rules.date_matches(text):
            if not any(word in text[: match.start()].casefold() for word in rules.update_words):
                return match.group(0)
    return ""


_YEAR = re.compile(r"(?:19|20)\d\d")


def _in_site_furniture(element: etree._Element, rules: Rules) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".casefold()
        words = set(re.split(r"[^a-z0-9]+", names))
        furniture = ancestor.tag in ("header", "nav", "footer", "aside") or words & rules.date_skip_words
        if furniture and ancestor.find(".//h1") is None:
            return True
    return False


def _drop(element: etree._Element) -> None:
    if element.getparent() is not None and element.tag not in ("html", "body"):
        element.drop_tree()
