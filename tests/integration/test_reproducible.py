"""Two clean builds of the same sources are byte-identical, wherever and however they run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.projects import make_project, strict_build, tree_digest

ROOT = Path(__file__).resolve().parents[2]


def clean_build(folder: Path, hash_seed: str) -> dict[str, str]:
    """Build a fresh copy of the site in ``folder`` (no cache) as CI publishes it, compressed
    copies included, and return its output's digest."""
    project = make_project(folder, count=30)
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed, "TZ": f"Etc/GMT-{hash_seed}"}
    strict_build(project, env=environment, settings="publishconf.py")
    return tree_digest(project / "output")


@pytest.mark.slow
def test_two_clean_builds_are_byte_identical(tmp_path):
    # Different folders, hash seeds (set and dict order) and time zones: none may show in the output.
    first = clean_build(tmp_path / "first", "1")
    second = clean_build(tmp_path / "elsewhere" / "second", "2")
    assert first.keys() == second.keys()
    differing = sorted(path for path in first if first[path] != second[path])
    assert differing == []
    assert len(first) > 100
    assert any(path.endswith(".html.br") for path in first)
