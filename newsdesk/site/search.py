"""Post-build step: Pagefind's search index of each language, in that language's folder.

Each language folder gets its own bundle set (``<lang>/pagefind/``), so a language's search
never finds another language's pages, and the folder stays whole on its own. Pagefind reads
the language from each page's ``<html lang>``; pages opt in with ``data-pagefind-body``. The
index is made in parts (newsdesk/site/search_parts.py); a part whose pages did not change is
taken from the live site as it is.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import BuildError, ConfigError
from newsdesk.project import plugin_settings
from newsdesk.site import atomic
from newsdesk.site.search_fragments import (
    FRAGMENTS_RECORD,
    FragmentRecord,
    Reuse,
    learn,
    link_unchanged,
    live_fragments,
    page_entry,
)
from newsdesk.site.search_parts import (
    INDEXED_MARK,
    PAGES_PER_PART,
    BundleSources,
    IndexedPage,
    LanguagePlan,
    PartJob,
    indexed_pages,
    keep_index_only,
    link_bundle,
    link_or_copy,
    link_tree,
    listed_part_size,
    page_memo,
    place,
    plan_language,
    write_parts_list,
)
from newsdesk.site.search_parts import digest as pages_digest

logger = logging.getLogger(__name__)

BUNDLE_FOLDER = "pagefind"  # in each language folder, beside the search page


def foreign_block_selector(code: str) -> str:
    """Indexed elements in another language than the page (untranslated fallback blocks).

    They stay on the page for readers but must not make a page answer searches for
    words of another language. (Pagefind cannot match ``html[lang]`` as an ancestor,
    hence one run per language.)
    """
    return f'[data-pagefind-body] [lang]:not([lang|="{code}"])'


def bundle_options(code: str) -> list:
    """What a bundle is made from besides its pages: Pagefind's version and its options."""
    return [_pagefind_version(), foreign_block_selector(code)]


def scan(language_folder: Path, code: str) -> tuple[list[Path], str]:
    """The pages that opt in to the index (most pages, lists and side-by-side views, do not),
    oldest first, and a digest of everything one bundle of them all would be made from."""
    pages = indexed_pages(language_folder)
    return [page.path for page in pages], pages_digest(pages, bundle_options(code))


def _pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return ""


@contextlib.contextmanager
def pages_to_index(language_folder: Path, pages: list[Path]) -> Iterator[Path]:
    """A scratch folder holding only the indexed pages, at their paths, as hard links.

    Pagefind reads every page of the folder it is given, indexed or not; given only these, it
    takes a third of the time on a site of many articles. The folder sits beside the language
    folders (hard links need the same file system) and is gone when the step ends.
    """
    with tempfile.TemporaryDirectory(dir=language_folder.parent, prefix=".search-") as scratch:
        for page in pages:
            link_or_copy(page, Path(scratch) / page.relative_to(language_folder))
        yield Path(scratch)


@functools.lru_cache(maxsize=1)
def pagefind_program() -> tuple[str, ...]:
    """How Pagefind is started: its binary as the pagefind package finds it (PAGEFIND_BINARY_PATH,
    the extended build, the bundled one), so that each part's run does not start a Python to
    find it again (0.06 s a run); ``python -m pagefind`` when the package cannot say."""
    try:
        from pagefind.service import get_executable

        found = get_executable()
    except Exception:  # not installed, or a version without it: the module reports it
        found = None
    if found is not None and os.access(found, os.X_OK) and Path(found).is_file():
        return (str(Path(found).resolve()),)
    return (sys.executable, "-m", "pagefind")


def pagefind_command(pages: Path, bundle: Path, code: str) -> list[str]:
    return [
        *pagefind_program(),
        "--site",
        str(pages),
        "--output-path",
        str(bundle),
        "--exclude-selectors",
        foreign_block_selector(code),
        "--quiet",
    ]


class IndexCancelled(Exception):
    """A background index was cancelled (a newer build is on its way)."""


RUNNING_MARK = ".pagefind-running-"  # + the process group; beside the folders it writes into


def stop_orphans(folder: Path) -> None:
    """Stop the Pagefind runs a killed build left writing into ``folder`` (their process groups
    are their own, so the kill did not reach them): the next build would find files appearing in
    the folder it clears ("Directory not empty"), or a stale index in its own."""
    for mark in sorted(folder.glob(RUNNING_MARK + "*")) if folder.is_dir() else ():
        group = mark.name[len(RUNNING_MARK):]
        if group.isdigit() and _is_pagefind(int(group)):
            logger.warning("stopping Pagefind (process group %s), left by a killed build", group)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(int(group), signal.SIGKILL)
            _wait_gone(int(group))
        with contextlib.suppress(OSError):
            mark.unlink()


