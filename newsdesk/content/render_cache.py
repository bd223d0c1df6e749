"""Each document's renderings, kept on disk by a digest of what they are made from.

Every language's run shows each document twice: in the run's language, and side by side with
its translation. A two-language site's runs therefore need the same three results per document
(the source's numbered rendering, the translation's, and the blocks paired for the side-by-side
view), which each run used to compute for itself. Here each result is a file named by the
SHA-256 of its inputs (the text, the Markdown settings and, for a translation, the catalogue's
bytes), so that it is computed once and read by every run and every later build. ``warm`` fills
the cache before the runs start, its documents shared among the build's processes.

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
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from fnmatch import fnmatch
from pathlib import Path

from newsdesk.content.document import document_key, document_lang, split_header
from newsdesk.errors import ProjectError

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


class RenderCache:
    """A folder of pickled results by key; with no folder, every result is computed."""

    def __init__(self, folder: Path | str | None):
        self.folder = Path(folder) if folder else None
        self.hits = self.misses = 0
        self.made = False  # the folder exists

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def has(self, key: str) -> bool:
        return self.folder is not None and self.path(key).is_file()

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
                self._touch(path)
                return value
        self.misses += 1
        value = compute()
        self._store(path, value)
        return value

    @staticmethod
    def _touch(path: Path) -> None:
        try:
            if time.time() - path.stat().st_mtime > TOUCH_SECONDS:
                os.utime(path)
        except OSError:
            pass

    def _store(self, path: Path, value) -> None:
        """Write by rename, so that a run reading at the same time sees the whole file or none."""
        try:
            if not self.made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.made = True
            temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, path)
        except OSError as error:  # a full or read-only disk costs speed, not the build
            logger.debug("render cache: cannot write %s: %s", path, error)

    def prune(self) -> None:
        """Remove the entries no build has read for KEEP_SECONDS."""
        if self.folder is None or not self.folder.is_dir():
            return
        oldest = time.time() - KEEP_SECONDS
        for path in self.folder.iterdir():
            try:
                if path.stat().st_mtime < oldest:
                    path.unlink()
            except OSError:
                pass


def source_key(text: str, markdown_settings: dict) -> str:
    return entry_key("source", text, _settings_text(markdown_settings))


def translation_key(
    text: str, markdown_settings: dict, catalogue: Path, source_lang: str, lang: str
) -> str:
    try:
        data = catalogue.read_bytes()
    except OSError:
        data = b""
        exists = "missing"
    else:
        exists = "present"
    return entry_key(
        "translation", text, _settings_text(markdown_settings), str(catalogue), exists, data,
        source_lang, lang,
    )  # fmt: skip


def pairs_key(source_numbered: str, numbered: str) -> str:
    return entry_key("pairs", source_numbered, numbered)


def render_source(cache: RenderCache, text: str, markdown_settings: dict) -> tuple[str, dict]:
    """``render_blocks(text, markdown_settings, None)``, through the cache."""
    from newsdesk.i18n.translate import render_blocks

    return cache.get_or_compute(
        source_key(text, markdown_settings), lambda: render_blocks(text, markdown_settings, None)
    )


def render_translation(
    cache: RenderCache, text: str, markdown_settings: dict, catalogue: Path, source_lang: str,
    lang: str,
):  # fmt: skip
    """The document rendered in ``lang`` from the catalogue at ``catalogue`` (a missing one is
    empty, a broken one is empty plus a problem), through the cache: (sanitised HTML,
    translated metadata, state, numbered HTML)."""
    from newsdesk.i18n.translate import translate_document

    def compute():
        catalog, broken = load_catalogue(catalogue)
        rendered, meta, state, numbered = translate_document(
            text, markdown_settings, catalog, str(catalogue), source_lang, lang
        )
        if broken is not None:
            state = replace(state, problems=(broken, *state.problems))
        return rendered, meta, state, numbered

    key = translation_key(text, markdown_settings, catalogue, source_lang, lang)
    return cache.get_or_compute(key, compute)


def load_catalogue(path: Path):
    """The catalogue at ``path``; a missing one is empty, a broken one is empty plus a problem."""
    from babel.messages.catalog import Catalog

    from newsdesk.errors import CatalogError, Problem
    from newsdesk.i18n.catalogues import read_catalogue

    if not path.exists():
        return Catalog(), None
    try:
        return read_catalogue(path), None
    except CatalogError as error:
        return Catalog(), Problem.from_error(error)


def paired_blocks(cache: RenderCache, source_numbered: str, numbered: str):
    """``pair_blocks(source_numbered, numbered)``, through the cache."""
    from newsdesk.i18n.translate import pair_blocks

    return cache.get_or_compute(
        pairs_key(source_numbered, numbered), lambda: pair_blocks(source_numbered, numbered)
    )


def run_cache(settings: dict) -> RenderCache:
    """The cache a language's run reads and fills (none outside the build driver's runs)."""
    return RenderCache(settings.get(SETTING))


# Warming the cache before the runs start.


def content_sources(settings: dict) -> list[Path]:
    """The Markdown files under the content folder's article and page paths, but ignored ones."""
    content = Path(settings["PATH"])
    folders = [*settings.get("ARTICLE_PATHS", []), *settings.get("PAGE_PATHS", [])]
    ignored = settings.get("IGNORE_FILES", [])
    found = set()
    for folder in folders:
        base = content / folder
        for extension in MARKDOWN_EXTENSIONS:
            for path in base.rglob(f"*.{extension}"):
                if not any(fnmatch(part, pattern) for part in path.parts for pattern in ignored):
                    found.add(path)
    return sorted(found)


