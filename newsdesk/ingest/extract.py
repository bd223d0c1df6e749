"""Stage 3: find the article in a cleaned source and give it as one HTML fragment.

HTML pages go through trafilatura (fast mode, which measured best on the benchmark) and then nh3, so
that nothing executable reaches the article; text dumps are read line by line. Both come out in the
same shape: a ``<div>`` of paragraphs, headings, lists, quotes, tables, pictures (``<img
title=caption>``), captions without a picture (``<figure><figcaption>``) and interview questions
(``<p class="question">``).
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.htmlprocessing import convert_to_html

from newsdesk.errors import IngestError
from newsdesk.ingest.clean import CleanedSource, sanitise_html
from newsdesk.ingest.dumps import (
    IMAGE_PLACEHOLDER,
    byline_parts,
    is_date_line,
    split_dateline,
    strip_end_mark,
)
from newsdesk.ingest.figures import FIGURE_MARK
from newsdesk.ingest.rules import Rules

logger = logging.getLogger(__name__)

# Less text than this (in characters, so that languages written without spaces count alike) is
# not an article but an error or index page.
_MIN_ARTICLE_CHARACTERS = 150
# A title of at most this many words naming an error, over less text than this, is an error page.
_ERROR_TITLE_WORDS = 8
_ERROR_PAGE_CHARACTERS = 600
# Where a page gives its headline, most trusted first (findings of head.read_head).
TITLE_KEYS = ("ld_headline", "og_title", "itemprop_headline", "h1", "page_title")


@dataclass
class ExtractedArticle:
    """The article body as an HTML fragment, with its title when the body gave it."""

    path: Path
    body: etree._Element
    title: str
    findings: dict[str, str]


def extract_article(source: CleanedSource, rules: Rules) -> ExtractedArticle:
    if source.is_html:
        article = extract_from_html(source, rules)
    else:
        article = extract_from_text(source, rules)
    mark_interview_questions(article.body, rules)
    size = len(element_text(article.body))
    if size < _MIN_ARTICLE_CHARACTERS:
        raise IngestError(
            f"no article found (only {size} characters of text); "
            "check that the file is the article's own page, saved whole",
            source.path,
        )
    return article


# --- HTML pages ---------------------------------------------------------------------------------


def extract_main_html(tree: etree._Element) -> etree._Element | None:
    """The main content of a cleaned page as HTML elements under ``<body>``; None when none."""
    document = trafilatura.bare_extraction(
        tree,
        fast=True,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=True,
        include_links=False,
        with_metadata=False,
    )
    if document is None or document.body is None:
        return None
    html = etree.tostring(convert_to_html(document.body), encoding="unicode")
    safe = lxml.html.fragment_fromstring(sanitise_html(html), create_parent="div")
    return safe


def extract_from_html(source: CleanedSource, rules: Rules) -> ExtractedArticle:
    findings = source.findings
    # An error page says so in a short title or heading ("404 - Not found"); a headline about a
    # software fault ("lỗi bảo mật ...") is longer, and an article has text.
    error_title = next(
        (
            text
            for text in (findings.get("page_title", ""), findings.get("h1", ""))
            if rules.error_title_pattern.search(text) and len(text.split()) <= _ERROR_TITLE_WORDS
        ),
        "",
    )
    body = extract_main_html(source.tree)
    if error_title and (body is None or len(element_text(body)) < _ERROR_PAGE_CHARACTERS):
        raise IngestError(
            f"this is an error page ({error_title!r}), not an article; "
            "save the article's page again and ingest that",
            source.path,
        )
    if body is None:
        raise IngestError(
            "no article text found in this page; check that the file is the article's own page",
            source.path,
        )
    title = next((findings[key] for key in TITLE_KEYS if findings.get(key)), "")
    restore_figures(body, source.figures)
    drop_page_furniture(body, rules, title)
    take_dateline(body, rules, findings)
    keep_lead(body, findings.get("lead", ""))
    return ExtractedArticle(source.path, _as_div(body), " ".join(title.split()), findings)


def take_dateline(body: etree._Element, rules: Rules, findings: dict[str, str]) -> None:
    """Move a dateline that opens one of the first paragraphs out of the text, into the findings."""
    for paragraph in [child for child in body if child.tag == "p"][:3]:
        dateline = split_dateline(paragraph.text or "", rules)
        if dateline:
            findings.setdefault("dateline", dateline[0])
            paragraph.text = dateline[1]
            return


def keep_lead(body: etree._Element, lead: str) -> None:
    """Put the page's lead back at the top when the extractor left it out."""
    if lead and _key(lead) not in _key(element_text(body)):
        paragraph = etree.Element("p")
        paragraph.text = lead
        body.insert(0, paragraph)
        paragraph.tail, body.text = body.text, None


