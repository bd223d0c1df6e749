"""Build the whole site: one Pelican run per language, then the root chooser and the sitemap.

The languages are built in parallel processes into a standby folder beside the output folder,
which is swapped with the output only when every language built (newsdesk/atomic.py).
"""

from __future__ import annotations

import argparse
import contextlib
import heapq
import importlib
import logging
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.content import render_cache, stamps
from newsdesk.content.sanitise import control_characters
from newsdesk.errors import BuildError, ConfigError, ProjectError
from newsdesk.project import in_project, read_base_settings
from newsdesk.site import atomic, cache, heap, languages, root

if TYPE_CHECKING:
    from newsdesk.site.search import BackgroundIndex, LanguageIndex

logger = logging.getLogger(__name__)


@dataclass
class Headline:
    title: str
    url: str  # relative to the language's folder
    date: str  # ISO 8601
    summary: str = ""


@dataclass
class LanguageResult:
    """What one language's run produced, for the root page and the sitemap."""

    code: str
    pages: list[str] = field(default_factory=list)  # written HTML files, relative
    headlines: list[Headline] = field(default_factory=list)
    warnings: int = 0
    # The language's indexed pages for the search step (search_parts.indexed_pages), listed by
    # its own process as its run ends, beside the other language's; None: the step lists them.
    indexed: list | None = None
    # The files of its folder, relative to the site's folder, listed (and given public modes)
    # by its own process as its run ends; and their inodes (atomic.published_part).
    files: set[str] = field(default_factory=set)
    inodes: dict[str, int] = field(default_factory=dict)
    # Its search bundles, made by its own process after the listing (search.index_in_run); None:
    # the search step makes them.
    search: LanguageIndex | None = None
    # The files of its search bundles' folder, listed (and given public modes) by its own
    # process once they are made; their inodes are in ``inodes``.
    index_files: set[str] = field(default_factory=set)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="Pelican settings file")
    parser.add_argument("-o", "--output", help="output folder (default: OUTPUT_PATH)")
    parser.add_argument("-j", "--jobs", type=int, help="languages built at once (default: all)")
    parser.add_argument(
        "--strict", action="store_true", help="fail when Pelican or a plugin warns"
    )
    parser.add_argument("--watch", action="store_true", help="rebuild when a source file changes")
    parser.add_argument("--serve", action="store_true", help="serve the output on localhost")
    parser.add_argument("--port", type=int, default=8000, help="port for --serve (default 8000)")


WATCHED = ("content", "theme", "translations", "data", "newsdesk")


def run(args: argparse.Namespace) -> int:
    settings_file = Path(args.settings)
    result = build_site(settings_file, args.output, jobs=args.jobs, strict=args.strict)
    print(f"built {', '.join(f'{r.code}: {len(r.pages)} pages' for r in result)}")
    if args.serve:
        output = Path(args.output or read_base_settings(settings_file)["OUTPUT_PATH"])
        serve_in_background(output, args.port)
    if args.watch or args.serve:
        watch_and_rebuild(settings_file, args.output, args.jobs)
    return 0


def serve_in_background(output: Path, port: int) -> None:
    """Serve ``output`` on 127.0.0.1; the folder is found by name per request, so swaps are seen."""
    from newsdesk.site import server

    print(f"serving {output} at {server.base_url(server.start(output, port))}/")


def watch_and_rebuild(settings_file: Path, output: str | None, jobs: int | None) -> None:
    """Rebuild whenever a source, theme, catalogue or setting changes; keep going after errors."""
    from watchfiles import watch

    from newsdesk.site.search import BackgroundIndex

    base = settings_file.resolve().parent
    paths = [base / name for name in WATCHED if (base / name).exists()] + [settings_file.resolve()]
    print("watching for changes; press Ctrl+C to stop")
    search = BackgroundIndex()
    # SIGTERM too ends the loop through ``finally``, so that no index refresh outlives the server.
    with atomic.interrupt_on_terminate(), contextlib.ExitStack() as stack:
        stack.callback(search.cancel)
        for changes in watch(*paths):
            changed = sorted({Path(path).name for _, path in changes})
            try:
                build_site(settings_file, output, jobs=jobs, index_after=search)
                print(f"rebuilt after a change to {', '.join(changed)}; search index on its way")
            except ProjectError as error:
                print(f"error: {error}", file=sys.stderr)


