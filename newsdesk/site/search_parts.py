"""A language's search index in parts: which pages make which part, and where each part lives.

One Pagefind bundle over every page of a language must be made again whenever one page
changes, in time that grows with the site. So the indexed pages, oldest first, are cut into
parts of about ``PAGES_PER_PART`` pages, each indexed into a bundle of its own; a rebuild
indexes again only the parts whose pages changed and takes the others as they are. The newest
part is the main bundle (``<lang>/pagefind/``, with Pagefind's scripts and WebAssembly); the
others hold only their index, in ``<lang>/pagefind/parts/<name>/``, and the search page merges
them into the main one (Pagefind's ``mergeIndex``), from the list in ``parts.json`` beside it.

Where a part ends depends only on the pages near that end, not on how many came before it:
once a part holds three quarters of the size, it ends before a page whose path hashes to a
multiple of a quarter of the size, at least 2 (so after a quarter more, on average), or when it
holds one and a half times the size. So an edit changes one part, a new article the newest, and
a removed one only its own part (or joins it to the next). Parts are kept close to the size
because an edit indexes its whole part again: the part an edited page is in holds about 1.04
times the size on average (1.18 times when parts could hold from half to twice the size; over
20,000 pages).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import BuildError
from newsdesk.site.atomic import folder_record

logger = logging.getLogger(__name__)

INDEXED_MARK = "data-pagefind-body"  # the attribute of a page's indexed part, in its templates
# The default size (SEARCH_INDEX["pages_per_part"]). Pagefind takes about 50 ms and 1.5 ms a
# page, so an edit waits for about 0.5 s of it; a reader's first search downloads each part's
# metadata and chunks, about 20 KiB a part at 2,000 articles (README, "Search").
PAGES_PER_PART = 250
PARTS_FOLDER = "parts"  # in the main bundle
PARTS_LIST = "parts.json"  # in the main bundle: the other parts, for the search page
ENTRY = "pagefind-entry.json"
# What a merged part needs of its Pagefind bundle: its index (the main bundle has the rest).
INDEX_FOLDERS = ("index", "fragment", "filter")
PUBLISHED = re.compile(rb'<meta property="article:published_time" content="([^"]*)"')


@dataclass(frozen=True)
class IndexedPage:
    path: Path
    name: str  # relative to the language folder, POSIX
    date: str  # ISO 8601 as the page gives it; "" for a page without a date
    content: bytes  # the page's hash


@dataclass(frozen=True)
class Part:
    name: str  # stable while its first page stays first: "2024-1a2b3c4d"
    pages: tuple[IndexedPage, ...]
    digest: str  # of everything its bundle is made from


def indexed_pages(
    language_folder: Path,
    memo: Path | None = None,
    files: Iterable[str] | None = None,
    shared: Path | None = None,
) -> list[IndexedPage]:
    """The pages that opt in to the index (most pages, lists and side-by-side views, do not),
    oldest first (pages without a date first), then by path.

    With ``memo`` (a file the build keeps per folder), a page whose size and modification time
    are those it had at the last look is taken from there instead of read again: a rebuild
    leaves unchanged pages untouched (newsdesk/pelican/incremental.py). ``files``: the folder's
    files (relative, POSIX), when its builder has just listed them. ``shared``: the record of a
    folder whose files this one may share, read when this one has none (an empty standby folder
    gets the live folder's unchanged pages as links: newsdesk/pelican/incremental.py); a file
    written anew has another modification time, and is read."""
    known = read_record(memo) or read_record(shared)
    seen: dict[str, list] = {}
    pages = []
    for name, path, info in html_status(language_folder, files):
        entry = known.get(name)
        if entry is None or entry[:2] != [info.st_size, info.st_mtime_ns]:
            with open(path, "rb") as file:
                data = file.read()
            published = PUBLISHED.search(data) if INDEXED_MARK.encode() in data else None
            entry = [
                info.st_size,
                info.st_mtime_ns,
                INDEXED_MARK.encode() in data,
                published.group(1).decode() if published else "",
                hashlib.sha256(data).hexdigest(),
            ]
        seen[name] = entry
        if entry[2]:  # a Path for the indexed pages only: most pages are not
            pages.append(IndexedPage(Path(path), name, entry[3], bytes.fromhex(entry[4])))
    write_record(memo, seen)
    return sorted(pages, key=lambda page: (page.date, page.name))


def html_status(folder: Path, files: Iterable[str] | None = None) -> list[tuple[str, str, os.stat_result]]:
    """(name, path, status) of every ``*.html`` file under ``folder`` (a link to one too; links
    to folders not followed), by name; ``files``: the folder's files, when they are known."""
    if files is None:
        return [(name, entry.path, entry.stat()) for name, entry in html_files(folder)]
    found = []
    top = os.fspath(folder)
    for name in files:
        if name.endswith(".html"):
            path = os.path.join(top, name)
            try:
                info = os.stat(path)
            except OSError:  # a link to nothing
                continue
            if stat.S_ISREG(info.st_mode):
                found.append((name, path, info))
    return sorted(found, key=lambda item: item[0])


def html_files(folder: Path) -> list[tuple[str, os.DirEntry]]:
    """Every ``*.html`` file under ``folder`` (symbolic links to folders not followed), by its
    POSIX path relative to it."""
    found = []
    waiting = [("", os.fspath(folder))]
    while waiting:
        prefix, path = waiting.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    waiting.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".html") and entry.is_file():
                    found.append((prefix + entry.name, entry))
    return sorted(found, key=lambda item: item[0])


