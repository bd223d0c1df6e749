"""Turn saved news pages and text dumps into Markdown articles (``newsdesk ingest``).

Each FILE becomes content/articles/<slug>.md with its metadata header. A FILE that is a folder
stands for the sources in it: its pages and text dumps, not their sidecar files, pictures or
"_files" folders, which belong to the pages beside them. A date or outlet that the source does not
give goes into a sidecar file FILE.meta beside it ("Date: 2025-10-25" lines) or, for the date,
--date. Only regular files of at most 20 MB are read (no symbolic links, devices or pipes).
Failures are reported per file as "FILE: reason"; the others are still ingested, and the exit
status is 1 when any failed.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from newsdesk.errors import IngestError
from newsdesk.ingest.pipeline import IngestOptions, ingest_source, is_asset
from newsdesk.ingest.rules import load_rules

logger = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="saved HTML page or text dump"
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder of the article files"
    )
    parser.add_argument(
        "--images",
        type=Path,
        metavar="DIR",
        help="content folder that receives images/<slug>/ (default: the parent of --out)",
    )
    parser.add_argument(
        "--date", help="publication date for every FILE, e.g. 2025-10-25 or 2025-10-25T09:15"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace articles that differ from a fresh ingest"
    )
    parser.add_argument(
        "--skip-existing",
        action="store_true",
        help="leave every article that already exists as it is",
    )


def run(args: argparse.Namespace) -> int:
    rules = load_rules()
    options = IngestOptions(
        out_dir=args.out,
        content_dir=args.images or args.out.parent,
        date=args.date,
        force=args.force,
        keep_existing=args.skip_existing,
    )
    sources = list_sources(args.files)
    sources_by_slug: dict[str, Path] = {}
    failures = 0
    for path in sources:
        try:
            target, outcome, warnings = ingest_source(path, rules, options, sources_by_slug)
        except IngestError as error:
            failures += 1
            print(error, file=sys.stderr)
        else:
            for warning in warnings:
                print(f"{path}: warning: {warning}", file=sys.stderr)
            print(f"{path}: {outcome.value} {target}")
    if failures:
        print(f"{failures} of {len(sources)} file(s) not ingested", file=sys.stderr)
    return 1 if failures else 0


def list_sources(paths: list[Path]) -> list[Path]:
    """The sources named: files as given, folders by the sources in them (sorted), without the
    sidecar files, pictures and ``_files`` folders that belong to a page."""
    sources: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            if is_asset(path):
                logger.debug("%s: a page's pictures, not a source", path)
                continue
            sources.extend(
                child
                for child in sorted(path.iterdir())
                if not child.name.startswith(".") and not is_asset(child)
                and not (child.is_dir() and not child.is_symlink())
            )
        elif not is_asset(path):
            sources.append(path)
    return sources
