"""Reading time, previous/next and related articles, set on each article of a language's run.

Every run builds one language (the multilang plugin keeps only that language's articles),
so neighbours and related articles are always in the reader's language.

Attributes set on each article, for the theme:
  ``reading_minutes``   whole minutes, at least 1
  ``previous_article``  the next older article, or None
  ``next_article``      the next newer article, or None
  ``related_articles``  articles sharing the most tags, newest first among equals

The theme's JSON (JSON-LD on article pages, the manifest) is written with letters as they
are, not as \\u escapes.

Other plugins may set ``convention_refs`` on an article (Convention pages it cites, each
with ``url`` and ``title``); the theme lists them beside the related articles.
"""

from __future__ import annotations

import heapq
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from html import unescape
from itertools import chain

from pelican import signals
from pelican.generators import ArticlesGenerator

from newsdesk.content.render_cache import RunResults, entry_key, run_results
from newsdesk.errors import ConfigError
from newsdesk.project import plugin_settings

logger = logging.getLogger(__name__)

SETTINGS_KEY = "ARTICLE_EXTRAS"
DEFAULTS = {
    "words_per_minute": 200,  # a calm reading pace; Vietnamese counts syllables, much the same
    "related_articles": 3,  # at most this many related articles per page
}

WORD = re.compile(r"\w+")


class ArticleExtrasConfigError(ConfigError):
    """The ARTICLE_EXTRAS settings are wrong."""


def read_config(settings: dict) -> dict:
    """Return the ARTICLE_EXTRAS settings with defaults filled in; reject unknown keys."""
    config = plugin_settings(settings, SETTINGS_KEY, DEFAULTS, ArticleExtrasConfigError)
    for key, value in config.items():
        if not isinstance(value, int) or value < 1:
            raise ArticleExtrasConfigError(f"{SETTINGS_KEY}[{key!r}] must be a whole number >= 1")
    return config


# Rendered Markdown: tags, with scripts and styles (whose text nobody reads) taken whole.
MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.DOTALL | re.IGNORECASE)


def word_count(html: str) -> int:
    """Words a reader reads in rendered HTML (markup, scripts and styles aside)."""
    return len(WORD.findall(unescape(MARKUP.sub(" ", html))))


WORDS_FILE = "word-counts.pickle"  # in the run's CACHE_PATH


def reading_minutes(html: str, words_per_minute: int, kept: RunResults | None = None) -> int:
    """Minutes to read ``html``; with ``kept``, its words as the language's previous run counted
    them when it counted the same text (a rebuild counts only the edited article)."""
    if kept is None:
        words = word_count(html)
    else:
        words = kept.get_or_compute(entry_key("words", html), lambda: word_count(html))
    return max(1, round(words / words_per_minute))


def _tag_names(article) -> set[str]:
    return {str(tag) for tag in getattr(article, "tags", None) or ()}


def _newest_first(article):
    return (article.date, article.slug)


def neighbours(articles: Sequence) -> dict[int, tuple[object | None, object | None]]:
    """(older, newer) of each article, by ``id()``, in date order."""
    ordered = sorted(articles, key=_newest_first)
    found = {}
    for index, article in enumerate(ordered):
        older = ordered[index - 1] if index > 0 else None
        newer = ordered[index + 1] if index + 1 < len(ordered) else None
        found[id(article)] = (older, newer)
    return found


def related(article, articles: Sequence, limit: int) -> list:
    """Other articles sharing tags with ``article``: most shared tags first, then newest."""
    return related_all(articles, limit).get(id(article), [])


def related_all(articles: Sequence, limit: int) -> dict[int, list]:
    """The related articles of every article, by ``id()``.

    Shared tags are counted through an index of each tag's articles, and the candidates are
    ranked one tier of shared tags at a time, from the most shared, until ``limit`` are found:
    the cost follows the articles that share tags, never the square of the site.
    """
    tag_sets = {id(article): _tag_names(article) for article in articles}
    by_id = {id(article): article for article in articles}
    by_tag: dict[str, list[int]] = defaultdict(list)
    for article in articles:
        for tag in tag_sets[id(article)]:
            by_tag[tag].append(id(article))
    order = {key: _newest_first(article) for key, article in by_id.items()}
    found = {}
    for article in articles:
        shared = Counter(chain.from_iterable(by_tag[tag] for tag in tag_sets[id(article)]))
        shared.pop(id(article), None)
        tiers: dict[int, list[int]] = defaultdict(list)
        for key, count in shared.items():
            tiers[count].append(key)
        chosen: list = []
        for tier in sorted(tiers, reverse=True):
            wanted = limit - len(chosen)
            if wanted <= 0:
                break
            chosen.extend(by_id[key] for key in heapq.nlargest(wanted, tiers[tier], key=order.__getitem__))
        found[id(article)] = chosen
    return found


RELATED_FILE = "related-articles.pickle"  # in the run's CACHE_PATH


def related_key(articles: Sequence, limit: int) -> str:
    """A digest of everything ``related_all`` reads: each article's slug, date and tags, in order."""
    fields = [[article.slug, article.date.isoformat(), sorted(_tag_names(article))] for article in articles]
    return entry_key("related-articles", str(limit), json.dumps(fields, ensure_ascii=False))


def related_kept(articles: Sequence, limit: int, kept: RunResults) -> dict[int, list]:
    """``related_all``, taken from the language's previous run when no article's slug, date or
    tags changed and none came or went (an edit of a body, a title or a summary): the ranking
    looks at every article sharing a tag, so it grows faster than the site."""

    def positions() -> list[list[int]]:
        found = related_all(articles, limit)
        where = {id(article): number for number, article in enumerate(articles)}
        return [[where[id(other)] for other in found[id(article)]] for article in articles]

    chosen = kept.get_or_compute(related_key(articles, limit), positions)
    return {id(article): [articles[n] for n in chosen[number]] for number, article in enumerate(articles)}


def check_settings(pelican) -> None:
    read_config(pelican.settings)


def add_reading_aids(generators) -> None:
    """Set the reading aids once every generator has its context.

    Not earlier: reading an article's content resolves its ``{static}`` links, which needs the
    static files, found after the articles (Pelican would warn and keep the link as written).
    """
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            add_article_aids(generator)


def add_article_aids(generator) -> None:
    config = read_config(generator.settings)
    articles = list(generator.articles)
    around = neighbours(articles)
    kept = run_results(generator.settings, RELATED_FILE)
    related_articles = related_kept(articles, config["related_articles"], kept)
    kept.save()
    counts = run_results(generator.settings, WORDS_FILE)
    for article in articles:
        # Reading the content resolves its links (and warns of those it cannot) every run.
        article.reading_minutes = reading_minutes(article.content, config["words_per_minute"], counts)
        article.previous_article, article.next_article = around[id(article)]
        article.related_articles = related_articles[id(article)]
    counts.save()


def write_json_as_text(generator) -> None:
    """Let ``|tojson`` (JSON-LD, the manifest) write Vietnamese as letters, not \\u escapes.

    Jinja still escapes ``<``, ``>``, ``&`` and ``'``, so the JSON stays safe inside HTML.
    """
    generator.env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}


def register() -> None:
    handlers = {
        signals.initialized: check_settings,
        signals.generator_init: write_json_as_text,
        signals.all_generators_finalized: add_reading_aids,
    }
    for signal, handler in handlers.items():
        signal.connect(handler)
