#!/usr/bin/env python3
"""Score ``newsdesk ingest`` on the held-out pages of bench/ingest-heldout/.

Usage (from the repository root): .venv/bin/python bench/ingest_heldout.py [--json] [CASE ...]

Each case folder holds the source as an editor drops it into sources/ (a saved page with its
``_files`` folder, or a text dump) and expected.toml. The folder is copied into a scratch
``sources/`` and ingested the way an editor does it, ``python -m newsdesk ingest --out
<scratch>/articles <scratch>/sources/<source>``, in a subprocess with this Python. The written
article (``Key: value`` header lines up to the first blank line, then the Markdown body) is scored
field by field; a refused page (non-zero exit or no article written) scores 0 on every field.
See bench/ingest-heldout/README.md for the fields. Never tune ingest on these pages.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "bench" / "ingest-heldout"
FIELDS = ("title", "date", "outlet", "source_url", "lang", "body_must", "body_must_not", "pictures")
# The site's dates are in Vietnam's time; a date given with another offset is compared there.
SITE_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
TIMEOUT_SECONDS = 120

_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)>\s]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*\bsrc=[\"']([^\"']+)[\"']", re.IGNORECASE)
_LINK = re.compile(r"\[([^\]]*)\]\(<?[^)>]*>?\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


@dataclass
class Case:
    case_id: str
    folder: Path
    expected: dict


@dataclass
class Outcome:
    exit_code: int | None = None
    stderr: str = ""
    seconds: float = 0.0
    header: dict[str, str] = field(default_factory=dict)
    body: str = ""
    pictures: list[str] = field(default_factory=list)  # files the body's pictures point to
    written: bool = False


# --- reading the cases and the article ---------------------------------------------------------


def load_cases(names: list[str]) -> tuple[list[Case], list[str]]:
    cases, problems = [], []
    folders = sorted(p for p in CASES_DIR.iterdir() if p.is_dir()) if CASES_DIR.is_dir() else []
    if names:
        folders = [f for f in folders if f.name in names]
        missing = set(names) - {f.name for f in folders}
        problems += [f"{name}: no such case" for name in sorted(missing)]
    for folder in folders:
        try:
            expected = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            problems.append(f"{folder.name}: cannot read expected.toml: {error}")
            continue
        if not (folder / str(expected.get("source", ""))).is_file():
            source = expected.get("source")
            problems.append(f"{folder.name}: source {source!r} is not in the folder")
            continue
        cases.append(Case(folder.name, folder, expected))
    return cases, problems


def split_article(text: str) -> tuple[dict[str, str], str]:
    """``Key: value`` lines up to the first blank line, and the body after it."""
    head, _, body = text.partition("\n\n")
    header: dict[str, str] = {}
    for line in head.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and " " not in key.strip():
            header[key.strip().casefold()] = value.strip()
    return header, body


def referenced_pictures(body: str, article: Path, content_dir: Path) -> list[Path]:
    """The files that the body's pictures point to and that exist in the output tree."""
    found: list[Path] = []
    for target in _IMAGE.findall(body) + _HTML_IMAGE.findall(body):
        target = target.strip()
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # http:, data:, ...
            continue
        if target.startswith("{static}") or target.startswith("{filename}"):
            candidates = [content_dir / target.split("}", 1)[1].lstrip("/")]
        elif target.startswith("/"):
            candidates = [content_dir / target.lstrip("/")]
        else:
            candidates = [article.parent / target, content_dir / target]
        for candidate in candidates:
            if candidate.is_file() and candidate.resolve() not in found:
                found.append(candidate.resolve())
                break
    return found


# --- running ingest ----------------------------------------------------------------------------


