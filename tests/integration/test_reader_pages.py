"""What readers and sharing services get from article pages: reading aids, metadata, search."""

from __future__ import annotations

import gzip
import json
import re
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest
from bs4 import BeautifulSoup

from newsdesk.checks.pageweight import BUDGET_BYTES, article_pages, page_weight
from newsdesk.checks.site import html_files
from newsdesk.pelican import article_extras
from newsdesk.site.build import build_site
from newsdesk.site.server import serving
from tests.integration.test_fixture_build import article, project  # noqa: F401  (the fixture site)

LANGUAGES = ("en", "vi")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def story(slug: str, day: int, tags: str = "") -> SimpleNamespace:
    return SimpleNamespace(
        slug=slug, date=datetime(2025, 10, day), tags=[t for t in tags.split(",") if t]
    )


# Reading aids, without Pelican.


@pytest.mark.parametrize(
    ("html", "words"),
    [
        pytest.param("<p>One two <em>three</em></p>", 3, id="inline-markup"),
        pytest.param("<p>Công ước Hà Nội</p>", 4, id="vietnamese-syllables"),
        pytest.param("<p>Text</p><script>var a = 1;</script><style>p{}</style>", 1, id="no-code"),
    ],
)
def test_word_count_counts_what_a_reader_reads(html, words):
    assert article_extras.word_count(html) == words


@pytest.mark.parametrize(
    ("words", "minutes"),
    [
        pytest.param(10, 1, id="short-is-one-minute"),
        pytest.param(1000, 5, id="long"),
        pytest.param(1100, 6, id="rounds"),
    ],
)
def test_reading_minutes(words, minutes):
    assert article_extras.reading_minutes("<p>" + "word " * words + "</p>", 200) == minutes


def test_neighbours_are_older_and_newer_by_date():
    old, mid, new = story("a", 1), story("b", 2), story("c", 3)
    around = article_extras.neighbours([new, old, mid])
    assert around[id(mid)] == (old, new)
    assert around[id(old)] == (None, mid)
    assert around[id(new)] == (mid, None)


def test_related_articles_share_tags_most_shared_first():
    this = story("this", 5, "Hanoi,Signing,Treaty")
    one_tag = story("one", 9, "Hanoi")
    two_tags = story("two", 1, "Signing,Treaty")
    unrelated = story("none", 8, "Budget")
    assert article_extras.related(this, [this, one_tag, two_tags, unrelated], 3) == [
        two_tags,
        one_tag,
    ]
    assert article_extras.related(this, [this, one_tag, two_tags], 1) == [two_tags]


def test_unknown_setting_is_named():
    with pytest.raises(article_extras.ArticleExtrasConfigError, match="'words_per_minuet'"):
        article_extras.read_config({"ARTICLE_EXTRAS": {"words_per_minuet": 100}})


# The real site.


def json_ld(page: BeautifulSoup) -> dict:
    return json.loads(page.select_one('script[type="application/ld+json"]').string)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_pages_describe_themselves_for_sharing(site, lang):
    for path in article_pages(site, (lang,)):
        page = soup(path)
        data = json_ld(page)
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == page.h1.get_text(strip=True)
        assert data["inLanguage"] == lang
        assert data["datePublished"] == page.select_one(".meta time")["datetime"]
        assert (
            data["publisher"]["name"] == page.select_one('meta[property="og:site_name"]')["content"]
        )
        meta = {
            tag.get("property") or tag.get("name"): tag["content"]
            for tag in page.select("meta[content]")
        }
        assert meta["og:type"] == "article"
        # A large image: the article's picture, or the share card made for it.
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["twitter:image"] == meta["og:image"]
        assert (site / meta["og:image"].lstrip("/")).is_file()
        assert meta["og:locale"].startswith(lang + "_")
        others = [tag["content"] for tag in page.select('meta[property="og:locale:alternate"]')]
        assert others and not any(other.startswith(lang + "_") for other in others)


