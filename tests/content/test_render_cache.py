"""The render cache: each document rendered once for every language's run, never served stale."""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from newsdesk.content import render_cache
from newsdesk.errors import BuildError
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


def test_warm_finds_the_sources_pelican_reads_and_not_those_it_ignores(tmp_path):
    """IGNORE_FILES names files and folders below the content folder, as Pelican reads it: a
    project kept under a hidden folder (``~/.local/...``) still has its documents rendered."""
    project = tmp_path / ".hidden" / "site"
    settings = {**make_site(project), "IGNORE_FILES": [".*", "_draft*"]}
    articles = project / "content" / "articles"
    (articles / "2025").mkdir()
    (articles / "2025" / "second.markdown").write_text(SOURCE.replace("doc", "second"), encoding="utf-8")
    (articles / ".#doc.md").write_text(SOURCE, encoding="utf-8")  # an editor's lock file
    (articles / "_drafts").mkdir()
    (articles / "_drafts" / "draft.md").write_text(SOURCE, encoding="utf-8")
    assert [path.relative_to(articles).as_posix() for path in render_cache.content_sources(settings)] == [
        "2025/second.markdown",
        "doc.md",
    ]
    multilang = {**LANGUAGES, "translations": str(project / "translations")}
    assert render_cache.warm(settings, multilang, tmp_path / "cache", workers=1) == 2


def test_the_entry_of_a_current_document_outlives_the_keep_time(tmp_path):
    """Pelican's reader cache serves an unchanged document without reading its entry, and its
    side-by-side view reads the entry when it renders: ``warm`` removes old entries of
    documents that are gone, never those of the documents it found."""
    settings = make_site(tmp_path)
    multilang = {**LANGUAGES, "translations": str(tmp_path / "translations")}
    folder = tmp_path / "cache"
    render_cache.warm(settings, multilang, folder, workers=1)
    (entry,) = folder.glob("*.pickle")
    gone = folder / ("0" * 64 + ".pickle")  # a document's since removed
    gone.write_bytes(entry.read_bytes())
    old = time.time() - render_cache.KEEP_SECONDS - 60
    for path in (entry, gone):
        os.utime(path, (old, old))
    assert render_cache.warm(settings, multilang, folder, workers=1) == 0
    assert entry.exists()
    assert not gone.exists()


def test_a_view_whose_entry_is_gone_stops_with_a_message(tmp_path):
    make_site(tmp_path)
    cache = render_cache.RenderCache(tmp_path / "cache")
    catalogues = {"vi": content_catalogue_path(tmp_path / "translations", "vi", "doc")}
    key, document = render_cache.keyed_renderings(cache, SOURCE, MARKDOWN, "en", catalogues)
    stored = render_cache.stored_pairs(cache, key, "vi", document.pairs["vi"])
    assert isinstance(stored, render_cache.StoredPairs)
    assert tuple(stored) == document.pairs["vi"]
    assert len(stored) == len(document.pairs["vi"])
    cache.path(key).unlink()
    with pytest.raises(BuildError, match="build again") as raised:
        tuple(stored)
    assert raised.value.path == str(cache.path(key))


def test_without_a_cache_folder_the_pairs_stay_in_memory(tmp_path):
    cache = render_cache.RenderCache(None)
    catalogues = {"vi": content_catalogue_path(tmp_path / "translations", "vi", "doc")}
    key, document = render_cache.keyed_renderings(cache, SOURCE, MARKDOWN, "en", catalogues)
    assert render_cache.stored_pairs(cache, key, "vi", document.pairs["vi"]) == document.pairs["vi"]


@pytest.mark.parametrize("translations", ["translations", "./translations/", "/srv/site//translations"])
@pytest.mark.parametrize("key", ["doc", "bước-tiến", "..", ".hidden", "a/./b", "a//b/../c", ""])
def test_a_catalogue_named_as_text_is_the_path_the_translators_commands_use(translations, key):
    """The build names catalogues as text; the text is the path the commands write (a key's
    entry and its stamp are found under one name, whoever asks)."""
    from newsdesk.i18n.layout import content_catalogue_name

    assert content_catalogue_name(translations, "vi", key) == str(
        content_catalogue_path(translations, "vi", key)
    )
    assert content_catalogue_name(Path(translations), "vi", key) == str(
        content_catalogue_path(translations, "vi", key)
    )
