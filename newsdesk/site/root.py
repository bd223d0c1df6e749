"""The pages above the languages: the root language chooser and the one sitemap.xml."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from jinja2 import Environment, FileSystemLoader, select_autoescape

from newsdesk.site import atomic, languages

logger = logging.getLogger(__name__)

ROOT_TEMPLATE = "root.html"
NOT_FOUND_TEMPLATE = "root_404.html"
# The file hosts serve for a missing address (GitHub Pages and Netlify by this name; nginx and
# CloudFront are told it): at the root, and in every language's folder (the theme's 404.html).
# Not a page to index, so never in the sitemap.
NOT_FOUND_PAGE = "404.html"
HEADLINES_PER_LANGUAGE = 5

def _gettext_for(translations):
    def gettext(message: str, **variables) -> str:
        text = translations.gettext(message)
        return text % variables if variables else text

    return gettext

def write_root(settings: dict, config: dict, results, staging: Path) -> Path:
    """Write ``index.html`` at the root: every language's latest headlines, no redirect."""

    langs = languages.languages(config, settings.get("SITEURL", ""))
    by_code = {result.code: result for result in results}
    sections = []
    for lang in langs:
        translations = languages.load_language_translations(config, lang.code)["messages"]
        headlines = sorted(by_code[lang.code].headlines, key=lambda h: h.date, reverse=True)
        sections.append(
            {
                "language": lang,
                "gettext": _gettext_for(translations),
                "headlines": headlines[:HEADLINES_PER_LANGUAGE],
            }
        )
    default = next(lang for lang in langs if lang.code == config["default"])
    env = _environment(settings, config, default)
    html = env.get_template(ROOT_TEMPLATE).render(
        SITENAME=settings["SITENAME"],
        SITEURL=settings.get("SITEURL", ""),
        LANGUAGES=langs,
        DEFAULT_LANGUAGE=default,
        sections=sections,
    )
    path = staging / "index.html"
    path.write_text(html, encoding="utf-8")
    return path

