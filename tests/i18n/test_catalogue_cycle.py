"""The catalogue cycle never loses a translator's work, and refuses what msgfmt refuses."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from newsdesk.i18n.catalogues import read_catalogue

from .conftest import ROOT, content_po, run_i18n, set_translations, write_article

TEXTS = {
    "Signing in Hanoi": "Lễ mở ký tại Hà Nội",
    "The Convention opened for signature in Hanoi on 25 October 2025.": (
        "Công ước được mở ký tại Hà Nội ngày 25/10/2025."
    ),
    "The General Assembly adopted it by resolution 79/243.": (
        "Đại hội đồng đã thông qua Công ước theo Nghị quyết 79/243."
    ),
}
FIRST, SECOND = list(TEXTS)[1:]


@pytest.fixture
def translated(small_project) -> Path:
    write_article(small_project, [FIRST, SECOND])
    assert run_i18n(small_project, "update") == 0
    set_translations(content_po(small_project), TEXTS)
    return small_project


def theme_po(project: Path) -> Path:
    return project / "translations" / "vi" / "LC_MESSAGES" / "messages.po"


def test_a_catalogue_error_names_its_file_once_and_its_line(small_project, capsys):
    path = theme_po(small_project)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'(msgid "%\(site\)s: all articles"\nmsgstr ")[^"]*"', r'\1%(ten)s"', text)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('msgid "%(site)s: all articles"') + 1
    assert run_i18n(small_project, "update") == 1
    err = capsys.readouterr().err
    assert err.count("messages.po") == 1, err
    assert f"messages.po:{line}: " in err and ":0:" not in err


def test_a_plural_translation_with_an_empty_form_is_kept_and_made_fuzzy(small_project):
    path = theme_po(small_project)
    text = path.read_text(encoding="utf-8")
    text = text.replace("nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);")
    text = re.sub(
        r'(msgid_plural "%\(num\)d articles"\n)msgstr\[0\] "[^"]*"',
        r'\1msgstr[0] "%(num)d bài viết"\nmsgstr[1] ""',
        text,
    )
    path.write_text(text, encoding="utf-8")
    assert run_i18n(small_project, "update") == 0
    message = read_catalogue(path, placeholders=True)["%(num)d article"]
    assert message.string[0] == "%(num)d bài viết"
    assert message.fuzzy


def test_a_fuzzy_message_stays_fuzzy_through_obsolete_and_back(translated):
    set_translations(content_po(translated), {SECOND: TEXTS[SECOND]}, fuzzy=True)
    write_article(translated, [FIRST])
    run_i18n(translated, "update")
    assert read_catalogue(content_po(translated)).obsolete[SECOND].fuzzy
    write_article(translated, [FIRST, SECOND])
    run_i18n(translated, "update")
    message = read_catalogue(content_po(translated))[SECOND]
    assert message.string == TEXTS[SECOND] and message.fuzzy


def test_the_previous_text_is_the_one_translated_after_two_edits(translated):
    once = FIRST.replace("25 October", "25 and 26 October")
    twice = once.replace("Hanoi", "Ha Noi")
    write_article(translated, [once, SECOND])
    run_i18n(translated, "update")
    write_article(translated, [twice, SECOND])
    run_i18n(translated, "update")
    message = read_catalogue(content_po(translated))[twice]
    assert message.fuzzy and message.previous_id == [FIRST]


def test_a_msgstr_without_its_closing_quote_is_refused_like_msgfmt(translated, capsys):
    path = content_po(translated)
    text = path.read_text(encoding="utf-8")
    broken = text.replace('msgstr "Lễ mở ký tại Hà Nội"', 'msgstr "Lễ mở ký tại Hà Nội')
    path.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index('msgstr "Lễ mở ký tại Hà Nội') + 1
    if shutil.which("msgfmt"):
        checked = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert checked.returncode != 0, "msgfmt refuses it too"
    assert run_i18n(translated, "update") == 1
    assert f"signing.po:{line}: " in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == broken, "nothing is written"


def test_a_latin1_catalogue_is_read_in_its_charset(translated, capsys):
    path = content_po(translated)
    text = path.read_text(encoding="utf-8").replace("charset=utf-8", "charset=ISO-8859-1")
    text = text.replace(TEXTS["Signing in Hanoi"], "Signature à Hanoï")
    path.write_bytes(text.encode("latin-1", errors="replace"))
    assert run_i18n(translated, "update") == 0, capsys.readouterr().err
    assert read_catalogue(path)["Signing in Hanoi"].string == "Signature à Hanoï"


def test_a_control_character_in_a_translation_is_reported(translated, capsys):
    set_translations(content_po(translated), {SECOND: "Đại hội đồng\x07 đã thông qua."})
    assert run_i18n(translated, "check") == 1
    assert "control character" in capsys.readouterr().out


def test_a_translation_the_build_would_refuse_is_not_counted_as_translated(small_project, capsys):
    linked = "It is open at [United Nations Headquarters](https://www.un.org/)."
    write_article(small_project, [linked])
    run_i18n(small_project, "update")
    set_translations(
        content_po(small_project),
        {"Signing in Hanoi": TEXTS["Signing in Hanoi"], linked: "Công ước để ngỏ tại Trụ sở."},
    )
    capsys.readouterr()
    run_i18n(small_project, "stats")
    assert "   1 translated     0 fuzzy     1 untranslated  content/signing" in (
        capsys.readouterr().out
    )


def test_the_catalogue_layout_is_built_in_one_place():
    literal = re.compile(r"[\"'][^\"'\n]*LC_MESSAGES[^\"'\n]*[\"']")
    users = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "newsdesk").rglob("*.py")
        if literal.search(path.read_text(encoding="utf-8"))
    )
    assert users == ["newsdesk/i18n/layout.py"]


def test_no_command_writes_mo_files_that_nothing_reads(translated):
    run_i18n(translated, "check")
    assert not list((translated / "translations").rglob("*.mo"))
