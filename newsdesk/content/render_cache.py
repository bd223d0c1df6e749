"""Each document's renderings, kept on disk by a digest of what they are made from.

Every language's run shows each document twice: in the run's language, and side by side with
its translation. A two-language site's runs therefore need the same three results per document
(the source's numbered rendering, the translation's, and the blocks paired for the side-by-side
view), which each run used to compute for itself. Here they are one file per document, named by
the SHA-256 of its inputs (the text, the Markdown settings and each catalogue's path and bytes),
so that they are computed once and read by every run and every later build. ``warm`` fills the
cache before the runs start, its documents shared among the build's processes. ``RunResults``
keeps a run's many small results (the Convention links) in one file, from one run to the next.

The folder is named by the build's fingerprint (newsdesk/site/cache.py), so a change to the
code, the settings or the pinned libraries starts an empty one. Entries no build has read for
``KEEP_SECONDS`` are removed by ``warm``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from fnmatch import translate
from pathlib import Path

from newsdesk.content.document import document_key as document_key_of
from newsdesk.content.document import document_lang, split_header
from newsdesk.content.stamps import FILE_NAME as STAMPS_FILE
from newsdesk.content.stamps import FileStamps
from newsdesk.errors import BuildError, ProjectError

logger = logging.getLogger(__name__)

FOLDER = "render"  # under CACHE_PATH, beside the languages' caches
SETTING = "NEWSDESK_RENDER_CACHE"  # set per run by the build driver: the cache folder, or None
KEEP_SECONDS = 7 * 24 * 3600
TOUCH_SECONDS = 24 * 3600  # a read entry's time is renewed at most this often
# Below this many documents to render, ``warm`` renders them itself instead of starting processes.
IN_PROCESS_DOCUMENTS = 16
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")  # Pelican's MarkdownReader's


def _settings_text(markdown_settings: dict) -> str:
    """The settings as a key: Pelican's reader adds ``extensions`` (the names of
    ``extension_configs``) to the run's copy, which renders the same, so both read alike."""
    settings = dict(markdown_settings)
    extensions = list(settings.get("extensions", []))
    extensions += [name for name in settings.get("extension_configs", {}) if name not in extensions]
    settings["extensions"] = extensions
    return json.dumps(settings, sort_keys=True, default=repr)


