"""The site's languages: each one's settings overrides, URLs, alternates, dates and UI catalogues."""

from __future__ import annotations

import io
import logging
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, parse_pattern
from babel.messages.mofile import write_mo
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

from newsdesk.errors import ConfigError
from newsdesk.i18n.layout import catalogue_path
from newsdesk.i18n.poformat import read_catalogue
from newsdesk.project import PROJECT_SETTING, plugin_settings

logger = logging.getLogger(__name__)

SETTINGS_KEY = "MULTILANG"
DEFAULTS = {
    "languages": (),  # every language the site is published in, in menu order
    "default": None,  # the x-default language (default: the first one)
    "translations": "translations",  # folder of <lang>/LC_MESSAGES/<domain>.po
    "domains": ("messages", "taxonomy"),  # gettext domains the theme uses
    # Language code -> {kind: Babel date pattern}, one pattern per kind of DATE_KINDS, as the
    # language's press writes dates. Empty: Babel's CLDR formats (DATE_KINDS), for small sites.
    "date_formats": {},
    # Languages whose prose writes a language's name in lower case ("bản gốc tiếng Anh"); the
    # name alone (the switcher, a heading) keeps its capital.
    "lowercase_language_names": (),
    # Set per run by the build driver, never by hand:
    "language": None,  # the language this run builds
    "site_url": "",  # SITEURL of the whole site, above the language folders
}


# Where a date is shown -> Babel's CLDR format for a site without date_formats.
DATE_KINDS = {
    "list": "long",  # lists, archives, related articles, the front page
    "article": "full",  # the header of an article page
}


class MultilangConfigError(ConfigError):
    """The MULTILANG settings are wrong."""


@dataclass(frozen=True)
class Language:
    """A language the site is published in, with what templates need to know of it."""

    code: str
    name: str  # in the language itself, e.g. "Tiếng Việt"
    og_locale: str  # e.g. "vi_VN"
    url: str  # base URL of this language's site, e.g. "/vi" or "https://host/vi"


def read_config(settings: dict) -> dict:
    """Return the MULTILANG settings with defaults filled in; reject unknown keys."""
    config = plugin_settings(
        settings, SETTINGS_KEY, DEFAULTS, MultilangConfigError, paths=("translations",)
    )
    languages = tuple(config["languages"])
    if not languages:
        raise MultilangConfigError(f"{SETTINGS_KEY}['languages'] is empty")
    config["default"] = config["default"] or languages[0]
    if config["default"] not in languages:
        raise MultilangConfigError(
            f"{SETTINGS_KEY}['default'] is {config['default']!r}, not one of {languages}"
        )
    for code in languages:
        try:
            Locale.parse(code)
        except (ValueError, LookupError) as error:
            raise MultilangConfigError(f"{SETTINGS_KEY}: unknown language {code!r}") from error
    config["languages"] = languages
    check_date_formats(config["date_formats"], languages)
    return config


def name_in_text(code: str, reader: str, config: dict) -> str:
    """The name of language ``code`` as a sentence in language ``reader`` writes it: "English" in
    English, "tiếng Anh" in Vietnamese (with ``reader`` in ``lowercase_language_names``)."""
    name = Locale.parse(reader).languages.get(code) or language_name(code)
    if reader in config.get("lowercase_language_names", ()):
        return name[:1].lower() + name[1:]
    return name


def run_config(settings: dict) -> dict | None:
    """MULTILANG, checked, in one language's run (its ``language`` set); None in any other run."""
    if not (settings.get(SETTINGS_KEY) or {}).get("language"):
        return None
    return read_config(settings)


def check_date_formats(formats: dict, languages: tuple[str, ...]) -> None:
    """Every language of the site has a valid pattern for every kind of date, or none has any."""
    if not formats:
        return
    where = f"{SETTINGS_KEY}['date_formats']"
    for code in formats:
        if code not in languages:
            raise MultilangConfigError(f"{where}: {code!r} is not one of {languages}")
    for code in languages:
        patterns = formats.get(code)
        if not isinstance(patterns, dict):
            raise MultilangConfigError(f"{where} has no patterns for {code!r}")
        for kind in patterns:
            if kind not in DATE_KINDS:
                raise MultilangConfigError(
                    f"{where}[{code!r}]: unknown kind {kind!r}; known kinds: {', '.join(DATE_KINDS)}"
                )
        for kind in DATE_KINDS:
            if kind not in patterns:
                raise MultilangConfigError(f"{where}[{code!r}] has no {kind!r} pattern")
            try:
                parse_pattern(patterns[kind])
            except (ValueError, TypeError) as error:
                raise MultilangConfigError(
                    f"{where}[{code!r}][{kind!r}]: bad pattern {patterns[kind]!r}: {error}"
                ) from error


