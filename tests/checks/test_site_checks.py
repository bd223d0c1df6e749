"""The built-site checks (links, anchors, languages, hreflang) on small hand-written sites,
with markup a template or a hostile source could leave in a page."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.checks.site import check_hreflang, check_site


def write(root: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def messages(problems) -> list[str]:
    return sorted(f"{problem.path}:{problem.line}: {problem.message}" for problem in problems)


def test_a_link_to_an_anchor_the_target_lacks_is_named_with_its_line(tmp_path):
    site = write(tmp_path, {
        "index.html": '<!doctype html>\n<html lang="en">\n<p><a href="/a/#tóm-tắt">ok</a>\n'
                      '<a href="/a/#gone">broken</a></p></html>',
        "a/index.html": '<html lang="en"><h2 id="tóm-tắt">Tóm tắt</h2></html>',
    })  # fmt: skip
    assert messages(check_site(site)) == ["index.html:4: link to a missing anchor: /a/#gone"]


def test_an_anchor_on_the_same_page_is_found_and_a_missing_one_named(tmp_path):
    site = write(tmp_path, {
        "index.html": '<html lang="vi"><a href="#top">lên</a><a href="#nowhere">x</a>'
                      '<span id="top"></span></html>',
    })  # fmt: skip
    assert messages(check_site(site)) == ["index.html:1: link to a missing anchor: #nowhere"]


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("<p>no html element</p>", id="no-html-element"),
        pytest.param('<html lang=""><p>x</p></html>', id="empty-lang"),
        pytest.param("", id="empty-file"),
        pytest.param("\x00\x01garbage", id="binary"),
    ],
)
def test_a_page_without_a_language_is_named(tmp_path, page):
    site = write(tmp_path, {"index.html": page})
    assert "index.html:1: page has no <html lang>" in messages(check_site(site))


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param('<a href="JAVASCRIPT:alert(1)">x</a>', id="upper-case"),
        pytest.param('<a href="java&#115;cript&#58;alert(1)">x</a>', id="character-references"),
        pytest.param('<svg><a href="javascript:alert(1)">x</a></svg>', id="inside-svg"),
        pytest.param('<template><a href="javascript:alert(1)">x</a></template>', id="inside-template"),
        pytest.param('</html><a href="javascript:alert(1)">x</a>', id="after-the-document"),
    ],
)
def test_a_scripted_link_is_found_wherever_the_markup_hides_it(tmp_path, markup):
    site = write(tmp_path, {"index.html": f'<html lang="en"><body>{markup}</body></html>'})
    found = messages(check_site(site))
    assert len(found) == 1 and "link to a javascript: address" in found[0], found


def test_a_stylesheet_from_another_host_is_named_but_a_plain_link_to_one_is_not(tmp_path):
    site = write(tmp_path, {
        "index.html": '<html lang="en"><head>'
                      '<link rel="preload stylesheet" href="https://cdn.example.com/a.css">'
                      '<link rel="alternate" href="https://example.org/feed.xml"></head>'
                      '<a href="https://example.org/">elsewhere</a></html>',
    })  # fmt: skip
    assert messages(check_site(site)) == [
        "index.html:1: loads a resource from another host: https://cdn.example.com/a.css"
    ]


def test_hreflang_pages_must_name_themselves_and_link_back(tmp_path):
    site = write(tmp_path, {
        "en/a.html": '<html lang="en"><link rel="alternate" hreflang="en" href="/en/a.html">'
                     '<link rel="alternate" hreflang="vi" href="/vi/a.html"></html>',
        # The Vietnamese page names itself but not the English page.
        "vi/a.html": '<html lang="vi"><link rel="alternate" hreflang="vi" href="/vi/a.html"></html>',
        # This one lists only another page: it does not name itself.
        "en/b.html": '<html lang="en"><link rel="alternate" hreflang="vi" href="/vi/a.html"></html>',
    })  # fmt: skip
    assert messages(check_hreflang(site)) == [
        "en/a.html:None: hreflang vi page /vi/a.html does not link back to /en/a.html",
        "en/b.html:None: hreflang alternates do not include the page itself",
        "en/b.html:None: hreflang vi page /vi/a.html does not link back to /en/b.html",
    ]


def test_a_page_rewritten_between_two_checks_is_read_again(tmp_path):
    site = write(tmp_path, {"index.html": '<html lang="en"><a href="/missing/">x</a></html>'})
    assert len(check_site(site)) == 1
    write(site, {"index.html": '<html lang="en"><a href="/index.html">home, now</a></html>'})
    assert check_site(site) == []


def test_a_scripted_address_in_the_first_of_two_href_attributes_is_found(tmp_path):
    # A browser follows the first of two attributes of one name.
    site = write(tmp_path, {
        "index.html": '<html lang="en"><a href="javascript:alert(1)" href="/index.html">x</a></html>',
    })  # fmt: skip
    assert messages(check_site(site)) == [
        "index.html:1: link to a javascript: address: javascript:alert(1)"
    ]


def test_a_page_that_is_not_utf8_is_checked_not_a_crash(tmp_path):
    (tmp_path / "index.html").write_bytes(
        b'<html lang="en">\xff\xfe<a href="javascript:alert(1)">x</a></html>'
    )
    assert messages(check_site(tmp_path)) == [
        "index.html:1: link to a javascript: address: javascript:alert(1)"
    ]
