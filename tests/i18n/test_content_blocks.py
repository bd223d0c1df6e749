"""Content as translatable blocks, and rendering from a catalogue, without Pelican."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from bs4 import BeautifulSoup

from newsdesk.content.document import read_document
from newsdesk.errors import ConfigError
from newsdesk.i18n import translate
from newsdesk.pelican.content_i18n import read_config
from newsdesk.pelican.translating_reader import pair_language

ROOT = Path(__file__).resolve().parents[2]


def site_markdown_settings() -> dict:
    """The MARKDOWN setting of the real site, as Pelican reads it."""
    from newsdesk.site.build import read_base_settings

    return read_base_settings(ROOT / "pelicanconf.py")["MARKDOWN"]


MARKDOWN = site_markdown_settings()

SOURCE = textwrap.dedent(
    """\
    Title: A title
    Lang: en
    Slug: doc
    Summary: A summary.
    Tags: Hanoi, Signing ceremony
    Category: News

    ## Article 25. Offences {#article-25}

    A paragraph with a [link](https://example.org/a) and `code`,
    wrapped over two lines.

    - First item
    - Second *item*

    > A quoted sentence.

    | State | Date |
    | --- | --- |
    | Viet Nam | 25 October |

    ![Delegates in Hanoi](/images/hall.jpg)

    /// caption
    Delegates at the ceremony.
    ///

    ```
    code that is never translated
    ```
    """
)


@pytest.fixture
def source_file(tmp_path) -> Path:
    path = tmp_path / "doc.md"
    path.write_text(SOURCE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("message", "line"),
    [
        pytest.param("A title", 1, id="title"),
        pytest.param("A summary.", 4, id="summary"),
        pytest.param("Article 25. Offences", 8, id="heading-without-its-id"),
        pytest.param(
            "A paragraph with a [link](https://example.org/a) and `code`, wrapped over two lines.",
            10,
            id="paragraph-with-inline-markup",
        ),
        pytest.param("Second *item*", 14, id="list-item"),
        pytest.param("A quoted sentence.", 16, id="blockquote"),
        pytest.param("State", 18, id="table-header-cell"),
        pytest.param("Viet Nam", 20, id="table-cell"),
        pytest.param("![Delegates in Hanoi](/images/hall.jpg)", 22, id="image-alt-text"),
        pytest.param("Delegates at the ceremony.", 25, id="caption"),
    ],
)
def test_every_block_kind_is_one_message_with_its_line(source_file, message, line):
    document = read_document(source_file, MARKDOWN, "en")
    found = {m.text: m.lines for m in document.messages}
    assert found.get(message) == [line]


def test_code_blocks_and_taxonomy_are_not_document_messages(source_file):
    document = read_document(source_file, MARKDOWN, "en")
    assert not any("never translated" in m.text for m in document.messages)
    assert [name.text for name in document.taxonomy] == ["News", "Hanoi", "Signing ceremony"]
    assert document.key == "doc"


def test_a_header_value_continued_on_an_indented_line_is_one_message(tmp_path):
    # Pelican (Python-Markdown's meta extension) reads the indented line as more of the summary;
    # the translator must get the whole summary, and the body must not start at that line.
    path = tmp_path / "continued.md"
    path.write_text(
        "Title: A title\nSummary: A summary that goes on\n    over a second line.\nSlug: doc\n\n"
        "The first paragraph.\n",
        encoding="utf-8",
    )
    document = read_document(path, MARKDOWN, "en")
    found = {m.text: m.lines for m in document.messages}
    assert found == {
        "A title": [1],
        "A summary that goes on over a second line.": [2],
        "The first paragraph.": [6],
    }
    assert document.key == "doc"


def catalog_with(entries: dict[str, tuple[str, bool]]) -> Catalog:
    catalog = Catalog(locale="vi")
    for number, (msgid, (msgstr, fuzzy)) in enumerate(entries.items()):
        catalog.add(msgid, msgstr, flags=["fuzzy"] if fuzzy else [], lineno=10 + number)
    return catalog


def render(entries: dict[str, tuple[str, bool]]):
    return translate.translate_document(
        SOURCE, MARKDOWN, catalog_with(entries), "vi/doc.po", "en", "vi"
    )


def test_translated_blocks_replace_the_source_and_others_keep_its_language():
    html, meta, state, _ = render(
        {
            "A title": ("Một tiêu đề", False),
            "A quoted sentence.": ("Một câu trích dẫn.", False),
            "Viet Nam": ("Việt Nam", True),
        }
    )
    page = BeautifulSoup(html, "html.parser")
    assert page.blockquote.p.get_text() == "Một câu trích dẫn."
    assert page.blockquote.p.get("lang") is None
    cell = page.find("td", string="Viet Nam")  # fuzzy: the source, marked outdated
    assert cell["lang"] == "en" and "i18n-outdated" in cell["class"]
    heading = page.find("h2")
    assert heading["lang"] == "en" and heading["id"] == "article-25"
    assert meta["title"] == ["Một tiêu đề"]
    assert (state.translated, state.outdated) == (2, 1)
    assert state.status == "outdated"
    assert "data-i18n-block" not in html


@pytest.mark.parametrize(
    ("msgstr", "problem"),
    [
        pytest.param(
            "Một đoạn có [liên kết](https://evil.example/) và `code`, trên hai dòng.",
            "lacks link 'https://example.org/a'",
            id="changed-link",
        ),
        pytest.param(
            "Một đoạn có [liên kết](https://example.org/a) và `code`<script>alert(1)</script>",
            "raw HTML",
            id="script",
        ),
        pytest.param(
            'Một đoạn có <a href="https://example.org/a" onclick="x()">liên kết</a> và `code`',
            "raw HTML",
            id="raw-html",
        ),
        pytest.param(
            "Một đoạn có [liên kết](https://example.org/a) và mã, trên hai dòng.",
            "lacks inline code 'code'",
            id="dropped-inline-code",
        ),
    ],
)
def test_a_bad_translation_is_reported_with_its_line_and_never_used(msgstr, problem):
    msgid = "A paragraph with a [link](https://example.org/a) and `code`, wrapped over two lines."
    html, _, state, _ = render({"A title": ("Tiêu đề", False), msgid: (msgstr, False)})
    assert state.problems, "the bad translation is reported"
    assert all(str(p).startswith("vi/doc.po:11: translation ") for p in state.problems)
    assert any(problem in str(p) for p in state.problems)
    assert "wrapped over two lines" in html
    assert "<script" not in html and "onclick" not in html and "evil.example" not in html


def test_a_complete_translation_is_complete_and_side_by_side_pairs_align():
    document_messages = [
        "A title", "A summary.", "Article 25. Offences",
        "A paragraph with a [link](https://example.org/a) and `code`, wrapped over two lines.",
        "First item", "Second *item*", "A quoted sentence.", "State", "Date", "Viet Nam",
        "25 October", "![Delegates in Hanoi](/images/hall.jpg)", "Delegates at the ceremony.",
    ]  # fmt: skip
    entries = {m: (f"[vi] {m}", False) for m in document_messages}
    _, _, state, numbered = render(entries)
    assert state.status == "complete" and state.percent == 100 and not state.problems
    source, _ = translate.render_blocks(SOURCE, MARKDOWN, None)
    pairs = translate.pair_blocks(source, numbered)
    assert [p.tag for p in pairs][:3] == ["h2", "p", "li"]
    assert pairs[1].translation_html.startswith("[vi] A paragraph with a <a href")
    assert all(p.status == "translated" for p in pairs)



def test_nested_list_items_are_rows_of_their_own_in_the_side_by_side_view():
    source = "- Parties shall\n    - adopt laws\n    - cooperate\n- Signed in Hanoi\n"
    catalog = catalog_with({m: (f"[vi] {m}", False) for m in
                            ("Parties shall", "adopt laws", "cooperate", "Signed in Hanoi")})  # fmt: skip
    _, _, _, numbered = translate.translate_document(source, MARKDOWN, catalog, "vi/d.po", "en", "vi")
    numbered_source, _ = translate.render_blocks(source, MARKDOWN, None)
    pairs = translate.pair_blocks(numbered_source, numbered)
    assert [(p.source_html, p.translation_html) for p in pairs] == [
        ("Parties shall", "[vi] Parties shall"),
        ("adopt laws", "[vi] adopt laws"),
        ("cooperate", "[vi] cooperate"),
        ("Signed in Hanoi", "[vi] Signed in Hanoi"),
    ]


def test_the_page_shows_the_source_without_block_numbers():
    numbered, _ = translate.render_blocks(SOURCE, MARKDOWN, None)
    page = translate.strip_block_numbers(numbered)
    assert translate.BLOCK_NUMBER not in page
    assert page.count("<p") == numbered.count("<p")
    assert "never translated" in page  # code blocks are left as they are

@pytest.mark.parametrize(
    ("source", "run", "expected"),
    [
        pytest.param("en", "vi", "vi", id="translated-run-pairs-its-language"),
        pytest.param("en", "en", "vi", id="source-run-pairs-the-first-other"),
        pytest.param("vi", "vi", "en", id="vietnamese-source"),
    ],
)
def test_pair_language(source, run, expected):
    assert pair_language(source, run, ("en", "vi")) == expected


def test_unknown_setting_is_named():
    with pytest.raises(ConfigError, match="unknown key 'parallel'"):
        read_config({"CONTENT_I18N": {"parallel": "x"}})


@pytest.mark.parametrize(
    ("address", "rebased"),
    [
        pytest.param("../chapter-ii/", "/en/convention/chapter-ii/", id="parent-folder"),
        pytest.param("#article-5", "/en/convention/chapter-i/#article-5", id="own-anchor"),
        pytest.param("https://www.unodc.org/", "https://www.unodc.org/", id="other-site"),
        pytest.param("/en/convention/", "/en/convention/", id="site-absolute"),
    ],
)
def test_side_by_side_blocks_keep_their_links_working_from_the_views_address(address, rebased):
    html = f'<a href="{address}">Chapter II</a>'
    assert translate.rebase_addresses(html, "convention/chapter-i/", "/en") == (
        f'<a href="{rebased}">Chapter II</a>'
    )
