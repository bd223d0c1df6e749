"""``make check`` runs every stage on inputs that used to crash it, and names each problem's
source file as ``path:line: message``: never a traceback, never a temporary folder."""

from __future__ import annotations

import re

import pytest

from newsdesk import cli
from tests.pelican.sites import article, make_site, write

PROBLEM_LINE = re.compile(r"^[^\s:]+(?::[0-9]+)?: \S")


def plant_duplicate_slug(project):
    write(project / "content/articles/b.md", article(Title="Another story"))
    return "content/articles/b.md:4: Slug 'a-picture' is already used"


def plant_dot_dot_slug(project):
    write(project / "content/articles/b.md", article(Title="Up", Slug=".."))
    return "content/articles/b.md:4: Slug '..' is not a plain file name"


def plant_parent_slug(project):
    write(project / "content/articles/b.md", article(Title="Up", Slug="../about"))
    return "content/articles/b.md:4: Slug '../about' is not a plain file name"


def plant_latin1_article(project):
    write(project / "content/articles/b.md", article(Title="Café", Slug="b").encode("latin-1"))
    return "content/articles/b.md:1: not UTF-8 text"


def plant_latin1_catalogue(project):
    po = project / "translations/vi/LC_MESSAGES/messages.po"
    text = po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    write(po, text.replace("Ngôn ngữ", "Ngon ngu \xe9").encode("latin-1", errors="replace"))
    return "translations/vi/LC_MESSAGES/messages.po"


def plant_control_character_in_title(project):
    write(project / "content/articles/b.md", article(Title="Bad\x07title", Slug="b"))
    return "content/articles/b.md:1: "


@pytest.mark.parametrize(
    "plant",
    [
        pytest.param(plant_duplicate_slug, id="duplicate-slug"),
        pytest.param(plant_dot_dot_slug, id="slug-dot-dot"),
        pytest.param(plant_parent_slug, id="slug-parent"),
        pytest.param(plant_latin1_article, id="latin-1-article"),
        pytest.param(plant_latin1_catalogue, id="latin-1-catalogue"),
        pytest.param(plant_control_character_in_title, id="control-character-in-title"),
    ],
)
def test_check_reports_instead_of_crashing(tmp_path, capsys, plant):
    settings = make_site(tmp_path, {"a.md": article()})
    expected = plant(tmp_path)
    status = cli.main(["check", "-s", str(settings), "--skip", "coverage,html"])
    captured = capsys.readouterr()
    problems = [
        line for line in captured.out.splitlines() if not line.startswith(("Done:", "and "))
    ]
    assert status == 1
    assert "Traceback" not in captured.err
    assert any(line.startswith(expected) for line in problems), problems
    assert all(PROBLEM_LINE.match(line) for line in problems), problems
    assert "/tmp" not in captured.out and "standby" not in captured.out
    assert "build: " in captured.err  # the build stage ran too


@pytest.mark.parametrize(
    "plant",
    [
        pytest.param(plant_duplicate_slug, id="duplicate-slug"),
        pytest.param(plant_parent_slug, id="slug-parent"),
        pytest.param(plant_latin1_article, id="latin-1-article"),
        pytest.param(plant_latin1_catalogue, id="latin-1-catalogue"),
        pytest.param(plant_control_character_in_title, id="control-character-in-title"),
    ],
)
def test_build_ends_with_a_message(tmp_path, capsys, plant):
    settings = make_site(tmp_path, {"a.md": article()})
    plant(tmp_path)
    status = cli.main(["build", "-s", str(settings), "-o", str(tmp_path / "output")])
    captured = capsys.readouterr()
    assert status == 1
    assert "error: " in captured.err
    assert "Traceback" not in captured.err
    assert not (tmp_path / "output").exists()


def test_a_skipped_file_fails_a_build_that_is_not_strict(tmp_path, capsys):
    settings = make_site(tmp_path, {"a.md": article(), "b.md": article(Slug="b", Title="\x01")})
    status = cli.main(["build", "-s", str(settings), "-o", str(tmp_path / "output")])
    assert status == 1
    assert "b.md" in capsys.readouterr().err


def test_a_build_step_problem_names_the_output_not_the_staging_folder(tmp_path, capsys):
    settings = make_site(tmp_path, {"a.md": article()})
    template = tmp_path / "theme" / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace(" data-pagefind-body", ""))
    status = cli.main(["build", "-s", str(settings), "-o", str(tmp_path / "output")])
    err = capsys.readouterr().err
    assert status == 1
    assert "Pagefind" in err
    assert "standby" not in err and str(tmp_path / "output") in err


def test_check_names_no_temporary_folder_for_a_build_step_problem(tmp_path, capsys):
    settings = make_site(tmp_path, {"a.md": article()})
    template = tmp_path / "theme" / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace(" data-pagefind-body", ""))
    status = cli.main(["check", "-s", str(settings), "--skip", "coverage,html"])
    out = capsys.readouterr().out
    assert status == 1
    assert "Pagefind" in out and "/tmp" not in out and "newsdesk-check" not in out, out


def test_a_control_character_in_the_settings_is_named(tmp_path, capsys):
    settings = make_site(tmp_path, {"a.md": article()})
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('SITENAME = _("Hanoi Convention")', 'SITENAME = "Hanoi\\x07"'))
    status = cli.main(["build", "-s", str(settings), "-o", str(tmp_path / "output")])
    err = capsys.readouterr().err
    assert status == 1
    assert "pelicanconf.py: SITENAME contains the control character U+0007" in err
    assert "Traceback" not in err


def test_a_plugin_that_cannot_load_fails_a_build_that_is_not_strict(tmp_path, capsys):
    settings = make_site(tmp_path, {"a.md": article()})
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('PLUGINS = [\n', 'PLUGINS = [\n    "newsdesk.pelican.no_such_plugin",\n'))
    status = cli.main(["build", "-s", str(settings), "-o", str(tmp_path / "output")])
    err = capsys.readouterr().err
    assert status == 1
    assert "no_such_plugin" in err
    assert not (tmp_path / "output").exists()