def _is_pagefind(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"pagefind" in command or pagefind_program()[0].encode() in command


def _wait_gone(group: int) -> None:
    """Until no process of ``group`` is left (a killed process is gone within moments)."""
    for _ in range(200):
        try:
            os.killpg(group, 0)
        except (ProcessLookupError, PermissionError):
            return
        if not _is_pagefind(group):
            return  # a zombie, which its parent (not this process) reaps
        time.sleep(0.01)


def run_pagefind(
    command: list[str], cancel: threading.Event | None = None, marks: Path | None = None
) -> tuple[int, str]:
    """Run Pagefind; return its exit status and output. Stopped at once when ``cancel`` is set.

    While it runs, a mark in ``marks`` names its process group, for ``stop_orphans``.
    """
    if cancel is not None and cancel.is_set():
        raise IndexCancelled()
    try:
        # A group of its own: ``python -m pagefind`` runs the Pagefind binary as its child, and
        # a cancel must stop both (the binary started directly has threads only).
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    except OSError as error:
        raise BuildError(f"cannot run Pagefind: {error}") from error
    mark = marks / f"{RUNNING_MARK}{process.pid}" if marks is not None else None
    if mark is not None:
        mark.touch()
    try:
        while True:
            try:
                output, _ = process.communicate(timeout=0.05)
                return process.returncode, output
            except subprocess.TimeoutExpired:
                if cancel is not None and cancel.is_set():
                    raise IndexCancelled() from None
    except BaseException:  # cancelled, interrupted: nothing of Pagefind's may outlive us
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    finally:
        if mark is not None:
            with contextlib.suppress(OSError):
                mark.unlink()


def index_language(
    language_folder: Path,
    code: str,
    pages: list[Path],
    bundle: Path | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Index ``pages`` of one language (as ``scan`` gives them) into ``bundle`` (default: the
    language's bundle folder); return it."""
    bundle = bundle or language_folder / BUNDLE_FOLDER
    if not pages:
        raise BuildError(
            f"Pagefind has nothing to index in {language_folder}: no page has {INDEXED_MARK}"
        )
    with pages_to_index(language_folder, pages) as scratch:
        command = pagefind_command(scratch, bundle, code)
        logger.debug("running %s", " ".join(command))
        returncode, output = run_pagefind(command, cancel, language_folder.parent)
    if returncode != 0:
        detail = output.strip()
        if "No module named pagefind" in detail:
            detail = "the pagefind package is not installed (make html installs requirements.txt)"
        raise BuildError(f"Pagefind failed to index {language_folder}: {detail}")
    if not (bundle / "pagefind-entry.json").exists():
        raise BuildError(f"Pagefind wrote no index for {language_folder}")
    return bundle


SOURCES_RECORD = "search-index-sources.json"  # in CACHE_PATH
SETTINGS_KEY = "SEARCH_INDEX"
DEFAULTS = {"pages_per_part": PAGES_PER_PART}


def part_size(settings: dict) -> int:
    """The pages a part of the index holds on average (``SEARCH_INDEX["pages_per_part"]``)."""
    size = plugin_settings(settings, SETTINGS_KEY, DEFAULTS)["pages_per_part"]
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ConfigError(
            f"{SETTINGS_KEY}: pages_per_part must be a whole number of pages, at least 1,"
            f" not {size!r}"
        )
    return size


def sources_record(settings: dict) -> Path | None:
    return Path(settings["CACHE_PATH"]) / SOURCES_RECORD if settings.get("CACHE_PATH") else None


def fragments_record(settings: dict) -> Path | None:
    return Path(settings["CACHE_PATH"]) / FRAGMENTS_RECORD if settings.get("CACHE_PATH") else None


def run_part(
    job: PartJob, scratch: Path, cancel: threading.Event | None = None, reuse: Reuse | None = None
) -> dict[str, list[str]]:
    """Index one part into its place (a merged part keeps only its index); return its fragments
    by the page each shows (search_fragments.py), with those of ``reuse`` linked in first."""
    output = Path(tempfile.mkdtemp(dir=scratch)) / "bundle"
    pages = [page.path for page in job.part.pages]
    linked = link_unchanged(job.code, job.part.pages, reuse, output) if reuse else {}
    index_language(job.folder, job.code, pages, output, cancel)
    learnt = learn(job.code, job.part.pages, output, linked)
    if learnt is None and linked:
        logger.debug("search index of %s: part %s indexed again without the live fragments",
                     job.code, job.part.name)  # fmt: skip
        shutil.rmtree(output)
        index_language(job.folder, job.code, pages, output, cancel)
        learnt = learn(job.code, job.part.pages, output, {})
    if not job.main:
        keep_index_only(output)
    job.target.mkdir(parents=True, exist_ok=True)
    for path in sorted(output.iterdir()):
        path.rename(job.target / path.name)
    return learnt or {}


def run_parts(
    jobs: list[PartJob],
    scratch: Path,
    cancel: threading.Event | None = None,
    reuse: dict[str, Reuse] | None = None,
) -> dict[str, list[str]]:
    """Index the parts at once, as many as there are cores, the largest first; return what
    their runs learnt of their fragments."""
    jobs = sorted(jobs, key=lambda job: -len(job.part.pages))
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    reuse = reuse or {}
    with ThreadPoolExecutor(workers) as pool:
        found = pool.map(lambda job: run_part(job, scratch, cancel, reuse.get(job.code)), jobs)
        return {name: entry for learnt in found for name, entry in learnt.items()}


def assemble(
    plans: list[LanguagePlan], scratch: Path, cancel=None, record: FragmentRecord | None = None
) -> None:
    """Put every language's bundle set in place: the parts taken as they are linked, the
    others indexed (with the live fragments of their unchanged pages, when ``record`` knows them)."""
    for plan in plans:
        for part, main, source in plan.each():
            if source is not None:
                link_bundle(source, place(plan.bundle, part, main), main)
    jobs = [job for plan in plans for job in plan.jobs()]
    for plan in plans:
        logger.debug(
            "search index of %s: %d part(s), %d to index",
            plan.code,
            len(plan.parts),
            len(plan.jobs()),
        )
    reuse = {}
    if record is not None:
        by_page = record.by_page()
        reuse = {
            plan.code: Reuse(live_fragments(plan.previous), by_page) for plan in plans if plan.jobs()
        }
    learnt = run_parts(jobs, scratch, cancel, reuse)
    if record is not None:
        pages = (page_entry(plan.code, page) for plan in plans for page in plan.pages())
        record.keep(learnt, [plan.code for plan in plans], pages)
    for plan in plans:
        plan.bundle.mkdir(parents=True, exist_ok=True)
        write_parts_list(plan.bundle, plan.parts, plan.size)


def remember(plans: list[LanguagePlan], sources: BundleSources) -> None:
    for plan in plans:
        for part, main, _ in plan.each():
            sources.remember(place(plan.bundle, part, main), part.digest)
    sources.save()


def language_pages(
    settings: dict, folder: Path, files: Iterable[str] | None = None, live: Path | None = None
) -> list[IndexedPage]:
    """A built language folder's indexed pages, those unchanged since the last look taken from
    the record the cache keeps of the folder (``page_memo``), or of the ``live`` one when this
    folder has none; ``files``: the folder's files, when they were just listed."""
    if not settings.get("CACHE_PATH"):
        return indexed_pages(folder, None, files)
    cache = Path(settings["CACHE_PATH"])
    shared = page_memo(cache, live) if live is not None else None
    return indexed_pages(folder, page_memo(cache, folder), files, shared)


@dataclass
class LanguageIndex:
    """A language's bundle set as the process that built the language assembled it: each bundle
    it placed, with the digest of the pages it was made from, and the fragments of its pages."""

    code: str
    bundles: list[tuple[Path, str]]
    fragments: dict[str, list[str]]


def plan_for(
    settings: dict, staging: Path, live: Path | None, sources: BundleSources, code: str, pages
) -> LanguagePlan:
    """The language's plan, with what a killed build or a dev server's refresh left removed."""
    for leftover in (*refresh_folders(staging / code), staging / code / BUNDLE_FOLDER):
        shutil.rmtree(leftover, ignore_errors=True)
    return plan_language(
        staging / code,
        code,
        staging / code / BUNDLE_FOLDER,
        live / code / BUNDLE_FOLDER if live is not None else None,
        sources,
        bundle_options(code),
        part_size(settings),
        pages,
    )


def index_in_run(
    settings: dict, staging: Path, live: Path | None, code: str, pages: list[IndexedPage]
) -> LanguageIndex:
    """One language's part of ``write_search_index``, by the process that built the language,
    as its run ends: its Pagefind runs go beside the other languages' Pelican runs instead of
    after them all. The build's process then records what each language made (``write_search_index``)."""
    sources = BundleSources(sources_record(settings))
    plan = plan_for(settings, staging, live, sources, code, pages)
    record = FragmentRecord.load(fragments_record(settings))
    with tempfile.TemporaryDirectory(dir=staging, prefix=f".search-{code}-") as scratch:
        assemble([plan], Path(scratch), record=record)
    bundles = [(place(plan.bundle, part, main), part.digest) for part, main, _ in plan.each()]
    return LanguageIndex(code, bundles, record.language(code))


def indexed_in_runs(results) -> bool:
    """Whether every language's process indexed its own language (``index_in_run``): the search
    step then only records what they made, and writes nothing into the site."""
    return bool(results) and all(result.search is not None for result in results)


def write_search_index(settings: dict, config: dict, results, staging: Path) -> list[Path]:
    """Index every part of every language whose pages changed, at once (one Pagefind process
    each, as many as there are cores); a part whose pages are those of a live bundle keeps it.
    Languages whose runs indexed their own parts (``index_in_run``) are only recorded."""
    codes = config["languages"]
    sources = BundleSources(sources_record(settings))
    record = FragmentRecord.load(fragments_record(settings))
    if indexed_in_runs(results):
        indexed = {result.code: result.search for result in results}
        for code in codes:
            for bundle, made_from in indexed[code].bundles:
                sources.remember(bundle, made_from)
            record.take(code, indexed[code].fragments)
        sources.save()
        record.save()
        return [staging / code / BUNDLE_FOLDER for code in codes]
    live = atomic.live_site(settings, staging)
    # The pages each language's run listed as it ended (build.LanguageResult.indexed).
    listed = {result.code: result.indexed for result in results if result.indexed is not None}
    plans = [
        plan_for(
            settings,
            staging,
            live,
            sources,
            code,
            listed[code] if code in listed else language_pages(settings, staging / code),
        )
        for code in codes
    ]
    with tempfile.TemporaryDirectory(dir=staging, prefix=".search-") as scratch:
        assemble(plans, Path(scratch), record=record)
    remember(plans, sources)
    record.save()
    return [staging / code / BUNDLE_FOLDER for code in codes]


# The dev server shows an edit before the search index catches up with it.


def has_index(site: Path, codes) -> bool:
    return all((site / code / BUNDLE_FOLDER / "pagefind-entry.json").is_file() for code in codes)


def link_previous_index(live: Path, staging: Path, codes) -> None:
    """Give the staged site the live site's search bundles (hard links), to be refreshed later."""
    for code in codes:
        link_tree(live / code / BUNDLE_FOLDER, staging / code / BUNDLE_FOLDER)


def refresh_folders(language_folder: Path) -> tuple[Path, Path]:
    """Where a refresh writes the new bundle set, and where the old one waits to be removed."""
    return language_folder / f".{BUNDLE_FOLDER}-next", language_folder / f".{BUNDLE_FOLDER}-old"


def refresh_index_in_place(
    site: Path, codes, cancel: threading.Event | None = None, record: Path | None = None
) -> None:
    """Index the live site again and put each new bundle set in place of the old one by renames."""
    sources = BundleSources(record)
    fragments = FragmentRecord.load(record.with_name(FRAGMENTS_RECORD) if record else None)
    for code in codes:
        folder = site / code
        fresh, old = refresh_folders(folder)
        for leftover in (fresh, old):
            shutil.rmtree(leftover, ignore_errors=True)
        current = folder / BUNDLE_FOLDER
        size = listed_part_size(current)
        pages = indexed_pages(folder)
        plan = plan_language(folder, code, fresh, current, sources, bundle_options(code), size, pages)
        if plan.is_current(current):
            continue  # the previous bundles were made from these very pages
        try:
            with tempfile.TemporaryDirectory(dir=site, prefix=".search-") as scratch:
                assemble([plan], Path(scratch), cancel, fragments)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        if current.exists():
            current.rename(old)
        fresh.rename(current)
        shutil.rmtree(old, ignore_errors=True)
        plan.bundle = current
        remember([plan], sources)
        fragments.save()


class BackgroundIndex:
    """The dev server's search index: rebuilt in a thread after the pages went live, and
    cancelled (the old index left whole) when the next build starts."""

    def __init__(self):
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self.error: Exception | None = None

    def start(
        self, site: Path, codes, done: Callable[[], None], record: Path | None = None
    ) -> None:
        """Refresh ``site``'s index; then, whatever came of it, call ``done`` (which records the
        files the site now has: a refresh cancelled halfway has replaced some bundles)."""
        self.cancel()
        cancel = self._cancel = threading.Event()
        self.error = None

        def refresh() -> None:
            try:
                refresh_index_in_place(site, codes, cancel, record)
            except IndexCancelled:
                logger.debug("search index of %s: cancelled by a newer build", site)
            except Exception as error:  # noqa: BLE001 (reported, the server goes on)
                self.error = error
                logger.error("search index of %s not refreshed: %s", site, error)
            finally:
                done()

        self._thread = threading.Thread(target=refresh, name="search-index", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Stop a refresh under way and wait until it has cleaned up."""
        if self._thread is not None:
            self._cancel.set()
            self._thread.join()
            self._thread = None

    def wait(self) -> None:
        """Wait for a refresh under way to finish."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
