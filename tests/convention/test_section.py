"""The Convention section: its pages against the structure table, the editor report, generated pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsdesk.cli import main
from newsdesk.convention import command as convention_command
from newsdesk.convention.structure import read_structure, roman
from newsdesk.errors import ContentError
from tests.project_settings import write_real_settings

ROOT = Path(__file__).resolve().parents[2]

CONTENT = ROOT / "content" / "convention"
STRUCTURE = read_structure(ROOT / "data" / "convention" / "structure.tsv")
HEADING = re.compile(r"^## Article (\d+)\. (.+) \{#article-(\d+)\}$", re.MULTILINE)


def chapter_source(numeral: str) -> str:
    return (CONTENT / f"chapter-{numeral.lower()}.md").read_text(encoding="utf-8")


def test_the_structure_table_has_nine_chapters_and_68_articles():
    assert list(STRUCTURE.chapters) == [roman(n) for n in range(1, 10)]
    assert sorted(STRUCTURE.articles) == list(range(1, 69))


@pytest.mark.parametrize("numeral", [roman(n) for n in range(1, 10)])
def test_each_chapter_page_has_its_articles_in_order_with_the_tables_titles(numeral):
    source = chapter_source(numeral)
    chapter = STRUCTURE.chapters[numeral]
    assert f"Title: Chapter {numeral}. {chapter.title}\n" in source
    headings = [(int(n), title, int(anchor)) for n, title, anchor in HEADING.findall(source)]
    assert headings == [(a.number, a.title, a.number) for a in chapter.articles]


def test_the_built_section_has_every_page_and_68_article_anchors(site):
    pages = ["convention", "convention/timeline", "convention/glossary"]
    pages += [f"convention/chapter-{roman(n).lower()}" for n in range(1, 10)]
    for page in pages:
        assert (site / "en" / page / "index.html").is_file(), page
    anchors = set()
    for n in range(1, 10):
        html = (site / "en" / "convention" / f"chapter-{roman(n).lower()}" / "index.html").read_text()
        anchors |= {a["id"] for a in BeautifulSoup(html, "html.parser").select("h2[id^=article-]")}
    assert anchors == {f"article-{n}" for n in range(1, 69)}


def test_the_hub_says_68_articles_and_links_every_chapter(site):
    hub = BeautifulSoup((site / "en" / "convention" / "index.html").read_text(), "html.parser")
    assert "68 articles" in hub.get_text()
    hrefs = {a["href"] for a in hub.select("main a")}
    assert {f"chapter-{roman(n).lower()}/" for n in range(1, 10)} <= hrefs


@pytest.mark.parametrize("action", ["timeline", "glossary"])
def test_generated_pages_are_in_step_with_their_data(action, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["convention", action, "--check"]) == 0, capsys.readouterr().out


def test_a_hand_written_page_is_never_overwritten(tmp_path):
    page = tmp_path / "timeline.md"
    page.write_text("Title: Timeline\n\nAn editor's own words.\n")
    with pytest.raises(ContentError, match="not overwritten"):
        convention_command.write_generated(page, "Title: Timeline\n")
    assert page.read_text() == "Title: Timeline\n\nAn editor's own words.\n"


def test_timeline_dates_read_naturally():
    assert convention_command.when_text("2022-02-28", "2022-03-11", "en") == "28 February to 11 March 2022"
    assert convention_command.when_text("2021-05-10", "2021-05-12", "en") == "10 to 12 May 2021"
    assert convention_command.when_text("2021-05", "", "en") == "May 2021"


@pytest.fixture
def editor_project(tmp_path, monkeypatch) -> Path:
    """A project folder with the real settings and data, and two news articles."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "claims.md").write_text(
        "Title: Claims\nLang: en\n\nThe text has nine chapters and 71 articles.\n\n"
        "Article 25 is real, but Article 71 is not.\n"
    )
    (articles / "tin.md").write_text("Title: Tin\nLang: vi\n\nĐiều 99 không có; Điều 288 Bộ luật Hình sự.\n")
    write_real_settings(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_report_lists_unconfirmed_titles_and_unknown_numbers(editor_project, capsys):
    assert main(["convention", "report"]) == 0
    out = capsys.readouterr().out
    table = (editor_project / "data" / "convention" / "structure.tsv").read_text(encoding="utf-8")
    assert f"Article titles to confirm ({table.count('title-unverified')})" in out
    assert "data/convention/structure.tsv:27: Article 26. Expedited preservation" in out
    assert re.search(r"content/articles/claims\.md:6: 'Article 71'", out)
    assert re.search(r"content/articles/tin\.md:4: 'Điều 99'", out)
    assert "Article 25" not in out.split("References to")[1]
    assert "288" not in out
    assert main(["convention", "report", "--strict"]) == 1


def test_a_confirmed_title_leaves_the_report(editor_project, capsys):
    table = editor_project / "data" / "convention" / "structure.tsv"
    unverified = len(re.findall(r"\btitle-unverified\b", table.read_text(encoding="utf-8")))
    lines = table.read_text(encoding="utf-8").split("\n")
    row = next(n for n, line in enumerate(lines) if line.split("\t")[2:3] == ["26"])
    assert "title-unverified" in lines[row]
    lines[row] = lines[row].replace("title-unverified", "title-confirmed")
    table.write_text("\n".join(lines), encoding="utf-8")
    main(["convention", "report"])
    out = capsys.readouterr().out
    assert f"Article titles to confirm ({unverified - 1})" in out
    assert "Article 26." not in out


def test_a_broken_structure_row_is_reported_with_its_line(editor_project, capsys):
    table = editor_project / "data" / "convention" / "structure.tsv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("\t4\t", "\tfour\t")
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["convention", "report"]) == 1
    assert "structure.tsv:5: article number 'four' is not a number" in capsys.readouterr().err


