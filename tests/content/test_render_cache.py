"""The render cache: each document rendered once for every language's run, never served stale."""

from __future__ import annotations

import textwrap
from pathlib import Path

from babel.messages.catalog import Catalog

from newsdesk.content import render_cache
from newsdesk.i18n.catalogues import content_catalogue_path, render_catalogue
from newsdesk.i18n.translate import render_blocks

SOURCE = textwrap.dedent(
    """\
    Title: A title
    Lang: en
    Slug: doc

    A first paragraph.

    A second paragraph.
    """
)
MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"}
LANGUAGES = {"languages": ("en", "vi"), "default": "en"}


def write_catalogue(translations: Path, second: str) -> Path:
    catalog = Catalog(locale="vi")
    catalog.add("A first paragraph.", "Đoạn thứ nhất.")
    catalog.add("A second paragraph.", second)
    path = content_catalogue_path(translations, "vi", "doc")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_catalogue(catalog))
    return path


def make_site(tmp_path: Path, second: str = "Đoạn thứ hai.") -> dict:
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "content" / "articles" / "doc.md").write_text(SOURCE, encoding="utf-8")
    write_catalogue(tmp_path / "translations", second)
    return {
        "PATH": str(tmp_path / "content"),
        "ARTICLE_PATHS": ["articles"],
        "PAGE_PATHS": [],
        "IGNORE_FILES": [],
        "MARKDOWN": MARKDOWN,
    }


def translated(cache: render_cache.RenderCache, translations: Path) -> str:
    catalogues = {"vi": content_catalogue_path(translations, "vi", "doc")}
    document = render_cache.renderings(cache, SOURCE, MARKDOWN, "en", catalogues)
    return document.translations["vi"][0]


def test_an_edited_catalogue_is_rendered_anew(tmp_path):
    make_site(tmp_path)
    cache = render_cache.RenderCache(tmp_path / "cache")
    assert "Đoạn thứ hai." in translated(cache, tmp_path / "translations")
    write_catalogue(tmp_path / "translations", "Đoạn thứ hai, đã sửa.")
    assert "Đoạn thứ hai, đã sửa." in translated(cache, tmp_path / "translations")


def test_a_damaged_entry_is_rendered_again(tmp_path):
    make_site(tmp_path)
    cache = render_cache.RenderCache(tmp_path / "cache")
    expected = translated(cache, tmp_path / "translations")
    for entry in (tmp_path / "cache").rglob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:10])  # a build killed while writing
    assert translated(render_cache.RenderCache(tmp_path / "cache"), tmp_path / "translations") == expected


def test_the_runs_find_what_warm_rendered(tmp_path):
    """Pelican's reader adds ``extensions`` to the run's MARKDOWN; the runs still read the
    cache that the build filled with the settings as written."""
    settings = make_site(tmp_path)
    multilang = {**LANGUAGES, "translations": str(tmp_path / "translations")}
    assert render_cache.warm(settings, multilang, tmp_path / "cache", workers=1) == 1
    run_markdown = {**MARKDOWN, "extensions": ["markdown.extensions.extra"]}
    cache = render_cache.RenderCache(tmp_path / "cache")
    catalogues = {"vi": content_catalogue_path(tmp_path / "translations", "vi", "doc")}
    document = render_cache.renderings(cache, SOURCE, run_markdown, "en", catalogues)
    assert (cache.hits, cache.misses) == (1, 0)
    assert document.source == render_blocks(SOURCE, MARKDOWN, None)
    assert document == render_cache.render_document(SOURCE, MARKDOWN, "en", catalogues)
    assert render_cache.warm(settings, multilang, tmp_path / "cache", workers=1) == 0
