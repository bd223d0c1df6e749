"""The project object: the settings read once per process, and again when a settings file changes."""

from __future__ import annotations

import os

import pelican.settings
import pytest

from newsdesk.errors import ConfigError
from newsdesk.project import Project, read_base_settings


def write_settings(folder, languages=("en", "vi")):
    (folder / "content").mkdir(exist_ok=True)
    path = folder / "pelicanconf.py"
    path.write_text(
        f'PATH = "content"\nMULTILANG = {{"languages": {tuple(languages)!r}, "translations": "tr"}}\n',
        encoding="utf-8",
    )
    return path


def test_the_settings_are_read_once_until_a_settings_file_changes(tmp_path, monkeypatch):
    settings_file = write_settings(tmp_path)
    reads = []
    real = pelican.settings.read_settings
    monkeypatch.setattr(pelican.settings, "read_settings", lambda *a, **k: reads.append(a) or real(*a, **k))
    first = read_base_settings(settings_file)
    first["OUTPUT_PATH"] = "changed by a caller"
    second = read_base_settings(settings_file)
    assert len(reads) == 1
    assert second["OUTPUT_PATH"] != "changed by a caller"
    write_settings(tmp_path, ("en", "vi", "fr"))
    stat = settings_file.stat()
    os.utime(settings_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert read_base_settings(settings_file)["MULTILANG"]["languages"] == ("en", "vi", "fr")
    assert len(reads) == 2


def test_the_project_answers_languages_and_folders_from_the_settings(tmp_path):
    project = Project(write_settings(tmp_path))
    assert project.languages == ("en", "vi")
    assert project.default_language == "en"
    assert project.translations == (tmp_path / "tr").resolve()
    assert project.root == tmp_path.resolve()


def test_a_missing_settings_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="settings file not found") as caught:
        _ = Project(tmp_path / "nowhere.py").settings
    assert "nowhere.py" in str(caught.value)


def test_settings_pelican_rejects_are_named_not_a_traceback(tmp_path):
    (tmp_path / "pelicanconf.py").write_text('PATH = "no-such-folder"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="path containing the content") as caught:
        read_base_settings(tmp_path / "pelicanconf.py")
    assert str(caught.value).startswith(str(tmp_path / "pelicanconf.py"))


def test_a_build_started_from_another_folder_reads_the_projects_own_data(tmp_path, monkeypatch):
    # Like Pelican's own paths and the catalogues' folder, the plugins' data files (outlets,
    # the Convention's tables, the glossary) are found beside the settings file, wherever the
    # command is started from.
    from newsdesk.site.build import build_site
    from tests.pelican.sites import article, make_site

    project = tmp_path / "project"
    settings = make_site(project, {"story.md": article(Source="Daily")})
    outlets = project / "data" / "outlets.tsv"
    table = outlets.read_text(encoding="utf-8") + "Daily\tThe Daily\tNhật báo\n"
    outlets.write_text(table, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    build_site(settings)
    for code, name in (("en", "The Daily"), ("vi", "Nhật báo")):
        page = (project / "output" / code / "articles" / "a-picture" / "index.html").read_text()
        assert name in page, code
    assert list(elsewhere.iterdir()) == []