def build_site(
    settings_file: Path,
    output: str | None = None,
    jobs: int | None = None,
    strict: bool = False,
    index_after: BackgroundIndex | None = None,
) -> list[LanguageResult]:
    """Build every language into a staging folder, then swap it into place.

    With ``index_after`` (the dev server's rebuilds), the pages go live with the previous search
    index, which ``index_after`` then rebuilds in the background: an edit shows before the index
    catches up, and the next build cancels a refresh it would make stale anyway.
    """
    from newsdesk.site import pictures, postbuild, search

    if index_after is not None:
        index_after.cancel()
    settings = read_base_settings(settings_file, output)
    check_setting_text(settings, settings_file)
    search.part_size(settings)  # a setting the last step reads is refused before the first
    config = languages.read_config(settings)
    final = Path(settings["OUTPUT_PATH"])
    final.parent.mkdir(parents=True, exist_ok=True)
    codes = config["languages"]
    workers = max(1, min(jobs or len(codes), len(codes)))
    records = Path(settings["CACHE_PATH"])
    with (
        heap.frozen(),
        atomic.interrupt_on_terminate(),
        atomic.staging_folder(final, records, keep=codes, before=search.stop_orphans) as staging,
    ):
        try:
            # The dev server's search index is made after the swap, from the live folders.
            index_pages = index_after is None
            tasks = [(str(settings_file), output, str(staging), code, strict, index_pages) for code in codes]
            # The languages' processes are forked before warming, which holds every source at
            # once in this process: forked after, each would start with a copy of that memory.
            if workers > 1:
                import_run_modules(settings)
            with atomic.process_pool(workers) as pool:
                # Each document rendered once for every run (newsdesk/content/render_cache.py).
                folder = render_cache_folder(settings_file, settings)
                renderings = render_cache.warm(
                    settings, config, folder, workers, folder / stamps.FILE_NAME
                )
                logger.debug("%d document(s) rendered before the language runs", renderings)
                heap.freeze()
                results = atomic.run_in_processes(build_language, tasks, workers, pool)
            heap.freeze()
            built = atomic.files_under(staging, skip=codes).union(*(r.files for r in results))
            settled = {name: inode for r in results for name, inode in r.inodes.items()}
            later = (
                index_after is not None
                and not settings.get("PRECOMPRESS")  # the copies would compress the old index
                and search.has_index(final, codes)
            )
            if later:
                search.link_previous_index(final, staging, codes)
            skip = (search.write_search_index,) if later else ()
            postbuild.run_steps(settings, config, results, staging, skip=skip)
            if not later and postbuild.languages_left_whole(settings, results, skip):
                # The languages' folders as their processes listed them: not walked again.
                listed = set().union(*(r.files | r.index_files for r in results))
                now = atomic.publish_modes(staging, settled, skip=codes) | listed
            else:
                now = atomic.publish_modes(staging, settled)
            atomic.record_step_files(records, staging, built, now)
            atomic.swap_into_place(staging, final)
            pictures.prune(picture_cache(settings))  # once the new output links what it shows
        except ProjectError as error:
            # The staging folder is removed or reused: name the output folder instead.
            message = error.message.replace(str(staging), str(final))
            raise type(error)(message, error.path, error.line) from None
    if later:
        index_after.start(
            final,
            codes,
            lambda: atomic.record_step_files(records, final, built),
            search.sources_record(settings),
        )
    return results


def import_run_modules(settings: dict) -> None:
    """Import Pelican, the plugins and the Markdown extensions here, before the languages'
    processes are forked: each would otherwise import them itself. One that cannot be imported
    is left to the runs, which report it."""
    names = ["pelican", "pelican.generators", "pelican.writers", *settings.get("PLUGINS", ())]
    names += list((settings.get("MARKDOWN") or {}).get("extension_configs", {}))
    for name in names:
        if isinstance(name, str):
            with contextlib.suppress(Exception):  # reported by the run
                importlib.import_module(name)


def render_cache_folder(settings_file: Path, settings: dict) -> Path:
    """The render cache of this code and these settings, shared by every language's run."""
    folder = Path(settings["CACHE_PATH"]) / render_cache.FOLDER
    return cache.language_cache(folder, cache.fingerprint(Path(settings_file), settings))


class _WarningCounter(logging.Handler):
    """Remembers the warnings of a run, so that a strict build can fail on them."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []
        self.errors: list[str] = []  # a file Pelican skipped, a plugin it could not load

    def emit(self, record):
        self.messages.append(record.getMessage())
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())


SKIPPED = re.compile(r"^Could not process (?P<path>.+)$")


def explained(errors: list[str]) -> list[str]:
    """The errors of a run, one a line, without Pelican's "Could not process <file>" when the
    reader already said why (its message names the file)."""
    kept = []
    for message in errors:
        skipped = SKIPPED.match(message)
        if skipped and any(skipped["path"] in other for other in errors if other != message):
            continue
        kept.append(" ".join(message.split("\n")))
    return kept


def check_setting_text(settings: dict, settings_file: Path) -> None:
    """No control character in any text the settings give the pages (site name, subtitle…)."""

    def texts(value, name):
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from texts(item, f"{name}[{key!r}]")
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                yield from texts(item, f"{name}[{index}]")

    for key, value in settings.items():
        if key.isupper():
            for name, text in texts(value, key):
                if found := control_characters(text):
                    raise ConfigError(f"{name} contains the control character {found[0]}", settings_file)


def picture_cache(settings: dict) -> Path:
    """The folder every language's run sizes pictures and draws share cards in."""
    configured = (settings.get("PICTURES") or {}).get("cache")
    if configured is None:
        return Path(settings["CACHE_PATH"]) / "pictures"
    return Path(in_project(settings, configured))


