"""The Convention cross-reference finder and linker, on English and Vietnamese text, without Pelican."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsdesk.convention import section as convention
from newsdesk.convention.references import find_references, link_references, mentions
from newsdesk.convention.structure import read_structure
from newsdesk.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]

SETTINGS = runpy.run_path(str(ROOT / "pelicanconf.py"))
CONFIG = convention.read_config(SETTINGS)
STRUCTURE = read_structure(ROOT / "data" / "convention" / "structure.tsv")


def linked(text: str, language: str) -> list[tuple[str, object]]:
    """(linked text, target) of each reference a reader would click."""
    return [
        (text[ref.start : ref.end], ref.target)
        for ref in find_references(text, CONFIG.patterns[language])
        if ref.start != ref.end
    ]


def mentioned(text: str, language: str) -> set:
    return mentions(find_references(text, CONFIG.patterns[language]))


@pytest.mark.parametrize(
    "language, text, expected",
    [
        pytest.param("en", "Article 25 lets authorities act fast.", [("Article 25", 25)], id="en-single"),
        pytest.param("en", "under article 65(1) of the text", [("article 65", 65)], id="en-lower-case-paragraph"),
        pytest.param("en", "Articles 41 and 42 set up", [("Articles 41", 41), ("42", 42)], id="en-pair"),
        pytest.param(
            "en", "articles 7, 8 and 9", [("articles 7", 7), ("8", 8), ("9", 9)], id="en-list"
        ),
        pytest.param("en", "articles 7 to 11 list offences", [("articles 7", 7), ("11", 11)], id="en-range"),
        pytest.param("en", "Chapter V covers cooperation", [("Chapter V", "V")], id="en-chapter"),
        pytest.param("en", "Chapters IV and IX", [("Chapters IV", "IV"), ("IX", "IX")], id="en-chapters"),
        pytest.param(
            "en",
            "Article 25 of the Convention",
            [("Article 25", 25)],
            id="en-of-the-convention",
        ),
        pytest.param("en", "Article 18 of the Budapest Convention", [], id="en-other-treaty"),
        pytest.param(
            "en", "the Hanoi Convention entered", [("Hanoi Convention", None)], id="en-short-name"
        ),
        pytest.param(
            "en",
            "the United Nations Convention against Cybercrime",
            [("United Nations Convention against Cybercrime", None)],
            id="en-full-name",
        ),
        pytest.param("en", "an article about chapters of history", [], id="en-no-number"),
        pytest.param("vi", "Điều 25 quy định việc bảo quản", [("Điều 25", 25)], id="vi-single"),
        pytest.param("vi", "các Điều 41 và 42", [("Điều 41", 41), ("42", 42)], id="vi-pair"),
        pytest.param("vi", "các điều 7 đến 11", [("điều 7", 7), ("11", 11)], id="vi-range"),
        pytest.param("vi", "Chương V về hợp tác quốc tế", [("Chương V", "V")], id="vi-chapter"),
        pytest.param("vi", "Điều 288 Bộ luật Hình sự", [], id="vi-other-law"),
        pytest.param("vi", "Điều 18 Công ước Budapest", [], id="vi-other-treaty"),
        pytest.param(
            "vi",
            "Điều 25 Công ước Hà Nội",
            [("Điều 25", 25), ("Công ước Hà Nội", None)],
            id="vi-of-this-convention",
        ),
        pytest.param(
            "vi",
            "Công ước của Liên hợp quốc về chống tội phạm mạng",
            [("Công ước của Liên hợp quốc về chống tội phạm mạng", None)],
            id="vi-full-name-any-case",
        ),
        pytest.param("vi", "điều kiện và điều này", [], id="vi-ordinary-word"),
    ],
)
def test_finder_links_each_number(language, text, expected):
    assert linked(text, language) == expected


@pytest.mark.parametrize(
    "language, text, expected",
    [
        pytest.param(
            "en",
            "articles 7 to 11",
            {("article", n) for n in range(7, 12)},
            id="en-range-covers-every-article",
        ),
        pytest.param(
            "vi", "các Điều 41 và 42", {("article", 41), ("article", 42)}, id="vi-list-covers-both"
        ),
        pytest.param(
            "en", "Chapters IV to VI", {("chapter", "IV"), ("chapter", "V"), ("chapter", "VI")}, id="en-chapter-range"
        ),
        pytest.param("vi", "Công ước Hà Nội", {("convention", None)}, id="vi-name"),
    ],
)
def test_lists_and_ranges_mention_every_member(language, text, expected):
    assert mentioned(text, language) == expected


def link(html: str, language: str = "en") -> tuple[BeautifulSoup, list[str]]:
    url_for = convention.url_resolver(CONFIG, STRUCTURE, f"/{language}")
    result, _, unknown = link_references(html, CONFIG.patterns[language], url_for)
    return BeautifulSoup(result, "html.parser"), unknown


@pytest.mark.parametrize(
    "language, html, href",
    [
        pytest.param("en", "<p>See Article 25.</p>", "/en/convention/chapter-iv/#article-25", id="en-article"),
        pytest.param("en", "<p>Under Chapter V, States</p>", "/en/convention/chapter-v/", id="en-chapter"),
        pytest.param("vi", "<p>Theo Điều 41, mỗi quốc gia</p>", "/vi/convention/chapter-v/#article-41", id="vi-article"),
        pytest.param("vi", "<p>Công ước Hà Nội được ký</p>", "/vi/convention/", id="vi-name"),
    ],
)
def test_links_go_to_the_page_in_the_readers_language(language, html, href):
    page, unknown = link(html, language)
    assert [a["href"] for a in page.find_all("a")] == [href]
    assert unknown == []


@pytest.mark.parametrize(
    "html",
    [
        pytest.param('<p><a href="/elsewhere/">Article 25</a></p>', id="inside-a-link"),
        pytest.param("<h2>Article 25 explained</h2>", id="inside-a-heading"),
        pytest.param("<p><code>Article 25</code></p>", id="inside-code"),
        pytest.param("<pre>Chapter V</pre>", id="inside-preformatted"),
    ],
)
def test_no_link_inside_links_headings_or_code(html):
    page, _ = link(html)
    assert not page.select("a.convention-ref")


@pytest.mark.parametrize(
    "language, html, text",
    [
        pytest.param("en", "<p>nine chapters and Article 71 of it</p>", "Article 71", id="en-article-71"),
        pytest.param("en", "<p>Chapter XII</p>", "Chapter XII", id="en-chapter-xii"),
        pytest.param("vi", "<p>Điều 71 của Công ước Hà Nội</p>", "Điều 71", id="vi-article-71"),
    ],
)
def test_unknown_numbers_are_reported_and_not_linked(language, html, text):
    page, unknown = link(html, language)
    assert unknown == [text]
    assert text not in [a.get_text() for a in page.find_all("a")]


def test_a_list_links_known_numbers_and_reports_the_unknown_one():
    page, unknown = link("<p>Articles 68 and 71</p>")
    assert [a.get_text() for a in page.find_all("a")] == ["Articles 68"]
    assert unknown == ["71"]


def test_text_without_references_is_returned_unchanged():
    html = "<p>Nothing here &amp; <br /> nothing</p>"
    result, references, unknown = link_references(html, CONFIG.patterns["en"], lambda ref: "/x/")
    assert (result, references, unknown) == (html, [], [])


@pytest.mark.parametrize(
    "given, message",
    [
        pytest.param({"chapters_url": "x"}, "unknown key 'chapters_url'", id="unknown-setting"),
        pytest.param(
            {"references": {"en": {"article": "Article"}}}, "missing key 'chapter'", id="missing-pattern"
        ),
        pytest.param(
            {"references": {"en": {**SETTINGS["CONVENTION"]["references"]["en"], "range": "("}}},
            r"\['range'\]",
            id="broken-pattern",
        ),
    ],
)
def test_wrong_settings_name_the_key(given, message):
    with pytest.raises(ConfigError, match=message):
        convention.read_config({"CONVENTION": given})
