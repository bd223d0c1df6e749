"""Every content file in every language: translated from catalogues, checked, side by side."""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import replace
from pathlib import Path

from pelican import signals
from pelican.readers import BaseReader, MarkdownReader

from newsdesk.content.sanitise import unsafe_static_file
from newsdesk.content.stamps import run_stamps
from newsdesk.i18n.translate import rebase_addresses
from newsdesk.pelican.pelican_api import (
    file_stamp,
    forget_reader_cache,
    raw_content,
    resolve_links,
    save_caches_whole,
    set_content,
    set_file_stamp,
    skip_unused_stamps,
)
from newsdesk.pelican.translating_reader import (
    STATE_KEY,
    TranslatingMarkdownReader,
    reported,
    safe_content,
    source_stamp,
)
from newsdesk.project import plugin_settings
from newsdesk.site.languages import run_config

logger = logging.getLogger(__name__)

SETTINGS_KEY = "CONTENT_I18N"
DEFAULTS = {
    # The side-by-side view of each article and page, at the same path in every language.
    "parallel_url": "articles/{slug}/parallel/",
    "parallel_save_as": "articles/{slug}/parallel/index.html",
    # A page's view is below the page's own address ({url}: e.g. "convention/chapter-v/").
    "page_parallel_url": "{url}parallel/",
    "page_parallel_save_as": "{url}parallel/index.html",
    "parallel_template": "parallel",
}


def read_config(settings: dict) -> dict:
    """Return the CONTENT_I18N settings with defaults filled in; reject unknown keys."""
    return plugin_settings(settings, SETTINGS_KEY, DEFAULTS)


def check_settings(pelican) -> None:
    read_config(pelican.settings)
    save_caches_whole()  # the reader cache this plugin stamps sources for


@functools.cache
def safe_reader(reader_class: type) -> type:
    """``reader_class`` whose content and metadata go through ``safe_content``, as Markdown's do."""

    def read(self, source_path):
        with reported(source_path):
            content, metadata = reader_class.read(self, source_path)
            text = Path(source_path).read_text(encoding="utf-8", errors="replace")
            return safe_content(source_path, text, content, metadata)

    return type(f"Safe{reader_class.__name__}", (reader_class,), {"read": read})


