"""A build killed while Pagefind ran leaves Pagefind writing into the standby folder (its process
group is its own); the next build stops it before clearing the folder."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from newsdesk.site.build import build_site
from newsdesk.site.search import RUNNING_MARK
from tests.pelican.sites import article, make_site
from tests.projects import tree_digest

# Writes files into the standby's search folder until it is stopped, as Pagefind would; the word
# "pagefind" on its command line is how a build knows its own Pagefind runs.
ORPHAN = textwrap.dedent(
    """
    import itertools, pathlib, sys
    folder = pathlib.Path(sys.argv[1])
    for n in itertools.count():
        (folder / str(n % 50)).mkdir(parents=True, exist_ok=True)
        (folder / str(n % 50) / f"fragment-{n}.pf").write_bytes(b"x")
    """
)


def test_the_next_build_stops_a_killed_builds_pagefind(tmp_path):
    settings = make_site(tmp_path, {"a.md": article()})
    output = tmp_path / "output"
    build_site(settings, str(output))
    build_site(settings, str(output))
    standby = tmp_path / ".output-standby"
    orphan = subprocess.Popen(
        [sys.executable, "-c", ORPHAN, str(standby / "en" / "pagefind"), "pagefind"],
        start_new_session=True,
    )
    try:
        while orphan.poll() is None and not (standby / "en" / "pagefind" / "0").exists():
            time.sleep(0.01)  # until it writes, as Pagefind does when a build is killed
        (standby / f"{RUNNING_MARK}{orphan.pid}").touch()
        build_site(settings, str(output))
        assert orphan.wait(timeout=30) != 0  # stopped by the build, not finished on its own
        clean = tmp_path / "clean"
        build_site(settings, str(clean))
        assert tree_digest(output) == tree_digest(clean)
    finally:
        orphan.kill()
        orphan.wait()


def test_output_modes_do_not_follow_the_umask(tmp_path):
    import os
    import stat

    settings = make_site(tmp_path, {"a.md": article()})
    old = os.umask(0o077)
    try:
        build_site(settings, str(tmp_path / "output"))
    finally:
        os.umask(old)
    output = tmp_path / "output"
    modes = {
        path.relative_to(output).as_posix(): stat.S_IMODE(path.stat().st_mode)
        for path in [output, *output.rglob("*")]
    }
    wrong = {path: oct(mode) for path, mode in modes.items()
             if mode != (0o755 if (output / path).is_dir() else 0o644)}  # fmt: skip
    assert wrong == {}
