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
