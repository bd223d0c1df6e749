"""The reader's language on every surface: dates as each language's press writes them, outlets by
the names readers know them by, bylines and sources."""

from __future__ import annotations

import csv
import re
import runpy
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from babel.dates import format_date
from bs4 import BeautifulSoup

from newsdesk.checks.site import html_files
from newsdesk.content.document import split_header
from newsdesk.errors import BuildError
from newsdesk.pelican import bylines
from newsdesk.site import languages
from newsdesk.site.build import build_site
from tests.integration.test_fixture_build import article, project  # noqa: F401  (the fixture site)

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = runpy.run_path(str(ROOT / "pelicanconf.py"))
CONFIG = languages.read_config(SETTINGS)
LANGUAGES = CONFIG["languages"]
OUTLETS = ROOT / "data" / "outlets.tsv"
# Babel's CLDR defaults, which no Vietnamese publication writes: "25 tháng 10, 2025" (long)
# and "25 thg 10, 2025" (medium).
CLDR_VIETNAMESE = re.compile(r"tháng \d{1,2}, \d{4}|\bthg\b")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def articles_with_sources() -> dict[str, str]:
    """Slug -> the Source header of every article that names one."""
    found = {}
    for path in sorted((ROOT / "content" / "articles").glob("*.md")):
        header = split_header(path.read_text(encoding="utf-8"))[0]
        fields = {key.lower(): value for key, (value, _line) in header.items()}
        if fields.get("source"):
            found[fields["slug"]] = fields["source"]
    return found


def outlet_names() -> dict[str, dict[str, str]]:
    with OUTLETS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {row["source"]: row for row in rows}


def test_no_vietnamese_page_shows_a_cldr_default_date(site):
    for path in html_files(site):
        page = soup(path)
        if page.html.get("lang") == "en":
            continue
        for time in page.select("time"):
            assert not CLDR_VIETNAMESE.search(time.get_text()), (path, time.get_text())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_date_follows_its_languages_pattern(site, lang):
    """Article headers in the article pattern, every list in the list pattern, from settings."""
    article_pattern = languages.date_pattern(CONFIG, lang, "article")
    list_pattern = languages.date_pattern(CONFIG, lang, "list")
    seen = 0
    for path in html_files(site / lang):
        page = soup(path)
        header_time = page.select_one("article.article > header .meta time")
        for time in page.select("main time[datetime]"):
            when = datetime.fromisoformat(time["datetime"])
            pattern = article_pattern if time is header_time else list_pattern
            assert time.get_text(strip=True) == format_date(when, pattern, locale=lang), path
            seen += 1
    assert seen


def test_vietnamese_article_and_list_dates_read_as_the_press_writes_them(site):
    slug = "un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti"
    page = soup(site / "vi" / "articles" / slug / "index.html")
    assert page.select_one("article.article > header .meta time").get_text(strip=True) == (
        "Thứ Sáu, 18/04/2025"
    )
    archive = soup(site / "vi" / "archives" / "index.html")
    shown = [time.get_text(strip=True) for time in archive.select("main time")]
    assert "18/04/2025" in shown


def test_every_articles_outlet_has_a_name_in_every_language():
    names = outlet_names()
    for slug, source in articles_with_sources().items():
        assert source in names, f"{slug}: outlet {source!r} is not in {OUTLETS.name}"
        for lang in LANGUAGES:
            assert names[source].get(lang), f"{OUTLETS.name}: {source!r} has no {lang} name"


def test_english_names_of_outlets_are_written_without_diacritics():
    """English-language press writes a Vietnamese name without its marks ("Nhan Dan", "Tuoi
    Tre", as VNA's English service does); data/README.md gives each name's source."""
    for source, row in outlet_names().items():
        marks = [c for c in unicodedata.normalize("NFD", row["en"]) if unicodedata.combining(c)]
        assert not marks and "đ" not in row["en"].lower(), f"{OUTLETS.name}: {source!r}: {row['en']!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_source_line_names_the_outlet_in_the_readers_language(site, lang):
    names = outlet_names()
    for slug, source in articles_with_sources().items():
        page = soup(site / lang / "articles" / slug / "index.html")
        shown = page.select_one(".source").get_text(" ", strip=True)
        own = names[source][lang]
        assert own in shown, (slug, shown)
        for other in LANGUAGES:
            name = names[source][other]
            if other != lang and name not in own:
                assert name not in shown, (slug, shown)


