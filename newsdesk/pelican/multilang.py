"""Pelican plugin: one run per language, with the theme's gettext, dates, switcher and alternates."""

from __future__ import annotations

import logging

from babel import Locale
from babel.numbers import format_decimal
from babel.support import NullTranslations
from pelican import signals

from newsdesk.errors import CatalogError
from newsdesk.i18n.layout import catalogue_path
from newsdesk.site.languages import (
    alternates,
    date_pattern,
    languages,
    load_language_translations,
    load_translations,
    localdate,
    name_in_text,
    page_path,
    run_config,
    text_gettext,
    x_default,
)

logger = logging.getLogger(__name__)


def theme_translations(config: dict, code: str) -> dict[str, NullTranslations]:
    """The theme's catalogues of language ``code``; one that cannot be read is a CatalogError
    naming it (Babel raises a bare UnicodeDecodeError for a file that is not in its charset)."""
    try:
        return load_language_translations(config, code)
    except (UnicodeDecodeError, ValueError) as error:
        for domain in config["domains"]:
            path = catalogue_path(config["translations"], code, domain)
            try:
                load_translations(path)
            except (UnicodeDecodeError, ValueError):
                raise CatalogError(f"catalogue cannot be read: {error}", path) from None
        raise


def install_theme_i18n(generator) -> None:
    """Give the theme its language: gettext, localised dates and numbers, switcher data."""
    config = run_config(generator.settings)
    if config is None:
        return
    code = config["language"]
    langs = languages(config, config.get("site_url", ""))
    default = next(lang for lang in langs if lang.code == config["default"])
    locale = Locale.parse(code)  # parsed once: the theme formats a date or number on most lines
    domains = theme_translations(config, code)
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(**text_gettext(domains["messages"]), newstyle=True)
    taxonomy = domains.get("taxonomy", NullTranslations())
    # Settings marked for translation in pelicanconf.py; feeds read them from the context.
    for key in ("SITENAME", "SITESUBTITLE"):
        if generator.settings.get(key):
            generator.context[key] = domains["messages"].gettext(generator.settings[key])
    env.globals.update(
        LANG=code,
        LANGUAGES=langs,
        CURRENT_LANGUAGE=next(lang for lang in langs if lang.code == code),
        DEFAULT_LANGUAGE=default,
        alternates=lambda output_file: alternates(output_file, langs),
        x_default=lambda output_file: x_default(output_file, default, config.get("site_url", "")),
        page_path=page_path,
    )
    env.filters.update(
        localdate=lambda value, kind="list": localdate(
            value, locale, date_pattern(config, code, kind)
        ),
        number=lambda value: format_decimal(value, locale=locale),
        language_in_text=lambda language: name_in_text(language.code, code, config),
        taxonomy_name=lambda name: taxonomy.gettext(str(name)),
    )


CONTENT_LISTS = (
    ("articles", "translations"),
    ("hidden_articles", "hidden_translations"),
    ("drafts", "drafts_translations"),
    ("pages", "translations"),
    ("hidden_pages", "hidden_translations"),
    ("draft_pages", "draft_translations"),
)


def keep_run_language(generator) -> None:
    """Publish in this run only the content that is in this run's language.

    With the content_i18n plugin every source is read in the run's language, so nothing is
    dropped here; this matters for sites that keep one hand-written file per language.
    Pelican makes the DEFAULT_LANG version of each translation group the original, so the
    run's own language is always among the originals when it exists. Lists are changed in
    place because the generator has already shared them with the template context.
    """
    config = run_config(generator.settings)
    if config is None:
        return
    code = config["language"]
    for originals, translations in CONTENT_LISTS:
        items = getattr(generator, originals, None)
        if items is not None:
            items[:] = [item for item in items if item.lang == code]
            for item in items:
                item.translations = []  # the other languages are other runs' pages
        others = getattr(generator, translations, None)
        if others is not None:
            others[:] = []


def register() -> None:
    handlers = {
        signals.generator_init: install_theme_i18n,
        signals.article_generator_pretaxonomy: keep_run_language,
        signals.page_generator_finalized: keep_run_language,
    }
    for signal, handler in handlers.items():
        signal.connect(handler)