def date_pattern(config: dict, code: str, kind: str) -> str:
    """The pattern of one kind of date in one language: from date_formats, else Babel's CLDR format."""
    if kind not in DATE_KINDS:
        raise MultilangConfigError(f"unknown kind of date {kind!r}; known kinds: {', '.join(DATE_KINDS)}")
    return config["date_formats"].get(code, {}).get(kind, DATE_KINDS[kind])


def language_name(code: str) -> str:
    """The language's name in itself, as a reader looks for it: "English", "Tiếng Việt"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def og_locale(code: str) -> str:
    """Open Graph locale of a language: its likely territory, e.g. "vi" -> "vi_VN"."""
    likely = get_global("likely_subtags").get(code, code)
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if p.isupper() and len(p) == 2), None)
    return f"{code}_{territory}" if territory else code


def language_url(site_url: str, code: str) -> str:
    """Base URL of one language's site under the whole site's URL."""
    return f"{site_url.rstrip('/')}/{code}"


def languages(config: dict, site_url: str) -> list[Language]:
    return [
        Language(code, language_name(code), og_locale(code), language_url(site_url, code))
        for code in config["languages"]
    ]


def language_settings(settings: dict, code: str) -> dict:
    """Settings overrides for the run that builds language ``code`` into ``OUTPUT_PATH/code``."""
    config = read_config(settings)
    if code not in config["languages"]:
        raise MultilangConfigError(f"{code!r} is not one of {config['languages']}")
    site_url = settings.get("SITEURL", "")
    overrides = {
        "OUTPUT_PATH": str(Path(settings["OUTPUT_PATH"]) / code),
        "CACHE_PATH": str(Path(settings.get("CACHE_PATH", "cache")) / code),
        "SITEURL": language_url(site_url, code),
        "DEFAULT_LANG": code,
        SETTINGS_KEY: {**config, "language": code, "site_url": site_url},
    }
    if settings.get("FEED_DOMAIN"):
        overrides["FEED_DOMAIN"] = language_url(settings["FEED_DOMAIN"], code)
    if settings.get(PROJECT_SETTING):  # where the plugins' relative paths start
        overrides[PROJECT_SETTING] = settings[PROJECT_SETTING]
    return overrides


def page_path(output_file: str) -> str:
    """The language-independent path of an output file: "tag/x/index.html" -> "tag/x/"."""
    path = output_file.replace("\\", "/")
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def alternates(output_file: str, langs: list[Language]) -> list[tuple[Language, str]]:
    """The same page in every language, as (language, URL) pairs, in menu order."""
    path = page_path(output_file)
    return [(lang, posixpath.join(lang.url, path) if path else lang.url + "/") for lang in langs]


def x_default(output_file: str, default: Language, site_url: str) -> str:
    """The x-default alternate of a page: the default language's page, but for a language's
    home the root chooser, which is where readers of no listed language are sent."""
    path = page_path(output_file)
    return posixpath.join(default.url, path) if path else site_url.rstrip("/") + "/"


def load_translations(po_path: Path) -> NullTranslations:
    """Compile one .po file in memory; a missing file means "no translations"."""
    if not po_path.exists():
        logger.debug("no catalogue at %s", po_path)
        return NullTranslations()
    catalog = read_catalogue(po_path, placeholders=True)  # the catalogue rules of every reader
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer)


def load_language_translations(config: dict, code: str) -> dict[str, NullTranslations]:
    return {
        domain: load_translations(catalogue_path(config["translations"], code, domain))
        for domain in config["domains"]
    }


def localdate(value: date | datetime, code: str | Locale, pattern: str) -> str:
    """A date in the reader's language, without any system locale: "dd/MM/yyyy" -> "25/10/2025"."""
    return format_date(value, format=pattern, locale=code)


MARKUP = re.compile(r"<[A-Za-z/!?]|&#?[A-Za-z0-9]+;")


def has_markup(text: str) -> bool:
    """Whether ``text`` holds an HTML tag or character reference."""
    return bool(MARKUP.search(text))


def text_gettext(translations: NullTranslations) -> dict[str, Callable]:
    """gettext callables for the theme whose translations are text, escaped like any other.

    With autoescape, Jinja's newstyle gettext takes what these return as HTML: a translation is
    escaped unless its source message itself is markup (the catalogue check holds such a
    translation to its source's markup: newsdesk.i18n.checks.added_markup).
    """

    def text(message: str, translated: str) -> Markup:
        return Markup(translated) if has_markup(message) else escape(translated)

    return {
        "gettext": lambda message: text(message, translations.gettext(message)),
        "ngettext": lambda singular, plural, n: text(
            singular, translations.ngettext(singular, plural, n)
        ),
        "pgettext": lambda context, message: text(message, translations.pgettext(context, message)),
        "npgettext": lambda context, singular, plural, n: text(
            singular, translations.npgettext(context, singular, plural, n)
        ),
    }
