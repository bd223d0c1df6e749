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
import zlib
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


READER_SHARDS = 64  # the files a reader cache is kept in (save_caches_whole)


def reader_shard(filename: str) -> int:
    """Which of a reader cache's files holds a source's entry."""
    return zlib.crc32(filename.encode("utf-8", "surrogatepass")) % READER_SHARDS


def read_reader_cache(path: str, opener=open) -> dict:
    """The entries of the reader cache kept in the folder ``path`` (save_caches_whole). A file of
    it that cannot be read holds none, nor does one of an entry that is not its own (a file
    renamed by hand): their sources are read again."""
    import pickle

    cache: dict = {}
    try:
        names = sorted(os.listdir(path)) if os.path.isdir(path) else []
    except OSError:
        names = []
    for name in names:
        index, dot, suffix = name.partition(".")
        if not (index.isdigit() and dot and suffix == "pickle"):
            continue
        try:
            with opener(os.path.join(path, name), "rb") as handle:
                entries = pickle.load(handle)  # noqa: S301 (the build's own file)
        except Exception as error:  # noqa: BLE001 (damaged or foreign: its sources are read again)
            logger.debug("Cannot load cache %s: %s", os.path.join(path, name), error)
            continue
        if isinstance(entries, dict):
            cache.update(
                (filename, data)
                for filename, data in entries.items()
                if isinstance(filename, str) and reader_shard(filename) == int(index)
            )
    return cache


def save_caches_whole() -> None:
    """Make Pelican keep its reader caches in parts, each written whole, and only when changed.

    Pelican's ``FileDataCacher`` pickles the whole cache into one file: 65 MB a language at
    10,000 articles, written again (0.3 s) after a run that read one source anew. It pickles
    straight into the file, so a build stopped while it writes (Ctrl+C, a CI job's time limit)
    leaves a truncated file, which the next build warns about, so that a strict build stops on
    it. And it keeps the entries of sources long gone (a renamed or removed article) for good.
    Here the cache is a folder of ``READER_SHARDS`` files, each source's entry in the one
    ``reader_shard`` names; a run writes only the files whose entries it added or left out
    (those of files it did not ask about), each to a file beside it renamed over it once whole.
    Entries are checked against their source's stamp when read, so files of different runs
    (a build stopped between two) hold nothing stale.
    """
    import pickle

    from pelican.cache import FileDataCacher

    if getattr(FileDataCacher.save_cache, "whole", False):
        return
    for name in ("save_cache", "cache_data", "get_cached_data"):
        if not callable(getattr(FileDataCacher, name, None)):
            raise outdated(f"FileDataCacher has no {name}")
    pelicans_init = FileDataCacher.__init__
    if list(inspect.signature(pelicans_init).parameters) != [
        "self", "settings", "cache_name", "caching_policy", "load_policy"
    ]:  # fmt: skip
        raise outdated("FileDataCacher.__init__ is not (self, settings, cache_name, caching_policy, load_policy)")
    pelicans_cache_data = FileDataCacher.cache_data
    pelicans_get_cached_data = FileDataCacher.get_cached_data

    def state(self) -> tuple[set, set]:
        """The sources the run asked about, and the cache's files to write."""
        if "newsdesk_asked" not in self.__dict__:
            self.newsdesk_asked, self.newsdesk_dirty = set(), set()
        return self.newsdesk_asked, self.newsdesk_dirty

    @functools.wraps(pelicans_init)
    def __init__(self, settings, cache_name, caching_policy, load_policy):
        pelicans_init(self, settings, cache_name, caching_policy, False)  # not Pelican's one file
        if load_policy:
            try:
                path, opener = self._cache_path, self._cache_open
            except AttributeError as error:
                raise outdated(f"FileDataCacher without {error.name}") from None
            self._cache = read_reader_cache(path, opener)

    @functools.wraps(pelicans_cache_data)
    def cache_data(self, filename, data):
        pelicans_cache_data(self, filename, data)
        asked, dirty = state(self)
        asked.add(filename)
        dirty.add(reader_shard(filename))

    @functools.wraps(pelicans_get_cached_data)
    def get_cached_data(self, filename, default=None):
        state(self)[0].add(filename)
        return pelicans_get_cached_data(self, filename, default)

    def save_cache(self):
        try:
            wanted, path, opener, cache = (
                self._cache_data_policy, self._cache_path, self._cache_open, self._cache
            )
        except AttributeError as error:
            raise outdated(f"FileDataCacher without {error.name}") from None
        asked, dirty = state(self)
        for filename in cache.keys() - asked:
            del cache[filename]
            dirty.add(reader_shard(filename))
        if not wanted or not dirty:
            return
        parts: dict[int, dict] = {index: {} for index in dirty}
        for filename, data in cache.items():
            part = parts.get(reader_shard(filename))
            if part is not None:
                part[filename] = data
        try:
            if os.path.isfile(path) or os.path.islink(path):  # Pelican's one file, of an older build
                os.unlink(path)
            os.makedirs(path, exist_ok=True)
        except OSError as error:
            logger.warning("Could not save cache %s\n ... %s", path, error)
            return
        for index, entries in sorted(parts.items()):
            target = os.path.join(path, f"{index:02d}.pickle")
            temporary = f"{target}.{os.getpid()}.tmp"
            try:
                with opener(temporary, "wb") as handle:
                    pickle.dump(entries, handle)
                os.replace(temporary, target)
                dirty.discard(index)
            except (OSError, pickle.PicklingError, TypeError) as error:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                logger.warning("Could not save cache %s\n ... %s", target, error)

    save_cache.whole = True
    FileDataCacher.__init__ = __init__
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
