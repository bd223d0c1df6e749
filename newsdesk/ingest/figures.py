"""Stage 2, pictures: each picture of an HTML page with its caption, whatever markup holds them.

A picture is a ``<figure>`` or another holder of ``outlets.toml`` ``figure_selectors`` (WordPress
``wp-caption``, CMS tables, ...), or an ``<img>`` alone in its block. Its caption is the holder's
caption element (``figcaption``, ``wp-caption-text``, ...), else the caption paragraph right after
it (a caption class, a paragraph all in italics, or a "Photo:"/"Ảnh:" credit line); a credit line
after a caption joins it.
What is not the article's picture is left out: logos, icons, trackers, share buttons and
advertisements (``picture_words`` in boilerplate.toml, or a width or height of 1 or 2 pixels).
Each picture is replaced by a paragraph holding a marker and its caption, which the extractor keeps
where it keeps text; the extract stage turns it back into the picture.
"""

from __future__ import annotations

import functools
import logging
import re

from cssselect import GenericTranslator, SelectorError
from lxml import etree

from newsdesk.errors import ConfigError
from newsdesk.ingest.rules import Rules

logger = logging.getLogger(__name__)

# Opens and closes the number of a picture in the paragraph that stands for it in an HTML page.
FIGURE_MARK = "\ufffc"
_BLOCKS = frozenset(["p", "div", "figure", "center", "section", "td", "a", "span", "picture"])


_SIMPLE = re.compile(r"(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+))?", re.IGNORECASE)


def select(tree: etree._Element, selectors: tuple[str, ...]) -> list[etree._Element]:
    """The elements that match any of the CSS ``selectors``, in document order (a bad selector is
    a ConfigError)."""
    if not selectors:
        return []
    simple, xpath = _compiled(selectors)
    found = set(xpath(tree)) if xpath is not None else set()
    if simple:
        for element in tree.iter(etree.Element):
            tag = element.tag
            classes = (element.get("class") or "").split()
            ident = element.get("id")
            if (
                (tag, None, None) in simple
                or any((None, c, None) in simple or (tag, c, None) in simple for c in classes)
                or ident is not None and ((None, None, ident) in simple or (tag, None, ident) in simple)
            ):
                found.add(element)
    return [element for element in tree.iter(etree.Element) if element in found] if found else []


@functools.lru_cache(maxsize=32)
def _compiled(selectors: tuple[str, ...]) -> tuple[frozenset, etree.XPath | None]:
    # Selectors of one tag, class or id are matched in one walk over the page; the others go
    # into one XPath expression.
    simple, parts = set(), []
    for selector in selectors:
        match = _SIMPLE.fullmatch(selector.strip())
        if match and any(match.groups()):
            simple.add((match["tag"] and match["tag"].lower(), match["cls"], match["id"]))
            continue
        try:
            parts.append(GenericTranslator().css_to_xpath(selector))
        except SelectorError as error:
            raise ConfigError(f"bad selector {selector!r} in outlet patterns: {error}") from None
    return frozenset(simple), etree.XPath(" | ".join(parts)) if parts else None


def normalise_figures(tree: etree._Element, rules: Rules, figures: list[dict[str, str]]) -> None:
    """Replace each picture of ``tree`` by a marked paragraph; its src, alt and caption go to
    ``figures`` (the marker holds the index)."""
    caption_xpaths = [
        GenericTranslator().css_to_xpath(s, prefix="descendant-or-self::") for s in rules.caption_selectors
    ]
    for holder in select(tree, rules.figure_selectors):
        if holder.getparent() is None or not holder.xpath(".//img"):
            continue
        images = [image for image in holder.xpath(".//img") if not is_furniture(image, rules)]
        if not images:
            holder.drop_tree()
            continue
        captions = [c for xp in caption_xpaths for c in holder.xpath(xp) if c is not holder]
        caption = " ".join(" ".join(c.text_content().split()) for c in captions[:1])
        _replace(holder, images[0], caption, rules, figures)
    for image in tree.xpath("//body//img"):
        if image.getparent() is None:
            continue
        if is_furniture(image, rules):
            image.drop_tree()
            continue
        holder = _alone_in(image)
        if holder is None:
            continue  # a picture inside a sentence: left to the extractor
        caption = ""
        following = _next_block(holder)
        if following is not None and (
            _matches(following, caption_xpaths)
            or is_credit_line(_text(following), rules)
            or _is_emphasised_line(following)
        ):
            caption = _text(following)
            following.drop_tree()
        _replace(holder, image, caption, rules, figures)


