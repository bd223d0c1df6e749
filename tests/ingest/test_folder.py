"""A folder of sources as editors keep it: pages with their "_files" folders, sidecars, pictures."""

from __future__ import annotations

import shutil
import subprocess

from tests.ingest.conftest import FIXTURES, ROOT, SEEDS


def sources_folder(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copytree(FIXTURES / "vi-interview", folder, dirs_exist_ok=True)  # page + its _files
    shutil.copy(SEEDS / "002_1fbe4b0bd141bb0e.txt", folder / "name with spaces.txt")
    shutil.copy(SEEDS / "002_1fbe4b0bd141bb0e.txt.meta", folder / "name with spaces.txt.meta")
    shutil.copy(FIXTURES / "vi-interview" / "phong-van_files" / "thu-truong.png", folder / "a.png")
    return folder


def test_folder_stands_for_its_sources(ingest, tmp_path):
    folder = sources_folder(tmp_path)
    status, stdout, err, out = ingest(folder)
    assert status == 0, err
    assert stdout.count(": written ") == 2
    assert "phong-van_files" not in stdout + err
    assert len(list(out.glob("*.md"))) == 2


def test_make_ingest_takes_only_sources(tmp_path):
    folder = sources_folder(tmp_path)
    content = tmp_path / "content"
    run = subprocess.run(
        ["make", "-s", "ingest", f"SOURCEDIR={folder}", f"INPUTDIR={content}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Is a directory" not in run.stderr and "No such file" not in run.stderr
    assert len(list((content / "articles").glob("*.md"))) == 2
    assert (content / "images").is_dir()