def test_vietnamese_readers_see_ttxvn_not_vna(site):
    slug = "un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti"
    page = soup(site / "vi" / "articles" / slug / "index.html")
    assert " ".join(page.select_one(".source").get_text().split()) == "Nguồn: TTXVN"


# Bylines and source links, without Pelican and in a small fixture site.


@pytest.mark.parametrize(
    ("url", "link"),
    [
        pytest.param("https://vtv.vn/a.htm", "https://vtv.vn/a.htm", id="https"),
        pytest.param("http://example.org/a?b=1&c=2", "http://example.org/a?b=1&c=2", id="http"),
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param("JavaScript:alert(1)", None, id="javascript-upper"),
        pytest.param("data:text/html,<p>x</p>", None, id="data"),
        pytest.param("ftp://example.org/a", None, id="ftp"),
        pytest.param("//example.org/a", None, id="no-scheme"),
        pytest.param("https:///nohost", None, id="no-host"),
        pytest.param("", None, id="empty"),
    ],
)
def test_only_http_and_https_sources_are_linked(url, link):
    assert bylines.safe_link(url) == link


def test_outlet_table_errors_name_the_line(tmp_path):
    table = tmp_path / "outlets.tsv"
    table.write_text("source\ten\tvi\nVNA\tVNA\tTTXVN\nVNA\tVNA\tTTXVN\n", encoding="utf-8")
    with pytest.raises(bylines.BylinesConfigError) as error:
        bylines.read_outlets(table)
    assert str(error.value) == f"{table}:3: 'VNA' is listed twice"
    table.write_text("outlet\ten\n", encoding="utf-8")
    with pytest.raises(bylines.BylinesConfigError, match=":1: the first column must be 'source'"):
        bylines.read_outlets(table)


@pytest.fixture
def sourced_project(project):  # noqa: F811
    outlets = project / "outlets.tsv"
    outlets.write_text("source\ten\tvi\nWire\tThe Wire\tHãng Tin\n", encoding="utf-8")
    (project / "pelicanconf.py").write_text(
        (project / "pelicanconf.py").read_text()
        + 'PLUGINS = ["newsdesk.pelican.multilang", "newsdesk.pelican.bylines"]\n'
        + f"BYLINES = {{'outlets': {str(outlets)!r}}}\n"
    )
    folder = project / "content" / "articles"
    for name, lang, title in [("wired.md", "en", "Wired"), ("wired.vi.md", "vi", "Có nguồn")]:
        header = article(lang, "wired", title, 10, "").strip()
        extra = "Author: Lan Anh\nSource: Wire\nSource_URL: javascript:alert(1)"
        (folder / name).write_text(f"{header}\n{extra}\n\nBody.\n", encoding="utf-8")
    return project


def test_byline_and_outlet_in_the_readers_language_and_no_unsafe_link(sourced_project):
    with pytest.raises(BuildError, match=r"wired.*javascript:alert\(1\).*not an http or https"):
        build_site(sourced_project / "pelicanconf.py", strict=True)
    build_site(sourced_project / "pelicanconf.py")
    for lang, outlet, by in [("en", "The Wire", "By Lan Anh"), ("vi", "Hãng Tin", "Tác giả: Lan Anh")]:
        page = soup(sourced_project / "output" / lang / "articles" / "wired" / "index.html")
        source = page.select_one(".source")
        assert " ".join(source.get_text().split()).endswith(outlet)
        assert source.find("a") is None
        assert "javascript" not in str(page)
        assert page.select_one(".byline").get_text(strip=True) == by


def test_language_names_inside_a_vietnamese_sentence_are_lower_case(site):
    """ "Đọc bản gốc (tiếng Anh)", "Bản gốc tiếng Anh đặt cạnh bản dịch tiếng Việt": a language's
    name inside a Vietnamese sentence is written in lower case, and in Vietnamese."""
    texts = []
    for path in sorted((site / "vi").rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in soup.select(".translation-notice a, .parallel-intro, main p"):
            texts.append((path, element.get_text(" ", strip=True)))
    sentences = [(path, text) for path, text in texts if "bản gốc" in text.lower()]
    assert sentences, "no Vietnamese sentence names the original's language"
    for path, text in sentences:
        assert "English" not in text and "Tiếng Việt" not in text[1:], (path, text)
