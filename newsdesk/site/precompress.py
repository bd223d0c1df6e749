"""Post-build step: gzip and Brotli copies of the text files, for static hosts that serve them."""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
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


STORE_FOLDER = "precompressed"  # in CACHE_PATH
FILES_PER_WORKER = 50  # fewer files are not worth a second process


def compressible_files(root: Path) -> list[Path]:
    return sorted(
        path for path in root.rglob("*") if path.is_file() and path.suffix in TEXT_SUFFIXES
    )


def precompress_file(path: Path, store: Path | None = None) -> tuple[list[Path], str]:
    """Put ``path.gz`` and ``path.br`` beside ``path`` when they are smaller than it; return
    them and the SHA-256 of ``path`` (empty without ``store``).

    With ``store``, a folder of compressed copies named by the SHA-256 of what they compress,
    a file compressed by an earlier build is not compressed again (Brotli at quality 11 costs
    more than rendering the page): its copy is hard-linked from the store, so that it keeps the
    modification time the last build published it with (``rsync`` and ``aws s3 sync`` leave it
    alone) and costs a folder entry, not a file written.
    """
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest() if store is not None else ""
    written = []
    for suffix, compress in ENCODINGS.items():
        target = path.with_name(path.name + suffix)
        # Never written through: the target may be a link to a stored copy, or to the live site.
        target.unlink(missing_ok=True)
        if store is None:
            packed = compress(data)
            if len(packed) < len(data):
                target.write_bytes(packed)
                written.append(target)
        elif _place(store / f"{digest}{suffix}", target, data, compress):
            written.append(target)
    return written, digest


def _store(stored: Path, packed: bytes) -> None:
    temporary = stored.with_name(f"{stored.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(packed)
    os.replace(temporary, stored)  # another process may store the same bytes at the same time


def _place(stored: Path, target: Path, data: bytes, compress) -> bool:
    """Hard-link the stored copy of ``data`` to ``target`` when it is smaller than ``data``,
    compressing and storing it first where no build has; return whether ``target`` is there.
    Where it cannot be linked (another file system, too many links, a store entry removed
    meanwhile), the copy is written."""
    try:
        size = stored.stat().st_size
    except FileNotFoundError:
        packed = compress(data)
        _store(stored, packed)
        size = len(packed)
    if size >= len(data):
        return False
    try:
        os.link(stored, target)
        return True
    except OSError as error:
        logger.debug("precompress: cannot link %s: %s", stored, error)
    try:
        packed = stored.read_bytes()
    except FileNotFoundError:  # removed by another build meanwhile
        packed = compress(data)
    target.write_bytes(packed)
    return True


def precompress_site(settings: dict, config: dict, results, staging: Path) -> int:
    """Compress the staged site when the settings ask for it (``PRECOMPRESS``); return the count."""
    if not settings.get("PRECOMPRESS"):
        return 0
    store = Path(settings["CACHE_PATH"]) / STORE_FOLDER if settings.get("CACHE_PATH") else None
    if store is not None:
        store.mkdir(parents=True, exist_ok=True)
    files = compressible_files(staging)
    # Threads, not processes: zlib and Brotli let go of the GIL while they compress, and a
    # process forked by a build that has run worker pools may hang on a lock it inherited.
    workers = min(os.cpu_count() or 1, max(1, len(files) // FILES_PER_WORKER))
    with ThreadPoolExecutor(workers) as pool:
        done = list(pool.map(lambda path: precompress_file(path, store), files))
    count = sum(len(written) for written, _digest in done)
    logger.debug("wrote %d precompressed files", count)
    if store is not None:
        _forget_unused(store, {digest for _written, digest in done})
    return count


def _forget_unused(store: Path, wanted: set[str]) -> None:
    """Keep the store to what the site has now (``wanted``: the SHA-256 of each file), so that
    it does not grow with every edit."""
    for stored in store.iterdir():
        if stored.name.split(".", 1)[0] not in wanted:
            stored.unlink(missing_ok=True)
