"""Incremental writing: a page whose inputs did not change is copied from the previous output, not rendered.

Each call of the writer gets a key: a digest of everything the page can show. That is the run's
*site digest* (theme, plugins, UI catalogues, settings, and the listing fields of every article,
page, category and tag: title, date, summary, URL... but not their bodies) plus the page's own
arguments (for an article page: the article with its body). A manifest in the run's cache folder
maps each key to the files it wrote and their SHA-256; when the key comes again and the previous
output still holds those exact bytes, they are copied instead of rendered. Editing one article's
body therefore renders one page per language; editing a title re-renders every page that lists it.

Templates may use the body of the page's own article only: a template that showed another
article's body would not be re-rendered when that body changes. Anything the plugin cannot digest
(an object of unknown kind) makes the page render every time, never a stale copy.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import json
import logging
import os
import types
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

from newsdesk.errors import ConfigError

logger = logging.getLogger(__name__)

SETTINGS_KEY = "INCREMENTAL"
DEFAULTS = {
    "enabled": True,
    "manifest": "pages.json",  # in the run's CACHE_PATH
    # Folders whose files every page may depend on, besides THEME and PLUGIN_PATHS.
    "inputs": (),
    # Set per run by the build driver, never by hand:
    "previous_output": None,  # the live output of this run's language
}
MANIFEST_VERSION = 1
# Settings that say where the run writes, not what: the staging folder differs on every run.
WHERE_SETTINGS = frozenset({"OUTPUT_PATH", SETTINGS_KEY})


class Undigestible(Exception):
    """A value whose content cannot be told from its representation."""


def read_config(settings: dict) -> dict:
    given = settings.get(SETTINGS_KEY) or {}
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise ConfigError(f"{SETTINGS_KEY}: unknown key {unknown[0]!r}; known keys: {', '.join(DEFAULTS)}")
    return {**DEFAULTS, **given}


def plain(value, listing: dict | None = None):
    """A JSON-ready, run-independent form of a value; content objects by their listing fields."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, Content):
        return listing_fields(value, listing)
    if isinstance(value, URLWrapper):
        return [type(value).__name__, value.name, value.slug]
    if isinstance(value, dict):
        return [[str(key), plain(item, listing)] for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))]
    if isinstance(value, (list, tuple)):
        return [plain(item, listing) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(plain(item, listing), sort_keys=True) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__qualname__, plain(dataclasses.asdict(value), listing)]
    if isinstance(value, types.ModuleType):
        return ["module", value.__name__]
    if callable(value):
        return ["callable", getattr(value, "__module__", ""), getattr(value, "__qualname__", repr(value))]
    raise Undigestible(type(value).__qualname__)


def listing_fields(content: Content, listing: dict | None = None) -> str:
    """A digest of what a page listing ``content`` can show: scalar metadata and summary, not the body."""
    if listing is not None and id(content) in listing:
        return listing[id(content)]
    fields = [content.source_path and os.path.basename(content.source_path), content.url, content.save_as,
              str(content.summary)]
    for key, value in sorted(content.metadata.items()):
        if key in ("summary",) or isinstance(value, dict) or dataclasses.is_dataclass(value):
            continue
        fields.append([key, plain(value)])
    fields.append([plain(item.url) for item in getattr(content, "translations", [])])
    result = digest(fields)
    if listing is not None:
        listing[id(content)] = result
    return result


def full_fields(content: Content, listing: dict | None = None) -> list:
    """Everything a page about ``content`` itself can show: listing fields, body, all metadata."""
    return [listing_fields(content, listing), content._content, plain(content.metadata, listing)]


def digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def files_digest(folders: list[Path]) -> str:
    hasher = hashlib.sha256()
    for folder in folders:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if folder.is_dir() else ([folder] if folder.is_file() else [])
        for path in files:
            hasher.update(str(path.relative_to(folder.parent)).encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def input_folders(settings: dict, config: dict) -> list[Path]:
    """The theme, the plugins, the UI catalogues of the run's language and the configured inputs."""
    folders = [Path(settings["THEME"]), *map(Path, settings.get("PLUGIN_PATHS", ()))]
    multilang = settings.get("MULTILANG") or {}
    if multilang.get("translations") and multilang.get("language"):
        ui = Path(multilang["translations"]) / multilang["language"] / "LC_MESSAGES"
        folders += sorted(ui.glob("*.po"))  # the content/ catalogues reach pages through their bodies
    return folders + [Path(folder) for folder in config["inputs"]]


def site_digest(settings: dict, context: dict, folders: list[Path], listing: dict) -> str | None:
    """Everything every page of the run may show; None when part of it cannot be digested."""
    import pelican  # noqa: PLC0415

    try:
        what = {key: value for key, value in settings.items() if key not in WHERE_SETTINGS}
        site_context = {key: value for key, value in context.items() if not key.isupper()}
        return digest(pelican.__version__, plain(what), files_digest(folders), plain(site_context, listing))
    except Undigestible as error:
        logger.debug("incremental: every page renders, the context holds a %s", error)
        return None


class IncrementalWriter(Writer):
    """Pelican's writer, copying a page from the previous output when its key is in the manifest."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.config = read_config(self.settings)
        self.previous = Path(self.config["previous_output"]) if self.config["previous_output"] else None
        self.manifest_path = Path(self.settings["CACHE_PATH"]) / self.config["manifest"]
        self.known = load_manifest(self.manifest_path)
        self.recorded: dict[str, list[list[str]]] = {}
        self.site: str | None | bool = False  # False: not computed yet
        self.listing: dict[int, list] = {}
        self.opened: list[tuple[str, str]] | None = None
        self.reused = self.rendered = 0
        signals.finalized.connect(self.save_manifest, weak=False)

    @contextlib.contextmanager
    def _open_w(self, filename, encoding, override=False):
        with super()._open_w(filename, encoding, override) as handle:
            if self.opened is None:
                yield handle
                return
            hashing = _HashingFile(handle, encoding)
            yield hashing
        self.opened.append((filename, hashing.hasher.hexdigest()))

    def page_key(self, name, template, context, kwargs, relative_urls, template_name, url) -> str | None:
        if self.site is False:
            self.site = site_digest(self.settings, context, input_folders(self.settings, self.config), self.listing)
        if self.site is None:
            return None
        try:
            own = {key: full_fields(value, self.listing) if isinstance(value, Content) else plain(value, self.listing)
                   for key, value in kwargs.items()}
        except Undigestible:
            return None
        return digest(self.site, name, getattr(template, "name", None), template_name, url, relative_urls, own)

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if not name:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        key = self.page_key(name, template, context, kwargs, relative_urls, template_name, url)
        if key is not None and self.copy_previous(key, override_output):
            self.reused += 1
            return None
        self.opened = []
        try:
            super().write_file(name, template, context, relative_urls, paginated, template_name,
                               override_output, url, **kwargs)
            if key is not None:
                self.recorded[key] = [[self._relative(path), sha] for path, sha in self.opened]
        finally:
            self.opened = None
        self.rendered += 1
        return None

    def _relative(self, path: str) -> str:
        return Path(path).relative_to(self.output_path).as_posix()

    def copy_previous(self, key: str, override: bool) -> bool:
        """Copy the files written for ``key`` from the previous output, if it still holds them unchanged."""
        files = self.known.get(key)
        if not files or self.previous is None:
            return False
        contents = []
        for relative, sha in files:
            source = self.previous / relative
            try:
                data = source.read_bytes()
            except OSError:
                return False
            if hashlib.sha256(data).hexdigest() != sha:
                return False
            contents.append((relative, data))
        for relative, data in contents:
            target = Path(self.output_path) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with self._open_w(str(target), "utf-8", override=override) as handle:
                handle.write(data.decode("utf-8"))
            signals.content_written.send(str(target), context={"output_file": relative})
        self.recorded[key] = files
        return True

    def save_manifest(self, sender=None) -> None:
        signals.finalized.disconnect(self.save_manifest)
        logger.info("incremental: %d page(s) rendered, %d copied", self.rendered, self.reused)
        self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.manifest_path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"version": MANIFEST_VERSION, "pages": self.recorded}), encoding="utf-8")
        os.replace(temporary, self.manifest_path)


class _HashingFile:
    """A text file that keeps the SHA-256 of the bytes written to it."""

    def __init__(self, handle, encoding: str):
        self.handle = handle
        self.encoding = encoding
        self.hasher = hashlib.sha256()

    def write(self, text: str) -> int:
        self.hasher.update(text.encode(self.encoding))
        return self.handle.write(text)


def load_manifest(path: Path) -> dict[str, list[list[str]]]:
    """The key -> files map of the previous run; empty when there is none or it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("version") != MANIFEST_VERSION:
        return {}
    return data.get("pages", {})


def choose_writer(pelican_object):
    """The writer for this run: incremental when enabled and a previous output is known."""
    config = read_config(pelican_object.settings)
    return IncrementalWriter if config["enabled"] and config["previous_output"] else None


def register() -> None:
    handlers = {
        signals.get_writer: choose_writer,
    }
    for signal, handler in handlers.items():
        signal.connect(handler)
