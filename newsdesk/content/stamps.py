"""What the build learns from a file's bytes, read again only when the file changed.

Every build stamps every source and catalogue (for Pelican's reader cache and the render cache),
which means reading each of them, in every process, on every rebuild. Here what is learnt from
a file (its digest, its header's language and catalogue name) is kept against the file's
status: device, inode, size, and modification and status-change times in nanoseconds. Writing
a file's bytes sets its status-change time, which no tool can set back (``touch -d``, ``rsync
-t`` and ``tar`` restore modification times only), so a file whose status is unchanged holds the
bytes it held; a file written in the last second is not trusted yet (``SETTLED_NS``).

One file per site, in the render cache's folder, shared by the build's processes: a process
that learnt something new rewrites it whole (by rename); one whose write is lost to another's
only reads those files again next time.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

logger = logging.getLogger(__name__)

FILE_NAME = "file-stamps.pickle"  # in CACHE_PATH
SETTING = "NEWSDESK_FILE_STAMPS"  # set per run by the build driver: the file, or None
VERSION = 1
SETTLED_NS = 1_000_000_000  # a file written this recently is read again next time
Value = TypeVar("Value")


def status(path: Path | str) -> tuple[int, ...]:
    info = os.stat(path)
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _file_sha256(path: Path | str) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


class FileStamps:
    """Values computed from files, by kind and path, valid while each file's status holds.

    Without a file to keep them in (``path`` None), every value is computed each time.
    """

    def __init__(self, path: Path | str | None):
        self.path = Path(path) if path else None
        self.known: dict[tuple[str, str], tuple[tuple[int, ...], object]] = {}
        self.changed = False
        if self.path is not None:
            with contextlib.suppress(Exception):  # none yet, or damaged: everything is read
                version, known = pickle.loads(self.path.read_bytes())  # noqa: S301 (the build's own file)
                if version == VERSION and isinstance(known, dict):
                    self.known = known

    def value(self, path: Path | str, kind: str, compute: Callable[[Path | str], Value]) -> Value:
        """``compute(path)``, or what it gave while the file was as it is now. OSError when the
        file cannot be read; what ``compute`` raises is raised and nothing is kept."""
        now = status(path)
        key = (kind, os.fspath(path))
        found = self.known.get(key)
        if found is not None and found[0] == now:
            return found[1]  # type: ignore[return-value]
        value = compute(path)
        # Kept only when the file was not written while it was read, nor just before: the
        # kernel's clock moves in ticks of some milliseconds, so a write within the tick of the
        # last one could leave the status as it is.
        if status(path) == now and time.time_ns() - now[4] > SETTLED_NS:
            self.known[key] = (now, value)
            self.changed = True
        return value

    def sha256(self, path: Path | str) -> str:
        """The SHA-256 of the file's bytes, in hex."""
        return self.value(path, "sha256", _file_sha256)

    def save(self) -> None:
        """Write what was learnt (nothing when nothing was)."""
        if self.path is None or not self.changed:
            return
        try:
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(pickle.dumps((VERSION, self.known), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, self.path)
            self.changed = False
        except OSError as error:  # a full or read-only disk costs speed, not the build
            logger.debug("file stamps: cannot write %s: %s", self.path, error)


_RUN: dict[str, FileStamps] = {}


def run_stamps(settings: dict) -> FileStamps:
    """The stamps of this process's run (one object per file, so that each is read once)."""
    path = settings.get(SETTING)
    if not path:
        return FileStamps(None)
    if path not in _RUN:
        _RUN[path] = FileStamps(path)
    return _RUN[path]


def save_run_stamps() -> None:
    for stamps in _RUN.values():
        stamps.save()
    _RUN.clear()
