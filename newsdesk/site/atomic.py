"""Atomic publishing of a built site: a staging folder beside the output, swapped in whole or not at all.

Readers of ``output/`` (a web server, a deploy step) see either the previous site or the new one,
never a mixture: the new site is built in the standby folder ``.output-standby`` next to it and
exchanged with it in one rename, after which the standby holds the previous site, ready for the
next incremental build. A failed, interrupted or killed build leaves ``output/`` as it was; what
it left in the standby is checked or cleared by the next build, and the folders of older builds
(``.output.staging-*``, ``.output.old-*``) are removed. A lock file keeps two builds of the same
output from racing each other.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import json
import logging
import multiprocessing
import os
import pickle
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path

from newsdesk.content.render_cache import write_pickle
from newsdesk.content.stamps import SETTLED_NS
from newsdesk.errors import BuildError

logger = logging.getLogger(__name__)

STAGING_MARK = "staging-"
RETIRED_MARK = "old-"
RENAME_EXCHANGE = 2  # linux/fs.h: swap two paths in one step
PR_SET_PDEATHSIG = 1  # linux/prctl.h: a signal for the child when its parent dies
LOCK_WAIT = 30.0  # seconds a build waits for another build of the same output


def staging_prefix(final: Path) -> str:
    return f".{final.name}.{STAGING_MARK}"


def retired_prefix(final: Path) -> str:
    return f".{final.name}.{RETIRED_MARK}"


def lock_path(final: Path) -> Path:
    return final.with_name(f".{final.name}-build.lock")


def leftovers(final: Path) -> list[Path]:
    """Staging and retired folders that an earlier, killed build left beside ``final``."""
    prefixes = (staging_prefix(final), retired_prefix(final))
    return sorted(p for p in final.parent.iterdir() if p.name.startswith(prefixes) and p.is_dir())


@contextlib.contextmanager
def build_lock(final: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the output's lock; a second build of the same output waits its turn, then gives up."""
    with lock_path(final).open("a") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as error:
                if time.monotonic() >= deadline:
                    raise BuildError("another build of this folder is running", final) from error
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def standby_path(final: Path) -> Path:
    return final.with_name(f".{final.name}-standby")


@contextlib.contextmanager
def staging_folder(
    final: Path,
    records: Path,
    keep: Iterable[str] = (),
    before: Callable[[Path], None] | None = None,
) -> Iterator[Path]:
    """The folder beside ``final`` to build into: the standby, which holds the site before the live one.

    Builds alternate between the two folders, so an incremental build finds most pages already
    in place. Everything in the standby but the folders named in ``keep`` is removed first, and so
    is every file the post-build steps wrote there (recorded in ``records`` by the build that made
    the folder; without that record, the whole folder goes). What is left in the kept folders,
    the language runs check against their manifests (newsdesk/pelican/incremental.py) or clear.
    ``before``, given the standby and the live folder once the lock is held, stops what a killed
    build left writing into them.
    """
    with build_lock(final):
        if before is not None:
            for folder in (standby_path(final), final):
                before(folder)
        for folder in leftovers(final):
            logger.warning("removing %s, left by an interrupted build", folder)
            shutil.rmtree(folder, ignore_errors=True)
        staging = standby_path(final)
        staging.mkdir(exist_ok=True)
        step_files = take_step_files(records, staging)
        for child in staging.iterdir():
            if step_files is not None and child.name in keep and child.is_dir():
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for relative in step_files or ():
            with contextlib.suppress(OSError):
                (staging / relative).unlink()
        yield staging


def live_site(settings: dict, staging: Path) -> Path | None:
    """The live site the staged one replaces (None: the build writes in place)."""
    live = Path(settings["OUTPUT_PATH"]) if settings.get("OUTPUT_PATH") else None
    return None if live is None or live.resolve() == staging.resolve() else live


FILE_MODE, FOLDER_MODE = 0o644, 0o755  # what a static host serves, whatever the builder's umask


def publish_modes(
    folder: Path, settled: dict[str, int] | None = None, skip: Collection[str] = ()
) -> set[str]:
    """Give every file under ``folder`` mode 0644 and every folder 0755 (links are left as they
    are); return the files, as ``files_under`` does. ``settled``: the entries (relative, a
    folder's with a final "/") given those modes already, by inode: one still there with the
    same inode is not looked at again, one replaced since is. ``skip``: folders of ``folder``
    left out (their processes listed them and gave them those modes: ``published_part``)."""
    os.chmod(folder, FOLDER_MODE)
    return _walk_files(os.fspath(folder), fix_modes=True, settled=settled, skip=skip)


