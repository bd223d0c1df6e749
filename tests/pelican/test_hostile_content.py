"""Nothing an editor or a translator writes puts a script, an event handler or a javascript:
link on a page: every language's page, the side-by-side views and the theme's own strings."""

from __future__ import annotations

import pytest

from newsdesk.errors import BuildError
from newsdesk.site.build import build_site
from tests.pelican.sites import article, content_catalogue, hostile_markup, make_site, write

HOSTILE_BODY = """\
Hello world <script>alert(1)</script> and <img src=x onerror=alert(2)>.

<div onclick="alert(3)">A raw block</div>

A [bad link](javascript:alert(4)), a [data link](data:text/html,<script>alert(5)</script>)
and a [tricky one](javascript://example.org/%0Aalert(6)).
"""


def test_hostile_markdown_reaches_no_page(tmp_path):
    settings = make_site(tmp_path, {"a.md": article(HOSTILE_BODY)})
    build_site(settings, str(tmp_path / "output"))
    output = tmp_path / "output"
    assert (output / "en" / "articles" / "a-picture" / "index.html").exists()
    assert hostile_markup(output) == []
    page = (output / "en" / "articles" / "a-picture" / "index.html").read_text(encoding="utf-8")
    assert "Hello world" in page


def test_hostile_translation_reaches_no_page(tmp_path):
    settings = make_site(tmp_path, {"a.md": article("A plain paragraph.")})
    content_catalogue(
        tmp_path,
        "vi",
        "a-picture",
        {"A plain paragraph.": 'Một đoạn <img src=x onerror="alert(1)"> [x](javascript:alert(2))'},
    )
    build_site(settings, str(tmp_path / "output"))
    assert hostile_markup(tmp_path / "output") == []


@pytest.mark.parametrize(
    "address",
    [
        pytest.param("javascript:alert(document.domain)", id="javascript"),
        pytest.param("JaVaScRiPt:alert(1)", id="mixed-case"),
        pytest.param("data:text/html,<script>alert(1)</script>", id="data"),
        pytest.param("javascript://example.org/%0Aalert(1)", id="javascript-with-host"),
    ],
)
def test_source_url_that_is_not_a_web_address_stops_the_build(tmp_path, address):
    settings = make_site(tmp_path, {"a.md": article(Source_URL=address)})
    with pytest.raises(BuildError) as raised:
        build_site(settings, str(tmp_path / "output"))
    assert "a.md" in str(raised.value)
    assert "Source_URL" in str(raised.value)
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        pytest.param("Skip to content", "<script>alert(1)</script>", id="script"),
        pytest.param("Language", '" onfocus="alert(1)" autofocus x="', id="attribute"),
    ],
)
def test_theme_translations_are_text(tmp_path, msgid, msgstr):
    settings = make_site(tmp_path, {"a.md": article()})
    po = tmp_path / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    entry = f'msgid "{msgid}"\nmsgstr "'
    start = text.index(entry) + len(entry)
    end = text.index('"\n', start)
    escaped = msgstr.replace('"', '\\"')
    write(po, text[:start] + escaped + text[end:])
    build_site(settings, str(tmp_path / "output"))
    assert hostile_markup(tmp_path / "output") == []


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        pytest.param("A plain paragraph.", "Một đoạn văn.\n{: #main .i18n-untranslated lang=en }", id="block-list"),
        pytest.param("A plain paragraph.", "Một đoạn văn. {: #main }", id="inline-list"),
        pytest.param("## A heading {#article-1}", "Một tiêu đề {#article-2}", id="heading-id"),
        pytest.param("A *word* here.", "Một *từ*{: .i18n-untranslated lang=en } ở đây.", id="span-list"),
    ],
)
def test_a_translation_keeps_the_sources_ids_classes_and_lang(tmp_path, source, translation):
    from bs4 import BeautifulSoup

    from newsdesk.content.document import read_document

    settings = make_site(tmp_path, {"a.md": article(source)})
    markdown = {"extension_configs": {"markdown.extensions.extra": {},
                "pymdownx.blocks.caption": {}}, "output_format": "html5"}  # fmt: skip
    document = read_document(tmp_path / "content/articles/a.md", markdown, "en")
    msgid = next(m.text for m in document.messages if not m.comment)
    catalogue = content_catalogue(tmp_path, "vi", "a-picture", {msgid: translation})
    with pytest.raises(BuildError) as raised:
        build_site(settings, str(tmp_path / "output"), strict=True)
    assert catalogue.name in str(raised.value)
    build_site(settings, str(tmp_path / "output"))
    page = tmp_path / "output" / "vi" / "articles" / "a-picture" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert len(soup.find_all(id="main")) == 1  # the theme's own
    assert soup.find(id="article-2") is None
    assert "Một" not in soup.get_text()  # the source text is shown, marked as such


def test_a_page_in_html_is_sanitised_too(tmp_path):
    settings = make_site(tmp_path, {"a.md": article()})
    write(
        tmp_path / "content" / "pages" / "raw.html",
        '<html><head><title>Raw</title><meta name="slug" content="raw"></head><body>'
        '<p onclick="alert(1)">Text <script>alert(2)</script><a href="javascript:alert(3)">x</a></p>'
        "</body></html>",
    )
    build_site(settings, str(tmp_path / "output"))
    assert (tmp_path / "output" / "en" / "raw" / "index.html").exists()
    assert hostile_markup(tmp_path / "output") == []
