"""The search fragments of unchanged pages, taken from the live bundles instead of written again.

Pagefind writes one fragment per page (the text a result shows), named by a hash of its
content, and leaves alone a fragment file its output folder already has. Creating hundreds of
new files costs as much as indexing their pages on a file system like this machine's, so before
Pagefind indexes a part, the fragments of the part's pages that did not change since they were
last indexed are linked into its output folder from the live bundles; Pagefind writes only the
others.

Which fragment is which page's is learnt after each run from the fragments themselves (each
names its page's URL) and kept in the build's cache. A run with linked fragments must end with
exactly one fragment per page of its part, none of them named twice; otherwise (a record that
is wrong, a Pagefind that names fragments differently) the part is indexed again into an empty
folder.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.site.search_parts import (
    PARTS_FOLDER,
    IndexedPage,
    link_or_copy,
    read_record,
    write_record,
)

FRAGMENT_FOLDER = "fragment"  # in a Pagefind bundle
FRAGMENT_SUFFIX = ".pf_fragment"
SIGNATURE = b"pagefind_dcd"  # what a fragment's decompressed bytes start with
FRAGMENTS_RECORD = "search-fragments.json"  # in CACHE_PATH


def page_url(name: str) -> str:
    """The URL Pagefind gives a page at ``name`` (POSIX, relative to the folder it indexes)."""
    if name == "index.html" or name.endswith("/index.html"):
        name = name[: -len("index.html")]
    return "/" + name


def fragment_url(path: Path) -> str | None:
    """The URL of the page a fragment file shows; None when it is not a fragment."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error):
        return None
    if not data.startswith(SIGNATURE):
        return None
    try:
        url = json.loads(data[len(SIGNATURE) :]).get("url")
    except (ValueError, AttributeError):
        return None
    return url if isinstance(url, str) else None


def fragment_names(bundle: Path) -> set[str]:
    try:
        return {
            entry.name
            for entry in os.scandir(bundle / FRAGMENT_FOLDER)
            if entry.name.endswith(FRAGMENT_SUFFIX) and entry.is_file(follow_symlinks=False)
        }
    except OSError:
        return set()


def live_fragments(bundle_set: Path | None) -> dict[str, Path]:
    """Every fragment file of a language's live bundle set (the main bundle and its parts), by name."""
    if bundle_set is None:
        return {}
    bundles = [bundle_set]
    try:
        bundles += sorted(
            Path(entry.path)
            for entry in os.scandir(bundle_set / PARTS_FOLDER)
            if entry.is_dir(follow_symlinks=False)
        )
    except OSError:
        pass
    found = {}
    for bundle in bundles:
        for name in fragment_names(bundle):
            found[name] = bundle / FRAGMENT_FOLDER / name
    return found


def page_entry(code: str, page: IndexedPage) -> list[str]:
    return [code, page.name, page.content.hex()]


@dataclass
class FragmentRecord:
    """Which page (language, path, SHA-256 of its bytes) each fragment was made from."""

    path: Path | None
    known: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> FragmentRecord:
        known = {
            name: entry
            for name, entry in read_record(path).items()
            if isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) for x in entry)
        }
        return cls(path, known)

    def by_page(self) -> dict[tuple[str, ...], str]:
        return {tuple(entry): name for name, entry in self.known.items()}

    def keep(self, learnt: dict[str, list[str]], codes: Iterable[str], pages: Iterable[list[str]]) -> None:
        """Add what was learnt; of the languages ``codes``, forget the fragments of pages that
        are not among ``pages`` (a language's every indexed page, as they are now)."""
        codes = set(codes)
        current = {tuple(entry) for entry in pages}
        merged = {**self.known, **learnt}
        self.known = {
            name: entry
            for name, entry in merged.items()
            if entry[0] not in codes or tuple(entry) in current
        }

    def language(self, code: str) -> dict[str, list[str]]:
        """The fragments of one language's pages."""
        return {name: entry for name, entry in self.known.items() if entry[0] == code}

    def take(self, code: str, fragments: dict[str, list[str]]) -> None:
        """Know of the language ``code`` exactly ``fragments`` (what its own run kept, by ``keep``)."""
        others = {name: entry for name, entry in self.known.items() if entry[0] != code}
        self.known = {**others, **{n: e for n, e in fragments.items() if e[0] == code}}

    def save(self) -> None:
        write_record(self.path, self.known)


@dataclass(frozen=True)
class Reuse:
    """What one part's run may take: the language's live fragments and the record's pages."""

    live: dict[str, Path]
    by_page: dict[tuple[str, ...], str]


def link_unchanged(code: str, pages: Iterable[IndexedPage], reuse: Reuse, bundle: Path) -> dict[str, list[str]]:
    """Link the live fragments of ``pages`` that did not change into ``bundle``; return them
    (name -> page entry)."""
    linked = {}
    for page in pages:
        entry = page_entry(code, page)
        name = reuse.by_page.get(tuple(entry))
        source = reuse.live.get(name) if name else None
        if source is None:
            continue
        try:
            link_or_copy(source, bundle / FRAGMENT_FOLDER / name)
        except OSError:
            continue
        linked[name] = entry
    return linked


def learn(
    code: str, pages: Iterable[IndexedPage], bundle: Path, linked: dict[str, list[str]]
) -> dict[str, list[str]] | None:
    """After Pagefind indexed ``pages`` into ``bundle`` (with ``linked`` there before it ran):
    every fragment by the page it shows, or None when the folder does not hold exactly one
    fragment per page."""
    pages = list(pages)
    names = fragment_names(bundle)
    if len(names) != len(pages) or not linked.keys() <= names:
        return None
    by_url = {page_url(page.name): page_entry(code, page) for page in pages}
    shown = {entry[1] for entry in linked.values()}
    learnt = dict(linked)
    for name in sorted(names - linked.keys()):
        url = fragment_url(bundle / FRAGMENT_FOLDER / name)
        entry = by_url.get(url) if url is not None else None
        if entry is None:  # a URL spelt otherwise than page_url spells it: not taken next time
            continue
        if entry[1] in shown:
            return None  # a page with two fragments: a linked one is not Pagefind's
        shown.add(entry[1])
        learnt[name] = entry
    return learnt