def run_case(case: Case) -> Outcome:
    outcome = Outcome()
    with tempfile.TemporaryDirectory(prefix="ingest-heldout-") as scratch:
        sources = Path(scratch) / "sources"
        articles = Path(scratch) / "articles"
        shutil.copytree(case.folder, sources, ignore=shutil.ignore_patterns("expected.toml"))
        command = [
            sys.executable, "-m", "newsdesk", "ingest",
            "--out", str(articles),
            str(sources / case.expected["source"]),
        ]  # fmt: skip
        started = time.perf_counter()
        try:
            process = subprocess.run(
                command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_SECONDS
            )
        except subprocess.TimeoutExpired as error:
            outcome.seconds = time.perf_counter() - started
            outcome.stderr = f"timed out after {TIMEOUT_SECONDS} s\n{error.stderr or ''}"
            return outcome
        outcome.seconds = time.perf_counter() - started
        outcome.exit_code = process.returncode
        outcome.stderr = process.stderr.replace(scratch, "<scratch>")
        written = sorted(articles.glob("*.md")) if articles.is_dir() else []
        if process.returncode != 0 or not written:
            if process.returncode == 0:
                outcome.stderr += "exit status 0 but no article was written\n"
            return outcome
        text = written[0].read_text(encoding="utf-8", errors="replace")
        outcome.header, outcome.body = split_article(text)
        pictures = referenced_pictures(outcome.body, written[0], Path(scratch))
        outcome.pictures = [_identify(p, sources) for p in pictures]
        outcome.written = True
    return outcome


def _identify(copied: Path, sources: Path) -> str:
    """The name of the source file the copied picture came from (same bytes), else its own."""
    data = copied.read_bytes()
    for file in sorted(sources.rglob("*")):
        if file.is_file() and file.stat().st_size == len(data) and file.read_bytes() == data:
            return file.name
    return "?" + copied.name


# --- scoring -----------------------------------------------------------------------------------


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def plain_body(markdown: str) -> str:
    """The body's text without Markdown syntax, for phrase matching."""
    text = _IMAGE.sub(" ", markdown)
    text = _LINK.sub(r"\1", text)
    text = "\n".join(line for line in text.split("\n") if not line.strip().startswith("///"))
    text = _ESCAPE.sub(r"\1", text)
    text = re.sub(r"(?m)^\s{0,3}(#{1,6}\s+|>\s?|[-+]\s+)", "", text)
    text = text.replace("**", "").replace("*", "")
    return normal(html.unescape(text))


def site_date(value: str) -> str:
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value[:10]
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(SITE_ZONE)
    return parsed.date().isoformat()


def score(case: Case, outcome: Outcome) -> tuple[dict[str, float], dict[str, object]]:
    """Per-field scores in [0, 1] and what was found, for the report."""
    expected = case.expected
    if not outcome.written:
        return {name: 0.0 for name in FIELDS}, {}
    header = outcome.header
    got = {
        "title": normal(header.get("title", "")),
        "date": site_date(header.get("date", "")),
        "outlet": normal(header.get("source", "")),
        "source_url": header.get("source_url", "").strip(),
        "lang": header.get("lang", "").strip(),
        "pictures": outcome.pictures,
    }
    body = plain_body(outcome.body).casefold()
    must = [normal(p).casefold() for p in expected.get("body_must", [])]
    must_not = [normal(p).casefold() for p in expected.get("body_must_not", [])]
    missing = [p for p, key in zip(expected.get("body_must", []), must) if key not in body]
    left = [p for p, key in zip(expected.get("body_must_not", []), must_not) if key in body]
    got["body_missing"], got["boilerplate_left"] = missing, left

    outlets = [expected.get("outlet", "")] + list(expected.get("outlet_alternatives", []))
    picture_files = expected.get("picture_files")
    if picture_files is not None:  # only the named article pictures count
        pictures = [name for name in outcome.pictures if name in picture_files]
    else:
        pictures = outcome.pictures
    scores = {
        "title": float(got["title"] == normal(expected.get("title", ""))),
        "date": float(got["date"] == str(expected.get("date", ""))[:10]),
        "outlet": float(got["outlet"].casefold() in {normal(o).casefold() for o in outlets}),
        "source_url": float(
            got["source_url"].rstrip("/") == str(expected.get("source_url", "")).strip().rstrip("/")
        ),
        "lang": float(got["lang"].split("-")[0].lower() == str(expected.get("lang", "")).lower()),
        "body_must": 1 - len(missing) / len(must) if must else 1.0,
        "body_must_not": 1 - len(left) / len(must_not) if must_not else 1.0,
        "pictures": float(
            len(pictures) == int(expected.get("pictures", 0))
            and len(outcome.pictures) == len(pictures)
        ),
    }
    return scores, got


# --- report ------------------------------------------------------------------------------------


def first_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    # The per-file message, not the "N of M file(s) not ingested" summary line.
    lines = [line for line in lines if not re.match(r"^\d+ of \d+ file", line)] or lines
    # Without the scratch path of the source that ingest puts before its message.
    return re.sub(r"^<scratch>/sources/[^:]*:\s*", "", lines[0]) if lines else ""