def install_reader(readers) -> None:
    """Read Markdown through the catalogues; whatever another reader reads, made safe to show."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class not in (None, BaseReader):  # BaseReader reads static files: no content
            readers.reader_classes[extension] = safe_reader(reader_class)
    for extension in MarkdownReader.file_extensions:
        readers.reader_classes[extension] = TranslatingMarkdownReader


def stamp_catalogues(generator) -> None:
    """Make a changed catalogue invalidate Pelican's reader cache, as a changed source does.

    The cache stamps each source path; the stamp now covers the catalogues it is read with.
    Readers set their stamp function after ``readers_init``, hence this later signal.
    """
    readers = getattr(generator, "readers", None)
    multilang = run_config(generator.settings)
    pelicans_stamp = file_stamp(readers) if readers is not None else None
    if pelicans_stamp is not None and multilang is not None:

        stamps = run_stamps(generator.settings)

        def stamp(path):
            # The source's SHA-256, as CHECK_MODIFIED_METHOD = "md5" stamps by content, and its
            # catalogues' (newsdesk/content/stamps.py).
            with reported(path):
                return source_stamp(path, multilang, stamps)

        set_file_stamp(readers, stamp)


def report_problems(content) -> None:
    """Warn, on every build (cached or not), about translations that were not used."""
    state = getattr(content, STATE_KEY, None)
    for problem in getattr(state, "problems", ()):
        logger.warning("%s; the source text is shown instead", problem)


def has_parallel_view(article) -> bool:
    state = getattr(article, STATE_KEY, None)
    return bool(state and state.pairs)


def link_parallel_views(generator) -> None:
    """Give each article the URL of its side-by-side view, before any page is written."""
    config = read_config(generator.settings)
    for article in generator.articles:
        if has_parallel_view(article):
            article.parallel_url = config["parallel_url"].format(slug=article.slug)


def _pages(generator) -> list:
    return [*generator.pages, *getattr(generator, "hidden_pages", [])]


def link_page_parallel_views(generator) -> None:
    """Give each page (listed or hidden) the URL of its side-by-side view."""
    config = read_config(generator.settings)
    for page in _pages(generator):
        if has_parallel_view(page):
            page.parallel_url = config["page_parallel_url"].format(url=page.url, slug=page.slug)


def view_pairs(item, state, site_url: str) -> tuple:
    """The side-by-side view's blocks, their addresses made to work from the view's address.

    Called by the view's template as it renders (``parallel_pairs``), not before: a view the
    incremental writer keeps is never rendered, and its blocks need no rebasing."""
    url = item.url  # Pelican formats it anew on every access

    def address(html: str) -> str:
        return rebase_addresses(resolve_links(item, html), url, site_url)

    return tuple(
        replace(pair, source_html=address(pair.source_html), translation_html=address(pair.translation_html))
        for pair in state.pairs
    )


def install_view_pairs(generator) -> None:
    site_url = generator.settings["SITEURL"]
    generator.env.globals["parallel_pairs"] = lambda item, state: view_pairs(item, state, site_url)


def _write_views(generator, writer, items, save_as: str, kind: str) -> None:
    config = read_config(generator.settings)
    template = generator.get_template(config["parallel_template"])
    for item in items:
        if getattr(item, "parallel_url", None):
            writer.write_file(
                save_as.format(url=item.url, slug=item.slug),
                template,
                generator.context,
                article=item,
                kind=kind,
                state=getattr(item, STATE_KEY),  # its blocks rebased as the view renders
                relative_urls=generator.settings["RELATIVE_URLS"],
                url=item.parallel_url,
            )


def write_parallel_views(generator, writer) -> None:
    config = read_config(generator.settings)
    _write_views(generator, writer, generator.articles, config["parallel_save_as"], "article")


def write_page_parallel_views(generator, writer) -> None:
    config = read_config(generator.settings)
    _write_views(generator, writer, _pages(generator), config["page_parallel_save_as"], "page")


# The lists of a generator's content objects (Pelican's article and page generators).
CONTENT_LISTS = (
    "articles", "pages", "translations", "drafts", "drafts_translations", "draft_pages",
    "draft_translations", "hidden_articles", "hidden_pages", "hidden_translations",
)  # fmt: skip


def linked_folders(root: Path, paths: list[str]) -> list[str]:
    """The folders under the static ``paths`` of ``root`` that are links (relative to ``root``),
    found without following any."""
    found = []
    for name in paths:
        top = root / name
        if top.is_symlink():
            found.append(name)
            continue
        for folder, dirs, _ in os.walk(top):
            for child in dirs:
                if (Path(folder) / child).is_symlink():
                    found.append(os.path.relpath(Path(folder) / child, root))
    return found


def skip_linked_folders(generator) -> None:
    """Keep Pelican's walk of the static paths out of linked folders (it follows links: a link
    to / would have it copy the whole file system). Each is an error naming it."""
    settings = generator.settings
    root = Path(settings["PATH"])
    linked = linked_folders(root, list(settings["STATIC_PATHS"]))
    for name in linked:
        shown = os.path.relpath(root / name, root.parent)
        logger.error("%s: is a link (to %s): links are not published", shown, os.readlink(root / name))
    if linked:
        settings["STATIC_PATHS"] = [name for name in settings["STATIC_PATHS"] if name not in linked]
        settings["STATIC_EXCLUDES"] = [*settings["STATIC_EXCLUDES"], *linked]


def keep_regular_static_files(generator) -> None:
    """Publish only static files that are regular files inside the content tree: Pelican follows
    links (content/images/env.txt -> /proc/self/environ would publish the build's environment).
    Each file refused is an error naming it, which fails the build."""
    root = generator.settings["PATH"]
    refused = []
    for static in generator.staticfiles:
        reason = unsafe_static_file(static.source_path, root)
        if reason:
            shown = os.path.relpath(static.source_path, Path(root).parent)
            if not reason.startswith("is reached through"):  # the folder is already named
                logger.error("%s: %s", shown, reason)
            refused.append(static)
    if refused:
        # The lists are shared with the context, which the output step reads.
        generator.staticfiles[:] = [s for s in generator.staticfiles if s not in refused]
        static_content = generator.context.get("static_content", {})
        for key in [key for key, value in static_content.items() if value in refused]:
            del static_content[key]


def hold_bodies_once(generator) -> None:
    """Give each content object a new copy of its body once Pelican has saved its reader cache,
    and drop the cache's own hold on the old one.

    Pickle writes a text as UTF-8 and CPython then keeps that form beside the text for as long
    as it lives: for a body with any letter beyond Latin-1 (every Vietnamese one), more than half
    its size again, for every document until the run ends (about 45 MiB of 10,000 Vietnamese
    articles). A copy has no such form.
    """
    forget_reader_cache(generator)
    for name in CONTENT_LISTS:
        for item in getattr(generator, name, None) or ():
            set_content(item, "".join((raw_content(item), "")))  # "" joined: a new string


def register() -> None:
    handlers = {
        signals.initialized: check_settings,
        signals.readers_init: install_reader,
        signals.generator_init: stamp_catalogues,
        signals.article_generator_init: install_view_pairs,
        signals.page_generator_init: install_view_pairs,
        signals.content_object_init: report_problems,
        signals.static_generator_init: skip_linked_folders,
        signals.static_generator_finalized: keep_regular_static_files,
        signals.article_generator_finalized: link_parallel_views,
        signals.article_writer_finalized: write_parallel_views,
        signals.page_generator_finalized: link_page_parallel_views,
        signals.page_writer_finalized: write_page_parallel_views,
    }
    for signal, handler in handlers.items():
        signal.connect(handler)
    # After each generator's own handler above (blinker calls them in the order connected).
    signals.article_generator_finalized.connect(hold_bodies_once)
    signals.page_generator_finalized.connect(hold_bodies_once)
    # The sources are stamped for the reader cache (stamp_catalogues), not the generators'.
    signals.article_generator_init.connect(skip_unused_stamps)
    signals.page_generator_init.connect(skip_unused_stamps)
