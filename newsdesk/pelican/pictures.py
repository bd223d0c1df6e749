"""Pelican plugin: pictures in sizes (srcset, WebP beside the original), lead pictures, share images.

Every local picture of an article's or a page's body becomes a ``<picture>``: a WebP ``srcset``, the
original's format as the fallback ``srcset``, explicit width and height, lazy loading after
the first. The first one is the article's lead picture, which cards and the front page show.
Every article gets a share image (``og:image``): its lead picture, else a share card with its
title, the site's name and its date in the run's language. A page with a picture shares its
first; one without keeps the site's share image. Sizes and cards are made by
``newsdesk.site.pictures`` into a cache shared by every run, and copied into the output.

Attributes set on each article and page, for the theme:
  ``lead_picture``  dict(src, srcset, webp_srcset, width, height, alt) or None
  ``share_image``   dict(url, width, height, alt) (on a page only when it has a picture)
"""

from __future__ import annotations

import contextlib
import json
import logging
import posixpath
from html import escape
from pathlib import Path

from babel import Locale
from bs4 import BeautifulSoup
from pelican import signals

from newsdesk.content.render_cache import RunResults, entry_key, run_results
from newsdesk.content.stamps import status
from newsdesk.convention.section import replace_content
from newsdesk.errors import ConfigError
from newsdesk.project import plugin_settings
from newsdesk.site import languages, pictures
from newsdesk.site.atomic import folder_record

logger = logging.getLogger(__name__)

SETTINGS_KEY = "PICTURES"
FONTS = Path("/usr/share/fonts/truetype/noto")
DEFAULTS = {
    "widths": (480, 800, 1200),  # sizes made below each picture's own width
    "cache": None,  # a folder every run shares; default: CACHE_PATH/pictures (the build sets it)
    "font": str(FONTS / "NotoSans-Regular.ttf"),  # share cards: the date
    "bold_font": str(FONTS / "NotoSans-Bold.ttf"),  # share cards: the title and site name
    "colours": ("#1a1a1a", "#0b4f8a"),  # share cards: ink, accent
    "share_cards": "share/{slug}.jpg",  # where an article's card goes in its language's folder
    "body_sizes": "(max-width: 44rem) calc(100vw - 2rem), 42rem",
}


class PicturesConfigError(ConfigError):
    """The PICTURES settings are wrong."""


def read_config(settings: dict) -> dict:
    """Return the PICTURES settings with defaults filled in; reject unknown keys."""
    config = plugin_settings(
        settings, SETTINGS_KEY, DEFAULTS, PicturesConfigError, paths=("cache", "font", "bold_font")
    )
    if config["cache"] is None:
        config["cache"] = str(Path(settings.get("CACHE_PATH", "cache")) / "pictures")
    return config


STATIC_MARKS = ("{static}", "%7Bstatic%7D", "{filename}", "%7Bfilename%7D")


def local_file(
    src: str, site_url: str, settings: dict, looked_at: list[str] | None = None
) -> tuple[Path, str] | None:
    """The content file and output path of a picture of this site (``{static}/images/...``, as
    Markdown leaves it until Pelican renders the page, or already under SITEURL), else None.
    ``looked_at`` gets each file whose presence the answer depends on."""
    mark = next((mark for mark in STATIC_MARKS if src.startswith(mark + "/")), None)
    prefix = site_url.rstrip("/") + "/"
    if mark:
        relative = src[len(mark) + 1 :]
    elif src.startswith(prefix):
        relative = src[len(prefix) :]
    else:
        return None
    relative = posixpath.normpath(relative)
    if relative.startswith("..") or not any(
        relative.startswith(folder.rstrip("/") + "/") for folder in settings.get("STATIC_PATHS", ())
    ):
        return None
    path = Path(settings["PATH"]) / relative
    if path.suffix.lower() not in pictures.RASTER:
        return None
    if looked_at is not None:
        looked_at.append(str(path))
    if not path.is_file():
        return None
    return path, relative


def srcset(base_url: str, sizes: tuple[pictures.Size, ...], original: tuple[str, int] | None = None) -> str:
    entries = [(posixpath.join(base_url, size.name), size.width) for size in sizes]
    if original:
        entries.append(original)
    return ", ".join(f"{url} {width}w" for url, width in sorted(entries, key=lambda e: e[1]))


