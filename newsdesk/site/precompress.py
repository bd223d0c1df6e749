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
        stored = store / f"{digest}{suffix}" if store is not None else None
        packed = None  # the compressed bytes, once they are in hand
        size = _stored_size(stored)
        if size is None:
            packed = compress(data)
            size = len(packed)
            if stored is not None:
                _store(stored, packed)
        # Never written through: the target may be a link to a stored copy, or to the live site.
        target.unlink(missing_ok=True)
        if size >= len(data):
            continue
        if not _link(stored, target):
            if packed is None:
                packed = _stored_bytes(stored) or compress(data)
            target.write_bytes(packed)
        written.append(target)
    return written, digest


def _store(stored: Path, packed: bytes) -> None:
    temporary = stored.with_name(f"{stored.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(packed)
    os.replace(temporary, stored)  # another process may store the same bytes at the same time


def _stored_size(stored: Path | None) -> int | None:
    if stored is None:
        return None
    try:
        return stored.stat().st_size
    except FileNotFoundError:
        return None


def _stored_bytes(stored: Path | None) -> bytes | None:
    try:
        return stored.read_bytes() if stored is not None else None
    except FileNotFoundError:  # removed by another build meanwhile
        return None


def _link(stored: Path | None, target: Path) -> bool:
    """Hard-link a stored copy to ``target``; False where it cannot be (another file system,
    too many links, a store entry removed meanwhile)."""
    if stored is None:
        return False
    try:
        os.link(stored, target)
    except OSError as error:
        logger.debug("precompress: cannot link %s: %s", stored, error)
        return False
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