def page_memo(cache: Path, language_folder: Path) -> Path | None:
    """Where the pages of a language folder are remembered: named by the folder's inode, which
    the swap of live and standby folders keeps."""
    try:
        return folder_record(cache, language_folder, "search-pages", ".json")
    except OSError:
        return None


def read_record(memo: Path | None) -> dict:
    """A JSON object the search step keeps in the cache; empty when missing or damaged."""
    if memo is None:
        return {}
    try:
        found = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def write_record(memo: Path | None, seen: dict) -> None:
    """Keep a JSON object in the cache, by rename (a read-only cache costs speed, not the build)."""
    if memo is None:
        return
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        temporary = memo.with_name(f"{memo.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(seen), encoding="utf-8")
        os.replace(temporary, memo)
    except OSError as error:  # a read-only cache costs speed, not the build
        logger.debug("search: cannot write %s: %s", memo, error)


def digest(pages, options: list) -> str:
    """A digest of a bundle's inputs: Pagefind's version and options, the pages' paths and bytes."""
    hasher = hashlib.sha256(json.dumps(options).encode())
    for page in pages:
        hasher.update(page.name.encode() + b"\0")
        hasher.update(page.content)
    return hasher.hexdigest()


def _path_hash(page: IndexedPage) -> int:
    return int.from_bytes(hashlib.sha256(page.name.encode()).digest()[:8], "big")


def ends_before(page: IndexedPage, held: int, size: int) -> bool:
    """Whether a part that holds ``held`` pages ends before ``page``."""
    # At least 2, or every part would end at a count of pages, and a removal would move every
    # end after it.
    quarter = max(2, size // 4)
    if held >= size + 2 * quarter:
        return True
    return held >= max(1, size - quarter) and _path_hash(page) % quarter == 0


def plan_parts(pages: list[IndexedPage], options: list, size: int | None = None) -> list[Part]:
    """``pages`` (as ``indexed_pages`` gives them) cut into parts, the newest part last."""
    size = size or PAGES_PER_PART
    groups: list[list[IndexedPage]] = []
    for page in pages:
        if not groups or ends_before(page, len(groups[-1]), size):
            groups.append([])
        groups[-1].append(page)
    parts = []
    for group in groups:
        first = group[0]
        name = f"{first.date[:4] or 'undated'}-{hashlib.sha256(first.name.encode()).hexdigest()[:8]}"
        parts.append(Part(name, tuple(group), digest(group, options)))
    return parts


def place(bundle: Path, part: Part, main: bool) -> Path:
    """Where ``part`` lives in a language's bundle folder."""
    return bundle if main else bundle / PARTS_FOLDER / part.name


def is_index_file(relative: Path) -> bool:
    """Whether a file of a Pagefind bundle (relative to it) is part of its index."""
    first = relative.parts[0]
    return first == ENTRY or first.endswith(".pf_meta") or first in INDEX_FOLDERS


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link of ``source`` at ``target`` (a copy where the file system has no links)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _link_or_copy(os.fspath(source), os.fspath(target))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def link_tree(source: Path, target: Path, keep=lambda relative: True) -> None:
    """Hard links (copies where the file system has none) of the files under ``source`` whose
    path relative to it ``keep`` accepts; ``keep`` looks at the first part of the path only (a
    folder it refuses is left out whole)."""
    target.mkdir(parents=True, exist_ok=True)
    for top in sorted(os.scandir(source), key=lambda entry: entry.name):
        if not keep(Path(top.name)):
            continue
        if not top.is_dir(follow_symlinks=False):
            link_or_copy(Path(top.path), target / top.name)
            continue
        for root, folders, files in os.walk(top.path):
            folders.sort()
            place = os.path.join(target, os.path.relpath(root, source))
            os.makedirs(place, exist_ok=True)
            for name in sorted(files):
                _link_or_copy(os.path.join(root, name), os.path.join(place, name))


def own_files(relative: Path) -> bool:
    """The files of the main bundle that its Pagefind run wrote (not the other parts)."""
    return relative.parts[0] not in (PARTS_FOLDER, PARTS_LIST)


def link_bundle(source: Path, target: Path, main: bool) -> None:
    """Give ``target`` the bundle at ``source`` (a main bundle or a part), as a part or the main."""
    link_tree(source, target, own_files if main else lambda r: own_files(r) and is_index_file(r))


def keep_index_only(bundle: Path) -> None:
    """Remove what a merged part does not need from a Pagefind bundle."""
    for path in sorted(bundle.iterdir()):
        if not is_index_file(Path(path.name)):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def parts_list_text(parts: list[Part], size: int) -> str:
    """The list the search page merges (every part but the main one, newest first), and the
    size the parts were cut to (for the dev server's refresh, which has no settings)."""
    merged = [f"{PARTS_FOLDER}/{part.name}/" for part in reversed(parts[:-1])]
    return json.dumps({"pages_per_part": size, "parts": merged}, indent=1) + "\n"


def write_parts_list(bundle: Path, parts: list[Part], size: int) -> None:
    (bundle / PARTS_LIST).write_text(parts_list_text(parts, size), encoding="utf-8")


def listed_part_size(bundle: Path) -> int:
    """The size the parts of the bundle set at ``bundle`` were cut to (the default if unknown)."""
    try:
        size = json.loads((bundle / PARTS_LIST).read_text(encoding="utf-8"))["pages_per_part"]
    except (OSError, ValueError, KeyError, TypeError):
        return PAGES_PER_PART
    return size if isinstance(size, int) and size > 0 else PAGES_PER_PART


# Bundles remembered: each part of each language, in the live and the standby folder.
RECORDS_KEPT = 4096


class BundleSources:
    """Which pages made which search bundle: a bundle (known by its entry file, which names its
    index by content hash) against the digest of its inputs. A build whose part of the pages gives
    the digest of a live bundle takes that bundle as it is, and Pagefind does not run for it."""

    def __init__(self, path: Path | None):
        self.path = path
        try:
            self.known: dict[str, str] = json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (OSError, ValueError):
            self.known = {}

    @staticmethod
    def key(bundle: Path) -> str | None:
        try:
            return hashlib.sha256((bundle / ENTRY).read_bytes()).hexdigest()
        except OSError:
            return None

    def made_from(self, bundle: Path) -> str | None:
        key = self.key(bundle)
        return self.known.get(key) if key else None

    def remember(self, bundle: Path, digest: str) -> None:
        key = self.key(bundle)
        if key is None:
            return
        self.known.pop(key, None)
        self.known[key] = digest  # the newest last; the oldest are forgotten first
        while len(self.known) > RECORDS_KEPT:
            self.known.pop(next(iter(self.known)))

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(self.known, indent=0), encoding="utf-8")
        os.replace(temporary, self.path)


@dataclass(frozen=True)
class PartJob:
    """A part Pagefind must index: its language folder, and where its bundle goes."""

    folder: Path
    code: str
    part: Part
    target: Path
    main: bool


@dataclass
class LanguagePlan:
    """A language's bundle set to assemble in ``bundle``: its parts (the newest, the main one,
    last), each with the bundle it is taken from (None: Pagefind indexes it)."""

    folder: Path
    code: str
    bundle: Path
    parts: list[Part]
    sources: list[Path | None]
    size: int  # the pages a part was cut to
    previous: Path | None = None  # the live bundle set

    def pages(self) -> list[IndexedPage]:
        return [page for part in self.parts for page in part.pages]

    def jobs(self) -> list[PartJob]:
        return [
            PartJob(self.folder, self.code, part, place(self.bundle, part, main), main)
            for part, main, source in self.each()
            if source is None
        ]

    def is_current(self, current: Path) -> bool:
        """Whether the bundle set at ``current`` is the one this plan would assemble."""
        try:
            listed = (current / PARTS_LIST).read_text(encoding="utf-8")
        except OSError:
            return False
        expected = [place(current, part, main) for part, main, _ in self.each()]
        return self.sources == expected and listed == parts_list_text(self.parts, self.size)

    def each(self):
        last = len(self.parts) - 1
        return ((part, n == last, self.sources[n]) for n, part in enumerate(self.parts))


def plan_language(
    folder: Path,
    code: str,
    bundle: Path,
    previous: Path | None,
    sources: BundleSources,
    options: list,
    size: int,
    pages: list[IndexedPage],
) -> LanguagePlan:
    """Cut the language's indexed ``pages`` (as ``indexed_pages`` gives them) into parts of about
    ``size`` and find, in ``previous`` (the bundle set of the live site), a bundle made from each
    part's very pages; ``options`` are what the bundles are made from besides their pages."""
    if not pages:
        raise BuildError(f"Pagefind has nothing to index in {folder}: no page has {INDEXED_MARK}")
    parts = plan_parts(pages, options, size)
    plan = LanguagePlan(folder, code, bundle, parts, [None] * len(parts), size, previous)
    if previous is None:
        return plan
    for n, (part, main, _) in enumerate(plan.each()):
        # A main bundle has Pagefind's scripts, which a merged part's bundle has not.
        candidates = [previous] if main else [place(previous, part, False), previous]
        for candidate in candidates:
            if sources.made_from(candidate) == part.digest:
                plan.sources[n] = candidate
                break
    return plan
