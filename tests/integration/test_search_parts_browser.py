"""A reader's search finds pages in every part of the index, the older parts merged into the main one."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from newsdesk.site.server import serving
from tests.pelican.sites import dated_articles, make_site

pytestmark = pytest.mark.browser

ARTICLES = 20
# Words of one article each: the oldest, one in an older part (with marks), the newest.
WORDS = {0: "zebrafish", 3: "crème brûlée", ARTICLES - 1: "okapi"}


@pytest.fixture(scope="module")
def site_in_parts(tmp_path_factory) -> Path:
    from newsdesk.site.build import build_site

    folder = tmp_path_factory.mktemp("parts")
    articles = dated_articles(ARTICLES, lambda n: f"Report {n} of the signing. {WORDS.get(n, '')}")
    settings = make_site(folder, articles)
    settings.write_text(
        settings.read_text(encoding="utf-8") + '\nSEARCH_INDEX = {"pages_per_part": 4}\n',
        encoding="utf-8",
    )
    build_site(settings, strict=True)
    return folder / "output"


def bundle_of(site: Path, word: str) -> str:
    """The folder, relative to the language's bundle set, of the bundle that indexes ``word``."""
    bundle = site / "en" / "pagefind"
    for fragment in sorted(bundle.rglob("fragment/*.pf_fragment")):
        if word in gzip.decompress(fragment.read_bytes()).decode("utf-8"):
            return fragment.parent.parent.relative_to(bundle).as_posix()
    raise AssertionError(f"{word!r} is in no bundle")


def results(browser, base: str, query: str) -> tuple[str, list[str]]:
    """The message and the result links for ``query`` typed into the search box."""
    page = browser.new_page()
    page.goto(f"{base}/en/search/")
    page.wait_for_selector("#search[data-ready=true]")
    page.fill(".pagefind-ui__search-input", query)
    message = page.locator(".pagefind-ui__message")
    expect(message).to_have_text(re.compile(rf"^\d+ results? for {re.escape(query)}$"))
    links = page.locator(".pagefind-ui__result-link")
    expect(links.first).to_be_visible()
    found = message.inner_text(), links.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    page.close()
    return found


def test_the_index_is_in_parts_the_oldest_merged_into_the_newest(site_in_parts):
    listed = json.loads((site_in_parts / "en" / "pagefind" / "parts.json").read_text())
    assert len(listed["parts"]) >= 2
    assert bundle_of(site_in_parts, "okapi") == "."  # the newest part is the main bundle
    assert bundle_of(site_in_parts, "zebrafish") in [p.rstrip("/") for p in listed["parts"]]


@pytest.mark.parametrize(
    ("query", "number"),
    [
        pytest.param("zebrafish", 0, id="oldest-part"),
        pytest.param("crème brûlée", 3, id="older-part-with-marks"),
        pytest.param("okapi", ARTICLES - 1, id="newest-part"),
    ],
)
def test_search_finds_a_word_of_any_part(browser, site_in_parts, query, number):
    with serving(site_in_parts) as base:
        message, links = results(browser, base, query)
    assert links == [f"/en/articles/report-{number}/"], message


def test_search_counts_the_results_of_every_part(browser, site_in_parts):
    with serving(site_in_parts) as base:
        message, _ = results(browser, base, "signing")
    assert message == f"{ARTICLES} results for signing"
