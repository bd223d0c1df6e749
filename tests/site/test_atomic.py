"""Atomic publishing: an interrupted or failed build leaves the previous output/ whole."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.projects import make_project, tree_digest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


def build_command(project: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsdesk",
        "build",
        "-s",
        str(project / "pelicanconf.py"),
        "-o",
        str(project / "output"),
    ]


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        build_command(project), cwd=ROOT, capture_output=True, text=True, check=True
    )


def leftovers(project: Path) -> list[str]:
    """Folders of a build that did not finish; the standby folder is kept on purpose."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".output.") and p.is_dir())


def start_and_interrupt(project: Path, signum: int) -> int:
    """Start a build, wait until it is writing pages into its staging folder, then signal it."""
    process = subprocess.Popen(
        build_command(project),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # A shell running the tests in the background ignores Ctrl+C, and the build would inherit
        # that: give it the disposition of a build started in a terminal.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            staged = [p for p in project.glob(".output-standby/*/articles/*") if p.is_dir()]
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
def test_interrupted_build_leaves_previous_output_whole(project, tmp_path, signum):
    build(project)
    before = tree_digest(project / "output")
    assert "en/articles/report-0/index.html" in before

    # The next build renders every page again, so a half-published site would show.
    template = project / "theme" / "templates" / "base.html"
    template.write_text(
        template.read_text().replace("</footer>", "<!-- next build --></footer>", 1)
    )
    status = start_and_interrupt(project, signum)

    assert status != 0
    assert tree_digest(project / "output") == before
    if signum != signal.SIGKILL:
        assert leftovers(project) == [], "an interrupted build must remove its staging folder"

    # The next build clears whatever the interrupted one left and publishes the change whole:
    # the same site as a clean build.
    build(project)
    assert leftovers(project) == []
    after = tree_digest(project / "output")
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("output", "cache", ".output*"))
    build(clean)
    assert after == tree_digest(clean / "output")
    assert (
        "<!-- next build -->"
        in (project / "output" / "en" / "articles" / "report-0" / "index.html").read_text()
    )


def test_a_second_build_of_the_same_output_waits_then_gives_up(tmp_path):
    from newsdesk.errors import BuildError
    from newsdesk.site.atomic import build_lock

    final = tmp_path / "output"
    with (
        build_lock(final),
        pytest.raises(BuildError, match="another build"),
        build_lock(final, wait=0.3),
    ):
        pass


def test_records_of_long_gone_output_folders_are_forgotten(tmp_path):
    from newsdesk.site.build import build_site

    project = make_project(tmp_path / "project", count=1)
    cache = project / "cache"
    cache.mkdir()
    gone = cache / "postbuild-1-1.json"  # a temporary output folder of a week ago
    recent = cache / "postbuild-1-2.json"  # another folder, built into yesterday
    for record, days in ((gone, 8), (recent, 1)):
        record.write_text("[]")
        then = time.time() - days * 24 * 3600
        os.utime(record, (then, then))
    build_site(project / "pelicanconf.py")
    assert not gone.exists()
    assert recent.exists()
    assert len(list(cache.glob("postbuild-*.json"))) == 2  # the new build's folder, and yesterday's


def odd_tree(folder: Path) -> Path:
    """Folders and files as a build may leave them: private modes, links to a folder, to a file,
    to nothing, and a folder it cannot read."""
    (folder / "a" / "b").mkdir(parents=True)
    (folder / "a" / "b" / "page.html").write_text("x")
    (folder / "a" / "private.html").write_text("x")
    (folder / "a" / "private.html").chmod(0o600)
    (folder / "a" / "b").chmod(0o700)
    outside = folder.parent / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "secret.txt").write_text("x")
    (outside / "deep" / "secret.txt").chmod(0o600)
    (folder / "to-folder").symlink_to(outside / "deep")
    (folder / "to-file").symlink_to(outside / "deep" / "secret.txt")
    (folder / "to-nothing").symlink_to(folder / "gone")
    return folder


def walked(folder: Path) -> set[str]:
    found = set()
    for root, _dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder).as_posix()
        found.update(name if base == "." else f"{base}/{name}" for name in files)
    return found


