"""Publishing before translation: a new article passes the gate untranslated and waits in the
queue; a translation that was complete and is then lost, or left fuzzy too long, is reported."""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsdesk.cli import main

from .conftest import content_po, run_i18n, set_translations, write_article

TEXT = "The Convention opened for signature in Hanoi on 25 October 2025."
DONE = {"Signing in Hanoi": "Lễ mở ký tại Hà Nội", TEXT: "Công ước được mở ký tại Hà Nội ngày 25/10/2025."}


def coverage(project, capsys) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["check", "--only", "coverage", "-s", str(project / "pelicanconf.py")])
    return status, capsys.readouterr().out


def translated(project):
    write_article(project, [TEXT])
    run_i18n(project, "update")
    set_translations(content_po(project), DONE)
    run_i18n(project, "update")  # records what is complete


def test_a_new_untranslated_article_passes_the_gate(small_project, capsys):
    write_article(small_project, [TEXT])
    run_i18n(small_project, "update")
    status, out = coverage(small_project, capsys)
    assert status == 0, out


def test_a_complete_translation_that_is_deleted_is_reported(small_project, capsys):
    translated(small_project)
    assert coverage(small_project, capsys)[0] == 0
    content_po(small_project).unlink()
    status, out = coverage(small_project, capsys)
    assert status == 1
    assert "translations/vi/LC_MESSAGES/content/signing.po: [coverage] 2 translated message(s) lost" in out
    run_i18n(small_project, "update")  # an update does not forget them
    assert coverage(small_project, capsys)[0] == 1


def test_a_translation_left_fuzzy_too_long_is_reported(small_project, capsys):
    translated(small_project)
    write_article(small_project, [TEXT.replace("25 October", "25 and 26 October")])
    run_i18n(small_project, "update")
    assert coverage(small_project, capsys)[0] == 0, "fuzzy for a day is allowed"
    state = small_project / "translations" / "state.tsv"
    old = (date.today() - timedelta(days=45)).isoformat()
    state.write_text(
        re.sub(r"\tfuzzy\t\d{4}-\d\d-\d\d", f"\tfuzzy\t{old}", state.read_text()), encoding="utf-8"
    )
    status, out = coverage(small_project, capsys)
    assert status == 1
    line = next(
        number
        for number, text in enumerate(content_po(small_project).read_text().splitlines(), 1)
        if text.startswith("msgid") and "25 and 26" in text
    )
    assert f"signing.po:{line}: [coverage] fuzzy since {old}" in out


def test_the_queue_lists_what_waits_oldest_first(small_project, capsys):
    write_article(small_project, [TEXT, "A second paragraph."], name="newer", Date="2025-11-02 08:00")
    write_article(small_project, [TEXT], name="older", Date="2025-10-01 08:00")
    run_i18n(small_project, "update")
    set_translations(content_po(small_project, "older"), {"Signing in Hanoi": "Lễ mở ký tại Hà Nội"})
    capsys.readouterr()
    assert run_i18n(small_project, "queue") == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if "content/" in line]
    assert "2025-10-01" in rows[0] and "older" in rows[0] and "1 untranslated" in rows[0]
    assert "2025-11-02" in rows[1] and "newer" in rows[1] and "3 untranslated" in rows[1]
