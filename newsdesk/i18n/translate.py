"""Render a Markdown source in another language from its catalogue, block by block.

Plain functions over text and catalogues, usable without Pelican: the reader calls them, and so
can a test. A translated block replaces its source text before inline Markdown is rendered; an
untranslated, outdated (fuzzy) or rejected one keeps the source text, marked with the source's
``lang`` so that screen readers and search read it right.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

import lxml.html
from babel.messages.catalog import Catalog

from newsdesk.content.document import BlockText, convert, converter, fold_whitespace
from newsdesk.errors import Problem
from newsdesk.i18n.catalogues import translated_percent
from newsdesk.i18n.checks import check_translation, sanitise

logger = logging.getLogger(__name__)

TRANSLATED, OUTDATED, UNTRANSLATED = "translated", "outdated", "untranslated"
# Class on a block shown in the source language instead of the reader's.
FALLBACK_CLASS = {OUTDATED: "i18n-outdated", UNTRANSLATED: "i18n-untranslated"}
BLOCK_NUMBER = "data-i18n-block"  # pairs blocks for the side-by-side view; dropped from pages
# Block-level children that are blocks of their own in the side-by-side view.
NESTED_BLOCKS = ["ul", "ol", "p", "div", "table", "blockquote", "figure", "pre", "dl"]


@dataclass(frozen=True)
class BlockPair:
    """One block of the side-by-side view: the source beside its translation."""

    tag: str
    source_html: str
    translation_html: str
    status: str


@dataclass(frozen=True)
class TranslationState:
    """What a reader gets of a document in one language: how much is translated, and how well."""

    source_lang: str
    lang: str
    catalogue: str = ""
    translated: int = 0
    outdated: int = 0
    untranslated: int = 0
    problems: tuple[Problem, ...] = ()
    fallback_fields: frozenset[str] = frozenset()  # metadata shown in the source language
    # The side-by-side view, source beside ``pair_lang``: BlockPairs, or a reference that reads
    # them when the view renders (newsdesk.content.render_cache.StoredPairs).
    pairs: Collection[BlockPair] = ()
    pair_lang: str = ""

    @property
    def is_translation(self) -> bool:
        return self.lang != self.source_lang

    @property
    def total(self) -> int:
        return self.translated + self.outdated + self.untranslated

    @property
    def percent(self) -> int:
        """The share of messages translated, as `newsdesk i18n stats` gives it."""
        return translated_percent(self.translated, self.total)

    @property
    def status(self) -> str:
        """complete, outdated (some translation is fuzzy) or partial (some block untranslated)."""
        if not self.is_translation:
            return "source"
        if self.outdated:
            return "outdated"
        if self.untranslated:
            return "partial"
        return "complete"


@dataclass
class Translator:
    """Looks up the translation of each message of one document in one catalogue."""

    catalog: Catalog
    catalogue_path: str
    source_lang: str
    markdown_settings: dict
    # Each distinct message once, as its catalogue holds it: a summary that repeats the lead
    # paragraph is one message, as `newsdesk i18n stats` counts it.
    results: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self):
        self._check_md, _ = converter(self.markdown_settings, meta=False)

    @property
    def counts(self) -> dict[str, int]:
        """How many distinct messages have each status."""
        counts = {TRANSLATED: 0, OUTDATED: 0, UNTRANSLATED: 0}
        for _, status in self.results.values():
            counts[status] += 1
        return counts

    def translate(self, message: str) -> tuple[str, str]:
        """The text to show for ``message`` and its status; never an unchecked translation."""
        if message not in self.results:
            self.results[message] = self._translate(message)
        return self.results[message]

    def _translate(self, message: str) -> tuple[str, str]:
        entry = self.catalog.get(message)
        if entry is None or not entry.string:
            status = UNTRANSLATED
        elif entry.fuzzy:
            status = OUTDATED
        else:
            problems = check_translation(self._check_md, message, entry.string)
            for problem in problems:
                self.problems.append(Problem(self.catalogue_path, entry.lineno, problem))
            status = UNTRANSLATED if problems else TRANSLATED
        text = entry.string if status == TRANSLATED else message
        return text, status


def _mark(element: Element, status: str, source_lang: str) -> None:
    if status in FALLBACK_CLASS:
        element.set("lang", source_lang)
        classes = [element.get("class", ""), FALLBACK_CLASS[status]]
        element.set("class", " ".join(c for c in classes if c))


def render_blocks(
    text: str, markdown_settings: dict, translator: Translator | None
) -> tuple[str, dict]:
    """Render a whole Markdown source, numbering its blocks and translating them if asked.

    Returns the HTML (blocks carry ``data-i18n-block``) and the metadata the header holds.
    """
    number = 0
    source_lang = translator.source_lang if translator else ""

    def visit(element: Element, block: BlockText) -> str | None:
        nonlocal number
        number += 1
        element.set(BLOCK_NUMBER, str(number))
        if translator is None:
            return None
        translation, status = translator.translate(block.message)
        element.set(BLOCK_NUMBER + "-status", status)
        _mark(element, status, source_lang)
        return block.with_message(translation)

    return convert(text, markdown_settings, visit)


# The block numbers inside start tags (code shows "<" as "&lt;", so none is matched in text).
NUMBER_ATTRIBUTE = re.compile(f'(<[A-Za-z][^<>]*?) {BLOCK_NUMBER}="[0-9]+"')


def strip_block_numbers(html: str) -> str:
    """The HTML of ``render_blocks`` without a translator, as the page shows it."""
    return NUMBER_ATTRIBUTE.sub(r"\1", html)


def translate_fields(meta: dict, translator: Translator) -> tuple[dict, set[str]]:
    """Title and summary in the target language; returns new metadata and the fields left as is."""
    translated = dict(meta)
    fallback = set()
    for name in ("title", "summary"):
        if meta.get(name):
            source = fold_whitespace("\n".join(meta[name]))
            text, status = translator.translate(source)
            translated[name] = [text]
            if status != TRANSLATED:
                fallback.add(name)
    return translated, fallback


def _numbered_blocks(html: str) -> list:
    """The elements of rendered HTML that carry a block number, in document order."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [element for element in root.iter() if element.get(BLOCK_NUMBER) is not None]