def check_newsdesk() -> str | None:
    """None when this Python can run ``python -m newsdesk`` from the repository root."""
    probe = subprocess.run(
        [sys.executable, "-c", "import newsdesk.ingest.command"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if probe.returncode == 0:
        return None
    detail = first_error(probe.stderr.splitlines()[-1] if probe.stderr.strip() else "")
    return (
        f"cannot import newsdesk with {sys.executable} ({detail or 'unknown error'}).\n"
        "Run this from the repository root with the project's Python, e.g. "
        "`make venv && .venv/bin/python bench/ingest_heldout.py`, or install the package "
        "into the Python you use."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("cases", nargs="*", metavar="CASE", help="only these case folders")
    args = parser.parse_args(argv)

    problem = check_newsdesk()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    cases, problems = load_cases(args.cases)
    for line in problems:
        print(f"warning: {line}", file=sys.stderr)
    if not cases:
        print(f"no cases found in {CASES_DIR}", file=sys.stderr)
        return 2

    results = []
    for case in cases:
        try:
            outcome = run_case(case)
            scores, got = score(case, outcome)
        except Exception as error:  # noqa: BLE001 - a broken case must not stop the others
            outcome = Outcome(stderr=f"benchmark error: {type(error).__name__}: {error}")
            scores, got = {name: 0.0 for name in FIELDS}, {}
        results.append(
            {
                "case": case.case_id,
                "lang": case.expected.get("lang", ""),
                "exit": outcome.exit_code,
                "written": outcome.written,
                "error": first_error(outcome.stderr) if not outcome.written else "",
                "seconds": round(outcome.seconds, 3),
                "scores": scores,
                "mean": sum(scores.values()) / len(scores),
                "got": got,
            }
        )

    total_seconds = sum(r["seconds"] for r in results)
    summary = {
        "cases": len(results),
        "ingested": sum(r["written"] for r in results),
        "fields": {name: sum(r["scores"][name] for r in results) / len(results) for name in FIELDS},
        "overall": sum(r["mean"] for r in results) / len(results),
        "pages_per_second": len(results) / total_seconds if total_seconds else 0.0,
    }
    if args.json:
        report = {"results": results, "summary": summary}
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_table(results, summary)
    return 0


def print_table(results: list[dict], summary: dict) -> None:
    short = ("title", "date", "outlet", "url", "lang", "must", "must_not", "pics")
    width = max(len(r["case"]) for r in results)
    print(f"{'case':<{width}}  {'exit':>4}  " + "  ".join(f"{s:>8}" for s in short) + "      mean")
    for r in results:
        cells = "  ".join(f"{r['scores'][name]:>8.2f}" for name in FIELDS)
        exit_code = "-" if r["exit"] is None else str(r["exit"])
        print(f"{r['case']:<{width}}  {exit_code:>4}  {cells}  {r['mean']:8.2f}")
    print("-" * (width + 8 + 10 * len(short) + 8))
    cells = "  ".join(f"{summary['fields'][name]:>8.2f}" for name in FIELDS)
    print(f"{'all':<{width}}  {'':>4}  {cells}  {summary['overall']:8.2f}")
    print()
    print(
        f"{summary['ingested']} of {summary['cases']} page(s) ingested; overall score "
        f"{summary['overall']:.3f} (mean over cases of the mean of the {len(FIELDS)} fields)"
    )
    print(
        f"{summary['pages_per_second']:.2f} pages/second (one `python -m newsdesk ingest` process "
        "per page, start-up included)"
    )
    refused = [r for r in results if not r["written"]]
    if refused:
        print("\nrefused:")
        for r in refused:
            print(f"  {r['case']}: {r['error']}")
    misses = [r for r in results if r["written"] and r["mean"] < 1]
    if misses:
        print("\nwrong fields:")
        for r in misses:
            wrong = [n for n in FIELDS if r["scores"][n] < 1]
            got = r["got"]
            details = []
            for name in wrong:
                if name == "body_must":
                    details.append(f"missing {got['body_missing']}")
                elif name == "body_must_not":
                    details.append(f"left {got['boilerplate_left']}")
                else:
                    details.append(f"{name}={got.get(name)!r}")
            print(f"  {r['case']}: " + "; ".join(details))


if __name__ == "__main__":
    sys.exit(main())