def _needs(
    cache: RenderCache, path: Path, markdown_settings: dict, multilang: dict
) -> tuple[str, str, list[tuple[str, Path]]] | None:
    """(text, source language, [(language, catalogue)]) of a document whose renderings are not
    all cached; None when they are, or when the document cannot be read (its run says why)."""
    try:
        text = path.read_text(encoding="utf-8")
        header, _ = split_header(text)
        source_lang = document_lang(header, multilang["default"])
        key = document_key(header, path)
    except (OSError, UnicodeDecodeError, ProjectError):
        return None
    from newsdesk.i18n.catalogues import content_catalogue_path

    translations = Path(multilang["translations"])
    targets = [
        (code, content_catalogue_path(translations, code, key))
        for code in multilang["languages"]
        if code != source_lang
    ]
    cached = cache.has(source_key(text, markdown_settings)) and all(
        cache.has(translation_key(text, markdown_settings, catalogue, source_lang, code))
        for code, catalogue in targets
    )
    return None if cached else (text, source_lang, targets)


def render_all(folder: str, markdown_settings: dict, documents: Iterable[tuple]) -> int:
    """Render and cache every result each document's runs need; return how many documents."""
    cache = RenderCache(folder)
    count = 0
    for text, source_lang, targets in documents:
        try:
            source_numbered, _ = render_source(cache, text, markdown_settings)
            for code, catalogue in targets:
                *_, numbered = render_translation(
                    cache, text, markdown_settings, catalogue, source_lang, code
                )
                paired_blocks(cache, source_numbered, numbered)
        except ProjectError as error:  # the run reading this document reports it
            logger.debug("render cache: left to the run: %s", error)
        count += 1
    return count


def warm(settings: dict, multilang: dict, folder: Path, workers: int) -> int:
    """Render every document whose results are not cached yet, in ``workers`` processes when
    there are many; return how many documents were rendered."""
    from newsdesk.site import atomic

    cache = RenderCache(folder)
    markdown_settings = settings["MARKDOWN"]
    todo = [
        needed
        for path in content_sources(settings)
        if (needed := _needs(cache, path, markdown_settings, multilang)) is not None
    ]
    if len(todo) < IN_PROCESS_DOCUMENTS or workers <= 1:
        render_all(str(folder), markdown_settings, todo)
    else:
        chunks = [todo[index::workers] for index in range(workers)]
        tasks = [(str(folder), markdown_settings, chunk) for chunk in chunks]
        atomic.run_in_processes(render_all, tasks, workers)
    cache.prune()
    logger.debug("render cache: %d document(s) rendered before the runs", len(todo))
    return len(todo)
