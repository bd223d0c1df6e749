"""The Convention section's pages: settings, URLs, reference links and "In the news" lists."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from newsdesk.content.render_cache import entry_key
from newsdesk.convention.references import (
    Reference,
    ReferencePatterns,
    compile_all,
    link_references,
    mentions,
)
from newsdesk.convention.structure import Structure
from newsdesk.project import plugin_settings

logger = logging.getLogger(__name__)

SETTINGS_KEY = "CONVENTION"
DEFAULTS = {
    # Paths are relative to the project folder (the settings file's), as Pelican's own are.
    "structure": "data/convention/structure.tsv",  # chapters, articles, title status
    "facts": "data/convention/facts.tsv",  # dated facts and sources, the timeline's data
    "glossary": "translations/glossary.tsv",  # the translators' glossary, the glossary page's data
    "hub_url": "convention/",
    "chapter_url": "convention/chapter-{numeral}/",  # {numeral}: lower-case Roman numeral
    "glossary_url": "convention/glossary/",
    "article_anchor": "article-{number}",
    "news_template": "_convention_news.html",  # theme partial for an "In the news" list
    "references": {},  # language code -> patterns; see references.PATTERN_KEYS
}

MentionKey = tuple[str, int | str | None]  # ("article", 25), ("chapter", "V"), ("convention", None)


@dataclass(frozen=True)
class ConventionConfig:
    settings: dict
    patterns: dict[str, ReferencePatterns]

    def __getitem__(self, key: str):
        return self.settings[key]


def read_config(settings: dict) -> ConventionConfig:
    """The CONVENTION settings with defaults filled in; unknown keys are rejected by name."""
    merged = plugin_settings(
        settings, SETTINGS_KEY, DEFAULTS, paths=("structure", "facts", "glossary")
    )
    return ConventionConfig(merged, compile_all(merged["references"]))


def chapter_url(config: ConventionConfig, numeral: str) -> str:
    return config["chapter_url"].format(numeral=numeral.lower())


def article_url(config: ConventionConfig, structure: Structure, number: int) -> str | None:
    chapter = structure.chapter_of(number)
    if chapter is None:
        return None
    return f"{chapter_url(config, chapter.numeral)}#{config['article_anchor'].format(number=number)}"


def url_resolver(config: ConventionConfig, structure: Structure, site_url: str) -> Callable:
    """Reference -> URL in this language's site, or None for an article or chapter that does not exist."""

    def url_for(ref: Reference) -> str | None:
        if ref.kind == "convention":
            path = config["hub_url"]
        elif ref.kind == "chapter":
            path = chapter_url(config, ref.target) if ref.target in structure.chapters else None
        else:
            path = article_url(config, structure, ref.target)
        return None if path is None else f"{site_url}/{path}"

    return url_for


def replace_content(item, html: str) -> None:
    """Give an article or page new HTML, dropping what Pelican remembered of the old one.

    Pelican memoizes an item's rendered content and summary (per item and site URL); anything
    that read them before this plugin ran (the build's headline list does) would keep the old HTML.
    """
    if html == item._content:
        return
    item._content = html
    for method in (item.get_content, item.get_summary):
        for key in [key for key in method.cache if key and key[0] is item]:
            del method.cache[key]


def link_item(
    item, config: ConventionConfig, url_for: Callable, site_url: str, cache=None, context: str = ""
) -> set[MentionKey]:
    """Link the references in one article or page, except to itself; return what it mentions.

    With ``cache`` (newsdesk/content/render_cache.py), the links of a text already linked in an
    earlier build are read from it; ``context`` is a digest of what the links depend on besides
    the text (the settings, the structure table, the site's URL).
    """
    patterns = config.patterns.get(item.lang)
    if patterns is None:
        logger.debug("%s: no reference patterns for language %r", item.source_path, item.lang)
        return set()
    own_url = f"{site_url}/{item.url}"

    def url_or_self(ref: Reference) -> str | None:
        url = url_for(ref)
        return "" if url == own_url else url

    def link():
        html, references, unknown = link_references(item._content, patterns, url_or_self)
        # None: unchanged. A linked text is kept as UTF-8 bytes, not as the item's text: CPython
        # keeps a text's UTF-8 form beside it once pickle has written it, for as long as it lives.
        return (None if html == item._content else html.encode()), references, unknown

    if cache is None:
        html, references, unknown = link()
    else:
        key = entry_key("links", context, item.lang, own_url, item._content)
        html, references, unknown = cache.get_or_compute(key, link)
    html = item._content if html is None else html.decode()
    replace_content(item, html)
    for text in unknown:
        logger.warning("%s: %r is not in the Convention; not linked", item.source_path, text)
    return mentions(references)


