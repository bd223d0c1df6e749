"""The catalogue check refuses markup a theme translation adds to its source message."""

from __future__ import annotations

from pathlib import Path

from newsdesk.checks.catalogues import check_catalogues

CATALOGUE = """\
msgid ""
msgstr ""
"Language: vi\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Skip to content"
msgstr "{skip}"

msgid "Language"
msgstr "{language}"
"""


def write(tmp_path: Path, skip: str, language: str) -> Path:
    translations = tmp_path / "translations"
    folder = translations / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(CATALOGUE.format(skip=skip, language=language), encoding="utf-8")
    return translations


def test_a_script_or_handler_in_a_theme_translation_is_reported_at_its_line(tmp_path):
    translations = write(tmp_path, "<script>alert(1)</script>", '\\" onfocus=\\"alert(1)\\" autofocus')
    problems = check_catalogues(translations, tmp_path).problems
    found = {(p.line, p.check) for p in problems}
    assert (6, "markup") in found, [str(p) for p in problems]  # the message starts at its msgid
    assert all(str(p).startswith("translations/vi/LC_MESSAGES/messages.po:") for p in problems)


def test_a_plain_theme_translation_passes(tmp_path):
    translations = write(tmp_path, "Chuyển đến nội dung chính", "Ngôn ngữ")
    assert check_catalogues(translations, tmp_path).problems == []