def published_part(
    folder: Path, prefix: str, records: Path | None = None
) -> tuple[set[str], dict[str, int]]:
    """``publish_modes`` of a part of the site (a language's folder, by the process that built
    it, beside the others), its files and entries named from the site's folder (``prefix``):
    the files, and the inodes to give ``publish_modes`` of the whole site as ``settled``.
    With ``records`` (a folder), the part's folders are listed from what was found the last time
    this folder was walked, where a folder is as it was then (:class:`FolderListings`)."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:  # a run that wrote nothing
        return set(), {}
    if stat.S_IMODE(info.st_mode) != FOLDER_MODE:  # a change of mode is a change of its status
        os.chmod(folder, FOLDER_MODE)
    inodes = {prefix: info.st_ino}
    listings = FolderListings.load(records, folder) if records is not None else None
    files = _walk_files(os.fspath(folder), fix_modes=True, prefix=prefix, inodes=inodes, listings=listings)
    if listings is not None:
        listings.save()
    return files, inodes


def files_under(folder: Path, skip: Collection[str] = ()) -> set[str]:
    """Every file under ``folder``, relative to it (POSIX), but for those in its folders named
    in ``skip`` (listed by ``published_part``)."""
    return _walk_files(os.fspath(folder), fix_modes=False, skip=skip)


FILE, FOLDER, LINKED_FOLDER = 0, 1, 2  # what a folder's entry is, as the walk takes it
LISTINGS_VERSION = 1


class FolderListings:
    """What a walk found in each folder of a tree, kept for the next walk of the same tree.

    A folder's entries change only with its status: adding, removing or renaming an entry sets
    its modification and status-change times, and no tool sets the latter back. So a folder
    whose device, inode and both times are as they were holds the entries it held, and is not
    read again (at 10,000 articles a language's folder holds 25,000 folders: reading each costs
    ten times what asking for its status does). Its files are still looked at one by one, for
    their modes. A folder changed in the last second before it was read is not kept: a change
    within the clock's tick could leave its times as they were (``stamps.SETTLED_NS``).

    One file per walked tree, in the build's records folder, named by the tree's inode (which
    the swap of the output folders keeps), as the page manifests are.
    """

    def __init__(self, path: Path | None, known: dict):
        self.path = path
        self.known = known
        self.seen: dict[str, tuple] = {}
        self.read = 0  # folders read this walk
        self.now = time.time_ns()

    @classmethod
    def load(cls, records: Path, folder: Path) -> FolderListings:
        try:
            path = folder_record(records, folder, "listing", ".pickle")
        except OSError:
            return cls(None, {})
        known: dict = {}
        with contextlib.suppress(Exception):  # none yet, or damaged: every folder is read
            version, found = pickle.loads(path.read_bytes())  # noqa: S301 (the build's own file)
            if version == LISTINGS_VERSION and isinstance(found, dict):
                known = found
        return cls(path, known)

    def entries(self, path: str, relative: str) -> list[tuple[str, int, int]] | None:
        """The folder's entries as (name, FILE/FOLDER/LINKED_FOLDER, inode); None when it
        cannot be read."""
        try:
            before = os.lstat(path)
        except OSError:
            return None
        stamp = (before.st_dev, before.st_ino, before.st_mtime_ns, before.st_ctime_ns)
        found = self.known.get(relative)
        if found is not None and found[0] == stamp:
            self.seen[relative] = found
            return found[1]
        entries = _read_folder(path)
        if entries is None:
            return None
        self.read += 1
        with contextlib.suppress(OSError):
            after = os.lstat(path)
            unchanged = (after.st_dev, after.st_ino, after.st_mtime_ns, after.st_ctime_ns) == stamp
            if unchanged and self.now - before.st_ctime_ns > SETTLED_NS:
                self.seen[relative] = (stamp, entries)
        return entries

    def save(self) -> None:
        """Keep what this walk found (nothing is written when every folder was as it was);
        drop the files of trees no build has walked for a week."""
        if self.path is None or (not self.read and len(self.seen) == len(self.known)):
            return
        write_pickle(self.path, (LISTINGS_VERSION, self.seen))
        with contextlib.suppress(OSError):  # not written: nothing to date the others by
            drop_old_records(self.path, "listing-*.pickle")


def _read_folder(path: str) -> list[tuple[str, int, int]] | None:
    """A folder's entries as ``os.walk`` takes them: a link to a folder is not followed."""
    try:
        scanned = list(os.scandir(path))
    except OSError:
        return None
    entries = []
    for entry in scanned:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        kind = (LINKED_FOLDER if entry.is_symlink() else FOLDER) if is_folder else FILE
        entries.append((entry.name, kind, entry.inode()))
    return entries


def _walk_files(
    top: str,
    fix_modes: bool,
    settled: dict[str, int] | None = None,
    prefix: str = "",
    inodes: dict[str, int] | None = None,
    skip: Collection[str] = (),
    listings: FolderListings | None = None,
) -> set[str]:
    """The files under ``top`` as ``os.walk`` finds them (links to folders listed as folders and
    not followed, an unreadable folder passed over), each folder read once (with ``listings``,
    only those changed since the last walk); with ``inodes``, each entry's inode noted there."""
    found = set()
    waiting = [(prefix, top)]
    while waiting:
        path_prefix, path = waiting.pop()
        entries = listings.entries(path, path_prefix) if listings is not None else _read_folder(path)
        for entry_name, kind, inode in entries or ():
            if kind != FILE:
                if kind == LINKED_FOLDER or (not path_prefix and entry_name in skip):
                    continue
                name = f"{path_prefix}{entry_name}/"
                waiting.append((name, os.path.join(path, entry_name)))
                mode = FOLDER_MODE
            else:
                name = path_prefix + entry_name
                found.add(name)
                mode = FILE_MODE
            if inodes is not None:
                inodes[name] = inode
            if fix_modes and (settled is None or settled.get(name) != inode):
                entry_path = os.path.join(path, entry_name)
                info = os.lstat(entry_path)
                if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) != mode:
                    os.chmod(entry_path, mode)
    return found


