"""The pages around the news: page not found (per language and at the root), About, the front page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsdesk.checks.site import check_site
from newsdesk.site.languages import load_translations

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", "vi")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def ui(lang: str, message: str) -> str:
    """``message`` in the language's UI catalogue, as readers see it."""
    po = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    return load_translations(po).gettext(message)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_page_not_found_in_its_language(site, lang):
    page = soup(site / lang / "404.html")
    assert page.html["lang"] == lang
    assert page.h1.get_text(strip=True) == ui(lang, "Page not found")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    links = {a["href"] for a in page.select("main a")}
    # Absolute links: the host serves this page at any depth.
    assert {f"/{lang}/", f"/{lang}/search/", f"/{lang}/archives/"} <= links
    assert all(href.startswith("/") for href in links)


def test_the_root_page_not_found_offers_every_language(site):
    page = soup(site / "404.html")
    assert not page.find("script")
    sections = {section["lang"]: section for section in page.select("section[lang]")}
    assert set(sections) == set(LANGUAGES)
    assert sections["vi"].h2.get_text(strip=True) == "Không tìm thấy trang"
    for lang, section in sections.items():
        assert section.h2.get_text(strip=True) == ui(lang, "Page not found")
        assert section.select_one(f'a[href="/{lang}/"]')
    assert check_site(site) == []


def test_no_page_not_found_in_the_sitemap(site):
    tree = ET.parse(site / "sitemap.xml").getroot()
    locations = [url.findtext(f"{SITEMAP}loc") for url in tree.findall(f"{SITEMAP}url")]
    assert locations and not [loc for loc in locations if loc.endswith("404.html")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_about_page_answers_a_readers_questions_in_their_language(site, lang):
    page = soup(site / lang / "about" / "index.html")
    body = page.select_one("article")
    # Who publishes, how articles are chosen and credited, the notices, corrections.
    assert len(body.select("h2")) >= 5
    assert not body.select(".i18n-untranslated, .i18n-outdated")
    assert not page.select_one(".translation-notice")


# The front page and "The Convention at a glance".

ORDINALS = {40: "fortieth", 90: "ninetieth"}  # how the facts table writes the rule's numbers


def test_every_figure_at_a_glance_is_in_the_facts_table_under_the_same_source():
    from newsdesk.convention.command import read_facts
    from newsdesk.pelican.front_page import read_glance

    facts = read_facts(ROOT / "data" / "convention" / "facts.tsv")
    items = read_glance(ROOT / "data" / "convention" / "glance.tsv", ROOT / "data/convention/facts.tsv")
    assert {"adopted", "opened_for_signature", "signatories", "entry_into_force"} <= set(items)
    for name, item in items.items():
        cited = [fact for fact in facts if item.source in {url for url, _ in fact.sources}]
        for value in (item.value, item.detail, item.as_of):
            if value is None:
                continue
            if hasattr(value, "isoformat"):
                assert any(value.isoformat() in (f.start, f.end) for f in cited), (name, value)
            else:
                words = {str(value), ORDINALS.get(value, str(value))}
                assert any(any(w in f.text for w in words) for f in cited), (name, value)


def test_a_figure_whose_source_is_not_in_the_facts_table_is_refused(tmp_path):
    from newsdesk.errors import ContentError
    from newsdesk.pelican.front_page import read_glance

    glance = tmp_path / "glance.tsv"
    glance.write_text(
        "item\tvalue\tdetail\tas_of\tsource\nsignatories\t99\t\t2025-10-26\thttps://example.org/x\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        read_glance(glance, ROOT / "data" / "convention" / "facts.tsv")
    assert str(error.value).startswith(f"{glance}:2: source 'https://example.org/x' is not a source")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_front_page_leads_with_the_newest_story_and_sources_every_figure(site, lang):
    page = soup(site / lang / "index.html")
    newest = soup(site / lang / "archives" / "index.html").select_one("main li a")["href"]
    assert page.select_one(".card--lead a")["href"] == newest
    assert len(page.select(".card--secondary")) == 3
    assert page.select(".front__more .card")
    panel = page.select_one(".glance")
    assert panel.h2.get_text(strip=True) == ui(lang, "The Convention at a glance")
    for entry in panel.select("dl > div"):
        assert entry.select_one("a.glance__source[href^='https://']"), entry
    assert "72" in panel.get_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_category_pages_show_the_same_cards(site, lang):
    page = soup(site / lang / "category" / "news" / "index.html")
    cards = page.select(".article-list .card")
    assert cards and all(card.select_one(".card__title a") and card.select_one(".meta time") for card in cards)
