"""A whole build of a small site with the Convention section and news articles that cite it."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup

from newsdesk import cli
from newsdesk.errors import BuildError
from newsdesk.site.build import build_site
from tests.project_settings import write_real_settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

NEWS = {
    "en": ("Preservation orders", "Article 25 lets police keep data; Articles 41 and 42 help abroad."),
    "vi": ("Lệnh bảo quản", "Điều 25 cho phép bảo quản dữ liệu; các Điều 41 và 42 hỗ trợ ở nước ngoài."),
}


def translate_catalogue(project: Path, key: str, translations: dict[str, str]) -> None:
    """Fill the Vietnamese catalogue of one document: msgids starting with a key get its text."""
    path = project / "translations" / "vi" / "LC_MESSAGES" / "content" / f"{key}.po"
    with path.open("rb") as fp:
        catalog = read_po(fp)
    for message in catalog:
        for start, text in translations.items():
            if message.id and str(message.id).startswith(start):
                message.string = text
    with path.open("wb") as fp:
        write_po(fp, catalog)


def news(language: str, body: str | None = None) -> str:
    title, text = NEWS[language]
    return textwrap.dedent(
        f"""\
        Title: {title}
        Date: 2025-10-26 08:00
        Lang: {language}
        Slug: preservation-orders
        Category: News

        {body or text}
        """
    )


@pytest.fixture
def project(tmp_path) -> Path:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "convention", content / "convention")
    (content / "articles" / "preservation-orders.md").write_text(news("en"), encoding="utf-8")
    shutil.copytree(ROOT / "translations", tmp_path / "translations")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    settings = write_real_settings(
        tmp_path,
        f"""\
        CONVENTION = {{**CONVENTION, "structure": {str(tmp_path / "data" / "convention" / "structure.tsv")!r}}}
        """,
    )
    assert cli.main(["i18n", "update", "-s", str(settings)]) == 0
    title, text = NEWS["vi"]
    translate_catalogue(tmp_path, "preservation-orders", {"Preservation orders": title, "Article 25": text})
    translate_catalogue(
        tmp_path,
        "convention-chapter-iv",
        {
            "Article 25.": "Điều 25. Bảo quản khẩn cấp dữ liệu điện tử được lưu trữ",
            "Article 26.": "Điều 26. Bảo quản khẩn cấp và tiết lộ một phần dữ liệu lưu lượng",
        },
    )
    return tmp_path


def page(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def section_news(chapter: BeautifulSoup, anchor: str) -> list[str]:
    """Links in the "In the news" list that closes the section under heading ``anchor``."""
    heading = chapter.find(id=anchor)
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            return []
        if "convention-news" in (sibling.get("class") or []) and sibling.h3:
            return [a["href"] for a in sibling.select("li a")]
    return []


@pytest.mark.parametrize(
    "language, heading",
    [pytest.param("en", "In the news", id="en"), pytest.param("vi", "Tin bài liên quan", id="vi")],
)
def test_a_news_article_links_to_the_article_it_cites_and_is_listed_there(project, language, heading):
    output = project / "output"
    build_site(project / "pelicanconf.py", str(output), strict=False)
    article = page(output / language, "articles/preservation-orders")
    hrefs = [a["href"] for a in article.select(".article-body a.convention-ref")]
    assert hrefs[0] == f"/{language}/convention/chapter-iv/#article-25"
    assert f"/{language}/convention/chapter-v/#article-42" in hrefs
    cited = [(a["href"], a.get_text(strip=True)) for a in article.select("section:has(#convention-refs) li a")]
    assert [href for href, _ in cited] == [
        f"/{language}/convention/chapter-iv/#article-25",
        f"/{language}/convention/chapter-v/#article-41",
        f"/{language}/convention/chapter-v/#article-42",
    ]
    assert cited[0][1].startswith({"en": "Article 25.", "vi": "Điều 25."}[language])
    chapter = page(output / language, "convention/chapter-iv")
    assert section_news(chapter, "article-25") == [f"/{language}/articles/preservation-orders/"]
    assert section_news(chapter, "article-26") == []
    lists = chapter.select(".convention-news")
    assert [h.get_text(strip=True) for h in chapter.select(".convention-news > h3, .convention-news > h2")] == [
        heading
    ] * len(lists)


def test_an_unknown_article_number_is_not_linked_and_stops_a_strict_build(project):
    source = project / "content" / "articles" / "preservation-orders.md"
    source.write_text(news("en", "The press spoke of Article 71."), encoding="utf-8")
    with pytest.raises(BuildError, match="'Article 71' is not in the Convention"):
        build_site(project / "pelicanconf.py", str(project / "strict"), strict=True)
    build_site(project / "pelicanconf.py", str(project / "output"), strict=False)
    article = page(project / "output" / "en", "articles/preservation-orders")
    assert "Article 71" in article.get_text()
    assert not article.select(".article-body a.convention-ref")
