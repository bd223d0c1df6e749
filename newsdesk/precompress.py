"""Post-build step: gzip and Brotli copies of the text files, for static hosts that serve them."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import brotli

logger = logging.getLogger(__name__)

# Pagefind's index files are compressed already; images are not text.
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".webmanifest", ".txt")
ENCODINGS = {
    ".gz": lambda data: gzip.compress(
        data, compresslevel=9, mtime=0
    ),  # mtime 0: same bytes every build
    ".br": lambda data: brotli.compress(data, quality=11),
}


def compressible_files(root: Path) -> list[Path]:
    return sorted(
        path for path in root.rglob("*") if path.is_file() and path.suffix in TEXT_SUFFIXES
    )


def precompress_file(path: Path) -> list[Path]:
    """Write ``path.gz`` and ``path.br`` beside ``path`` when they are smaller than it."""
    data = path.read_bytes()
    written = []
    for suffix, compress in ENCODINGS.items():
        packed = compress(data)
        if len(packed) < len(data):
            target = path.with_name(path.name + suffix)
            target.write_bytes(packed)
            written.append(target)
    return written


def precompress_site(settings: dict, config: dict, results, staging: Path) -> int:
    count = sum(len(precompress_file(path)) for path in compressible_files(staging))
    logger.debug("wrote %d precompressed files", count)
    return count
