"""The pages above the languages: the root language chooser and the one sitemap.xml."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from jinja2 import Environment, FileSystemLoader, select_autoescape

from newsdesk.site import languages

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


def write_sitemap(settings: dict, config: dict, results, staging: Path) -> Path:

    langs = languages.languages(config, settings.get("SITEURL", ""))
    default = next(lang for lang in langs if lang.code == config["default"])
    ordered = [default] + [lang for lang in langs if lang is not default]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for url, links in sitemap_entries(ordered, results, settings.get("SITEURL", "")):
        lines.append(f"  <url>\n    <loc>{_text(url)}</loc>")
        for hreflang, href in links:
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang={_attribute(hreflang)} href={_attribute(href)}/>'
            )
        lines.append("  </url>")
    lines.append("</urlset>\n")
    path = staging / "sitemap.xml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
