"""The site as readers see it in Chromium, on a phone and a desktop: the front page, an article, a
category, page not found; the phone header, headline lengths, words kept whole, nothing sideways."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "vi")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
# The article with the longest Vietnamese headline.
LONG_HEADLINE = "articles/vietnam-introduces-the-signing-ceremony-of-the-hanoi-convention-at-the-high/"
PAGES = {
    "front": "",
    "article": LONG_HEADLINE,
    "category": "category/news/",
    "not-found": "404.html",
}

# Words that a line break cuts in two: a word whose letters lie on more than one line.
CUT_WORDS = """(selector) => {
  const cut = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s\\u2013\\u2014\\-\\/]+/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) cut.push(match[0]);
      }
    }
  }
  return cut;
}"""


def open_page(browser, server, path: str, viewport: dict, javascript: bool = True):
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("networkidle")
    return context, page, hosts


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshots_nothing_sideways_and_no_third_party_request(
    browser, server, artifacts, lang, kind, viewport
):
    context, page, hosts = open_page(browser, server, f"{lang}/{PAGES[kind]}", VIEWPORTS[viewport])
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(artifacts / f"{kind}-{lang}-{viewport}.png"), full_page=True)
    context.close()
    assert set(hosts) == {urlsplit(server).netloc}
    assert overflow <= 0, f"{kind} scrolls {overflow}px sideways"


def test_root_page_not_found_screenshots(browser, server, artifacts):
    for viewport, size in VIEWPORTS.items():
        context, page, _hosts = open_page(browser, server, "404.html", size)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(artifacts / f"not-found-root-{viewport}.png"), full_page=True)
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_header_is_one_row_and_at_most_15_percent_of_the_screen(browser, server, lang):
    context, page, _hosts = open_page(browser, server, f"{lang}/", PHONE, javascript=False)
    header = page.locator(".site-header").bounding_box()
    title = page.locator(".site-title").bounding_box()
    menu = page.locator(".menu summary").bounding_box()
    assert header["height"] <= 0.15 * PHONE["height"], header
    assert abs(menu["y"] - title["y"]) < title["height"], "the menu is not on the title's row"
    # Without JavaScript, the menu opens and shows every section of the site.
    assert not page.locator(".menu .site-nav a").first.is_visible()
    page.locator(".menu summary").click()
    links = page.locator(".menu .site-nav a")
    assert links.count() >= 5 and all(links.nth(i).is_visible() for i in range(links.count()))
    context.close()


def test_long_vietnamese_headline_takes_at_most_four_lines_on_a_phone(browser, server):
    context, page, _hosts = open_page(browser, server, f"vi/{LONG_HEADLINE}", PHONE)
    lines = page.evaluate(
        """() => { const h = document.querySelector('h1');
                   const r = document.createRange(); r.selectNodeContents(h);
                   return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"""
    )
    context.close()
    assert lines <= 4, f"the headline runs to {lines} lines"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_keeps_every_word_whole_on_a_phone(browser, server, lang):
    context, page, _hosts = open_page(browser, server, f"{lang}/convention/glossary/", PHONE)
    cut = page.evaluate(CUT_WORDS, ".convention td")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert cut == [], f"words cut across lines: {cut[:10]}"
    assert overflow <= 0


def test_front_page_has_a_lead_secondary_stories_then_the_list(browser, server, artifacts):
    context, page, _hosts = open_page(browser, server, "vi/", DESKTOP)
    lead = page.locator(".card--lead .card__title").bounding_box()
    secondary = page.locator(".card--secondary .card__title").first.bounding_box()
    glance = page.locator(".glance").bounding_box()
    assert page.locator(".card--secondary").count() >= 2
    assert lead["y"] < secondary["y"]
    assert glance["x"] > lead["x"] + lead["width"] - 1  # the panel beside the stories
    lead_size = page.locator(".card--lead .card__title").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    second_size = page.locator(".card--secondary .card__title").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert lead_size > second_size
    context.close()