def picture_markup(picture: dict, sizes: str, lazy: bool) -> str:
    """A ``<picture>`` for one sized picture: WebP first, the original's format as fallback."""
    loading = ' loading="lazy"' if lazy else ""
    return (
        f'<picture><source type="image/webp" srcset="{escape(picture["webp_srcset"])}" '
        f'sizes="{escape(sizes)}"><img src="{escape(picture["src"])}" '
        f'srcset="{escape(picture["srcset"])}" sizes="{escape(sizes)}" '
        f'width="{picture["width"]}" height="{picture["height"]}" alt="{escape(picture["alt"])}"'
        f'{loading} decoding="async"></picture>'
    )


def size_pictures(
    article, config: dict, settings: dict, site_url: str, looked_at: list[str] | None = None
) -> list[tuple]:
    """Turn the article's local pictures into sized ``<picture>``s; return the files to publish.
    ``looked_at`` gets every picture file the result depends on."""
    files = []
    lead = None
    soup = BeautifulSoup(article._content, "html.parser") if "<img" in article._content.lower() else None
    cache = Path(config["cache"])
    for img in soup.find_all("img") if soup is not None else ():
        found = local_file(img.get("src", ""), site_url, settings, looked_at)
        if found is None or img.find_parent("picture"):
            continue
        path, relative = found
        sized, folder = pictures.make_sizes(path, tuple(config["widths"]), cache)
        url = f"{site_url}/{relative}"
        base = posixpath.dirname(url)
        picture = {
            "src": url,
            "width": sized.width,
            "height": sized.height,
            "alt": img.get("alt", ""),
            "webp_srcset": srcset(base, sized.of_kind("image/webp")),
            "srcset": srcset(base, sized.of_kind(sized.kind), (url, sized.width)),
        }
        markup = picture_markup(picture, config["body_sizes"], lazy=lead is not None)
        img.replace_with(BeautifulSoup(markup, "html.parser"))
        names = [(size.name, size.name) for size in sized.sizes]
        files.append((folder, names, posixpath.dirname(relative)))
        if lead is None:
            lead = picture
    if files:
        replace_content(article, str(soup))
    set_lead_picture(article, lead)
    return files


def set_lead_picture(article, lead: dict | None) -> None:
    article.lead_picture = lead
    # Listing pages are digested by their scalar metadata: a new lead picture re-renders them.
    article.metadata["lead_picture"] = (
        f"{lead['src']} {lead['width']}x{lead['height']} {lead['alt']}" if lead else ""
    )


PICTURES_FILE = "body-pictures.pickle"  # in the run's CACHE_PATH


def file_status(path: str) -> tuple[int, ...] | None:
    """What tells a file changed (newsdesk/content/stamps.py); None: no file."""
    try:
        return status(Path(path))
    except OSError:
        return None


def picture_inputs(config: dict, settings: dict) -> str:
    """The settings ``size_pictures`` reads, as part of each article's key in ``kept_pictures``."""
    return json.dumps([config, settings.get("STATIC_PATHS"), settings["PATH"]], sort_keys=True, default=str)


def kept_pictures(
    article, config: dict, settings: dict, site_url: str, kept: RunResults, inputs: str | None = None
) -> list[tuple]:
    """``size_pictures``, taken from the language's previous run while the body, the settings it
    reads and every picture file it depends on are as they were (parsing each body was most of
    a rebuild's time for articles with pictures). The changed body is kept as UTF-8 bytes: CPython
    keeps a text's UTF-8 form beside it once pickle has written it. ``inputs``: the run's
    ``picture_inputs``, made once for all its articles."""
    if inputs is None:
        inputs = picture_inputs(config, settings)
    key = entry_key("body-pictures", inputs, site_url, article._content)

    computed = []

    def compute():
        computed.append(True)
        looked_at: list[str] = []
        before = article._content
        files = size_pictures(article, config, settings, site_url, looked_at)
        html = None if article._content is before else article._content.encode()
        statuses = [(path, file_status(path)) for path in looked_at]
        return html, files, article.lead_picture, statuses

    def still_valid(value) -> bool:
        _html, files, _lead, statuses = value
        return all(file_status(path) == status for path, status in statuses) and all(
            (Path(folder) / name).is_file() for folder, names, _target in files for name, _ in names
        )

    html, files, lead, _statuses = kept.get_or_compute(key, compute, still_valid)
    if not computed:  # taken from the previous run: give the article what size_pictures gave it
        if html is not None:
            replace_content(article, html.decode())
        set_lead_picture(article, lead)
    return [(folder, list(names), target) for folder, names, target in files]


