"""Pictures in a small site that has one: sizes with WebP, lead pictures on cards, share images."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from newsdesk.errors import ProjectError
from newsdesk.site.build import build_site
from tests.conftest import serving
from tests.integration.test_fixture_build import article, project  # noqa: F401  (the fixture site)

LANGUAGES = ("en", "vi")
SITE_SETTINGS = runpy.run_path(str(Path(__file__).resolve().parents[2] / "pelicanconf.py"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def picture_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as picture:
        return picture.size


# The two pictures of the fixture's article and page: a captioned photo, then one lower down.
PICTURES = (
    "![Delegates in the hall]({static}/images/pictured/delegates.jpg)\n"
    "/// caption\nDelegates in the hall. (Photo: VNA)\n///\n\n" + "More text.\n\n" * 5
    + "![The hall]({static}/images/pictured/hall.png)\n"
)


@pytest.fixture
def pictured(project):  # noqa: F811
    """The fixture site with the real site's plugins and a 1600×900 photo in one article."""
    images = project / "content" / "images" / "pictured"
    images.mkdir(parents=True)
    photo = Image.new("RGB", (1600, 900))
    photo.putdata([(x % 256, (x * y) % 256, y % 256) for y in range(900) for x in range(1600)])
    photo.save(images / "delegates.jpg", quality=90)
    Image.new("RGB", (600, 400), "#336699").save(images / "hall.png")
    body = "Delegates met in Hanoi.\n\n" + PICTURES
    folder = project / "content" / "articles"
    for name, lang, title in [("pictured.md", "en", "Pictured news"), ("pictured.vi.md", "vi", "Tin có ảnh")]:
        header = article(lang, "pictured", title, 25, "").strip()
        (folder / name).write_text(f"{header}\n\n{body}", encoding="utf-8")
    settings = project / "pelicanconf.py"
    settings.write_text(
        settings.read_text()
        + 'PLUGINS = ["newsdesk.pelican.multilang", "newsdesk.pelican.pictures"]\n'
        + 'STATIC_PATHS = ["images"]\n'
        + 'MARKDOWN = {"extension_configs": {"markdown.extensions.meta": {}, '
        + '"markdown.extensions.extra": {}, "pymdownx.blocks.caption": {}}, "output_format": "html5"}\n'
        + f'PICTURES = {{"cache": {str(project / "picture-cache")!r}}}\n'
        # Dates as the site writes them, so that the screenshots show what readers get.
        + f'MULTILANG["date_formats"] = {SITE_SETTINGS["MULTILANG"]["date_formats"]!r}\n'
    )
    return project


def test_pictures_get_sizes_webp_dimensions_and_lazy_loading_below_the_first(pictured):
    build_site(pictured / "pelicanconf.py", strict=True)
    for lang in LANGUAGES:
        folder = pictured / "output" / lang
        page = soup(folder / "articles" / "pictured" / "index.html")
        first, second = page.select(".article-body picture")
        webp = first.select_one('source[type="image/webp"]')["srcset"]
        assert [entry.split()[1] for entry in webp.split(", ")] == ["480w", "800w", "1200w", "1600w"]
        img = first.img
        assert (img["width"], img["height"]) == ("1600", "900")
        assert img["alt"] == "Delegates in the hall"
        assert "loading" not in img.attrs  # the lead picture is above the fold
        assert second.img["loading"] == "lazy" and second.img["width"] == "600"
        assert first.find_parent("figure").figcaption.get_text(strip=True).endswith("(Photo: VNA)")
        for entry in webp.split(", ") + img["srcset"].split(", "):
            url = entry.split()[0]
            assert (pictured / "output" / url.lstrip("/")).is_file(), url
        with Image.open(folder / "images" / "pictured" / "delegates-800.webp") as sized:
            assert sized.size == (800, 450) and sized.format == "WEBP"


def test_lead_picture_on_cards_and_as_the_share_image(pictured):
    build_site(pictured / "pelicanconf.py", strict=True)
    folder = pictured / "output" / "vi"
    page = soup(folder / "articles" / "pictured" / "index.html")
    meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in page.select("meta[content]")}
    assert meta["og:image"] == "/vi/images/pictured/delegates.jpg"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:card"] == "summary_large_image"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1600", "900")
    card = soup(folder / "index.html").select_one(".card--lead")
    assert card.select_one(".card__title a")["href"] == "/vi/articles/pictured/"
    assert card.picture.img["width"] == "1600" and card.picture.select_one("source[type='image/webp']")


