"""A whole build of a small fixture site in a temporary folder."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsdesk.checks.site import check_site
from newsdesk.errors import BuildError, CatalogError
from newsdesk.site.build import build_site

ROOT = Path(__file__).resolve().parents[2]


def article(lang: str, slug: str, title: str, day: int, body: str) -> str:
    return textwrap.dedent(
        f"""\
        Title: {title}
        Date: 2025-10-{day:02d} 08:00
        Lang: {lang}
        Slug: {slug}
        Category: News
        Tags: Hanoi

        {body}
        """
    )


@pytest.fixture
def project(tmp_path) -> Path:
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    (tmp_path / "content" / "pages").mkdir()
    shutil.copytree(ROOT / "translations", tmp_path / "translations")
    (content / "older.md").write_text(article("en", "older", "Older news", 1, "Old body."))
    (content / "older.vi.md").write_text(article("vi", "older", "Tin cũ hơn", 1, "Nội dung cũ."))
    (content / "newer.md").write_text(article("en", "newer", "Newer news", 20, "New body."))
    (content / "newer.vi.md").write_text(article("vi", "newer", "Tin mới hơn", 20, "Nội dung mới."))
    (tmp_path / "pelicanconf.py").write_text(
        textwrap.dedent(
            f"""\
            SITENAME = "Hanoi Convention"
            PATH = "content"
            OUTPUT_PATH = "output"
            THEME = {str(ROOT / "theme")!r}
            PLUGINS = ["newsdesk.pelican.multilang"]
            READERS = {{"rst": None}}
            MULTILANG = {{"languages": ("en", "vi"), "default": "en"}}
            JINJA_ENVIRONMENT = {{"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}}
            ARTICLE_PATHS = ["articles"]
            PAGE_PATHS = ["pages"]
            ARTICLE_URL = "articles/{{slug}}/"
            ARTICLE_SAVE_AS = "articles/{{slug}}/index.html"
            TAG_URL = "tag/{{slug}}/"
            TAG_SAVE_AS = "tag/{{slug}}/index.html"
            CATEGORY_URL = "category/{{slug}}/"
            CATEGORY_SAVE_AS = "category/{{slug}}/index.html"
            TAGS_URL = "tags/"
            TAGS_SAVE_AS = "tags/index.html"
            CATEGORIES_URL = "categories/"
            CATEGORIES_SAVE_AS = "categories/index.html"
            ARCHIVES_URL = "archives/"
            ARCHIVES_SAVE_AS = "archives/index.html"
            AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
            DIRECT_TEMPLATES = ["index", "tags", "categories", "archives"]
            FEED_ALL_ATOM = "feeds/all.atom.xml"
            CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
            TIMEZONE = "UTC"
            """
        )
    )
    return tmp_path


def test_fixture_site_builds_both_languages(project):
    results = build_site(project / "pelicanconf.py", strict=True)
    output = project / "output"
    assert {result.code for result in results} == {"en", "vi"}
    assert check_site(output) == []
    vi = BeautifulSoup((output / "vi" / "articles" / "newer" / "index.html").read_text(), "html.parser")
    assert vi.html["lang"] == "vi"
    assert vi.h1.get_text(strip=True) == "Tin mới hơn"
    assert vi.select_one(".lang-switch a")["href"] == "/en/articles/newer/"
    root = BeautifulSoup((output / "index.html").read_text(), "html.parser")
    vi_headlines = [a.get_text(strip=True) for a in root.select("section[lang=vi] .article-list a")]
    assert vi_headlines == ["Tin mới hơn", "Tin cũ hơn"]  # newest first
    assert not list(project.glob(".output.*")), "no staging folder left behind"


def test_broken_catalogue_fails_and_keeps_the_previous_site(project):
    build_site(project / "pelicanconf.py", strict=True)
    before = (project / "output" / "vi" / "index.html").read_text()
    po = project / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Broken"\nnot a keyword\n', encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        build_site(project / "pelicanconf.py", strict=True)
    assert str(error.value).startswith(f"{po}:")
    assert (project / "output" / "vi" / "index.html").read_text() == before
    assert not list(project.glob(".output.*"))


def test_article_without_date_fails_a_strict_build(project):
    (project / "content" / "articles" / "nodate.md").write_text("Title: No date\nLang: en\n\nBody.\n")
    with pytest.raises(BuildError, match=r"nodate\.md.*date"):
        build_site(project / "pelicanconf.py", strict=True)