def entry_key(kind: str, *parts: str | bytes) -> str:
    """The digest that names an entry: its kind and every input it is made from."""
    digest = hashlib.sha256(kind.encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def mark_used(path: Path) -> None:
    """Set a cached file's time to now, at most once every ``TOUCH_SECONDS``: the caches' prunes
    count a file's time as its last use."""
    try:
        if time.time() - path.stat().st_mtime > TOUCH_SECONDS:
            os.utime(path)
    except OSError:
        pass


def write_pickle(path: Path, value, make_folder: bool = True) -> None:
    """Write by rename, so that a run reading at the same time sees the whole file or none."""
    try:
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    except OSError as error:  # a full or read-only disk costs speed, not the build
        logger.debug("cannot write %s: %s", path, error)


class RenderCache:
    """A folder of pickled results by key; with no folder, every result is computed."""

    def __init__(self, folder: Path | str | None):
        self.folder = Path(folder) if folder else None
        self.hits = self.misses = 0
        self.made = False  # the folder exists

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def has(self, key: str) -> bool:
        # Asked for every document on every build: the path as text, not a path object.
        return self.folder is not None and os.path.isfile(os.path.join(self.folder, f"{key}.pickle"))

    def get_or_compute(self, key: str, compute: Callable[[], object]):
        if self.folder is None:
            return compute()
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        if data is not None:
            try:
                value = pickle.loads(data)  # noqa: S301 (the build's own files)
            except Exception:  # noqa: BLE001 (a truncated or foreign file: computed again)
                logger.debug("render cache: unreadable entry %s", path)
            else:
                self.hits += 1
                mark_used(path)
                return value
        self.misses += 1
        value = compute()
        self._store(path, value)
        return value

    def _store(self, path: Path, value) -> None:
        write_pickle(path, value, make_folder=not self.made)
        self.made = True

    def prune(self, current: frozenset[str] = frozenset()) -> None:
        """Remove the entries no build has read for KEEP_SECONDS, but those of ``current`` (the
        keys of the documents the content holds now: their views read them, see StoredPairs)."""
        if self.folder is None or not self.folder.is_dir():
            return
        oldest = time.time() - KEEP_SECONDS
        for path in self.folder.iterdir():
            if path.stem in current or path.name == STAMPS_FILE:
                continue
            try:
                if path.stat().st_mtime < oldest:
                    path.unlink()
            except OSError:
                pass


@dataclass(frozen=True)
class Renderings:
    """Everything every run shows of one document: the source's numbered rendering and its
    metadata, and per other language the translation (sanitised HTML, metadata, state, numbered
    HTML) and the blocks paired with the source's for the side-by-side view."""

    source: tuple[str, dict]
    translations: dict[str, tuple]
    pairs: dict[str, tuple]


def document_key(
    text: str, markdown_settings: dict, source_lang: str, catalogues: dict[str, Path | str],
    stamps: FileStamps | None = None, text_digest: str | None = None,
    settings_text: str | None = None,
) -> str:  # fmt: skip
    """The digest of a document's text, the settings and each catalogue (path and bytes).

    Texts and catalogues count by their SHA-256: ``text_digest`` (of the text's UTF-8 bytes)
    stands for ``text`` when given, and ``stamps`` gives each catalogue's without reading an
    unchanged one again. ``settings_text``: ``_settings_text(markdown_settings)``, made once for
    many documents."""
    stamps = stamps or FileStamps(None)
    digest = text_digest or hashlib.sha256(text.encode("utf-8")).hexdigest()
    settings_text = settings_text or _settings_text(markdown_settings)
    parts: list[str | bytes] = [digest, settings_text, source_lang]
    for code, catalogue in sorted(catalogues.items()):
        try:
            data, exists = stamps.sha256(catalogue), "present"
        except OSError:
            data, exists = "", "missing"
        parts += [code, str(catalogue), exists, data]
    return entry_key("document", *parts)


def render_document(
    text: str, markdown_settings: dict, source_lang: str, catalogues: dict[str, Path]
) -> Renderings:
    """Render the document in its own language and from each catalogue (``catalogues``: language
    -> path; a missing catalogue is empty, a broken one is empty plus a problem)."""
    from newsdesk.i18n.translate import pair_blocks, render_blocks, translate_document

    source = render_blocks(text, markdown_settings, None)
    translations, pairs = {}, {}
    for code, catalogue in catalogues.items():
        catalog, broken = load_catalogue(catalogue)
        rendered, meta, state, numbered = translate_document(
            text, markdown_settings, catalog, str(catalogue), source_lang, code
        )
        if broken is not None:
            state = replace(state, problems=(broken, *state.problems))
        translations[code] = (rendered, meta, state, numbered)
        pairs[code] = pair_blocks(source[0], numbered)
    return Renderings(source, translations, pairs)


def renderings(
    cache: RenderCache, text: str, markdown_settings: dict, source_lang: str,
    catalogues: dict[str, Path],
) -> Renderings:  # fmt: skip
    """``render_document``, through the cache."""
    return keyed_renderings(cache, text, markdown_settings, source_lang, catalogues)[1]


def keyed_renderings(
    cache: RenderCache, text: str, markdown_settings: dict, source_lang: str,
    catalogues: dict[str, Path], stamps: FileStamps | None = None,
) -> tuple[str, Renderings]:  # fmt: skip
    """``renderings`` with the key of its entry."""
    key = document_key(text, markdown_settings, source_lang, catalogues, stamps)
    return key, cache.get_or_compute(
        key, lambda: render_document(text, markdown_settings, source_lang, catalogues)
    )


@dataclass(frozen=True)
class StoredPairs:
    """A document's side-by-side blocks, read from its entry when its view renders.

    A run keeps this reference per document instead of the blocks themselves (both renderings
    of the text, about twice its body); the incremental writer digests it by its fields, and
    ``key`` names every input the blocks are made from. ``title`` is the row put first.
    """

    folder: str
    key: str
    lang: str
    count: int
    title: object = None

    def __len__(self) -> int:
        return self.count + (self.title is not None)

    def __iter__(self):
        if self.title is not None:
            yield self.title
        yield from self.load()

    def load(self) -> tuple:
        path = Path(self.folder) / f"{self.key}.pickle"
        try:
            value = pickle.loads(path.read_bytes())  # noqa: S301 (the build's own files)
            return value.pairs[self.lang]
        except Exception:  # noqa: BLE001 (gone, or damaged, since this run read it)
            raise BuildError(
                "the rendering of a side-by-side view left the cache during the build; build again",
                path,
            ) from None


def stored_pairs(cache: RenderCache, key: str, lang: str, pairs: tuple, title=None):
    """The pairs as a StoredPairs when ``cache`` holds their entry; else the pairs themselves
    (with ``title`` first): no cache folder, or a disk that refused the entry."""
    if cache.has(key):
        return StoredPairs(str(cache.folder), key, lang, len(pairs), title)
    return (title, *pairs) if title is not None else pairs


def load_catalogue(path: Path | str):
    """The catalogue at ``path``; a missing one is empty, a broken one is empty plus a problem."""
    from babel.messages.catalog import Catalog

    from newsdesk.errors import CatalogError, Problem
    from newsdesk.i18n.catalogues import read_catalogue

    path = Path(path)
    if not path.exists():
        return Catalog(), None
    try:
        return read_catalogue(path), None
    except CatalogError as error:
        return Catalog(), Problem.from_error(error)


def document_catalogues(
    translations: Path | str, key: str, source_lang: str, languages
) -> dict[str, str]:
    """The catalogue of each language the document is translated into."""
    from newsdesk.i18n.layout import content_catalogue_name

    return {
        code: content_catalogue_name(translations, code, key)
        for code in languages
        if code != source_lang
    }


class RunResults:
    """Results kept from one run to the next of the same language, in one file: for the many
    small results of a run (a file each would cost more than computing most of them). Those the
    run did not ask for are dropped when it saves."""

    def __init__(self, path: Path | str | None):
        self.path = Path(path) if path else None
        self.known: dict[str, object] = {}
        self.used: dict[str, object] = {}
        if self.path is not None:
            try:
                known = pickle.loads(self.path.read_bytes())  # noqa: S301 (the build's own file)
            except Exception:  # noqa: BLE001 (none yet, or damaged: everything is computed)
                known = {}
            self.known = known if isinstance(known, dict) else {}

    def get_or_compute(
        self, key: str, compute: Callable[[], object], valid: Callable[[object], bool] | None = None
    ):
        """The value kept for ``key`` (when ``valid`` accepts it), else ``compute()``."""
        if key in self.known and (valid is None or valid(self.known[key])):
            value = self.known[key]
        else:
            value = compute()
        self.used[key] = value
        return value

    def save(self) -> None:
        if self.path is None:
            return
        write_pickle(self.path, self.used)


def run_results(settings: dict, name: str) -> RunResults:
    """The results file ``name`` of a language's run, in its cache folder (none without one)."""
    cache = settings.get("CACHE_PATH")
    return RunResults(Path(cache) / name if cache else None)


def run_cache(settings: dict) -> RenderCache:
    """The cache a language's run reads and fills (none outside the build driver's runs)."""
    return RenderCache(settings.get(SETTING))


# Warming the cache before the runs start.


def content_sources(settings: dict) -> list[Path]:
    """The Markdown files under the content folder's article and page paths, as Pelican finds
    them: one whose name, or the name of a folder it is in below those paths, an
    ``IGNORE_FILES`` pattern matches is left out (links to folders are not followed)."""
    content = settings["PATH"]
    patterns = settings.get("IGNORE_FILES") or []
    ignored = re.compile("|".join(translate(pattern) for pattern in patterns)) if patterns else None
    found = set()
    for folder in [*settings.get("ARTICLE_PATHS", []), *settings.get("PAGE_PATHS", [])]:
        base = os.path.join(content, folder) if folder else content
        for top, folders, names in os.walk(base):
            if ignored is not None:
                folders[:] = [name for name in folders if not ignored.match(name)]
            for name in names:
                if (
                    "." in name
                    and name.rpartition(".")[2] in MARKDOWN_EXTENSIONS
                    and not (ignored is not None and ignored.match(name))
                ):
                    found.add(Path(top, name))
    return sorted(found, key=os.fspath)  # sorted as text: path objects compare slowly


def _needs(
    cache: RenderCache, path: Path, markdown_settings: dict, multilang: dict, stamps: FileStamps,
    settings_text: str,
) -> tuple[str | None, tuple[str, str, dict[str, str]] | None]:  # fmt: skip
    """The key of a document's entry, with (text, source language, catalogues) when its
    renderings are not cached yet; (None, None) when the document cannot be read (its run
    says why)."""
    try:
        digest, header_lang, name = stamps.value(path, "source-header", source_facts)
    except (OSError, UnicodeDecodeError, ProjectError):
        return None, None
    source_lang = header_lang or multilang["default"]
    catalogues = document_catalogues(multilang["translations"], name, source_lang, multilang["languages"])
    key = document_key("", markdown_settings, source_lang, catalogues, stamps, digest, settings_text)
    if cache.has(key):
        return key, None
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None, None
    return key, (text, source_lang, catalogues)


def source_facts(path: Path) -> tuple[str, str, str]:
    """What the build learns of a source before rendering it (kept as its "source-header" in
    newsdesk/content/stamps.py): the SHA-256 of its bytes, its header's language ("" if none)
    and its catalogues' name. A source that is not UTF-8 is reported by the run that reads it."""
    data = path.read_bytes()
    header, _ = split_header(data.decode("utf-8", errors="replace"))
    return hashlib.sha256(data).hexdigest(), document_lang(header, ""), document_key_of(header, path)


def render_all(folder: str, markdown_settings: dict, documents: Iterable[tuple]) -> int:
    """Render and cache every document's renderings; return how many documents."""
    cache = RenderCache(folder)
    for text, source_lang, catalogues in documents:
        try:
            renderings(cache, text, markdown_settings, source_lang, catalogues)
        except ProjectError as error:  # the run reading this document reports it
            logger.debug("render cache: left to the run: %s", error)
    return cache.misses


def warm(
    settings: dict, multilang: dict, folder: Path, workers: int, stamps_path: Path | None = None
) -> int:
    """Render every document whose results are not cached yet, in ``workers`` processes when
    there are many; return how many documents were rendered. ``stamps_path``: where what is
    learnt of each file is kept (newsdesk/content/stamps.py)."""
    from newsdesk.site import atomic

    cache = RenderCache(folder)
    markdown_settings = settings["MARKDOWN"]
    stamps = FileStamps(stamps_path)
    settings_text = _settings_text(markdown_settings)
    found = [
        _needs(cache, path, markdown_settings, multilang, stamps, settings_text)
        for path in content_sources(settings)
    ]
    stamps.save()
    todo = [needed for _, needed in found if needed is not None]
    if len(todo) < IN_PROCESS_DOCUMENTS or workers <= 1:
        render_all(str(folder), markdown_settings, todo)
    else:
        chunks = [todo[index::workers] for index in range(workers)]
        tasks = [(str(folder), markdown_settings, chunk) for chunk in chunks]
        atomic.run_in_processes(render_all, tasks, workers)
    cache.prune(frozenset(key for key, _ in found if key is not None))
    logger.debug("render cache: %d document(s) rendered before the runs", len(todo))
    return len(todo)
