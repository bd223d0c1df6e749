"""A copy of the real site's settings, theme and catalogues with generated articles, for build tests."""

from __future__ import annotations

import hashlib
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
