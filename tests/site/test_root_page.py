"""The root page: each language's newest headlines, newest first."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from newsdesk.site import root
from newsdesk.site.build import build_site
from newsdesk.site.root import HEADLINES_PER_LANGUAGE
from tests.pelican.sites import article, make_site


def test_the_root_page_lists_the_newest_headlines_of_each_language_newest_first(tmp_path):
    days = [3, 9, 1, 7, 5, 8, 2, 6]  # out of order in the content folder
    articles = {
        f"report-{day}.md": article(
            f"Report of day {day}.", Title=f"Report {day}", Slug=f"report-{day}", Date=f"2024-01-{day:02d} 08:00"
        )
        for day in days
    }
    build_site(make_site(tmp_path / "project", articles))

    root = BeautifulSoup((tmp_path / "project" / "output" / "index.html").read_text(), "html.parser")
    newest = [f"Report {day}" for day in sorted(days, reverse=True)[:HEADLINES_PER_LANGUAGE]]
    for section in root.select("section[lang]"):
        assert [a.get_text(strip=True) for a in section.select(".article-list a")] == newest
    assert len(root.select("section[lang]")) == 2


@pytest.mark.parametrize(
    "value",
    ["/en/articles/a/", "https://example.org/vi/bài-viết/", 'a"b', "a'b", "a\"b'c", "a&b<c>d", "a\nb\rc\td", ""],
)
def test_the_sitemap_quotes_an_address_as_the_xml_library_does(value):
    from xml.sax.saxutils import escape, quoteattr

    assert root._attribute(value) == quoteattr(value)
    assert root._text(value) == escape(value)