@pytest.mark.parametrize(
    ("lang", "pattern"),
    [
        pytest.param("en", r"(\d+)-minute read", id="en"),  # "6-minute read", never "6 minutes read"
        pytest.param("vi", r"Thời gian đọc: (\d+) phút", id="vi"),
    ],
)
def test_reading_time_in_the_readers_language(site, lang, pattern):
    for path in article_pages(site, (lang,)):
        page = soup(path)
        shown = re.fullmatch(pattern, page.select_one(".reading-time").get_text(strip=True))
        assert shown, path
        minutes = int(shown.group(1))
        words = article_extras.word_count(str(page.select_one(".article-body")))
        assert abs(minutes - words / 200) <= 1, (path, minutes, words)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_manifest_per_language_with_icons(site, lang):
    manifest = json.loads((site / lang / "manifest.webmanifest").read_text(encoding="utf-8"))
    home = soup(site / lang / "index.html")
    assert manifest["lang"] == lang
    assert manifest["name"] == home.select_one('meta[property="og:site_name"]')["content"]
    assert home.select_one('link[rel="manifest"]')["href"] == f"/{lang}/manifest.webmanifest"
    for icon in manifest["icons"]:
        file = site / lang / icon["src"]
        assert file.is_file(), icon["src"]
        if icon["type"] == "image/png":
            width = int.from_bytes(file.read_bytes()[16:20], "big")  # PNG header: IHDR width
            assert icon["sizes"] == f"{width}x{width}"


