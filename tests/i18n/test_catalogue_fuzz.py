"""Fuzzing the catalogue reader: whatever bytes a catalogue holds, it is read or refused with a
CatalogError naming the file, never a traceback; what is accepted is written back and read again
unchanged, and control characters in a translation are reported."""

from __future__ import annotations

import random

from newsdesk.errors import CatalogError
from newsdesk.i18n.catalogues import format_problems
from newsdesk.i18n.poformat import read_catalogue, render_catalogue

VALID = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'
    '#. title\n#: content/articles/a.md:1\nmsgid "Signing in Hanoi"\nmsgstr "Lễ mở ký tại Hà Nội"\n\n'
    '#, fuzzy\n#| msgid "Old text"\nmsgid "New text"\nmsgstr "Văn bản"\n\n'
    '#, fuzzy\n#~ msgid "Gone"\n#~ msgstr "Đã bỏ"\n'
)
PIECES = ['"', "\\", "\n", "\r", "\x00", "\x07", "\x1b", "#", "#~ ", "#| ", "msgid ", "msgstr ",
          "msgstr[0] ", "msgid_plural ", "msgctxt ", "\u202e", "é", "\xff", "charset=latin-1", " "]  # fmt: skip


def mutations(count: int):
    rng = random.Random(2026)
    data = VALID.encode("utf-8")
    for _ in range(count):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            position = rng.randrange(len(mutated))
            choice = rng.random()
            if choice < 0.4:
                piece = rng.choice(PIECES)
                mutated[position:position] = (
                    piece.encode("latin-1", errors="replace") if piece == "\xff" else piece.encode("utf-8")
                )
            elif choice < 0.7:
                del mutated[position : position + rng.randint(1, 6)]
            else:
                mutated[position] = rng.randrange(256)
        yield bytes(mutated)


def test_every_mutated_catalogue_is_read_or_refused_by_name(tmp_path):
    path = tmp_path / "fuzz.po"
    accepted = refused = 0
    for data in mutations(400):
        path.write_bytes(data)
        try:
            catalog = read_catalogue(path)
        except CatalogError as error:
            assert error.path == str(path) and error.message
            refused += 1
            continue
        accepted += 1
        format_problems(catalog, str(path))  # reports, never raises
        path.write_bytes(render_catalogue(catalog))
        again = read_catalogue(path)
        assert [(m.id, m.string, m.fuzzy) for m in again if m.id] == [
            (m.id, m.string, m.fuzzy) for m in catalog if m.id
        ]
    assert accepted and refused


def test_a_control_character_in_a_translation_is_a_problem_at_its_line(tmp_path):
    path = tmp_path / "c.po"
    path.write_text(VALID.replace("Lễ mở ký", "Lễ\x07 mở ký"), encoding="utf-8")
    problems = format_problems(read_catalogue(path), str(path))
    assert [(p.line, p.check) for p in problems] == [(8, "format")]
    assert "U+0007" in problems[0].message