def _environment(settings: dict, config: dict, default) -> Environment:
    """The theme's templates with the default language's gettext and localised dates."""
    env = Environment(
        loader=FileSystemLoader(str(Path(settings["THEME"]) / "templates")),
        autoescape=select_autoescape(default_for_string=True, default=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    default_translations = languages.load_language_translations(config, default.code)["messages"]
    # Translations are text, as on every language's pages (languages.text_gettext).
    env.install_gettext_callables(**languages.text_gettext(default_translations), newstyle=True)
    env.filters["language_in_text"] = lambda language, reader: languages.name_in_text(
        language.code, reader, config
    )
    env.filters["localdate"] = lambda value, code, kind="list": languages.localdate(
        _parse_date(value), code, languages.date_pattern(config, code, kind)
    )
    return env


def write_not_found(settings: dict, config: dict, results, staging: Path) -> Path:
    """Write ``404.html`` at the root: "page not found" and the way back, in every language."""
    langs = languages.languages(config, settings.get("SITEURL", ""))
    default = next(lang for lang in langs if lang.code == config["default"])
    ordered = [default] + [lang for lang in langs if lang is not default]
    sections = [
        {
            "language": lang,
            "gettext": _gettext_for(
                languages.load_language_translations(config, lang.code)["messages"]
            ),
        }
        for lang in ordered
    ]
    html = (
        _environment(settings, config, default)
        .get_template(NOT_FOUND_TEMPLATE)
        .render(
            SITENAME=settings["SITENAME"],
            SEARCH_URL=settings.get("SEARCH_URL"),
            ARCHIVES_URL=settings.get("ARCHIVES_URL", "archives.html"),
            DEFAULT_LANGUAGE=default,
            page_title=" · ".join(section["gettext"]("Page not found") for section in sections),
            sections=sections,
        )
    )
    path = staging / NOT_FOUND_PAGE
    path.write_text(html, encoding="utf-8")
    return path


def _parse_date(value: str):
    from datetime import datetime

    return datetime.fromisoformat(value)

def sitemap_entries(langs, results, site_url: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(url, [(hreflang, url), ...]) for the root chooser and every page of every language, in a
    stable order; ``langs`` starts with the default language."""
    from newsdesk.site.languages import page_path, x_default

    pages_by_code = {result.code: set(result.pages) for result in results}
    default = langs[0]
    root = x_default("index.html", default, site_url)  # the root chooser stands for itself
    homes = [(lang.code, _join(lang.url, "")) for lang in langs]
    entries = [(root, [*homes, ("x-default", root)])]
    for lang in langs:
        for output_file in sorted(pages_by_code.get(lang.code, ())):
            if output_file == NOT_FOUND_PAGE:
                continue
            path = page_path(output_file)
            present = [other for other in langs if output_file in pages_by_code.get(other.code, ())]
            links = [(other.code, _join(other.url, path)) for other in present]
            if default in present:
                links.append(("x-default", x_default(output_file, default, site_url)))
            entries.append((_join(lang.url, path), links))
    return entries

def _join(base: str, path: str) -> str:
    return f"{base}/{path}"


_NOT_PLAIN = re.compile(r'[&<>"\n\r\t]')  # what ``escape`` or ``quoteattr`` would change


def _attribute(value: str) -> str:
    """``quoteattr(value)``, quoted here when it needs no escaping (nearly every address): a
    sitemap quotes about 295,000 at 10,000 articles."""
    return quoteattr(value) if _NOT_PLAIN.search(value) else f'"{value}"'


def _text(value: str) -> str:
    """``escape(value)``, the value itself when it needs none."""
    return escape(value) if _NOT_PLAIN.search(value) else value


SITEMAP = "sitemap.xml"
# What one sitemap file may hold (sitemaps.org): the sitemap of a site with more addresses is an
# index of parts, sitemap-1.xml, sitemap-2.xml...
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
SITEMAP_RECORD = "sitemap.json"  # in CACHE_PATH: what the sitemap files the last build wrote hold
SITEMAP_NAMESPACES = (
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'
)


def write_sitemap(settings: dict, config: dict, results, staging: Path) -> Path:
    """Every page of every language with its alternates, in one sitemap file or, past the
    protocol's limits, an index of parts. A build whose languages have the pages of the last
    one copies the live site's files (checked by their SHA-256) instead of writing them again:
    at 10,000 articles, 50,000 addresses, a third of a second of every rebuild."""
    site_url = settings.get("SITEURL", "")
    langs = languages.languages(config, site_url)
    default = next(lang for lang in langs if lang.code == config["default"])
    ordered = [default] + [lang for lang in langs if lang is not default]
    key = _sitemap_key(settings, ordered, results, site_url)
    record = Path(settings.get("CACHE_PATH", "cache")) / SITEMAP_RECORD
    live = atomic.live_site(settings, staging)
    if live is not None and _copy_recorded(record, key, live, staging):
        return staging / SITEMAP
    files = sitemap_files(sitemap_entries(ordered, results, site_url), site_url)
    digests = {}
    for name, text in files.items():
        data = text.encode("utf-8")
        (staging / name).write_bytes(data)
        digests[name] = hashlib.sha256(data).hexdigest()
    with contextlib.suppress(OSError):  # a cache that cannot be written costs the next build time
        record.parent.mkdir(parents=True, exist_ok=True)
        temporary = record.with_name(f"{record.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"key": key, "files": digests}), encoding="utf-8")
        os.replace(temporary, record)
    return staging / SITEMAP


def sitemap_files(entries, site_url: str) -> dict[str, str]:
    """The sitemap's files by name: sitemap.xml alone while every address fits in one file,
    else parts of at most SITEMAP_MAX_URLS addresses and SITEMAP_MAX_BYTES bytes, and
    sitemap.xml their index."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SITEMAP_NAMESPACES}>'
    tail = "</urlset>\n"
    room = SITEMAP_MAX_BYTES - len(head.encode()) - len(tail.encode()) - 1
    parts: list[list[str]] = [[]]
    size = 0
    for url, links in entries:
        lines = [f"  <url>\n    <loc>{_text(url)}</loc>"]
        lines += [
            f'    <xhtml:link rel="alternate" hreflang={_attribute(hreflang)} href={_attribute(href)}/>'
            for hreflang, href in links
        ]
        lines.append("  </url>")
        block = "\n".join(lines)
        length = len(block.encode()) + 1  # and the line break before it
        if parts[-1] and (len(parts[-1]) >= SITEMAP_MAX_URLS or size + length > room):
            parts.append([])
            size = 0
        parts[-1].append(block)
        size += length
    texts = ["\n".join([head, *blocks, tail]) for blocks in parts]
    if len(texts) == 1:
        return {SITEMAP: texts[0]}
    files = {f"sitemap-{number}.xml": text for number, text in enumerate(texts, start=1)}
    index = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(f"  <sitemap>\n    <loc>{_text(_join(site_url, name))}</loc>\n  </sitemap>" for name in files),
        "</sitemapindex>\n",
    ]
    return {**files, SITEMAP: "\n".join(index)}


def _sitemap_key(settings: dict, langs, results, site_url: str) -> str:
    """A digest of everything the sitemap's files are made from."""
    from newsdesk.site import build_code

    hasher = hashlib.sha256(
        json.dumps(
            [
                build_code.code_digest(settings),
                site_url,
                [[lang.code, lang.url] for lang in langs],
                SITEMAP_MAX_URLS,
                SITEMAP_MAX_BYTES,
            ]
        ).encode()
    )
    for result in sorted(results, key=lambda result: result.code):
        hasher.update(f"\0{result.code}\0".encode())
        hasher.update("\n".join(sorted(result.pages)).encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


def _copy_recorded(record: Path, key: str, live: Path, staging: Path) -> bool:
    """Copy the live site's sitemap files into ``staging`` when the record says they were made
    from ``key`` and each still has its recorded SHA-256; False (nothing copied) otherwise."""
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
        if recorded.get("key") != key or not isinstance(recorded.get("files"), dict):
            return False
        texts = {}
        for name, digest in recorded["files"].items():
            if "/" in name or not name.endswith(".xml"):
                return False
            data = (live / name).read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                return False
            texts[name] = data
    except (OSError, ValueError, AttributeError, TypeError):
        return False
    if SITEMAP not in texts:
        return False
    for name, data in texts.items():
        (staging / name).write_bytes(data)
    return True
