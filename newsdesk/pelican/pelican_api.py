"""The private parts of Pelican the plugins use, where Pelican has no public hook, in one place.

Each is tested by tests/pelican/test_pelican_api.py, which fails by name when a Pelican upgrade
changes it, instead of a build going wrong somewhere downstream.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import itertools
import logging
import operator
import os
import types
from collections.abc import Callable

from newsdesk.errors import BuildError

logger = logging.getLogger(__name__)


def outdated(what: str) -> BuildError:
    """The error for a Pelican whose private part ``what`` is not as this module expects."""
    return BuildError(
        f"this Pelican's {what}: newsdesk/pelican/pelican_api.py needs updating for it"
        " (tests/pelican/test_pelican_api.py says what changed)"
    )


def resolve_links(item, html: str) -> str:
    """``html`` with its ``{static}``, ``{filename}`` and like links resolved as ``item``'s own
    content is (Pelican resolves only an item's content and summary; the side-by-side view
    shows its blocks apart)."""
    return item._update_content(html, item.get_siteurl())


def file_stamp(readers) -> Callable[[str], object] | None:
    """The function Pelican's reader cache stamps a source with (None: no cache this run)."""
    if not hasattr(readers, "_filestamp_func"):
        raise outdated("reader cache has no _filestamp_func")
    return readers._filestamp_func


def set_file_stamp(readers, stamp: Callable[[str], object]) -> None:
    """Make Pelican's reader cache stamp each source with ``stamp``."""
    readers._filestamp_func = stamp


def _no_stamp(path) -> bytes:
    return b""


def skip_unused_stamps(generator) -> None:
    """Stop a generator from stamping sources for a content cache it does not keep.

    Pelican's article and page generators read and hash every source twice a run for their own
    cache, even when ``CONTENT_CACHING_LAYER`` keeps that cache off (the reader's is used): with
    nothing cached and nothing to cache, an empty stamp serves as well.
    """
    if not all(hasattr(generator, name) for name in ("_filestamp_func", "_cache_data_policy", "_cache")):
        raise outdated("generator has no _filestamp_func, _cache_data_policy or _cache")
    if not generator._cache_data_policy and not generator._cache:
        generator._filestamp_func = _no_stamp


def raw_content(item) -> str:
    """An item's content as its reader gave it, before Pelican resolves its links."""
    return item._content


def set_content(item, html: str) -> None:
    """Give an item the content its reader gave, ``html`` (before Pelican resolves its links)."""
    item._content = html


def mark_written(writer, path: str) -> None:
    """Tell Pelican's writer that ``path`` was written this run, as its ``_open_w`` does: another
    page written to the same path is then an error, as it would be had the writer written it,
    and so is this one when another page was written there first."""
    from pelican.writers import FileOverwriteFailedError

    if not hasattr(writer, "_written_files"):
        raise outdated("writer has no _written_files")
    if path in writer._written_files and path not in getattr(writer, "_overridden_files", ()):
        raise FileOverwriteFailedError(
            f'Failed to overwrite "{path}" as Pelican has already written to it previously'
        )
    writer._written_files.add(path)


def save_caches_whole() -> None:
    """Make Pelican write a cache file whole or not at all, and only when it holds something new.

    Pelican's ``FileDataCacher.save_cache`` pickles straight into the cache file: a build stopped
    while it writes (Ctrl+C, a CI job's time limit; 0.4 s a language at 10,000 articles) leaves a
    truncated file, which the next build warns about, so that a strict build stops on it. It also
    writes the file again after a run that read no source anew, and keeps the entries of
    sources long gone (a renamed or removed article) for good. Here the pickle goes to a file
    beside it, renamed over it once whole; the entries of files the run did not ask about are
    left out; and a cache nothing was added to or left out of since it was loaded is left as it
    is.
    """
    import pickle

    from pelican.cache import FileDataCacher

    if getattr(FileDataCacher.save_cache, "whole", False):
        return
    for name in ("save_cache", "cache_data", "get_cached_data"):
        if not callable(getattr(FileDataCacher, name, None)):
            raise outdated(f"FileDataCacher has no {name}")
    pelicans_cache_data = FileDataCacher.cache_data
    pelicans_get_cached_data = FileDataCacher.get_cached_data

    def asked(self) -> set:
        if "newsdesk_asked" not in self.__dict__:
            self.newsdesk_asked = set()
        return self.newsdesk_asked

    @functools.wraps(pelicans_cache_data)
    def cache_data(self, filename, data):
        pelicans_cache_data(self, filename, data)
        asked(self).add(filename)
        self.newsdesk_changed = True

    @functools.wraps(pelicans_get_cached_data)
    def get_cached_data(self, filename, default=None):
        asked(self).add(filename)
        return pelicans_get_cached_data(self, filename, default)

    def save_cache(self):
        try:
            wanted, path, opener, cache = (
                self._cache_data_policy, self._cache_path, self._cache_open, self._cache
            )
        except AttributeError as error:
            raise outdated(f"FileDataCacher without {error.name}") from None
        gone = cache.keys() - asked(self)
        for filename in gone:
            del cache[filename]
        if not wanted or not (gone or getattr(self, "newsdesk_changed", False)):
            return
        temporary = f"{path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            with opener(temporary, "wb") as handle:
                pickle.dump(self._cache, handle)
            os.replace(temporary, path)
            self.newsdesk_changed = False
        except (OSError, pickle.PicklingError, TypeError) as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            logger.warning("Could not save cache %s\n ... %s", path, error)

    save_cache.whole = True
    FileDataCacher.cache_data = cache_data
    FileDataCacher.get_cached_data = get_cached_data
    FileDataCacher.save_cache = save_cache