def news_index(articles: Iterable, structure: Structure, mentioned: dict) -> dict[MentionKey, list]:
    """Mention key -> news articles, newest first; a chapter also gathers its articles' news."""
    index: dict[MentionKey, list] = defaultdict(list)
    for article in articles:
        keys = set(mentioned.get(id(article), ()))
        for kind, target in list(keys):
            if kind == "article" and target in structure.articles:
                keys.add(("chapter", structure.articles[target].chapter))
            if kind in ("article", "chapter"):
                keys.add(("convention", None))
        for key in keys:
            index[key].append(article)
    for listed in index.values():
        listed.sort(key=lambda article: article.date, reverse=True)
    return index


def insert_after_sections(html: str, fragments: dict[str, str]) -> str:
    """Put each HTML fragment at the end of the section that starts at the heading with that id."""
    if not fragments:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for anchor, fragment in fragments.items():
        heading = soup.find(id=anchor)
        if heading is None:
            logger.warning("no heading with id %r for its news list", anchor)
            continue
        end = heading
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h1", "h2") or (sibling.name == heading.name):
                break
            end = sibling
        end.insert_after(BeautifulSoup(fragment, "html.parser"))
    return str(soup)


def glossary_languages(path: Path) -> list[str]:
    """The language of each term column of the glossary table: its header, up to "note"."""
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
    return header[: header.index("note")] if "note" in header else header


def mark_term_languages(html: str, languages: list[str], page_language: str) -> str:
    """Give each glossary cell in another language than the page's its ``lang``, for screen readers."""
    soup = BeautifulSoup(html, "html.parser")
    for row in body_rows(soup):
        for cell, language in zip(row.find_all("td"), languages):
            if language != page_language:
                cell["lang"] = language
    return str(soup)


def body_rows(soup: BeautifulSoup) -> list:
    """The rows of the tables' bodies (CSS ``table tbody tr``), in document order.

    Found by name rather than by a CSS selector: a process's first selector costs soupsieve
    about 0.15 s to compile its patterns, in every language's run."""
    return [
        row
        for row in soup.find_all("tr")
        if any(parent.name == "tbody" and parent.find_parent("table") for parent in row.parents)
    ]


def annotate_convention_pages(pages: Iterable, config, structure, index, render: Callable) -> None:
    """Give the hub and each chapter page its news list; put each article's list in its section."""
    chapters_by_url = {chapter_url(config, numeral): numeral for numeral in structure.chapters}
    for page in pages:
        if page.url == config["glossary_url"]:
            languages = glossary_languages(Path(config["glossary"]))
            replace_content(page, mark_term_languages(page._content, languages, page.lang))
        if page.url == config["hub_url"]:
            page.convention_news = index.get(("convention", None), [])
        numeral = chapters_by_url.get(page.url)
        if numeral is None:
            continue
        page.convention_news = index.get(("chapter", numeral), [])
        fragments = {
            config["article_anchor"].format(number=article.number): render(news, 3)
            for article in structure.chapters[numeral].articles
            if (news := index.get(("article", article.number)))
        }
        replace_content(page, insert_after_sections(page._content, fragments))




def is_article_id(value: str | None) -> bool:
    """An element id of the form the chapter pages give an article's heading (CSS ``[id^=article-]``)."""
    return value is not None and value.startswith("article-")


def article_headings(pages: Iterable) -> dict[int, str]:
    """Article number -> its heading on the chapter pages, in this run's language."""
    headings: dict[int, str] = {}
    for page in pages:
        soup = BeautifulSoup(page._content or "", "html.parser")
        for heading in soup.find_all(id=is_article_id):
            number = heading["id"].removeprefix("article-")
            if number.isdigit():
                headings[int(number)] = heading.get_text(" ", strip=True)
    return headings


def cited_articles(
    keys: Iterable[MentionKey], headings: dict[int, str], path_for: Callable[[int], str | None]
) -> list[dict]:
    """The Convention articles a news article cites, in the Convention's order.

    Each is ``{"url": path within the language's site, "title": its heading}``.
    """
    cited = []
    for number in sorted(target for kind, target in keys if kind == "article"):
        path = path_for(number)
        if path and number in headings:
            cited.append({"url": path, "title": headings[number]})
    return cited