RECORD_KEEP_SECONDS = 7 * 24 * 3600


def folder_record(records: Path, folder: Path, kind: str, suffix: str) -> Path:
    """Where the build keeps a record of ``kind`` about ``folder``: ``<kind>-<device>-<inode><suffix>``
    in ``records``, named by the folder's inode, which the swap of the live and standby folders
    keeps. OSError when the folder cannot be looked at."""
    info = os.stat(folder)
    return Path(records) / f"{kind}-{info.st_dev}-{info.st_ino}{suffix}"


def drop_old_records(record: Path, pattern: str, keep_seconds: int = RECORD_KEEP_SECONDS) -> None:
    """Remove the records beside ``record`` (just written) whose names match ``pattern`` and that
    no build has written for ``keep_seconds`` before it: they belong to folders that are gone
    (temporary outputs of checks and tests). Another build may be removing the same ones."""
    oldest = record.stat().st_mtime - keep_seconds
    for other in record.parent.glob(pattern):
        with contextlib.suppress(OSError):
            if other != record and other.stat().st_mtime < oldest:
                other.unlink()


def _step_record(records: Path, folder: Path) -> Path:
    return folder_record(records, folder, "postbuild", ".json")


def record_step_files(
    records: Path, folder: Path, before: set[str], after: set[str] | None = None
) -> None:
    """Remember which files of ``folder`` the post-build steps added, to remove them next time
    (``after``: the folder's files now, when the caller has just listed them)."""
    records.mkdir(parents=True, exist_ok=True)
    record = _step_record(records, folder)
    now = files_under(folder) if after is None else after
    record.write_text(json.dumps(sorted(now - before)), encoding="utf-8")
    drop_old_records(record, "postbuild-*.json")


def take_step_files(records: Path, folder: Path) -> list[str] | None:
    """The files post-build steps added to ``folder``, forgetting the record; None if unknown.

    An empty folder has none; a folder with files but no record may hold anything.
    """
    record = _step_record(records, folder)
    try:
        files = json.loads(record.read_text(encoding="utf-8"))
        record.unlink()
        return files
    except (OSError, ValueError):
        return [] if not any(folder.iterdir()) else None


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    libc = _libc()
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_into_place(staging: Path, final: Path) -> None:
    """Make ``staging`` the live ``final``; afterwards ``staging`` holds the previous site (if any).

    Where the system can exchange two folders in one step there is no moment without a site;
    elsewhere the old site is renamed away and the new one renamed in, two renames apart.
    """
    staging.chmod(0o755)  # a web server must read it, whatever the builder's umask made it
    if not final.exists():
        staging.rename(final)
        return
    if _exchange(staging, final):
        return
    retired = Path(tempfile.mkdtemp(prefix=retired_prefix(final), dir=final.parent))
    retired.rmdir()
    final.rename(retired)
    staging.rename(final)
    retired.rename(staging)


class BuildInterrupted(KeyboardInterrupt):
    """The build was asked to stop (SIGTERM); handled like Ctrl+C."""


@contextlib.contextmanager
def interrupt_on_terminate() -> Iterator[None]:
    """Turn SIGTERM into an exception, so a stopped build cleans up like one stopped by Ctrl+C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise BuildInterrupted(f"stopped by signal {signum}")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_worker() -> None:
    # Ctrl+C reaches every process of the terminal; only the parent acts on it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A parent killed outright cannot stop its workers; the kernel does, so none writes on alone.
    prctl = getattr(_libc(), "prctl", None)
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


@contextlib.contextmanager
def process_pool(workers: int) -> Iterator[multiprocessing.pool.Pool | None]:
    """``workers`` processes forked now (None for one: the work is done in this process), all
    stopped when the block ends, fails or is interrupted. Forked before a step that fills this
    process's memory, they do not start with a copy of it."""
    if workers <= 1:
        yield None
        return
    with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker) as pool:
        # Pool.__exit__ terminates the workers, so an interrupted build stops them at once.
        yield pool


def run_in_processes(
    function: Callable,
    tasks: Sequence[tuple],
    workers: int,
    pool: multiprocessing.pool.Pool | None = None,
) -> list:
    """``function(*task)`` for every task in ``workers`` processes (those of ``pool`` if given);
    all stopped if one fails or we are."""
    if pool is not None:
        return pool.starmap(function, tasks, chunksize=1)
    with process_pool(workers) as own:
        if own is None:
            return [function(*task) for task in tasks]
        return own.starmap(function, tasks, chunksize=1)
