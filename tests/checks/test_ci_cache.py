"""What CI's cache keeps between runs: the caches and the output, not the check build's standby."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import yaml

from newsdesk.checks.command import CHECK_OUTPUT
from newsdesk.site.atomic import standby_path

ROOT = Path(__file__).resolve().parents[2]


def cache_paths() -> list[str]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job.get("steps", ()):
            if str(step.get("uses", "")).startswith("actions/cache@"):
                return step["with"]["path"].split()
    raise AssertionError("no actions/cache step in the workflow")


def archived(patterns: list[str], top: Path) -> set[str]:
    """The paths the cache action hands to tar, as its globber finds them: each pattern is
    matched at its own depth (no descendants), dot files included, and a path matching a later
    ``!`` pattern is left out. tar then archives each path with all it holds."""
    found: set[str] = set()
    entries = sorted(path.relative_to(top).as_posix() for path in top.rglob("*"))
    for pattern in patterns:
        if pattern.startswith("!"):
            found -= {entry for entry in found if fnmatch.fnmatchcase(entry, pattern[1:])}
        else:
            depth = pattern.count("/")
            found |= {
                entry
                for entry in entries
                if entry.count("/") == depth and fnmatch.fnmatchcase(entry, pattern)
            }
    return found


def held(paths: set[str], entry: str) -> bool:
    return any(entry == path or entry.startswith(f"{path}/") for path in paths)


def test_ci_keeps_the_check_build_and_the_output_but_not_the_check_builds_standby(tmp_path):
    check = Path("cache") / CHECK_OUTPUT
    tree = [
        ".venv/bin/python",
        "cache/en/0.pickle",
        "cache/file-stamps.pickle",
        f"{check.as_posix()}/en/index.html",
        f"{standby_path(check).as_posix()}/en/index.html",
        "output/en/index.html",
    ]
    for relative in tree:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x", encoding="utf-8")

    kept = archived(cache_paths(), tmp_path)

    for relative in tree:
        if relative.startswith(standby_path(check).as_posix()):
            assert not held(kept, relative), f"{relative} is cached, to be removed by the build"
        else:
            assert held(kept, relative), f"{relative} is not cached"