def forget_reader_cache(generator) -> None:
    """Drop what a generator's reader cache holds in memory. Pelican saves it when the generator
    has read every source, before ``article_generator_finalized``, and reads it no more that run."""
    readers = getattr(generator, "readers", None)
    if readers is None or not hasattr(readers, "_cache"):
        raise outdated("generator has no readers with a _cache")
    readers._cache = {}


def remember_relative_source_paths() -> None:
    """Work out each source's path relative to ``PATH`` once per working folder.

    Pelican's ``Content.get_relative_source_path`` makes two absolute paths and a relative one
    each time a URL or output path is formatted, about five times an article per run (a tenth
    of a second a run at 2,000 articles). Its answer depends only on ``PATH``, the source's
    path and, when ``PATH`` is relative, the working folder it is read from: the memo's key.
    """
    from pelican.contents import Content

    pelicans = Content.get_relative_source_path
    if getattr(pelicans, "remembered", False):
        return
    if list(inspect.signature(pelicans).parameters) != ["self", "source_path"]:
        raise outdated("Content.get_relative_source_path is not (self, source_path)")

    @functools.lru_cache(maxsize=1 << 16)
    def answer(folder: str, source_path: str, cwd: str) -> str | None:
        return pelicans(types.SimpleNamespace(settings={"PATH": folder}), source_path)

    @functools.wraps(pelicans)
    def remembered(self, source_path: str | None = None) -> str | None:
        source_path = source_path or self.source_path
        folder = self.settings.get("PATH")
        if not isinstance(source_path, str) or not isinstance(folder, str):
            return pelicans(self, source_path)
        # An absolute PATH (Pelican makes it one) is read from no working folder: no system
        # call to ask for it, five times an article.
        return answer(folder, source_path, "" if os.path.isabs(folder) else os.getcwd())

    remembered.remembered = True
    Content.get_relative_source_path = remembered


def translations_by_group() -> None:
    """Make the generators find translations one group at a time.

    Pelican's ``process_translations`` ends with ``[x for x in content_list if x not in index]``:
    every item tested against the list of every original, so a run's time grows with the square
    of its articles (1.2 s of each language's run at 10,000 articles, 0.05 s at 2,000). Items
    of different groups are never each other's translations, so Pelican's own function given
    each group in turn returns, concatenated, what it returns for the whole list, with the
    same warnings, and it sorts the caller's list as Pelican does.
    """
    from pelican import generators, utils

    pelicans = utils.process_translations
    if getattr(generators.process_translations, "by_group", False):
        return
    if list(inspect.signature(pelicans).parameters) != ["content_list", "translation_id"]:
        raise outdated("process_translations is not (content_list, translation_id)")

    @functools.wraps(pelicans)
    def by_group(content_list, translation_id=None):
        if not translation_id:
            return pelicans(content_list, translation_id)
        names = {translation_id} if isinstance(translation_id, str) else translation_id
        key = operator.attrgetter(*names)
        try:
            content_list.sort(key=key)
        except (TypeError, AttributeError):
            return pelicans(content_list, translation_id)  # which raises with Pelican's message
        index, translations = [], []
        for _, items in itertools.groupby(content_list, key):
            originals, others = pelicans(list(items), translation_id)
            index.extend(originals)
            translations.extend(others)
        return index, translations

    by_group.by_group = True
    generators.process_translations = by_group
