"""The About page's way to ask for a correction: the publisher's contact from settings, in the
reader's language, and never a dead or made-up address when none is set."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from newsdesk import cli
from newsdesk.errors import ConfigError
from newsdesk.site.build import build_site
from tests.pelican.sites import ROOT, make_site
from tests.projects import make_project

TRACKER = "https://tracker.example.org/desk/issues"


def about_site(folder, contact: str | None = None):
    settings = make_site(folder)
    shutil.copy(ROOT / "content" / "pages" / "about.md", folder / "content" / "pages" / "about.md")
    catalogue = folder / "translations" / "vi" / "LC_MESSAGES" / "content" / "about.po"
    catalogue.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "translations" / "vi" / "LC_MESSAGES" / "content" / "about.po", catalogue)
    if contact is not None:
        settings.write_text(
            settings.read_text(encoding="utf-8") + f"\nCORRECTIONS = {{'contact': {contact!r}}}\n",
            encoding="utf-8",
        )
    return settings


def corrections(folder, lang: str):
    page = BeautifulSoup(
        (folder / "output" / lang / "about" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    return page.select_one(".corrections")


@pytest.mark.parametrize(
    ("contact", "href", "words"),
    [
        pytest.param(TRACKER, TRACKER, {"en": "issue tracker", "vi": "trang báo lỗi"}, id="tracker"),
        pytest.param("mailto:corrections@desk.example", "mailto:corrections@desk.example",
                     {"en": "corrections@desk.example", "vi": "corrections@desk.example"}, id="mailbox"),
    ],
)  # fmt: skip
def test_the_about_page_links_the_contact_the_settings_give(tmp_path, contact, href, words):
    build_site(about_site(tmp_path, contact), strict=True)
    for lang in ("en", "vi"):
        section = corrections(tmp_path, lang)
        assert [a["href"] for a in section.select("a")] == [href], lang
        assert words[lang] in section.get_text(" ", strip=True), lang


def test_without_a_contact_the_about_page_shows_no_address(tmp_path):
    build_site(about_site(tmp_path), strict=True)
    expected = {
        "en": "names no address for corrections yet",
        "vi": "chưa công bố địa chỉ nhận đề nghị đính chính",
    }
    for lang in ("en", "vi"):
        section = corrections(tmp_path, lang)
        text = section.get_text(" ", strip=True)
        assert section.select("a[href^='mailto:'], a[href^='http']") == [], lang
        assert "@" not in text and "issue" not in text.lower(), text
        assert expected[lang] in text, text


@pytest.mark.parametrize("contact", ["javascript:alert(1)", "desk@example.org", "http://"])
def test_a_contact_that_is_no_address_is_named(tmp_path, contact):
    with pytest.raises(ConfigError, match=r"CORRECTIONS\['contact'\]"):
        build_site(about_site(tmp_path, contact))


def test_check_of_a_release_build_warns_without_a_contact(tmp_path, capsys):
    project = make_project(tmp_path, count=0)
    status = cli.main(["check", "-s", str(project / "publishconf.py"), "--only", "content"])
    captured = capsys.readouterr()
    assert status == 0
    assert "publishconf.py: warning: CORRECTIONS['contact'] is not set" in captured.out
    # A local build (pelicanconf.py, no SITEURL) is not a release: no warning.
    cli.main(["check", "-s", str(project / "pelicanconf.py"), "--only", "content"])
    assert "CORRECTIONS" not in capsys.readouterr().out