def test_search_page_in_every_language_at_the_same_path(site):
    for lang in LANGUAGES:
        page = soup(site / lang / "search" / "index.html")
        assert page.html["lang"] == lang
        assert page.select_one("#search[data-bundle]")["data-bundle"] == f"/{lang}/pagefind/"
        assert (site / lang / "pagefind" / "pagefind-ui.js").is_file()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_articles_and_pages_are_indexed_and_listings_are_not(site, lang):
    folder = site / lang
    indexed = {
        path.parent.relative_to(folder).as_posix()
        for path in html_files(folder)
        if soup(path).select_one("[data-pagefind-body]")
    }
    articles = {path.parent.relative_to(folder).as_posix() for path in article_pages(site, (lang,))}
    assert articles <= indexed
    assert "about" in indexed
    assert not indexed & {".", "archives", "tags", "categories", "search"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_pages_fit_the_page_budget(site, lang):
    for path in article_pages(site, (lang,)):
        weight = page_weight(site, path)
        assert weight.missing == ()
        assert weight.total <= BUDGET_BYTES, f"{weight.path}: {weight.total} bytes"


@pytest.mark.parametrize(
    ("suffix", "decompress"),
    [
        pytest.param(".gz", gzip.decompress, id="gzip"),
        pytest.param(".br", brotli.decompress, id="brotli"),
    ],
)
def test_published_site_has_precompressed_copies_of_its_files(published_site, suffix, decompress):
    site = published_site
    for name in (
        "en/index.html",
        "vi/theme/css/site.css",
        "vi/pagefind/pagefind-ui.js",
        "sitemap.xml",
    ):
        original = site / name
        packed = original.with_name(original.name + suffix)
        assert decompress(packed.read_bytes()) == original.read_bytes(), name


def test_local_build_writes_no_compressed_copies(site):
    # They serve no one on a developer's machine, and Brotli at its best costs more than the pages.
    assert [path for path in site.rglob("*") if path.suffix in (".gz", ".br")] == []


# A small fixture site: source attribution, neighbours, related articles, search index.


@pytest.fixture
def reader_project(project):  # noqa: F811
    folder = project / "content" / "articles"
    (project / "pelicanconf.py").write_text(
        (project / "pelicanconf.py").read_text()
        + 'PLUGINS = ["newsdesk.pelican.multilang", "newsdesk.pelican.article_extras"]\n'
        + 'DIRECT_TEMPLATES = ["index", "tags", "categories", "archives", "search"]\n'
        + 'SEARCH_URL = "search/"\nSEARCH_SAVE_AS = "search/index.html"\n'
    )
    for name, lang, title, body in [
        ("sourced.md", "en", "Sourced news", "Reported elsewhere first."),
        (
            "sourced.vi.md",
            "vi",
            "Tin có nguồn",
            'Tin đăng trước ở nơi khác.\n\n<p lang="en">Zebras crossed the road.</p>',
        ),
    ]:
        header = article(lang, "sourced", title, 10, "").strip()
        source = "Source: Example Wire\nSource_url: https://news.example.com/hanoi-signing"
        (folder / name).write_text(f"{header}\n{source}\n\n{body}\n", encoding="utf-8")
    return project


def vi_index_text(output: Path) -> str:
    fragments = sorted((output / "vi" / "pagefind" / "fragment").glob("*"))
    return " ".join(gzip.decompress(path.read_bytes()).decode("utf-8") for path in fragments)


def test_fixture_article_links_source_neighbours_and_related(reader_project):
    build_site(reader_project / "pelicanconf.py", strict=True)
    output = reader_project / "output"
    page = soup(output / "vi" / "articles" / "sourced" / "index.html")
    assert json_ld(page)["isBasedOn"] == "https://news.example.com/hanoi-signing"
    source = page.select_one(".source a")
    assert (source.get_text(strip=True), source["href"]) == (
        "Example Wire",
        "https://news.example.com/hanoi-signing",
    )
    assert page.select_one('.neighbours a[rel="prev"]')["href"] == "/vi/articles/older/"
    assert page.select_one('.neighbours a[rel="next"]')["href"] == "/vi/articles/newer/"
    related = [a["href"] for a in page.select(".related a")]
    assert related == [
        "/vi/articles/newer/",
        "/vi/articles/older/",
    ]  # all share "Hanoi"; newest first


def test_untranslated_block_stays_out_of_the_other_languages_index(reader_project):
    build_site(reader_project / "pelicanconf.py", strict=True)
    output = reader_project / "output"
    assert (
        "Zebras crossed the road."
        in (output / "vi" / "articles" / "sourced" / "index.html").read_text()
    )
    text = vi_index_text(output)
    assert "Tin đăng trước ở nơi khác." in text
    assert "Zebras" not in text


def test_two_builds_are_byte_identical(reader_project, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    build_site(reader_project / "pelicanconf.py", str(first), strict=True)
    build_site(reader_project / "pelicanconf.py", str(second), strict=True)
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    assert any("pagefind" in name.parts for name in files)
    changed = [
        name for name in files if (first / name).read_bytes() != (second / name).read_bytes()
    ]
    assert changed == []


def search_hrefs(browser, base: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(f"{base}/vi/search/?q={query}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    page.close()
    return hrefs


@pytest.mark.browser
def test_exact_vietnamese_spelling_ranks_first_and_a_bare_query_finds_every_spelling(
    browser, reader_project
):
    folder = reader_project / "content" / "articles"
    # "cộng ước" is a near spelling that the sentence does not mean; it only has to rank lower.
    for slug, day, body in [
        ("marked", 11, "Công ước mới về an ninh mạng được ký hôm nay."),
        ("near", 12, "Cộng ước là một từ khác, viết gần giống, ở trang thứ hai hôm nay."),
    ]:
        for lang in ("en", "vi"):
            name = f"{slug}.vi.md" if lang == "vi" else f"{slug}.md"
            text = article(lang, slug, slug.title(), day, body)
            (folder / name).write_text(text, encoding="utf-8")
    build_site(reader_project / "pelicanconf.py", strict=True)
    both = {"/vi/articles/marked/", "/vi/articles/near/"}
    with serving(reader_project / "output") as base:
        exact = search_hrefs(browser, base, "Công ước")
        bare = search_hrefs(browser, base, "cong uoc")
    assert exact[0] == "/vi/articles/marked/"
    assert set(exact[:2]) == both
    assert set(bare[:2]) == both


def test_search_indexes_only_the_pages_that_opt_in_and_leaves_no_scratch(tmp_path):
    from newsdesk.site import search

    site = tmp_path / "output"
    body = "<p>{}</p>"
    pages = {
        "en/articles/signing/index.html": f"<article data-pagefind-body>{body.format('Hanoi signing')}</article>",
        "en/tag/hanoi/index.html": f"<main>{body.format('Listed zebras')}</main>",
    }
    for name, content in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(f'<!DOCTYPE html><html lang="en"><body>{content}</body></html>')
    search.write_search_index({}, {"languages": ["en"]}, [], site)
    fragments = " ".join(
        gzip.decompress(path.read_bytes()).decode("utf-8")
        for path in (site / "en" / "pagefind" / "fragment").glob("*")
    )
    assert "signing" in fragments and "zebras" not in fragments.lower()
    assert sorted(path.name for path in site.iterdir()) == ["en"]  # no scratch folder left


def test_search_folds_write_plain_the_words_with_letters_the_index_does_not_fold():
    from newsdesk.pelican.search_folds import folded_words

    html = "<h2>Đại hội đồng</h2><p>Được thông qua tại <em>Hà Nội</em>, đồng thời ĐẠI sứ.</p>"
    assert folded_words(html, {"đ": "d", "Đ": "D"}) == "dai dong duoc"
    assert folded_words(html, {}) == ""
    # Written as a character reference, đ is still a word of the text.
    assert folded_words("<p>&#273;&#7891;ng</p>", {"đ": "d", "Đ": "D"}) == "dong"