def lead_share_image(lead: dict) -> dict:
    return {"url": lead["src"], "width": lead["width"], "height": lead["height"], "alt": lead["alt"]}


def run_pages(generators) -> list:
    """Every page of the run (listed, hidden and draft), from the pages generator."""
    found = []
    for generator in generators:
        if hasattr(generator, "hidden_pages"):
            for name in ("pages", "hidden_pages", "draft_pages"):
                found.extend(getattr(generator, name, None) or ())
    return found


def add_page_pictures(pages: list, config: dict, settings: dict, site_url: str) -> None:
    """Pages get the articles' sized pictures; one with a picture shares it (a page without one
    keeps the site's own share image: cards are made for dated articles)."""
    for page in pages:
        page.picture_files = size_pictures(page, config, settings, site_url)
        if page.lead_picture:
            page.share_image = lead_share_image(page.lead_picture)


def plain_text(html: str) -> str:
    """The text of a title in HTML (most have neither a tag nor an entity, and are their text)."""
    if "<" not in html and "&" not in html:
        return html
    return BeautifulSoup(html, "html.parser").get_text()


def add_pictures(generators) -> None:
    articles_generator = next((g for g in generators if hasattr(g, "dates")), None)
    if articles_generator is None:
        return
    settings = articles_generator.settings
    config = read_config(settings)
    site_url = settings.get("SITEURL", "")
    add_page_pictures(run_pages(generators), config, settings, site_url)
    multilang = languages.run_config(settings)
    code = (multilang or {}).get("language") or settings["DEFAULT_LANG"]
    locale = Locale.parse(code)
    site_name = articles_generator.context.get("SITENAME", settings.get("SITENAME", ""))
    fonts = (Path(config["font"]), Path(config["bold_font"]))
    cards = Path(config["cache"]) / pictures.CARDS
    kept = run_results(settings, PICTURES_FILE)
    inputs = picture_inputs(config, settings)
    stamps = pictures.font_stamps(fonts)  # read once for all the run's cards
    for article in articles_generator.articles:
        files = kept_pictures(article, config, settings, site_url, kept, inputs)
        lead = article.lead_picture
        if lead:
            article.share_image = lead_share_image(lead)
        else:
            pattern = languages.date_pattern(multilang, code, "article") if multilang else "long"
            when = languages.localdate(article.date, locale, pattern)
            title = plain_text(article.title)
            folder, name = pictures.share_card(
                title, site_name, when, fonts, tuple(config["colours"]), cards, stamps
            )
            target = config["share_cards"].format(slug=article.slug)
            files.append((folder, [(name, posixpath.basename(target))], posixpath.dirname(target)))
            width, height = pictures.CARD_SIZE
            article.share_image = {"url": f"{site_url}/{target}", "width": width,
                                   "height": height, "alt": title}  # fmt: skip
        article.picture_files = files
    kept.save()


def published_record(settings: dict, output: Path) -> Path:
    """Where the run's cache keeps what this plugin put into an output folder: named by the
    folder's inode, which the swap of live and standby folders keeps."""
    return folder_record(Path(settings.get("CACHE_PATH", "cache")), output, "pictures", ".json")


def publish_pictures(generator, writer) -> None:
    """After the articles are written: put the sizes and cards of articles and pages (the
    context holds every page by now) into the run's output, and remove those an earlier build
    put there that nothing has now (a removed article's card)."""
    output = Path(writer.output_path)
    produced = set()
    context = generator.context
    pages = [*context.get("pages", ()), *context.get("hidden_pages", ()), *context.get("draft_pages", ())]
    for item in [*generator.articles, *pages]:
        for folder, names, target in getattr(item, "picture_files", ()):
            pictures.publish(folder, names, output / target)
            produced.update(posixpath.join(target, published) for _name, published in names)
    record = published_record(generator.settings, output)
    if record.is_file():
        for relative in sorted(set(json.loads(record.read_text(encoding="utf-8"))) - produced):
            with contextlib.suppress(OSError):
                (output / relative).unlink()
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(sorted(produced)), encoding="utf-8")


def check_settings(pelican) -> None:
    read_config(pelican.settings)


def register() -> None:
    handlers = {
        signals.initialized: check_settings,
        signals.all_generators_finalized: add_pictures,
        signals.article_writer_finalized: publish_pictures,
    }
    for signal, handler in handlers.items():
        signal.connect(handler)