def test_an_article_without_a_picture_shares_a_card_made_for_it(pictured):
    build_site(pictured / "pelicanconf.py", strict=True)
    for lang in LANGUAGES:
        page = soup(pictured / "output" / lang / "articles" / "newer" / "index.html")
        url = page.select_one('meta[property="og:image"]')["content"]
        assert url == f"/{lang}/share/newer.jpg"
        assert picture_size(pictured / "output" / url.lstrip("/")) == (1200, 630)
    english = (pictured / "output" / "en" / "share" / "newer.jpg").read_bytes()
    assert english != (pictured / "output" / "vi" / "share" / "newer.jpg").read_bytes()


@pytest.fixture
def pictured_page(pictured):
    """The pictured site with a page (content/pages) holding the same two pictures."""
    body = "The press centre.\n\n" + PICTURES
    folder = pictured / "content" / "pages"
    for name, lang, title in [("press.md", "en", "Press centre"), ("press.vi.md", "vi", "Trung tâm báo chí")]:
        text = f"Title: {title}\nLang: {lang}\nSlug: press\n\n{body}"
        (folder / name).write_text(text, encoding="utf-8")
    return pictured


def test_a_page_gets_sized_pictures_and_shares_its_first(pictured_page):
    build_site(pictured_page / "pelicanconf.py", strict=True)
    for lang in LANGUAGES:
        output = pictured_page / "output"
        page = soup(output / lang / "pages" / "press.html")
        first, second = page.select("main picture")
        webp = first.select_one('source[type="image/webp"]')["srcset"]
        assert [entry.split()[1] for entry in webp.split(", ")] == ["480w", "800w", "1200w", "1600w"]
        assert (first.img["width"], first.img["height"]) == ("1600", "900")
        assert "loading" not in first.img.attrs and second.img["loading"] == "lazy"
        for entry in webp.split(", ") + first.img["srcset"].split(", "):
            assert (output / entry.split()[0].lstrip("/")).is_file(), entry
        meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in page.select("meta[content]")}
        assert meta["og:image"] == f"/{lang}/images/pictured/delegates.jpg"
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1600", "900")
        assert meta["twitter:card"] == "summary_large_image"


def test_a_rebuild_takes_the_sizes_from_the_cache(pictured):
    build_site(pictured / "pelicanconf.py", strict=True)
    cache = pictured / "picture-cache"
    made = {path: path.stat().st_mtime_ns for path in cache.rglob("*") if path.is_file()}
    assert any(path.suffix == ".webp" for path in made)
    build_site(pictured / "pelicanconf.py", strict=True)
    assert {path: path.stat().st_mtime_ns for path in cache.rglob("*") if path.is_file()} == made


def test_a_missing_font_is_named(pictured):
    settings = pictured / "pelicanconf.py"
    settings.write_text(settings.read_text() + 'PICTURES["bold_font"] = "/nowhere/NotoSans-Bold.ttf"\n')
    with pytest.raises(ProjectError, match=r"/nowhere/NotoSans-Bold\.ttf: font for share cards not found"):
        build_site(settings, strict=True)


@pytest.mark.browser
def test_article_with_a_picture_on_a_phone_and_a_desktop(browser, pictured, artifacts):
    build_site(pictured / "pelicanconf.py", strict=True)
    with serving(pictured / "output") as base:
        for name, size in {"phone": (390, 844), "desktop": (1280, 900)}.items():
            for lang in LANGUAGES:
                page = browser.new_page(viewport={"width": size[0], "height": size[1]})
                page.goto(f"{base}/{lang}/articles/pictured/")
                page.wait_for_load_state("networkidle")
                chosen = page.evaluate("document.querySelector('.article-body picture img').currentSrc")
                box = page.locator(".article-body picture img").first.bounding_box()
                overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
                caption = page.locator(".article-body figcaption").first.bounding_box()
                page.screenshot(path=str(artifacts / f"article-picture-{lang}-{name}.png"), full_page=True)
                page.close()
                assert chosen.endswith(".webp"), chosen
                assert abs(box["width"] / box["height"] - 16 / 9) < 0.02
                assert not overflow
                # The caption reads as the picture's: right under it, not a paragraph away.
                assert 0 <= caption["y"] - (box["y"] + box["height"]) <= 12, (lang, name, caption, box)


@pytest.mark.browser
def test_a_pages_picture_fits_a_phone(browser, pictured_page, artifacts):
    build_site(pictured_page / "pelicanconf.py", strict=True)
    with serving(pictured_page / "output") as base:
        for lang in LANGUAGES:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"{base}/{lang}/pages/press.html")
            page.wait_for_load_state("networkidle")
            chosen = page.evaluate("document.querySelector('main picture img').currentSrc")
            box = page.locator("main picture img").first.bounding_box()
            overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            page.screenshot(path=str(artifacts / f"page-picture-{lang}-phone.png"), full_page=True)
            page.close()
            assert chosen.endswith(".webp"), chosen
            assert box["width"] <= 390 and abs(box["width"] / box["height"] - 16 / 9) < 0.02
            assert not overflow
