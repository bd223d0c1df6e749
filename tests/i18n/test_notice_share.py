"""The "incomplete" notice of a translated page gives the share that `newsdesk i18n stats` gives."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from newsdesk.site.build import build_site
from tests.i18n.conftest import content_po, run_i18n, set_translations, write_article

LEAD = "The Convention opened for signature in Hanoi on 25 October 2025."
SECOND = "The General Assembly adopted it by resolution 79/243."
THIRD = "It remains open at United Nations Headquarters until 2026."


def stats_percent(out: str, label: str) -> str:
    """The share the stats line of catalogue ``label`` prints."""
    match = re.search(rf"^\s*([0-9.]+) %.*\s{re.escape(label)}$", out, re.MULTILINE)
    assert match, out
    return match.group(1)


def notice_percent(page) -> str:
    """The share the page's translation notice gives."""
    text = page.select_one(".translation-notice").get_text(" ", strip=True)
    match = re.search(r"([0-9.,]+) ?%", text)
    assert match, text
    return match.group(1)


@pytest.mark.parametrize(
    ("paragraphs", "header", "translated"),
    [
        pytest.param(
            [LEAD, SECOND], {"Summary": LEAD}, {"Signing in Hanoi": "Lễ mở ký tại Hà Nội"},
            id="summary-repeats-the-lead",
        ),
        pytest.param(
            [LEAD, SECOND, THIRD, SECOND], {},
            {"Signing in Hanoi": "Lễ mở ký tại Hà Nội",
             SECOND: "Đại hội đồng đã thông qua Công ước theo Nghị quyết 79/243."},
            id="a-paragraph-said-twice",
        ),
    ],
)  # fmt: skip
def test_the_notice_gives_the_share_stats_reports(small_project, capsys, paragraphs, header, translated):
    write_article(small_project, paragraphs, **header)
    run_i18n(small_project, "update")
    set_translations(content_po(small_project), translated)
    capsys.readouterr()
    run_i18n(small_project, "stats", "-l", "vi")
    reported = stats_percent(capsys.readouterr().out, "content/signing")

    build_site(small_project / "pelicanconf.py", strict=True)
    page = BeautifulSoup(
        (small_project / "output" / "vi" / "articles" / "signing" / "index.html").read_text(),
        "html.parser",
    )
    assert notice_percent(page) == reported