def restore_figures(body: etree._Element, figures: list[dict[str, str]]) -> None:
    """Turn the marked paragraphs that stood for pictures back into ``<img title=caption>``."""
    pattern = re.compile(re.escape(FIGURE_MARK) + r"(\d+)" + re.escape(FIGURE_MARK) + r"\s*")
    for paragraph in body.iter("p"):
        text = element_text(paragraph)
        match = pattern.match(text)
        if not match or int(match.group(1)) >= len(figures):
            continue
        figure = figures[int(match.group(1))]
        for child in list(paragraph):
            paragraph.remove(child)
        paragraph.text = None
        image = etree.SubElement(paragraph, "img", src=figure["src"], alt=figure["alt"])
        caption = text[match.end() :].strip() or figure["caption"]
        if caption:
            image.set("title", caption)
            _drop_repeated_caption(paragraph, caption)


def _drop_repeated_caption(paragraph: etree._Element, caption: str) -> None:
    """Remove the paragraph right before or after a picture that only says its caption again."""
    for neighbour in (paragraph.getnext(), paragraph.getprevious()):
        if neighbour is not None and neighbour.tag == "p" and _key(element_text(neighbour)) == _key(caption):
            if neighbour.xpath(".//img"):
                continue
            tail = neighbour.tail
            parent = neighbour.getparent()
            previous = neighbour.getprevious()
            parent.remove(neighbour)
            if tail and tail.strip():
                if previous is not None:
                    previous.tail = (previous.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail


def drop_page_furniture(body: etree._Element, rules: Rules, title: str) -> None:
    """Remove the title heading, boilerplate blocks, related stories and a trailing signature."""
    blocks = [child for child in body if isinstance(child.tag, str)]
    title_key = _key(title)
    ended = False
    for index, block in enumerate(blocks):
        text = element_text(block)
        if (
            ended
            or index < 3
            and block.tag in ("h1", "h2")
            and title_key
            and _key(text) == title_key
        ):
            body.remove(block)
        elif rules.is_end_marker(text) and index > 0:
            body.remove(block)
            ended = True
        elif (
            text
            and rules.is_boilerplate_line(text)
            and not block.xpath(".//img")
            or index < 6
            and text
            and (is_date_line(text, rules) or byline_parts(text, rules) is not None)
        ):
            body.remove(block)
    remaining = [child for child in body if isinstance(child.tag, str)]
    if remaining and " ".join(element_text(remaining[-1]).split()).casefold() in rules.agencies:
        body.remove(remaining[-1])
        remaining.pop()
    if remaining and len(remaining[-1]) == 0 and remaining[-1].text:
        remaining[-1].text = strip_end_mark(remaining[-1].text.rstrip())


def element_text(element: etree._Element) -> str:
    """The element's text with whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _as_div(body: etree._Element) -> etree._Element:
    div = etree.Element("div")
    div.text = body.text
    for child in list(body):
        div.append(child)
    return div


# --- text dumps ---------------------------------------------------------------------------------


def extract_from_text(source: CleanedSource, rules: Rules) -> ExtractedArticle:
    lines = source.lines
    nonblank = [i for i, line in enumerate(lines) if line and not line.startswith(IMAGE_PLACEHOLDER)]
    if not nonblank:
        raise IngestError("no text left after removing boilerplate", source.path)
    start = headline_index(lines, nonblank, rules)
    title = lines[start]
    site_name = next((lines[i] for i in nonblank if i < start and _looks_like_site_name(lines[i], rules)), "")
    if site_name:
        source.findings.setdefault("dump_site_name", site_name)
    body = etree.Element("div")
    previous = ""
    picture: str | None = None  # the file name of the picture the next line captions
    captions: set[str] = set()
    rest = [line for line in lines[start + 1 :] if line]
    for index, line in enumerate(rest):
        if line.startswith(IMAGE_PLACEHOLDER):
            picture = line[len(IMAGE_PLACEHOLDER) :]
            continue
        following = rest[index + 1] if index + 1 < len(rest) else ""
        if line == previous:
            continue  # a caption or paragraph printed twice (alt text, then caption)
        if _key(line) == _key(title) and is_caption(following, rules):
            continue  # the picture's alt text repeating the title
        if picture is not None:
            if line not in captions:
                etree.SubElement(etree.SubElement(body, "p"), "img", src=picture, title=line)
                captions.add(line)
        elif is_caption(line, rules):
            if line not in captions:
                # Without its picture a caption said again under another photo adds nothing.
                _caption(body, line)
                captions.add(line)
        else:
            etree.SubElement(body, "p").text = line
        previous = line
        picture = None
    return ExtractedArticle(source.path, body, title, source.findings)


def headline_index(lines: list[str], nonblank: list[int], rules: Rules) -> int:
    """The line that is the headline of a text dump, by its shape: not a site name, a menu or a
    section word above it, but a line of several words, not a sentence, followed by the text
    (a long line or a picture)."""
    shaped = [i for i in nonblank[:12] if looks_like_headline(lines[i], rules)]
    for index in shaped:
        following = next((line for line in lines[index + 1 :] if line), "")
        if following.startswith(IMAGE_PLACEHOLDER) or len(following.split()) >= 12:
            return index
    return shaped[0] if shaped else nonblank[0]


_MENU_SEPARATORS = re.compile(r"\s[|>»›/·•]\s")


def _looks_like_site_name(line: str, rules: Rules) -> bool:
    """A short line above a dump's headline that names the site: not a menu or a section."""
    return (
        0 < len(line.split()) <= 6
        and len(line) <= 60
        and not _MENU_SEPARATORS.search(line)
        and line.casefold() not in rules.section_words
        and not line.endswith((".", ":", "?", "!"))
    )


def looks_like_headline(line: str, rules: Rules) -> bool:
    words = line.split()
    if len(words) < 3 or len(words) == 3 and len(line) < 25 or len(words) > 40 or len(line) > 250:
        return False
    if line.endswith(".") and not line.endswith("...") and len(words) > 20 or is_caption(line, rules):
        return False  # a sentence (the lead) or a picture's caption, not the headline
    if len(_MENU_SEPARATORS.findall(line)) >= 2 or line.casefold() in rules.section_words:
        return False
    return not any(line.casefold() == name.casefold() for name, _ in rules.outlet_names())


def is_caption(line: str, rules: Rules) -> bool:
    """A short line that ends with a photo credit, like "... (Photo: VNA)"."""
    if not line or len(line) > 400:
        return False
    return any(pattern.search(line) for pattern in rules.credit_patterns)


def _caption(body: etree._Element, text: str) -> None:
    figure = etree.SubElement(body, "figure")
    etree.SubElement(figure, "figcaption").text = text


# --- both -----------------------------------------------------------------------------------------


def mark_interview_questions(body: etree._Element, rules: Rules) -> None:
    """Mark a paragraph ending in "?" as a question when the next one opens with a speaker's name."""
    paragraphs = [child for child in body if child.tag == "p"]
    for question, answer in itertools.pairwise(paragraphs):
        text = element_text(question)
        if text.endswith("?") and rules.answer_pattern.match(element_text(answer)):
            question.set("class", "question")