def test_glossary_terms_carry_their_language(site):
    glossary = BeautifulSoup((site / "en" / "convention" / "glossary" / "index.html").read_text(), "html.parser")
    rows = glossary.select("table tbody tr")
    terms = (ROOT / "translations" / "glossary.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == len(terms)
    assert all(row.find_all("td")[1].get("lang") == "vi" for row in rows)
    assert not any(row.find_all("td")[0].get("lang") for row in rows)


def test_report_reads_the_translations_in_content_catalogues(editor_project, capsys):
    catalogue = editor_project / "translations" / "vi" / "LC_MESSAGES" / "content" / "claims.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Article 25 is real, but Article 71 is not."\n'
        'msgstr "Điều 25 có thật, nhưng Điều 72 thì không."\n',
        encoding="utf-8",
    )
    main(["convention", "report"])
    assert re.search(r"translations/vi/LC_MESSAGES/content/claims\.po:5: 'Điều 72'", capsys.readouterr().out)


TRICKY_TABLES = """
<table><thead><tr><th>en</th><th>vi</th></tr></thead>
<tbody><tr><td>a</td><td>b</td></tr>
<tr><td><table><tbody><tr><td>inner</td></tr></tbody></table></td></tr></tbody>
<tfoot><tr><td>foot</td></tr></tfoot></table>
<tbody><tr><td>a body outside any table</td></tr></tbody>
<div><table><tr><td>no tbody written</td></tr></table></div>
"""
TRICKY_HEADINGS = """
<h2 id="article-3">Article 3. Use of terms</h2><h2 id="articles">Articles</h2>
<p id="xarticle-4">not a heading</p><h3 id="article-">no number</h3>
<section><h2 id="article-12">Article 12. Illegal access</h2></section><h2 id="Article-5">case</h2>
"""


def test_glossary_rows_and_article_headings_are_found_as_their_css_selectors_find_them():
    from newsdesk.convention.section import article_headings, body_rows

    soup = BeautifulSoup(TRICKY_TABLES, "html.parser")
    assert body_rows(soup) == soup.select("table tbody tr")
    assert [row.get_text(" ", strip=True) for row in body_rows(soup)] == ["a b", "inner", "inner"]

    class Page:
        _content = TRICKY_HEADINGS

    expected = {
        int(h["id"].removeprefix("article-")): h.get_text(" ", strip=True)
        for h in BeautifulSoup(TRICKY_HEADINGS, "html.parser").select("[id^=article-]")
        if h["id"].removeprefix("article-").isdigit()
    }
    assert article_headings([Page()]) == expected == {
        3: "Article 3. Use of terms",
        12: "Article 12. Illegal access",
    }
