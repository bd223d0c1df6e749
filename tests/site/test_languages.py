"""The multilang plugin's functions, without Pelican."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.errors import CatalogError, ConfigError
from newsdesk.site import languages as multilang


def test_read_config_rejects_unknown_keys():
    with pytest.raises(ConfigError, match="unknown key 'langs'"):
        multilang.read_config({"MULTILANG": {"langs": ("en",)}})


@pytest.mark.parametrize(
    "given, message",
    [
        pytest.param({"languages": ()}, "is empty", id="no-languages"),
        pytest.param({"languages": ("en",), "default": "vi"}, "not one of", id="default-not-listed"),
        pytest.param({"languages": ("en", "xx-nope")}, "unknown language", id="unknown-language"),
    ],
)
def test_read_config_errors(given, message):
    with pytest.raises(ConfigError, match=message):
        multilang.read_config({"MULTILANG": given})


def test_a_third_language_is_one_code():
    config = multilang.read_config({"MULTILANG": {"languages": ("en", "vi", "fr")}})
    langs = multilang.languages(config, "https://example.org")
    assert [(lang.code, lang.name, lang.url) for lang in langs] == [
        ("en", "English", "https://example.org/en"),
        ("vi", "Tiếng Việt", "https://example.org/vi"),
        ("fr", "Français", "https://example.org/fr"),
    ]


@pytest.mark.parametrize(
    "code, expected",
    [pytest.param("en", "en_US", id="en"), pytest.param("vi", "vi_VN", id="vi")],
)
def test_og_locale(code, expected):
    assert multilang.og_locale(code) == expected


@pytest.mark.parametrize(
    "output_file, expected",
    [
        pytest.param("index.html", "", id="home"),
        pytest.param("articles/x/index.html", "articles/x/", id="article"),
        pytest.param("feeds/all.atom.xml", "feeds/all.atom.xml", id="file"),
    ],
)
def test_page_path(output_file, expected):
    assert multilang.page_path(output_file) == expected


def test_alternates_point_to_the_same_page_in_every_language():
    config = multilang.read_config({"MULTILANG": {"languages": ("en", "vi")}})
    langs = multilang.languages(config, "")
    assert [(lang.code, url) for lang, url in multilang.alternates("tag/hanoi/index.html", langs)] == [
        ("en", "/en/tag/hanoi/"),
        ("vi", "/vi/tag/hanoi/"),
    ]
    assert [url for _, url in multilang.alternates("index.html", langs)] == ["/en/", "/vi/"]


def test_language_settings_put_each_language_in_its_folder():
    settings = {
        "MULTILANG": {"languages": ("en", "vi")},
        "OUTPUT_PATH": "/tmp/out",
        "SITEURL": "https://example.org",
        "FEED_DOMAIN": "https://example.org",
    }
    overrides = multilang.language_settings(settings, "vi")
    assert overrides["OUTPUT_PATH"] == "/tmp/out/vi"
    assert overrides["SITEURL"] == "https://example.org/vi"
    assert overrides["DEFAULT_LANG"] == "vi"
    assert overrides["MULTILANG"]["language"] == "vi"


@pytest.mark.parametrize(
    "code, kind, expected",
    [
        pytest.param("vi", "list", "25/10/2025", id="vi-list"),
        pytest.param("vi", "article", "Thứ Bảy, 25/10/2025", id="vi-article"),
        pytest.param("en", "list", "25 October 2025", id="en-list"),
        pytest.param("en", "article", "Saturday, 25 October 2025", id="en-article"),
    ],
)
def test_localdate_uses_each_languages_pattern_and_no_system_locale(code, kind, expected):
    formats = {
        "en": {"list": "d MMMM yyyy", "article": "EEEE, d MMMM yyyy"},
        "vi": {"list": "dd/MM/yyyy", "article": "EEEE, dd/MM/yyyy"},
    }
    config = multilang.read_config({"MULTILANG": {"languages": ("en", "vi"), "date_formats": formats}})
    pattern = multilang.date_pattern(config, code, kind)
    assert multilang.localdate(date(2025, 10, 25), code, pattern) == expected


@pytest.mark.parametrize(
    "formats, message",
    [
        pytest.param({"en": {"list": "d MMM y", "article": "d MMM y"}}, "no patterns for 'vi'", id="missing-language"),
        pytest.param(
            {"en": {"list": "d", "article": "d"}, "vi": {"list": "d"}}, "no 'article' pattern", id="missing-kind"
        ),
        pytest.param(
            {"en": {"list": "d", "article": "d", "lsit": "d"}, "vi": {"list": "d", "article": "d"}},
            "unknown kind 'lsit'",
            id="unknown-kind",
        ),
        pytest.param(
            {"en": {"list": "d", "article": "d"}, "vi": {"list": "d", "article": "d"}, "fr": {}},
            "'fr' is not one of",
            id="not-a-site-language",
        ),
    ],
)
def test_date_formats_are_checked_for_every_language(formats, message):
    with pytest.raises(ConfigError, match=message):
        multilang.read_config({"MULTILANG": {"languages": ("en", "vi"), "date_formats": formats}})


def test_load_translations_reads_a_catalogue(tmp_path):
    po = tmp_path / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: vi\\n"\n\nmsgid "Home"\nmsgstr "Trang chủ"\n', encoding="utf-8")
    assert multilang.load_translations(po).gettext("Home") == "Trang chủ"


def test_load_translations_names_the_broken_line(tmp_path):
    po = tmp_path / "messages.po"
    po.write_text('msgid "Home"\nmsgstr "Trang chủ"\nmsgid "Tags"\nthis is not po\n', encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        multilang.load_translations(po)
    assert str(error.value).startswith(f"{po}:4: ")


def test_missing_catalogue_means_untranslated(tmp_path):
    assert multilang.load_translations(tmp_path / "none.po").gettext("Home") == "Home"
