"""Reader-facing audits in headless Chromium: accessibility (axe-core), search, screenshots."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("en", "vi")


def first_article(site: Path, lang: str) -> str:
    articles = sorted((site / lang / "articles").glob("*/index.html"))
    assert articles, f"no article in {site / lang}"
    return articles[0].parent.relative_to(site / lang).as_posix() + "/"


def convention_page(site: Path, lang: str) -> str:
    """A page of the Convention section; skipped while the section has no content."""
    if not (ROOT / "content" / "convention").exists():
        pytest.skip("content/convention/ does not exist yet")
    found = sorted((site / lang).glob("convention*/**/index.html"))
    assert found, f"content/convention/ exists but {site / lang}/convention*/ has no page"
    return found[0].parent.relative_to(site / lang).as_posix() + "/"


PAGES = {
    "home": lambda site, lang: "",
    "article": first_article,
    "about page": lambda site, lang: "about/",
    "category page": lambda site, lang: "category/news/",
    "page not found": lambda site, lang: "404.html",
    "convention page": convention_page,
    "search": lambda site, lang: "search/",
    "side-by-side article": lambda site, lang: first_article(site, lang) + "parallel/",
    "side-by-side convention page": lambda site, lang: convention_page(site, lang) + "parallel/",
}


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it with npm ci")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document)).violations.map(v => ({
            rule: v.id, impact: v.impact, help: v.help,
            where: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"""
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_accessibility_violations(browser, server, site, kind, lang):
    path = PAGES[kind](site, lang)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/{lang}/{path}")
    if kind == "search":  # audit the search box with results showing, as a reader sees it
        page.fill(".pagefind-ui__search-input", "2025")
        page.wait_for_selector(".pagefind-ui__result-link")
    violations = axe_violations(page)
    page.close()
    assert violations == []


def first_result(browser, server, lang: str, query: str) -> str:
    """The first result for ``query`` typed into the search box, as a reader would."""
    return top_results(browser, server, lang, query, 1)[0]


def top_results(browser, server, lang: str, query: str, count: int) -> list[str]:
    """The first ``count`` results for ``query`` typed into the search box, as a reader would."""
    page = browser.new_page()
    page.goto(f"{server}/{lang}/search/")
    page.wait_for_selector("#search[data-ready=true]")  # the index has loaded
    page.fill(".pagefind-ui__search-input", query)  # one input event, so one search
    # "3 results for ha noi", not "Searching for ha noi..."
    expect(page.locator(".pagefind-ui__message")).to_have_text(
        re.compile(rf"^\d+\D+{re.escape(query)}\W*$")
    )
    # Results are drawn in rank order as their fragments arrive: wait for each one's link.
    results = page.locator(".pagefind-ui__result")
    hrefs = [
        results.nth(index).locator(".pagefind-ui__result-link").first.get_attribute("href")
        for index in range(min(count, results.count()))
    ]
    page.close()
    return hrefs


@pytest.mark.parametrize(
    ("with_marks", "without_marks"),
    [
        pytest.param("Hà Nội", "ha noi", id="ha-noi"),
        pytest.param("Công ước", "cong uoc", id="cong-uoc"),
        pytest.param("tội phạm mạng", "toi pham mang", id="toi-pham-mang"),
    ],
)
def test_vietnamese_search_ignores_missing_diacritics(browser, server, with_marks, without_marks):
    exact = first_result(browser, server, "vi", with_marks)
    assert exact.startswith("/vi/")
    assert first_result(browser, server, "vi", without_marks) == exact


def test_vietnamese_search_finds_d_with_stroke_typed_as_d(browser, server):
    # Pagefind folds marks, not the letter đ: the pages carry their đ words folded (search_folds).
    exact = first_result(browser, server, "vi", "Đại hội đồng")
    assert exact in top_results(browser, server, "vi", "dai hoi dong", 3)


def test_search_results_do_not_show_the_folded_words(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/vi/search/?q={quote('dai hoi dong')}")
    page.wait_for_selector(".pagefind-ui__result-link")
    results = page.locator(".pagefind-ui__results").inner_text()
    page.close()
    assert "Đại" in results or "đồng" in results  # the excerpt, in Vietnamese
    assert "folded" not in results.lower()


def test_search_marks_the_words_found_through_a_letter_the_index_does_not_fold(browser, server):
    # "dong" finds "đồng" through the folded words (search_folds), not through Pagefind's own
    # matching, which marks only what it matched itself.
    page = browser.new_page()
    page.goto(f"{server}/vi/search/?q={quote('dai hoi dong')}")
    page.wait_for_selector(".pagefind-ui__result-excerpt mark")
    marks = page.locator(".pagefind-ui__result-excerpt mark").all_inner_texts()
    marked = {text.lower() for text in marks}
    page.close()
    assert "hội" in marked  # Pagefind's own mark
    assert marked & {"đại", "đồng"}, marked


@pytest.mark.parametrize(
    ("lang", "query"),
    [pytest.param("en", "Hanoi", id="en"), pytest.param("vi", "Hà Nội", id="vi")],
)
def test_search_finds_only_pages_in_the_readers_language(browser, server, lang, query):
    page = browser.new_page()
    page.goto(f"{server}/{lang}/search/?q={quote(query)}")
    page.wait_for_selector(".pagefind-ui__result-link")
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    page.close()
    assert hrefs and all(href.startswith(f"/{lang}/") for href in hrefs), hrefs


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        pytest.param("en", "No results for zqxjv", id="en"),
        pytest.param("vi", "Không tìm thấy kết quả cho “zqxjv”", id="vi"),
    ],
)
def test_search_speaks_the_readers_language(browser, server, lang, message):
    page = browser.new_page()
    page.goto(f"{server}/{lang}/search/?q=zqxjv")
    expect(page.locator(".pagefind-ui__message")).to_have_text(
        message
    )  # waits past "Searching for..."
    assert (
        page.get_by_label(
            {
                "en": "Words to look for in every article and page",
                "vi": "Từ cần tìm trong mọi bài viết và trang",
            }[lang]
        ).input_value()
        == "zqxjv"
    )
    page.close()


def test_search_page_without_javascript_offers_the_archives(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/vi/search/")
    notice = page.locator("#search .notice")
    assert "JavaScript" in notice.inner_text()
    assert notice.get_by_role("link").get_attribute("href") == "/vi/archives/"
    context.close()


@pytest.mark.parametrize(
    ("name", "width", "height"),
    [pytest.param("phone", 375, 740, id="phone"), pytest.param("desktop", 1280, 900, id="desktop")],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_screenshots_with_no_third_party_request(
    browser, server, site, artifacts, lang, name, width, height
):
    page = browser.new_page(viewport={"width": width, "height": height})
    hosts = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.goto(f"{server}/{lang}/{first_article(site, lang)}")
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.screenshot(path=str(artifacts / f"article-{lang}-{name}.png"), full_page=True)
    page.close()
    assert set(hosts) == {urlsplit(server).netloc}
    assert not overflow, "the article scrolls sideways"
