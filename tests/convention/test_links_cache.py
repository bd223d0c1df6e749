"""Convention links read from the render cache are never those of another site address or table."""

from __future__ import annotations

from pathlib import Path

from newsdesk.content.render_cache import RenderCache
from newsdesk.convention.section import link_item, read_config, url_resolver
from newsdesk.convention.structure import read_structure
from newsdesk.pelican.convention import links_context
from newsdesk.project import read_base_settings

ROOT = Path(__file__).resolve().parents[2]


class _Memo(dict):
    pass


class FakeArticle:
    """What link_item reads of a Pelican article."""

    lang = "en"
    url = "articles/news/"
    source_path = "news.md"

    def __init__(self, html: str):
        self._content = html
        self.get_content = self.get_summary = _memo()


def _memo():
    def method():
        return None

    method.cache = {}
    return method


def linked(settings: dict, structure: Path, site_url: str, cache: RenderCache) -> str:
    config = read_config(settings)
    url_for = url_resolver(config, read_structure(structure), site_url)
    article = FakeArticle("<p>States parties apply Article 25 of the Convention.</p>")
    link_item(article, config, url_for, site_url, cache, links_context(settings, structure, site_url))
    return article._content


def test_a_site_at_another_address_gets_links_to_it(tmp_path):
    settings = read_base_settings(ROOT / "pelicanconf.py")
    structure = ROOT / "data" / "convention" / "structure.tsv"
    cache = RenderCache(tmp_path / "cache")
    assert 'href="/en/convention/' in linked(settings, structure, "/en", cache)
    again = linked(settings, structure, "https://example.org/en", cache)
    assert 'href="https://example.org/en/convention/' in again


def test_an_article_moved_to_another_chapter_is_linked_there(tmp_path):
    settings = read_base_settings(ROOT / "pelicanconf.py")
    structure = tmp_path / "structure.tsv"
    table = (ROOT / "data" / "convention" / "structure.tsv").read_text(encoding="utf-8")
    structure.write_text(table, encoding="utf-8")
    cache = RenderCache(tmp_path / "cache")
    before = linked(settings, structure, "/en", cache)
    rows = table.split("\n")
    moved = [
        "\t".join(["I", "General provisions", *row.split("\t")[2:]])
        if row.split("\t")[2:3] == ["25"]
        else row
        for row in rows
    ]
    structure.write_text("\n".join(moved), encoding="utf-8")
    after = linked(settings, structure, "/en", cache)
    assert "convention/chapter-i/#article-25" in after
    assert after != before