def _own_content(element) -> str:
    """The element's inline content without the nested blocks that are paired on their own."""
    parts = [escape(element.text or "", quote=False)]
    for child in element:
        if child.tag in NESTED_BLOCKS:
            parts.append(escape(child.tail or "", quote=False))
        else:
            parts.append(lxml.html.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts).strip()


def pair_blocks(source_html: str, translation_html: str) -> tuple[BlockPair, ...]:
    """Align two renderings of one source by block number."""
    translated = {block.get(BLOCK_NUMBER): block for block in _numbered_blocks(translation_html)}
    pairs = []
    for element in _numbered_blocks(source_html):
        other = translated.get(element.get(BLOCK_NUMBER))
        if other is None:
            continue
        status = other.get(BLOCK_NUMBER + "-status", UNTRANSLATED)
        pairs.append(
            BlockPair(
                element.tag,
                sanitise(_own_content(element)),
                sanitise(_own_content(other)),
                status,
            )
        )
    return tuple(pairs)


# A link or image address in HTML that nh3 wrote (attribute values always in double quotes).
ADDRESS_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
ABSOLUTE_ADDRESS = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/)")


def rebase_addresses(html: str, page_url: str, site_url: str) -> str:
    """The HTML of a page's blocks with its relative addresses made absolute, so that they lead
    to the same places from another address (the side-by-side view): "../chapter-ii/" on page
    "convention/chapter-i/" becomes "SITEURL/convention/chapter-ii/", "#article-5" the page's own
    anchor."""

    def rebase(match: re.Match) -> str:
        address = match.group(2)
        if not address or ABSOLUTE_ADDRESS.match(address):
            return match.group(0)
        return f"{match.group(1)}{site_url}{urljoin('/' + page_url, address)}{match.group(3)}"

    return ADDRESS_ATTRIBUTE.sub(rebase, html)


def translate_document(
    text: str,
    markdown_settings: dict,
    catalog: Catalog,
    catalogue_path: str,
    source_lang: str,
    lang: str,
) -> tuple[str, dict, TranslationState, str]:
    """Render ``text`` in ``lang`` from ``catalog``.

    Returns the sanitised HTML, the translated header metadata, the document's state, and the
    numbered (unsanitised) HTML for the side-by-side view.
    """
    translator = Translator(catalog, catalogue_path, source_lang, markdown_settings)
    numbered, meta = render_blocks(text, markdown_settings, translator)
    meta, fallback = translate_fields(meta, translator)
    state = TranslationState(
        source_lang=source_lang,
        lang=lang,
        catalogue=catalogue_path,
        translated=translator.counts[TRANSLATED],
        outdated=translator.counts[OUTDATED],
        untranslated=translator.counts[UNTRANSLATED],
        problems=tuple(translator.problems),
        fallback_fields=frozenset(fallback),
    )
    return sanitise(numbered), meta, state, numbered
