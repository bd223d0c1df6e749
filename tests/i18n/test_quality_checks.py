"""`newsdesk i18n check`: each quality check finds an error planted in a catalogue, at its line,
lets a correct translation pass, and honours an exception a translator marked."""

from __future__ import annotations

import pytest

from newsdesk.i18n.catalogues import read_catalogue, render_catalogue

from .conftest import ROOT, content_po, run_i18n, write_article

CASES = [
    pytest.param(
        "The fund holds 2,400 dollars and grows 1.5 percent.",
        "Quỹ có 2.500 đô la và tăng 1,5 phần trăm.",
        "Quỹ có 2.400 đô la và tăng 1,5 phần trăm.",
        "numbers",
        id="numbers",
    ),
    pytest.param(
        "The ceremony was held on October 25 in Hanoi.",
        "Lễ được tổ chức ngày 26/10 tại Hà Nội.",
        "Lễ được tổ chức ngày 25 tháng 10 tại Hà Nội.",
        "dates",
        id="dates",
    ),
    pytest.param(
        "Minister Luong Tam Quang received the delegation.",
        "Bộ trưởng Luong Tam Quang đã tiếp đoàn.",
        "Bộ trưởng Lương Tam Quang đã tiếp đoàn.",
        "names",
        id="names",
    ),
    pytest.param(
        "The Hanoi Convention was signed by many States.",
        "Hiệp ước Hà Nội đã được nhiều quốc gia ký.",
        "Công ước Hà Nội đã được nhiều quốc gia ký.",
        "glossary",
        id="glossary",
    ),
    pytest.param(
        "The delegates discussed the draft text of the protocol at length.",
        "Các đại biểu discussed the draft text of the protocol at length.",
        "Các đại biểu đã thảo luận kỹ về dự thảo văn bản của nghị định thư.",
        "untranslated",
        id="untranslated-run",
    ),
    pytest.param(
        "The delegates discussed the draft text of the protocol at length.",
        "The delegates discussed the draft text of the protocol at length.",
        "Các đại biểu đã thảo luận kỹ về dự thảo văn bản của nghị định thư.",
        "untranslated",
        id="untranslated-same",
    ),
    pytest.param(
        "The Convention has 68 articles. It opened for signature in Hanoi. It enters into force"
        " ninety days after the fortieth ratification.",
        "Công ước có 68 điều.",
        "Công ước có 68 điều. Công ước được mở ký tại Hà Nội. Công ước có hiệu lực chín mươi ngày"
        " sau khi có văn kiện phê chuẩn thứ bốn mươi.",
        "dropped-sentence",
        id="dropped-sentence",
    ),
    pytest.param(
        "The Convention has 68 articles in nine chapters.",
        "Công ước có có 68 điều trong chín chương.",
        "Công ước có 68 điều trong chín chương.",
        "doubled-words",
        id="doubled-words",
    ),
    pytest.param(
        "The Convention (adopted in 2024) has 68 articles.",
        "Công ước (được thông qua năm 2024 có 68 điều.",
        "Công ước (được thông qua năm 2024) có 68 điều.",
        "brackets",
        id="brackets",
    ),
    pytest.param(
        "The theme was “Sharing Responsibility” this year.",
        "Chủ đề năm nay là “Chia sẻ trách nhiệm.",
        "Chủ đề năm nay là “Chia sẻ trách nhiệm”.",
        "quotes",
        id="quotes",
    ),
    pytest.param(
        "The form reads %(name)s on its first line.",
        "Mẫu đơn ghi tên ở dòng đầu tiên.",
        "Mẫu đơn ghi %(name)s ở dòng đầu tiên.",
        "placeholders",
        id="placeholders",
    ),
]


def plant(project, source: str, translation: str, comment: str | None = None) -> int:
    write_article(project, [source])
    assert run_i18n(project, "update") == 0
    path = content_po(project)
    catalog = read_catalogue(path)
    catalog["Signing in Hanoi"].string = "Lễ mở ký tại Hà Nội"
    catalog[source].string = translation
    if comment:
        catalog[source].user_comments = [comment]
    path.write_bytes(render_catalogue(catalog))
    return read_catalogue(path)[source].lineno


@pytest.mark.parametrize(("source", "bad", "good", "check"), CASES)
def test_a_planted_error_is_found_at_its_line(small_project, capsys, source, bad, good, check):
    line = plant(small_project, source, bad)
    capsys.readouterr()
    assert run_i18n(small_project, "check") == 1
    out = capsys.readouterr().out
    assert f"translations/vi/LC_MESSAGES/content/signing.po:{line}: [{check}] " in out, out


@pytest.mark.parametrize(("source", "bad", "good", "check"), CASES)
def test_a_correct_translation_passes(small_project, capsys, source, bad, good, check):
    plant(small_project, source, good)
    capsys.readouterr()
    status = run_i18n(small_project, "check")
    assert capsys.readouterr().out == "" and status == 0


@pytest.mark.parametrize(
    "mark",
    [
        pytest.param("i18n-check: ignore numbers: the source's figure is a misprint", id="comment"),
        pytest.param(None, id="flag"),
    ],
)
def test_a_marked_exception_is_honoured_and_listed(small_project, capsys, mark):
    source, bad = CASES[0].values[0], CASES[0].values[1]
    line = plant(small_project, source, bad, mark)
    if mark is None:
        path = content_po(small_project)
        catalog = read_catalogue(path)
        catalog[source].flags.add("ignore-numbers")
        path.write_bytes(render_catalogue(catalog))
        line = read_catalogue(path)[source].lineno
    capsys.readouterr()
    assert run_i18n(small_project, "check") == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"signing.po:{line}: [numbers] " in captured.err
    assert "0 problem(s); 2 exception(s) honoured" in captured.err  # 2,400 lacking; 2,500 added


def test_every_check_passes_on_the_real_site(capsys):
    assert run_i18n(ROOT, "check") == 0, capsys.readouterr().out
    summary = capsys.readouterr().err.splitlines()[-1]
    assert ", 0 problem(s)" in summary
