"""What a page says about itself: JSON-LD, Open Graph and ``article:*``, named meta tags, microdata,
``<time>``, the canonical link, the language it declares and the site name in its title.

Each place gives its own findings (``ld_headline``, ``og_title``, ``meta_published``, ...); the
metadata stage weighs them in the order of trust that its docstring documents. Nothing here is
outlet-specific.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

logger = logging.getLogger(__name__)

# JSON-LD types that describe the article itself, best first; WebPage is taken only without them.
_ARTICLE_TYPES = (
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "article",
    "blogposting",
    "report",
    "scholarlyarticle",
    "webpage",
)
# <meta property|name|itemprop=KEY content=...> -> finding
_META_KEYS = {
    "og:title": "og_title",
    "twitter:title": "og_title",
    "og:url": "og_url",
    "og:site_name": "site_name",
    "og:locale": "og_locale",
    "application-name": "app_name",
    "apple-mobile-web-app-title": "app_name",
    "article:published_time": "meta_published",
    "og:article:published_time": "meta_published",
    "article:published": "meta_published",
    "pubdate": "meta_published",
    "publishdate": "meta_published",
    "publish-date": "meta_published",
    "publish_date": "meta_published",
    "dc.date.issued": "meta_published",
    "dc.date": "meta_published",
    "dcterms.date": "meta_published",
    "sailthru.date": "meta_published",
    "og:published_time": "meta_published",
    "article:published_date": "meta_published",
    "article:publish_date": "meta_published",
    "dc.date.created": "meta_published",
    "dcterms.created": "meta_published",
    "dcterms.issued": "meta_published",
    "datecreated": "meta_published",
    "created": "meta_published",
    "published_time": "meta_published",
    "published-date": "meta_published",
    "cxenseparse:recs:publishtime": "meta_published",
    "date.release": "meta_published",
    "citation_publication_date": "meta_published",
    "parsely-pub-date": "meta_published",
    "date": "meta_published",
    "datepublished": "itemprop_published",
    "article:modified_time": "updated",
    "datemodified": "updated",
    "og:description": "description",
    "description": "description",
    "author": "author",
    "article:author": "author",
    "language": "meta_lang",
    "content-language": "meta_lang",
    "dc.language": "meta_lang",
    "publisher": "meta_publisher",
    "article:publisher": "meta_publisher",
}
_PUBLISHED_TIME_HINT = re.compile(r"publish|posted|created|pubdate|date-?time|post-date", re.I)


def read_head(tree: etree._Element) -> dict[str, str]:
    """Every finding the page's markup gives, each under its own key (first occurrence wins)."""
    findings: dict[str, str] = {}
    _read_json_ld(tree, findings)
    for meta in tree.iter("meta"):
        key = (
            meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv") or ""
        ).lower()
        value = (meta.get("content") or "").strip()
        if key in _META_KEYS and value:
            findings.setdefault(_META_KEYS[key], value)
    for element in tree.xpath("//*[@itemprop='datePublished' or @itemprop='dateCreated']"):
        value = element.get("datetime") or element.get("content") or element.text_content()
        if value and value.strip():
            findings.setdefault("itemprop_published", value.strip())
    for element in tree.xpath("//*[@itemprop='headline']"):
        value = element.get("content") or element.text_content()
        if value and value.strip():
            findings.setdefault("itemprop_headline", " ".join(value.split()))
    for element in tree.xpath("//*[@itemprop='publisher']//*[@itemprop='name']"):
        value = element.get("content") or element.text_content()
        if value and value.strip():
            findings.setdefault("itemprop_publisher", " ".join(value.split()))
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href"):
            findings.setdefault("canonical", link.get("href").strip())
    for time in tree.iter("time"):
        value = (time.get("datetime") or "").strip()
        if not value:
            continue
        findings.setdefault("time", value)
        hints = " ".join(
            [time.get("class") or "", time.get("id") or "", time.get("pubdate") or ""]
            + [a.get("class") or "" for a in time.iterancestors() if a.tag != "body"][:2]
        )
        if time.get("pubdate") is not None or _PUBLISHED_TIME_HINT.search(hints):
            findings.setdefault("time_published", value)
    html = tree if tree.tag == "html" else tree.getroottree().getroot()
    lang = html.get("lang") or html.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang and lang.strip():
        findings.setdefault("html_lang", lang.strip())
    title = tree.find(".//title")
    if title is not None and (title.text or "").strip():
        findings["page_title"] = " ".join(title.text.split())
    h1 = tree.find(".//h1")
    if h1 is not None and h1.text_content().strip():
        findings["h1"] = " ".join(h1.text_content().split())
    suffix = title_suffix(findings.get("page_title", ""), findings)
    if suffix:
        findings["title_suffix"] = suffix
    return findings


