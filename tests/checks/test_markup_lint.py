"""The content lint names raw HTML, event handlers and javascript:/data: links in content/, and
the site check refuses javascript: and data: links in the built pages."""

from __future__ import annotations

import pytest

from newsdesk import cli
from newsdesk.checks.site import check_page
from tests.pelican.sites import article, make_site


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("Text.\n\n<script>alert(1)</script>", ":12: raw HTML <script>", id="script"),
        pytest.param("Text <img src=x onerror=alert(1)> here.", ":10: event handler onerror=", id="handler"),
        pytest.param("<div>\nblock\n</div>", ":10: raw HTML <div>", id="raw-block"),
        pytest.param("A [link](javascript:alert(1)).", ":10: link 'javascript:alert(1)': javascript:", id="javascript"),
        pytest.param("A [link](data:text/html,x).", ":10: link 'data:text/html,x': data:", id="data"),
        pytest.param("[ref]: javascript:alert(1)\n\nSee [x][ref].", ":10: link 'javascript:alert(1)'", id="reference"),
        pytest.param("A [link](JaVaScRiPt:alert(1)).", ":10: link 'JaVaScRiPt:alert(1)'", id="mixed-case"),
        pytest.param("Text.\n\n<!-- a note -->", ":12: raw HTML <!--", id="comment"),
        pytest.param(
            "<!-- caption of a picture the source did not include: x --> <b>y</b>", ":10: raw HTML <b>",
            id="caption-comment-with-more",
        ),
    ],
)
def test_lint_names_what_the_pages_drop(tmp_path, capsys, body, expected):
    settings = make_site(tmp_path, {"a.md": article(body)})
    status = cli.main(["check", "-s", str(settings), "--only", "content"])
    out = capsys.readouterr().out.splitlines()
    assert status == 1
    assert any(line.startswith("content/articles/a.md" + expected) for line in out), out


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("Code: `<script>` and [a link](https://example.org/).", id="code-span"),
        pytest.param("```\n<div onclick=x>\n```", id="fenced-code"),
        pytest.param("Mail [us](mailto:desk@example.org), call [us](tel:+8424), [up](../x/).", id="allowed"),
        pytest.param(
            "Text.\n\n<!-- caption of a picture the source did not include: Delegates. (Photo: VNA) -->",
            id="caption-of-a-missing-picture",
        ),
    ],
)
def test_lint_passes_markdown(tmp_path, capsys, body):
    settings = make_site(tmp_path, {"a.md": article(body)})
    status = cli.main(["check", "-s", str(settings), "--only", "content"])
    assert (status, capsys.readouterr().out) == (0, "")


def test_lint_names_a_source_url_that_is_not_a_web_address(tmp_path, capsys):
    settings = make_site(tmp_path, {"a.md": article(Source_URL="javascript:alert(1)")})
    status = cli.main(["check", "-s", str(settings), "--only", "content"])
    out = capsys.readouterr().out
    assert status == 1
    assert "content/articles/a.md:8: Source_Url 'javascript:alert(1)'" in out


@pytest.mark.parametrize(
    "address",
    [
        pytest.param("javascript://example.org/%0Aalert(1)", id="javascript-with-host"),
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("data:text/html,<script>alert(1)</script>", id="data"),
        pytest.param("vbscript:msgbox", id="vbscript"),
    ],
)
def test_site_check_refuses_scripted_links(tmp_path, address):
    page = tmp_path / "index.html"
    page.write_text(f'<!doctype html><html lang="en"><body><a href="{address}">x</a></body></html>')
    problems = check_page(tmp_path, page)
    assert [p.message for p in problems] == [f"link to a {address.split(':')[0]}: address: {address}"]


def test_site_check_keeps_mail_and_phone_links(tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<html lang="en"><a href="mailto:a@example.org">m</a><a href="tel:+84">t</a></html>')
    assert check_page(tmp_path, page) == []
