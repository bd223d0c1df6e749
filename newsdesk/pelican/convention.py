"""Pelican plugin: the Convention section's cross-reference links and "In the news" lists."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pelican import signals

from newsdesk.content import render_cache
from newsdesk.convention.section import (
    annotate_convention_pages,
    article_headings,
    article_url,
    cited_articles,
    link_item,
    news_index,
    read_config,
    url_resolver,
)
from newsdesk.convention.structure import read_structure

logger = logging.getLogger(__name__)

LINKS_FILE = "convention-links.pickle"  # in the run's CACHE_PATH

def link_and_list(generators) -> None:
    """After every article and page is read: link references, then build the news lists."""
    pages_generator = next((g for g in generators if hasattr(g, "hidden_pages")), None)
    articles_generator = next((g for g in generators if hasattr(g, "dates")), None)
    if pages_generator is None:
        return
    settings = pages_generator.settings
    config = read_config(settings)
    structure = read_structure(Path(config["structure"]))
    site_url = settings.get("SITEURL", "")
    url_for = url_resolver(config, structure, site_url)
    articles = list(getattr(articles_generator, "articles", []))
    pages = [*pages_generator.pages, *pages_generator.hidden_pages]
    # The links of each text, kept from the language's previous run (one file: most texts have none).
    cache = render_cache.run_results(settings, LINKS_FILE)
    context = links_context(settings, Path(config["structure"]), site_url)
    mentioned = {
        id(article): link_item(article, config, url_for, site_url, cache, context)
        for article in articles
    }
    for page in pages:
        link_item(page, config, url_for, site_url, cache, context)
    index = news_index(articles, structure, mentioned)
    headings = article_headings(pages)
    for article in articles:
        article.convention_refs = cited_articles(
            mentioned[id(article)], headings, lambda number: article_url(config, structure, number)
        )
    template = pages_generator.env.get_template(config["news_template"])

    def render(news: list, level: int) -> str:
        return template.render(news=news, level=level, SITEURL=site_url)

    annotate_convention_pages(pages, config, structure, index, render)
    cache.save()
def links_context(settings: dict, structure: Path, site_url: str) -> str:
    """A digest of what the links in a text depend on besides the text."""
    return render_cache.entry_key(
        "links-context",
        json.dumps(settings.get("CONVENTION"), sort_keys=True, default=repr),
        structure.read_bytes(),
        site_url,
    )


def check_settings(pelican) -> None:
    """Fail at start-up on a wrong CONVENTION setting, before any content is read."""
    read_config(pelican.settings)
def register() -> None:
    handlers = {
        signals.initialized: check_settings,
        signals.all_generators_finalized: link_and_list,
    }
    for signal, handler in handlers.items():
        signal.connect(handler)
