"""The private Pelican parts newsdesk/pelican/pelican_api.py uses: a Pelican upgrade that
changes them fails here, by name, instead of somewhere in a build."""

from __future__ import annotations

import datetime
import inspect

from pelican.contents import Article, Content, Static
from pelican.settings import DEFAULT_CONFIG

from newsdesk.pelican.pelican_api import resolve_links


def test_pelican_still_has_the_link_resolver_the_views_use():
    assert hasattr(Content, "_update_content"), "Pelican renamed Content._update_content"
    assert list(inspect.signature(Content._update_content).parameters) == [
        "self",
        "content",
        "siteurl",
    ]


def test_resolve_links_resolves_static_addresses():
    settings = dict(DEFAULT_CONFIG, PATH="/site/content", SITEURL="/vi")
    static = Static("", settings=settings, source_path="/site/content/images/x/photo.png",
                    metadata={"save_as": "images/x/photo.png", "url": "images/x/photo.png"})  # fmt: skip
    context = {"static_content": {"images/x/photo.png": static}, "generated_content": {},
               "static_links": set(), "localsiteurl": "/vi", "filenames": {}}  # fmt: skip
    article = Article(
        "",
        metadata={"title": "T", "date": datetime.datetime(2025, 10, 1), "slug": "t"},
        settings=settings,
        source_path="/site/content/articles/t.md",
        context=context,
    )
    html = resolve_links(article, '<img alt="a" src="{static}/images/x/photo.png">')
    assert html == '<img alt="a" src="/vi/images/x/photo.png">'
