"""Atomic publishing: an interrupted or failed build leaves the previous output/ whole."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 120  # enough that a build runs for a few seconds on two cores


def article(lang: str, number: int) -> str:
    title = f"Report {number}" if lang == "en" else f"Báo cáo {number}"
    paragraphs = "\n\n".join(f"Paragraph {p} of report {number}. " * 20 for p in range(8))
    return (
        f"Title: {title}\nDate: 2025-10-{number % 28 + 1:02d} 08:00\nLang: {lang}\n"
        f"Slug: report-{number}\nCategory: News\nTags: Hanoi, report-{number % 7}\n\n{paragraphs}\n"
    )


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the real site's settings, theme and catalogues with a larger set of articles."""
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "pages", tmp_path / "content" / "pages")
    for name in ("theme", "plugins", "translations"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    for number in range(ARTICLES):
        (articles / f"report-{number}.md").write_text(article("en", number), encoding="utf-8")
        (articles / f"report-{number}.vi.md").write_text(article("vi", number), encoding="utf-8")
    return tmp_path


def build_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "newsdesk", "build", "-s", str(project / "pelicanconf.py"),
            "-o", str(project / "output")]


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(build_command(project), cwd=ROOT, capture_output=True, text=True, check=True)


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".output.") and p.is_dir())


def start_and_interrupt(project: Path, signum: int) -> int:
    """Start a build, wait until it is writing pages into its staging folder, then signal it."""
    process = subprocess.Popen(build_command(project), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            staged = [p for p in project.glob(".output.staging-*/*/articles/*") if p.is_dir()]
            if staged:
                break
            assert process.poll() is None, "the build ended before it could be interrupted"
            time.sleep(0.01)
        else:
            pytest.fail("the build never started writing pages")
        os.kill(process.pid, signum)
        return process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
@pytest.mark.parametrize(
    "signum",
    [
        pytest.param(signal.SIGINT, id="ctrl-c"),
        pytest.param(signal.SIGTERM, id="terminated"),
        pytest.param(signal.SIGKILL, id="killed"),
    ],
)
def test_interrupted_build_leaves_previous_output_whole(project, signum):
    build(project)
    before = tree_digest(project / "output")
    assert "en/articles/report-0/index.html" in before

    # The next build has something new to write, so a half-published site would show.
    (project / "content" / "articles" / "report-0.md").write_text(
        article("en", 0).replace("Report 0", "Report zero"), encoding="utf-8"
    )
    status = start_and_interrupt(project, signum)

    assert status != 0
    assert tree_digest(project / "output") == before
    if signum != signal.SIGKILL:
        assert leftovers(project) == [], "an interrupted build must remove its staging folder"

    # The next build clears whatever a killed build left behind and publishes the change.
    build(project)
    assert leftovers(project) == []
    page = (project / "output" / "en" / "articles" / "report-0" / "index.html").read_text()
    assert "Report zero" in page


def test_second_build_of_the_same_output_is_refused(tmp_path):
    from newsdesk.errors import BuildError
    from newsdesk.publish import build_lock

    final = tmp_path / "output"
    with build_lock(final), pytest.raises(BuildError, match="another build"), build_lock(final):
        pass
