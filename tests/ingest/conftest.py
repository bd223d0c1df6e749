"""Helpers for the ingest tests: run the command line as an editor does, in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "sources"
SEEDS = ROOT / "sources"


@pytest.fixture
def ingest(tmp_path, capsys):
    """Run ``newsdesk ingest --out <tmp>/content/articles ARGS``; returns (status, stdout, stderr, out)."""
    out = tmp_path / "content" / "articles"

    def run(*args: str | Path):
        status = main(["ingest", "--out", str(out), *map(str, args)])
        captured = capsys.readouterr()
        return status, captured.out, captured.err, out

    return run


def only_article(out: Path) -> str:
    files = sorted(out.glob("*.md"))
    assert len(files) == 1, files
    return files[0].read_text(encoding="utf-8")


def header(article: str) -> dict[str, str]:
    head = article.split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def body(article: str) -> str:
    return article.split("\n\n", 1)[1]


def assert_article(
    article: str, expected_header: dict[str, str], must: list[str], must_not: list[str]
) -> None:
    """The header has the expected values; the body holds every ``must`` and no ``must_not``."""
    meta = header(article)
    for key, value in expected_header.items():
        assert meta[key] == value, key
    text = body(article)
    for snippet in must:
        assert snippet in text, snippet
    for snippet in must_not:
        assert snippet not in text, snippet