def test_the_published_tree_lists_what_os_walk_lists_and_gets_public_modes(tmp_path):
    from newsdesk.site.atomic import files_under, publish_modes

    folder = odd_tree(tmp_path / "site")
    expected = walked(folder)
    assert expected == {"a/b/page.html", "a/private.html", "to-file", "to-nothing"}
    assert files_under(folder) == expected
    assert publish_modes(folder) == expected
    assert (folder / "a" / "private.html").stat().st_mode & 0o777 == 0o644
    assert (folder / "a" / "b").stat().st_mode & 0o777 == 0o755
    # What the links point to is not the site's to change.
    assert (tmp_path / "outside" / "deep" / "secret.txt").stat().st_mode & 0o777 == 0o600


def test_a_file_replaced_after_its_part_was_published_gets_public_modes_again(tmp_path):
    from newsdesk.site.atomic import files_under, publish_modes, published_part

    site = tmp_path / "site"
    part = odd_tree(site / "en")
    (site / "index.html").write_text("root")
    files, settled = published_part(part, "en/")
    assert files == {f"en/{name}" for name in walked(part)}
    assert (part / "a" / "private.html").stat().st_mode & 0o777 == 0o644
    assert files_under(site, skip=("en",)) == walked(site) - files
    # A later step writes a page anew (another inode), private as a temporary file is.
    fresh = part / "a" / "fresh.tmp"
    fresh.write_text("y")
    fresh.chmod(0o600)
    os.replace(fresh, part / "a" / "b" / "page.html")

    assert publish_modes(site, settled) == walked(site)
    assert (part / "a" / "b" / "page.html").stat().st_mode & 0o777 == 0o644
    assert (site / "index.html").stat().st_mode & 0o777 == 0o644


def walk_part(part: Path, records: Path, monkeypatch) -> tuple[set[str], list[str]]:
    """``published_part`` with records, and the folders it read (not taken from the record)."""
    from newsdesk.site import atomic

    read: list[str] = []
    original = atomic._read_folder

    def reading(path):
        read.append(Path(path).relative_to(part).as_posix())
        return original(path)

    monkeypatch.setattr(atomic, "_read_folder", reading)
    files, _inodes = atomic.published_part(part, "en/", records)
    return files, sorted(read)


def test_a_part_walked_again_reads_only_the_folders_changed_since_and_lists_every_file(tmp_path, monkeypatch):
    from newsdesk.site import atomic

    monkeypatch.setattr(atomic, "SETTLED_NS", 0)  # the tree's folders count as settled at once
    part = odd_tree(tmp_path / "site" / "en")
    records = tmp_path / "records"
    first, read = walk_part(part, records, monkeypatch)
    assert first == {f"en/{name}" for name in walked(part)}
    assert read == [".", "a", "a/b"]
    assert walk_part(part, records, monkeypatch) == (first, [])

    time.sleep(0.05)  # past the clock's tick: a change now sets the folder's times anew
    (part / "a" / "b" / "new.html").write_text("x")  # a page added in a folder
    (part / "a" / "private.html").chmod(0o600)  # a file made private in a folder left as it was
    files, read = walk_part(part, records, monkeypatch)
    assert files == first | {"en/a/b/new.html"}
    assert read == ["a/b"]
    assert (part / "a" / "private.html").stat().st_mode & 0o777 == 0o644

    time.sleep(0.05)
    shutil.rmtree(part / "a" / "b")  # a folder replaced by a link to one outside the site
    (part / "a" / "b").symlink_to(tmp_path / "site" / "outside" / "deep")
    files, read = walk_part(part, records, monkeypatch)
    assert files == {f"en/{name}" for name in walked(part)} == first - {"en/a/b/page.html"}
    assert read == ["a"]


def test_a_damaged_folder_record_costs_a_full_walk_not_a_file(tmp_path, monkeypatch):
    from newsdesk.site import atomic

    monkeypatch.setattr(atomic, "SETTLED_NS", 0)
    part = odd_tree(tmp_path / "site" / "en")
    records = tmp_path / "records"
    first, _read = walk_part(part, records, monkeypatch)
    (record,) = records.glob("listing-*.pickle")
    record.write_bytes(b"not a record")
    assert walk_part(part, records, monkeypatch) == (first, [".", "a", "a/b"])


def test_a_folder_changed_just_before_its_walk_is_read_again_next_time(tmp_path, monkeypatch):
    part = odd_tree(tmp_path / "site" / "en")  # written now: within the last second
    records = tmp_path / "records"
    first, _read = walk_part(part, records, monkeypatch)
    assert walk_part(part, records, monkeypatch) == (first, [".", "a", "a/b"])


def test_a_language_folder_a_run_never_made_lists_nothing(tmp_path):
    from newsdesk.site.atomic import published_part

    assert published_part(tmp_path / "en", "en/") == (set(), {})