def is_furniture(image: etree._Element, rules: Rules) -> bool:
    """Whether the picture is page furniture: a logo, icon, tracker, share button or advert."""
    for size in (image.get("width"), image.get("height")):
        if size and size.strip().rstrip("px").isdigit() and int(size.strip().rstrip("px")) <= 2:
            return True
    # A photo's file name may hold any word ("social-media-forum.jpg"): only the words that name
    # furniture alone count there; a class or id names what the picture is for.
    file_name = (image.get("src") or "").rsplit("/", 1)[-1].casefold()
    if any(word in rules.picture_file_words for word in re.split(r"[^a-z0-9]+", file_name)):
        return True
    names = [image.get("class") or "", image.get("id") or ""]
    for ancestor in image.iterancestors():
        if ancestor.tag in ("body", "html", "article", "main"):
            break
        names += [ancestor.get("class") or "", ancestor.get("id") or ""]
        if ancestor.tag == "a" and re.search(r"share|sharer|intent/tweet", ancestor.get("href") or "", re.I):
            return True
    words = re.split(r"[^a-z0-9]+", " ".join(names).casefold())
    return any(word in rules.picture_words for word in words)


def is_credit_line(text: str, rules: Rules) -> bool:
    """A short line that only credits a picture: "Photo: VNA", "Ảnh: Minh Đức"."""
    return bool(text) and len(text) <= 80 and bool(rules.credit_line_pattern.fullmatch(text))


def _replace(
    holder: etree._Element, image: etree._Element, caption: str, rules: Rules, figures: list[dict[str, str]]
) -> None:
    following = _next_block(holder)
    if following is not None and is_credit_line(_text(following), rules) and _text(following) not in caption:
        caption = f"{caption} {_text(following)}".strip()
        following.drop_tree()
    figures.append(
        {
            "src": image.get("src") or image.get("data-src") or image.get("data-original") or "",
            "alt": " ".join((image.get("alt") or "").split()),
            "caption": caption,
        }
    )
    marker = etree.Element("p")
    marker.text = f"{FIGURE_MARK}{len(figures) - 1}{FIGURE_MARK} {caption}"
    marker.tail = holder.tail
    holder.getparent().replace(holder, marker)


def _alone_in(image: etree._Element) -> etree._Element | None:
    """The outermost block that holds the picture and no text of its own (None when the picture
    stands inside text)."""
    holder = image
    while holder.getparent() is not None and holder.getparent().tag in _BLOCKS:
        parent = holder.getparent()
        if _text(parent) or len(parent.xpath(".//img")) > 1:
            break
        holder = parent
    parent = image.getparent()
    if holder is image and parent is not None and parent.tag not in ("body", "div", "article", "section", "main"):
        return None
    return holder


def _is_emphasised_line(element: etree._Element) -> bool:
    """A short paragraph all in italics, as publishing systems write a caption under a picture."""
    text = _text(element)
    if element.tag != "p" or not text or len(text) > 300 or (element.text or "").strip():
        return False
    children = [child for child in element if isinstance(child.tag, str)]
    return (
        len(children) == 1
        and children[0].tag in ("em", "i")
        and not (children[0].tail or "").strip()
        and _text(children[0]) == text
    )


def _next_block(element: etree._Element) -> etree._Element | None:
    if (element.tail or "").strip():
        return None
    following = element.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    return following


def _matches(element: etree._Element, xpaths: list[str]) -> bool:
    return any(element in element.xpath(xp) for xp in xpaths)


def _text(element: etree._Element) -> str:
    return " ".join(element.text_content().split())