def build_language(
    settings_file: str, output: str | None, staging: str, code: str, strict: bool, index_pages: bool = False
) -> LanguageResult:
    """Run Pelican for one language (in its own process); return what it wrote."""
    from pelican import Pelican, signals
    from pelican.settings import read_settings

    base = read_base_settings(Path(settings_file), output)
    live = Path(base["OUTPUT_PATH"]) / code
    base["OUTPUT_PATH"] = staging
    overrides = languages.language_settings(base, code)
    print_ = cache.fingerprint(Path(settings_file), base)
    overrides["CACHE_PATH"] = str(cache.language_cache(Path(overrides["CACHE_PATH"]), print_))
    overrides[render_cache.SETTING] = str(render_cache_folder(Path(settings_file), base))
    overrides[stamps.SETTING] = str(Path(overrides[render_cache.SETTING]) / stamps.FILE_NAME)
    # Pictures are sized once for every language's run, in the site's cache folder.
    overrides["PICTURES"] = {**(base.get("PICTURES") or {}), "cache": str(picture_cache(base))}
    # Pages whose inputs did not change are copied from the live site (newsdesk/pelican/incremental.py).
    overrides["INCREMENTAL"] = {**(base.get("INCREMENTAL") or {}), "previous_output": str(live)}
    settings = read_settings(settings_file, override=overrides)
    result = LanguageResult(code)
    counter = _WarningCounter()
    logging.getLogger().addHandler(counter)

    def collect_headlines(generators):
        articles = [
            article
            for generator in generators
            if hasattr(generator, "dates")
            for article in getattr(generator, "articles", [])
        ]
        # The root page shows the newest; nlargest orders them as sorted(reverse=True) would.
        newest = heapq.nlargest(root.HEADLINES_PER_LANGUAGE, articles, key=lambda a: a.date.isoformat())
        for article in newest:
            result.headlines.append(
                Headline(
                    title=str(article.title),
                    url=article.url,
                    date=article.date.isoformat(),
                    summary=str(getattr(article, "summary", "")),
                )
            )

    output_prefix = os.path.join(settings["OUTPUT_PATH"], "")

    def collect_page(path, context=None):
        if path.startswith(output_prefix):  # as Pelican's writer names it: within OUTPUT_PATH
            rel = path[len(output_prefix) :]
        else:
            rel = os.path.relpath(path, settings["OUTPUT_PATH"])
        rel = rel.replace(os.sep, "/")
        if rel.endswith(".html"):
            result.pages.append(rel)

    signals.all_generators_finalized.connect(collect_headlines)
    signals.content_written.connect(collect_page)
    try:
        with heap.frozen_stages():
            Pelican(settings).run()
        stamps.save_run_stamps()
    except ProjectError:
        raise
    except Exception as error:
        # Pelican's own errors (a page written twice, a feed that is not XML) name the staging
        # folder, which is gone once the build fails: name the output folder instead.
        message = f"{type(error).__name__}: {error}".replace(staging, str(live.parent))
        raise BuildError(f"build of {code!r} stopped: {message}") from None
    finally:
        signals.all_generators_finalized.disconnect(collect_headlines)
        signals.content_written.disconnect(collect_page)
        logging.getLogger().removeHandler(counter)
    result.warnings = len(counter.messages)
    result.pages.sort()
    if counter.errors:
        # Pelican goes on without what it could not read: the site would lack those pages.
        listed = "\n  ".join(explained(counter.errors))
        raise BuildError(f"build of {code!r} failed on {len(counter.errors)} error(s):\n  {listed}")
    if strict and counter.messages:
        listed = "\n  ".join(counter.messages)
        raise BuildError(f"strict build of {code!r} stopped on {len(counter.messages)} warning(s):\n  {listed}")
    prefix = f"{code}/"
    # Its folders are listed from the last walk of this folder where they are as they were.
    records = Path(base["CACHE_PATH"])
    result.files, result.inodes = atomic.published_part(Path(staging) / code, prefix, records)
    if index_pages:
        from newsdesk.site import search

        files = [name[len(prefix) :] for name in result.files]
        result.indexed = search.language_pages(base, Path(staging) / code, files, live)
        result.search = search.index_in_run(base, Path(staging), live.parent, code, result.indexed)
        bundles = Path(staging) / code / search.BUNDLE_FOLDER
        result.index_files, inodes = atomic.published_part(bundles, f"{prefix}{search.BUNDLE_FOLDER}/")
        result.inodes.update(inodes)
    return result
