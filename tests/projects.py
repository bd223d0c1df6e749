"""A copy of the real site's settings, theme and catalogues with generated articles, for build tests."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FOLDERS = ("content", "theme", "translations", "data", "sources")
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "babel.cfg")
ARTICLES = 120  # enough that a build runs for a few seconds on two cores


def article(lang: str, number: int) -> str:
    """An article in its source language; the others come from (here absent) catalogues."""
    title = f"Report {number}"
    paragraphs = "\n\n".join(f"Paragraph {p} of report {number}. " * 20 for p in range(8))
    return (
        f"Title: {title}\nDate: 2025-10-{number % 28 + 1:02d} 08:00\nLang: {lang}\n"
        f"Slug: report-{number}\nCategory: News\nTags: Hanoi, report-{number % 7}\n\n{paragraphs}\n"
    )


def make_project(tmp_path: Path, count: int = ARTICLES) -> Path:
    """A copy of the real site (settings, content, theme, catalogues) with ``count`` more articles."""
    for name in PROJECT_FOLDERS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name)
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    articles = tmp_path / "content" / "articles"
    for number in range(count):
        (articles / f"report-{number}.md").write_text(article("en", number), encoding="utf-8")
    return tmp_path


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def strict_build(
    project: Path, verbose: bool = False, env: dict | None = None, settings: str = "pelicanconf.py"
) -> subprocess.CompletedProcess:
    """``python -m newsdesk build --strict`` of ``project`` in a process of its own."""
    command = [sys.executable, "-m", "newsdesk", *(["-v"] if verbose else []), "build", "--strict"]
    return subprocess.run(
        [*command, "-s", str(project / settings)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip


class PagefindRuns:
    """The Pagefind runs of the builds that follow: each one's command line and the pages it was
    given, kept in a file, as the languages' processes (forked from the test's) run Pagefind."""

    def __init__(self, monkeypatch, folder: Path):
        from newsdesk.site import search

        self.log = folder / "pagefind-runs.jsonl"
        self.log.write_text("", encoding="utf-8")
        real = search.run_pagefind
        log = self.log

        def recording(command, *args, **kwargs):
            site = Path(command[command.index("--site") + 1])
            pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
            result = real(command, *args, **kwargs)
            # The fragment files the run wrote itself (the others are links to the live site's).
            fragments = Path(command[command.index("--output-path") + 1]) / "fragment"
            written = sum(1 for path in fragments.iterdir() if path.stat().st_nlink == 1)
            run = {"command": [str(x) for x in command], "pages": pages, "written": written}
            with log.open("a", encoding="utf-8") as file:
                file.write(json.dumps(run) + "\n")
            return result

        monkeypatch.setattr(search, "run_pagefind", recording)

    def _runs(self) -> list[dict]:
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]

    def commands(self) -> list[list[str]]:
        return [run["command"] for run in self._runs()]

    def written_fragments(self) -> list[int]:
        """How many fragment files each run wrote itself."""
        return [run["written"] for run in self._runs()]

    def pages(self) -> list[list[str]]:
        """The pages each run indexed, relative to the folder it was given (a list a run)."""
        return [run["pages"] for run in self._runs()]
