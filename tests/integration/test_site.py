"""The real site, built in both languages: files, links, languages, feeds and sitemap."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsdesk.checks.site import check_site, html_files

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ENGLISH_UI = ["Read more", "Tags", "Categories", "Archives", "Home", "Next", "Previous", "Search"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def visible_text(page: BeautifulSoup) -> str:
    for hidden in page(["script", "style", "head"]):
        hidden.decompose()
    # Text in another language is marked with its own lang attribute.
    for foreign in page.select("body [lang]"):
        if foreign.get("lang") != page.html.get("lang"):
            foreign.decompose()
    return page.get_text(" ")


def test_both_languages_and_the_chooser_exist(site):
    for path in ("index.html", "en/index.html", "vi/index.html", "sitemap.xml"):
        assert (site / path).is_file(), path


def test_every_link_and_hreflang_resolves_and_nothing_loads_from_elsewhere(site):
    problems = check_site(site)
    assert problems == [], "\n".join(map(str, problems))


def test_check_site_finds_a_broken_link(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html lang="en"><a href="/missing/">x</a><img src="https://cdn.example.com/a.png"></html>'
    )
    messages = [p.message for p in check_site(tmp_path)]
    assert "link to a missing file: /missing/" in messages
    assert "loads a resource from another host: https://cdn.example.com/a.png" in messages


def test_every_page_has_a_language(site):
    for path in html_files(site):
        assert soup(path).html.get("lang"), path


def test_no_english_ui_string_on_a_vietnamese_page(site):
    for path in html_files(site / "vi"):
        text = visible_text(soup(path))
        for word in ENGLISH_UI:
            assert not re.search(rf"\b{word}\b", text), f"{path}: {word!r}"


def test_switcher_goes_to_the_same_page_in_the_other_language(site):
    page = soup(site / "en" / "articles" / "un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti" / "index.html")
    switch = page.select_one(".lang-switch a[hreflang=vi]")
    assert switch.get_text(strip=True) == "Tiếng Việt"
    assert switch["href"] == "/vi/articles/un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti/"
    back = soup(site / "vi" / "articles" / "un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti" / "index.html")
    assert back.select_one(".lang-switch a[hreflang=en]").get_text(strip=True) == "English"


def test_every_page_names_its_alternates_and_canonical(site):
    for path in html_files(site / "vi"):
        page = soup(path)
        hreflangs = {link["hreflang"]: link["href"] for link in page.select('link[rel=alternate][hreflang]')}
        assert set(hreflangs) == {"en", "vi", "x-default"}, path
        assert page.select_one("link[rel=canonical]")["href"] == hreflangs["vi"]
        assert page.select_one('meta[property="og:locale"]')["content"] == "vi_VN"


def test_dates_are_in_the_readers_language(site):
    vi = soup(site / "vi" / "articles" / "un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti" / "index.html")
    assert vi.select_one(".meta time").get_text(strip=True) == "Thứ Sáu, 18/04/2025"
    en = soup(site / "en" / "articles" / "un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti" / "index.html")
    assert en.select_one(".meta time").get_text(strip=True) == "Friday, 18 April 2025"


def test_category_and_tag_names_are_translated_but_urls_are_shared(site):
    vi = soup(site / "vi" / "articles" / "un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti" / "index.html")
    tags = {a.get_text(strip=True): a["href"] for a in vi.select(".tags a")}
    assert tags["Công ước Hà Nội"] == "/vi/tag/hanoi-convention/"
    assert (site / "en" / "tag" / "hanoi-convention" / "index.html").is_file()


def test_language_homes_and_the_root_chooser_agree_on_x_default(site):
    # One cluster of alternates: every member names the same x-default, the root chooser.
    for page in (site / "index.html", site / "en" / "index.html", site / "vi" / "index.html"):
        assert soup(page).select_one('link[hreflang="x-default"]')["href"] == "/", page
    article = soup(site / "vi" / "about" / "index.html")
    assert article.select_one('link[hreflang="x-default"]')["href"] == "/en/about/"


def test_root_chooser_lists_both_languages_headlines_without_redirect(site):
    root = soup(site / "index.html")
    assert not root.find("script") and not root.find("meta", attrs={"http-equiv": True})
    assert root.select_one('link[hreflang="x-default"]')
    sections = {s["lang"]: s for s in root.select("section[lang]")}
    assert set(sections) == {"en", "vi"}
    assert sections["vi"].select(".article-list a")
    assert sections["vi"].h3.get_text(strip=True) == "Tin mới nhất"


def test_feeds_have_their_own_ids_and_absolute_language_links(published_site):
    ids = set()
    for code in ("en", "vi"):
        feed = ET.parse(published_site / code / "feeds" / "all.atom.xml").getroot()
        ids.add(feed.findtext(f"{ATOM}id"))
        links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
        assert links and all(
            href.startswith(f"https://convention.example.org/{code}/") for href in links
        ), links
        assert all(entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry"))
    assert len(ids) == 2


def test_sitemap_lists_every_page_with_all_alternates(published_site):
    tree = ET.parse(published_site / "sitemap.xml").getroot()
    urls = tree.findall(f"{SITEMAP}url")
    # The root chooser included; the page-not-found pages are not pages to index.
    pages = [path for path in html_files(published_site) if path.name != "404.html"]
    assert len(urls) == len(pages)
    for url in urls:
        loc = url.findtext(f"{SITEMAP}loc")
        alternates = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        assert loc in alternates.values(), loc  # self included
        assert {"en", "vi", "x-default"} <= set(alternates)
        assert all(href.startswith("https://convention.example.org/") for href in alternates.values())


@pytest.mark.parametrize("code", ["en", "vi"])
def test_published_pages_use_absolute_canonical_urls(published_site, code):
    page = soup(published_site / code / "index.html")
    assert page.select_one("link[rel=canonical]")["href"] == f"https://convention.example.org/{code}/"
    assert check_site(published_site, "https://convention.example.org") == []


def test_every_partly_translated_page_says_so(site):
    """Any page with blocks in another language tells the reader, in the reader's language."""
    for path in html_files(site / "vi"):
        page = soup(path)
        body = page.select_one("main")
        if body and body.select(".i18n-untranslated, .i18n-outdated"):
            assert page.select_one(".translation-notice"), path


@pytest.mark.parametrize("settings_name", ["pelicanconf.py", "publishconf.py"])
def test_the_test_builds_leave_the_project_s_build_cache_alone(request, settings_name):
    """`make test` builds the real site, and must not leave records of its own folders in the
    project's cache: the next `make html`, and CI's `make publish` after the tests, would find
    the test build's manifest instead of their own and render every page again."""
    from newsdesk.pelican.incremental import LAST_MANIFEST, manifest_path
    from newsdesk.project import read_base_settings
    from newsdesk.site import cache

    root = Path(__file__).resolve().parents[2]
    settings = read_base_settings(root / settings_name)
    print_ = cache.fingerprint(root / settings_name, settings)
    folders = {code: Path(settings["CACHE_PATH"]) / code / print_ for code in settings["MULTILANG"]["languages"]}

    def last_saved(folder: Path) -> int | None:
        path = folder / LAST_MANIFEST
        return path.stat().st_mtime_ns if path.exists() else None

    before = {code: last_saved(folder) for code, folder in folders.items()}
    output = request.getfixturevalue("site" if settings_name == "pelicanconf.py" else "published_site")
    for code, folder in folders.items():
        assert not manifest_path(folder, output / code).exists()
        assert last_saved(folder) == before[code]
