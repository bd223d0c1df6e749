"""Incremental writing: a page whose inputs did not change is copied from the previous output, not rendered.

Each call of the writer gets a key: a digest of everything the page can show. That is the run's
*site digest* (theme, plugins, UI catalogues, settings, and the listing fields of every article,
page, category and tag: title, date, summary, URL... but not their bodies) plus the page's own
arguments (for an article page: the article with its body). The run writes into the standby
folder, which holds the site as an earlier build left it. A manifest per folder, in the run's
cache folder, maps each key to the files it produced (SHA-256, size, mtime): a page whose key the
standby's manifest has stays as it is, one whose key the live folder's manifest has is copied from
there (after checking its SHA-256), any other is rendered. Editing one article's body therefore
renders one page per language; editing a title re-renders every page that lists it.

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
import shutil
import types
from pathlib import Path
from stat import S_ISREG

from pelican import signals
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.utils import sanitised_join
from pelican.writers import Writer

from newsdesk.i18n.layout import catalogue_folder
from newsdesk.pelican.pelican_api import mark_written, raw_content
from newsdesk.project import plugin_settings
from newsdesk.site import build_code
from newsdesk.site.atomic import drop_old_records, folder_record
from newsdesk.site.languages import run_config

logger = logging.getLogger(__name__)

SETTINGS_KEY = "INCREMENTAL"
DEFAULTS = {
    "enabled": True,
    # Folders whose files every page may depend on, besides THEME and the code a build runs.
    "inputs": (),
    # Set per run by the build driver, never by hand:
    "previous_output": None,  # the live output of this run's language
}
MANIFEST_VERSION = 2
LAST_MANIFEST = "last-pages.json"  # a copy of the manifest the run saved last (live_manifest)
# Manifests of folders no build has written for this long belong to folders that are gone.
MANIFEST_KEEP_SECONDS = 7 * 24 * 3600
# Settings that say where the run writes, not what: the staging folder differs on every run.
WHERE_SETTINGS = frozenset({"OUTPUT_PATH", SETTINGS_KEY})


class Undigestible(Exception):
    """A value whose content cannot be told from its representation."""


def read_config(settings: dict) -> dict:
    """INCREMENTAL with defaults filled in; an unknown key is an error that names it."""
    return plugin_settings(settings, SETTINGS_KEY, DEFAULTS, paths=("inputs",))


def encode(value, listing: dict | None = None) -> str:
    """A run-independent JSON text of ``value``; content objects by their listing fields.

    The JSON encoder walks strings, numbers, lists and dicts itself (in C); ``leaf`` is asked only
    for the rest. ``listing`` keeps this run's digests by identity (content objects, frozen
    dataclasses), so that what many pages show is digested once.
    """

    def leaf(item):
        return _leaf(item, listing)

    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=leaf)
    except TypeError as error:  # a dict whose keys cannot be sorted or are not text
        raise Undigestible(str(error)) from error


def _leaf(value, listing: dict | None):
    """The JSON-ready form of a value the JSON encoder does not know."""
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, Content):
        return listing_fields(value, listing)
    if isinstance(value, URLWrapper):
        return [type(value).__name__, value.name, value.slug]
    if isinstance(value, (set, frozenset)):
        return sorted(encode(item, listing) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclass_fields(value, listing)
    if isinstance(value, types.ModuleType):
        return ["module", value.__name__]
    if callable(value):
        return [
            "callable",
            getattr(value, "__module__", ""),
            getattr(value, "__qualname__", repr(value)),
        ]
    raise Undigestible(type(value).__qualname__)


def dataclass_fields(value, listing: dict | None = None):
    """A dataclass by its fields; a frozen one (it cannot change) by their digest, made once per run."""
    frozen = type(value).__dataclass_params__.frozen
    key = ("dataclass", id(value))
    if frozen and listing is not None and key in listing:
        return listing[key][1]
    # A dataclass's fields are its instance dict (read, not copied), unless it uses slots.
    fields = getattr(value, "__dict__", None)
    if fields is None:
        fields = {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
    if not (frozen and listing is not None):
        return [type(value).__qualname__, fields]
    # Kept as a digest: a page that shows it again (an article's side-by-side view shows the
    # article's translation state) encodes a short text, not the fields again.
    found = ["frozen", type(value).__qualname__, digest(fields, listing=listing)]
    listing[key] = (value, found)  # the value is kept, so that its id is not reused
    return found


def listing_fields(content: Content, listing: dict | None = None) -> str:
    """A digest of what a page listing ``content`` can show: scalar metadata and summary, not the body."""
    if listing is not None and id(content) in listing:
        return listing[id(content)]
    # URLs are not digested: they follow from the metadata and the settings, which are (and
    # Pelican's URL formatting would cost more than everything else here).
    fields = [
        type(content).__name__,
        content.source_path and os.path.basename(content.source_path),
        # A static file (a picture of the content) has no text, so no summary to make of it.
        str(content.summary) if raw_content(content) is not None else None,
    ]
    for key, value in sorted(content.metadata.items()):
        if not _listed(key, value):
            continue
        fields.append([key, value])
    fields.append(
        [[item.lang, item.metadata.get("slug")] for item in getattr(content, "translations", [])]
    )
    result = digest(fields)
    if listing is not None:
        listing[id(content)] = result
    return result


# Types of metadata the listing digest holds as they are, known without asking more of the value.
_LISTED_TYPES = frozenset({str, int, float, bool, type(None), list, tuple})


def _listed(key: str, value) -> bool:
    """Whether the listing digest holds a metadata field as it is: not the raw summary (it holds
    the summary pages show), not a dict or a dataclass (an article's own page shows those)."""
    if key == "summary":
        return False
    # Most fields are text, dates, lists of tags: asked of their type first, once for all.
    return type(value) in _LISTED_TYPES or not (
        isinstance(value, dict) or dataclasses.is_dataclass(value)
    )


def full_fields(content: Content, listing: dict | None = None) -> str:
    """A digest of everything a page about ``content`` itself can show: listing fields, body,
    all metadata (once per run: an article's page and its side-by-side view both need it)."""
    key = ("full", id(content))
    if listing is not None and key in listing:
        return listing[key]
    # The body is hashed as bytes: escaped into the JSON text it would cost six times as much.
    body = hashlib.sha256(raw_content(content).encode("utf-8", "surrogatepass")).hexdigest()
    # The listing digest holds the rest of the metadata already.
    rest = {key: value for key, value in content.metadata.items() if not _listed(key, value)}
    result = digest(listing_fields(content, listing), body, rest, listing=listing)
    if listing is not None:
        listing[key] = result
    return result


def digest(*parts, listing: dict | None = None) -> str:
    return hashlib.sha256(encode(parts, listing).encode()).hexdigest()


def files_digest(folders: list[Path]) -> str:
    hasher = hashlib.sha256()
    for folder in folders:
        files = (
            sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if folder.is_dir()
            else ([folder] if folder.is_file() else [])
        )
        for path in files:
            hasher.update(str(path.relative_to(folder.parent)).encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def input_folders(settings: dict, config: dict) -> list[Path]:
    """The theme, the UI catalogues of the run's language and the configured inputs (the code
    is digested apart: :func:`site_digest`)."""
    folders = [Path(settings["THEME"])]
    multilang = run_config(settings)
    if multilang is not None:
        ui = catalogue_folder(multilang["translations"], multilang["language"])
        folders += sorted(
            ui.glob("*.po")
        )  # the content/ catalogues reach pages through their bodies
    return folders + [Path(folder) for folder in config["inputs"]]


def site_digest(settings: dict, context: dict, folders: list[Path], listing: dict) -> str | None:
    """Everything every page of the run may show; None when part of it cannot be digested."""
    import pelican

    try:
        what = {key: value for key, value in settings.items() if key not in WHERE_SETTINGS}
        site_context = {key: value for key, value in context.items() if not key.isupper()}
        return digest(
            pelican.__version__,
            what,
            files_digest(folders),
            build_code.code_digest(settings),  # the plugins and the library they run
            site_context,
            listing=listing,
        )
    except Undigestible as error:
        logger.debug("incremental: every page renders, the context holds a %s", error)
        return None


class IncrementalWriter(Writer):
    """Pelican's writer, giving a page the text it had when its key is known instead of rendering it.

    The run writes into a standby folder that an earlier build wrote (the build driver swaps the
    standby and the live folder). Each folder's manifest says which key produced which of its
    files: a page whose key the standby's manifest has gets the text it already has there; one
    whose key the live folder's manifest has gets the live folder's text; any other is rendered.
    Every page goes through Pelican's own ``write_file`` with a template that replays or records
    (:class:`Replay`, :class:`Recording`): Pelican opens, writes and announces each file
    (``content_written`` with its real context) as it does for a rendered one, so other plugins
    cannot tell a kept page from a rendered one.
    """

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.config = read_config(self.settings)
        self.cache = Path(self.settings["CACHE_PATH"])
        self.previous = (
            Path(self.config["previous_output"]) if self.config["previous_output"] else None
        )
        standby = Path(output_path)
        standby.mkdir(parents=True, exist_ok=True)
        self.in_place = take_manifest(self.cache, standby)
        if not self.in_place:  # files nobody vouches for: a killed build's, or too old
            clean_folder(standby)
        self.live, own = live_manifest(self.cache, self.previous) if self.previous else ({}, False)
        if not self.in_place and self.live:
            # An empty standby (the first rebuild after a clean build, or a CI cache's output):
            # the live folder's pages are linked into it, so that those the run keeps are left
            # as they are, with their modification times, instead of being written again.
            self.in_place = link_live_pages(self.live, self.previous, standby, check_text=not own)
        self.recorded: dict[str, list[list]] = {}
        self.site: str | None | bool = False  # False: not computed yet
        # This run's digests by identity: listing fields of content objects, frozen dataclasses,
        # lists that pages share.
        self.listing: dict = {}
        self.counts = {"rendered": 0, "kept": 0, "copied": 0}
        self.unchanged: set[str] = set()  # files the page being written has as they are
        # Disconnected by ``finish``; a run that raises never sends ``finalized``, and the next
        # run's ``finalized`` then disconnects this writer without its clean-up (see ``finish``).
        signals.finalized.connect(self.finish, weak=False)

    def page_key(
        self, name, template, context, kwargs, relative_urls, template_name, url
    ) -> str | None:
        if self.site is False:
            self.site = site_digest(
                self.settings, context, input_folders(self.settings, self.config), self.listing
            )
        if self.site is None:
            return None
        try:
            own = {key: self.value_digest(value) for key, value in kwargs.items()}
        except Undigestible:
            return None
        return digest(
            self.site, name, getattr(template, "name", None), template_name, url, relative_urls, own
        )

    def value_digest(self, value):
        """A page argument's digest. The lists that many pages share (every article, for each
        page of the paginated index) are digested once per run, by identity and length: Pelican
        builds them before it writes and leaves them as they are."""
        if isinstance(value, Content):
            return full_fields(value, self.listing)
        if value is None or type(value) in (str, int, float, bool):
            return ["value", value]  # encoded in the page's key as it is, never like a digest
        if isinstance(value, URLWrapper):  # a category or a tag: its name and slug say it all
            return _leaf(value, None)
        if not isinstance(value, (list, tuple)):
            return digest(value, listing=self.listing)
        key = ("list", id(value))
        known = self.listing.get(key)
        if known is None or len(known[0]) != len(value):
            # The list is kept with its digest, so that its id is not reused.
            known = (value, digest(value, listing=self.listing))
            self.listing[key] = known
        return known[1]

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if not name:
            return super().write_file(name, template, context, relative_urls, paginated,
                                      template_name, override_output, url, **kwargs)  # fmt: skip
        key = self.page_key(name, template, context, kwargs, relative_urls, template_name, url)
        if self.keep_in_place(key, name, context, kwargs, relative_urls, paginated, template_name):
            return None
        # Files of the standby folder untouched since they were written with these texts are
        # not written again (``_open_w``), so their texts are not read either.
        stored, kind = self.stored_texts(key, read_kept=bool(override_output))
        writing = Replay(template, stored, self._kept_text) if stored else Recording(template)
        if kind == "kept" and not override_output:
            self.unchanged = {sanitised_join(self.output_path, relative) for relative in stored}
        try:
            super().write_file(name, writing, context, relative_urls, paginated, template_name,
                               override_output, url, **kwargs)  # fmt: skip
        finally:
            self.unchanged = set()
        self.counts[kind if stored and not writing.rendered else "rendered"] += 1
        if key is not None:
            self.recorded[key] = [self._entry(relative, sha) for relative, sha in writing.written]
        return None

    def _kept_text(self, relative: str) -> str:
        """The text of a file of the standby folder whose text was not read: none is needed for
        a file of ``unchanged`` (it goes nowhere); any other is read now."""
        path = sanitised_join(self.output_path, relative)
        if path in self.unchanged:
            return ""
        with open(path, encoding="utf-8") as file:
            return file.read()

    def _open_w(self, filename, encoding, override=False):
        """Pelican's opening of a file to write a page into; a file of ``unchanged`` (a page
        replayed from the standby folder's own text) is claimed as Pelican claims it, but not
        opened: its text goes nowhere, and the file keeps its modification time."""
        if override or filename not in self.unchanged:
            unshare(filename)  # a page linked from the live folder is written as a new file
            return super()._open_w(filename, encoding, override=override)
        self.unchanged.discard(filename)
        mark_written(self, filename)
        return open(os.devnull, "w", encoding=encoding)

    def keep_in_place(self, key, name, context, kwargs, relative_urls, paginated, template_name) -> bool:
        """Leave a page the standby folder already has, unchanged since it was written, as it is:
        not even written again, so that its modification time tells deploy tools it did not
        change. Announced as Pelican announces a page it writes. Only for a page of one file
        (a paginated one has a context per file), with site-wide URLs."""
        if key is None or relative_urls or key not in self.in_place:
            return False
        if paginated or (
            template_name in self.settings["PAGINATED_TEMPLATES"]
            and any(key in kwargs for key in ("articles", "dates"))
        ):
            return False
        files = self.in_place[key]
        # The same text is the same path (most pages): two paths made only to compare otherwise.
        if len(files) != 1 or (files[0][0] != name and Path(files[0][0]) != Path(name)):
            return False
        relative, _sha, size, mtime = files[0]
        path = sanitised_join(self.output_path, name)
        try:
            stat = os.stat(path)
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            return False
        mark_written(self, path)
        localcontext = context.copy()
        localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
        localcontext["output_file"] = name
        localcontext.update(kwargs)
        signals.content_written.send(path, context=localcontext)
        self.recorded[key] = files
        self.counts["kept"] += 1
        return True

    def _entry(self, relative: str, sha: str) -> list:
        """[relative path, SHA-256, size, mtime]: the last two tell whether the file was touched since."""
        stat = os.stat(Path(self.output_path) / relative)
        return [Path(relative).as_posix(), sha, stat.st_size, stat.st_mtime_ns]

    def stored_texts(
        self, key: str | None, read_kept: bool = True
    ) -> tuple[dict[str, tuple[str | None, str]], str]:
        """The texts an earlier build wrote for ``key`` (relative path -> (text, SHA-256)), from
        the standby folder ("kept") or the live one ("copied"); empty when neither has them whole.
        Without ``read_kept``, a kept file's text is None: it is the file's, untouched."""
        if key is None:
            return {}, "rendered"
        kept = self._texts(
            self.in_place.get(key), Path(self.output_path), check_stat=True, read=read_kept
        )
        if kept:
            return kept, "kept"
        if self.previous is not None:
            copied = self._texts(self.live.get(key), self.previous, check_stat=False)
            if copied:
                return copied, "copied"
        return {}, "rendered"

    @staticmethod
    def _texts(
        files: list | None, folder: Path, check_stat: bool, read: bool = True
    ) -> dict[str, tuple[str | None, str]]:
        texts: dict[str, tuple[str | None, str]] = {}
        for relative, sha, size, mtime in files or ():
            path = folder / relative
            try:
                if check_stat:  # untouched since it was written: its SHA-256 is still right
                    stat = os.stat(path)
                    if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
                        return {}
                    if not read:
                        texts[relative] = (None, sha)
                        continue
                data = path.read_bytes()
            except OSError:
                return {}
            if not check_stat and hashlib.sha256(data).hexdigest() != sha:
                return {}
            try:
                texts[relative] = (data.decode("utf-8"), sha)
            except UnicodeDecodeError:
                return {}
        return texts

    def finish(self, sender=None) -> None:
        """Remove the pages this run no longer has; record what the folder now holds.

        Only for this writer's own run: a writer whose run raised before ``finalized`` is still
        connected when the next run ends, and must not touch the folder that run wrote.
        """
        signals.finalized.disconnect(self.finish)
        if sender is not None and getattr(sender, "settings", None) is not self.settings:
            logger.debug("incremental: the writer of a run that stopped is disconnected")
            return
        produced = {entry[0] for files in self.recorded.values() for entry in files}
        stale = {entry[0] for files in self.in_place.values() for entry in files} - produced
        for relative in sorted(stale):
            with contextlib.suppress(OSError):
                (Path(self.output_path) / relative).unlink()
        remove_empty_folders(Path(self.output_path), stale)
        logger.info(
            "incremental: %(rendered)d page(s) rendered, %(kept)d kept, %(copied)d copied",
            self.counts,
        )
        save_manifest(self.cache, Path(self.output_path), self.recorded)


class Recording:
    """A template that renders as the page's own, noting each file's path and SHA-256."""

    def __init__(self, template):
        self.template = template
        self.name = getattr(template, "name", None)
        self.written: list[tuple[str, str]] = []
        self.rendered = True

    def render(self, context) -> str:
        text = self.template.render(context)
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.written.append((context["output_file"], sha))
        return text


class Replay(Recording):
    """A template that gives each file the text an earlier build wrote for the same key; a file
    it has no text for (never expected: the key covers the pagination) is rendered."""

    def __init__(self, template, texts: dict[str, tuple[str | None, str]], text_of=None):
        super().__init__(template)
        self.texts = texts
        self.text_of = text_of  # the text of a file whose text was not read (None in ``texts``)
        self.rendered = False

    def render(self, context) -> str:
        relative = Path(context["output_file"]).as_posix()
        stored = self.texts.get(relative)
        if stored is None:
            self.rendered = True
            return super().render(context)
        self.written.append((context["output_file"], stored[1]))
        return stored[0] if stored[0] is not None else self.text_of(relative)


def remove_empty_folders(root: Path, removed: set[str]) -> None:
    """Remove the folders that held only the removed pages, up to ``root`` (kept)."""
    folders = {parent for relative in removed for parent in Path(relative).parents}
    for folder in sorted(folders, key=lambda path: len(path.parts), reverse=True):
        if folder == Path("."):
            continue
        with contextlib.suppress(OSError):
            (root / folder).rmdir()  # fails when the folder still holds something


def manifest_path(cache: Path, folder: Path) -> Path:
    """Where the manifest of an output folder is kept: named by the folder's inode, which a rename keeps."""
    try:
        return folder_record(cache, folder, "pages", ".json")
    except OSError:
        return cache / "pages-none.json"


def live_manifest(cache: Path, folder: Path) -> tuple[dict, bool]:
    """The manifest of the live folder, and True; when it has none (a copy of the output, as a
    CI cache restores it: a new folder, a new inode), the manifest the last run of these settings
    wrote, and False. Pages are copied or linked from the live folder only after their SHA-256 is
    checked against a manifest that is not the folder's own, so a manifest of another folder
    costs renderings, never a wrong page."""
    path = manifest_path(cache, folder)
    if path.is_file():
        return load_manifest(path), True
    return load_manifest(cache / LAST_MANIFEST), False


def link_live_pages(live: dict, previous: Path, standby: Path, check_text: bool) -> dict:
    """Link the pages of the live folder's manifest into the (empty) standby folder; return the
    standby's manifest of them, as ``take_manifest`` would have found it.

    A page is linked only when each of its files is still as the manifest says: its size and
    modification time, or with ``check_text`` (a manifest of another folder) its SHA-256. Each
    entry records the linked file's own status, which ``keep_in_place`` then finds. The first
    link that fails (another file system, a file system without links) ends the linking: the
    rest of the pages are copied or rendered as before. The files stay shared with the live
    folder until the build after next writes into this one, and ``unshare`` keeps that build
    from writing through them.
    """
    linked: dict[str, list[list]] = {}
    made: set[str] = set()
    top = os.fspath(standby)
    for key, files in live.items():
        done: list[str] = []
        entries = []
        try:
            for relative, sha, size, mtime in files:
                source = sanitised_join(os.fspath(previous), relative)
                target = sanitised_join(top, relative)
                info = os.lstat(source)
                if not S_ISREG(info.st_mode):
                    raise ValueError(relative)
                if check_text:
                    with open(source, "rb") as file:
                        if hashlib.sha256(file.read()).hexdigest() != sha:
                            raise ValueError(relative)
                elif (info.st_size, info.st_mtime_ns) != (size, mtime):
                    raise ValueError(relative)
                folder = os.path.dirname(target)
                if folder not in made:
                    os.makedirs(folder, exist_ok=True)
                    made.add(folder)
                os.link(source, target)
                done.append(target)
                entries.append([relative, sha, info.st_size, info.st_mtime_ns])
        except (TypeError, ValueError, RuntimeError, FileNotFoundError, FileExistsError):
            # A page changed since, gone, or named twice: copied or rendered as before.
            _unlink_all(done)
            continue
        except OSError as error:
            logger.debug("incremental: pages are not linked from %s: %s", previous, error)
            _unlink_all(done)
            break
        linked[key] = entries
    return linked


def _unlink_all(paths: list[str]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def unshare(path: str) -> None:
    """Remove a file that has other links (a page ``link_live_pages`` linked), so that what is
    written there goes into a new file and not into the live folder's."""
    try:
        if os.lstat(path).st_nlink > 1:
            os.unlink(path)
    except FileNotFoundError:
        pass


def take_manifest(cache: Path, folder: Path) -> dict:
    """The folder's manifest, removed: the folder is about to change, so it stops vouching for it."""
    path = manifest_path(cache, folder)
    manifest = load_manifest(path)
    with contextlib.suppress(OSError):
        path.unlink()
    return manifest


def save_manifest(cache: Path, folder: Path, recorded: dict) -> None:
    """Write the folder's manifest; drop those of folders that are gone."""
    cache.mkdir(parents=True, exist_ok=True)
    path = manifest_path(cache, folder)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(
        json.dumps({"version": MANIFEST_VERSION, "pages": recorded}), encoding="utf-8"
    )
    os.replace(temporary, path)
    last = cache / LAST_MANIFEST  # the same file under a name that no folder's inode gives
    linking = last.with_suffix(".tmp")
    with contextlib.suppress(OSError):
        linking.unlink()
    try:
        os.link(path, linking)
    except OSError:
        shutil.copyfile(path, linking)
    os.replace(linking, last)
    drop_old_records(path, "pages-*.json", MANIFEST_KEEP_SECONDS)


def clean_folder(folder: Path) -> None:
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def load_manifest(path: Path) -> dict[str, list[list]]:
    """The key -> files map of the previous run; empty when there is none or it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("version") != MANIFEST_VERSION:
        return {}
    return data.get("pages", {})


def order_static_files(generator) -> None:
    """List the static files by source path. Pelican adds those the content links to from a set,
    in an order that changes from run to run, and the list is part of every page's key."""
    generator.staticfiles.sort(key=lambda item: item.source_path)


def keep_output_folder(pelican_object) -> None:
    """The writer decides what of the standby folder to keep; Pelican must not empty it first."""
    config = read_config(pelican_object.settings)
    if config["enabled"] and config["previous_output"]:
        pelican_object.delete_outputdir = False


def choose_writer(pelican_object):
    """The writer for this run: incremental when enabled and a previous output is known."""
    config = read_config(pelican_object.settings)
    return IncrementalWriter if config["enabled"] and config["previous_output"] else None


def register() -> None:
    handlers = {
        signals.initialized: keep_output_folder,
        signals.get_writer: choose_writer,
        signals.static_generator_finalized: order_static_files,
    }
    for signal, handler in handlers.items():
        signal.connect(handler)