# What pages wrap a JSON-LD block in so that old browsers skip it.
_CDATA = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")
_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ")


def title_suffix(page_title: str, findings: dict[str, str]) -> str:
    """The site name that ends a ``<title>`` ("Headline - Hanoitimes.vn" gives "Hanoitimes.vn"):
    what follows the headline, or a short last part after a separator."""
    if not page_title:
        return ""
    for known in (findings.get(k, "") for k in ("ld_headline", "og_title", "h1", "itemprop_headline")):
        known = " ".join(known.split())
        if known and page_title.casefold().startswith(known.casefold()) and len(page_title) > len(known):
            rest = page_title[len(known) :].strip()
            for separator in _SEPARATORS:
                if rest.startswith(separator.strip()):
                    rest = rest[len(separator.strip()) :].strip()
                    return rest if 0 < len(rest) <= 60 else ""
    for separator in _SEPARATORS:
        if separator in page_title:
            head, _, last = page_title.rpartition(separator)
            last = last.strip()
            if head and 0 < len(last) <= 40 and len(last.split()) <= 5 and len(head) > len(last):
                return last
    return ""


# --- JSON-LD ------------------------------------------------------------------------------------


def _read_json_ld(tree: etree._Element, findings: dict[str, str]) -> None:
    items = []
    for script in tree.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"):
        text = _CDATA.sub("", (script.text or "")).strip()
        if not text:
            continue
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            # Pages often end a block with a stray comma or hold two objects back to back.
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", text), strict=False)
            except ValueError:
                logger.debug("unreadable JSON-LD block skipped")
                continue
        items.extend(_objects(data))
    ranked = [
        (_ARTICLE_TYPES.index(kind), index, item)
        for index, item in enumerate(items)
        for kind in [_kind(item)]
        if kind in _ARTICLE_TYPES
    ]
    ranked.sort(key=lambda entry: entry[:2])
    for _, _, item in ranked:
        _take(findings, "ld_headline", item.get("headline") or item.get("name"))
        _take(findings, "ld_published", item.get("datePublished") or item.get("dateCreated"))
        _take(findings, "ld_updated", item.get("dateModified"))
        _take(findings, "ld_publisher", _name(item.get("publisher")))
        _take(findings, "ld_author", _name(item.get("author")))
        _take(findings, "ld_lang", _name(item.get("inLanguage")))
        _take(findings, "ld_url", _name(item.get("url")) or _id(item.get("mainEntityOfPage")))
        _take(findings, "ld_description", item.get("description"))
    for item in items:  # the site itself, for its name
        if _kind(item) in ("website", "organization", "newsmediaorganization"):
            _take(findings, "ld_site_name", _name(item))


def _objects(data: Any) -> Iterator[dict]:
    if isinstance(data, list):
        for entry in data:
            yield from _objects(entry)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _objects(data["@graph"])
        if "@type" in data:
            yield data


def _kind(item: dict) -> str:
    kind = item.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    names = [str(k).rsplit("/", 1)[-1].casefold() for k in kinds]
    for preferred in _ARTICLE_TYPES:
        if preferred in names:
            return preferred
    return names[0] if names else ""


def _name(value: Any) -> str:
    if isinstance(value, list):
        names = [_name(v) for v in value]
        return next((n for n in names if n), "")
    if isinstance(value, dict):
        return _name(value.get("name") or value.get("@value") or "")
    if isinstance(value, str):
        return value
    return ""


def _id(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("@id") or value.get("url") or "")
    return value if isinstance(value, str) else ""


def _take(findings: dict[str, str], key: str, value: Any) -> None:
    if isinstance(value, str) and value.strip():
        findings.setdefault(key, " ".join(value.split()))
