"""Pictures at build time: sizes for ``srcset`` with a WebP beside each, and share cards, cached.

Each picture's sizes are made once (Pillow) into a cache folder named by a digest of the
picture's bytes and of what is asked of it, then copied into every build that shows it; a
rebuild, or the other language's run, copies instead of resizing. Files are written to a
temporary name and renamed, so that runs in parallel never see half a file.

The cache is pruned after every build (:func:`prune`): what no output folder links to and no
build has made or copied for ``KEEP_SECONDS`` is removed, so that edited titles and replaced
pictures do not leave their old cards and sizes behind for good.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from newsdesk.content.render_cache import mark_used
from newsdesk.errors import ConfigError, ContentError

logger = logging.getLogger(__name__)

RECIPE = 3  # bump when the way sizes or cards are made changes: the cache is then made again
RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
SAVE_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}
CARD_SIZE = (1200, 630)
# A cached file nothing links to is removed this long after it was made or last copied out.
KEEP_SECONDS = 7 * 24 * 3600
CARDS = "cards"  # the cache's folder of share cards (the other folders hold one picture's sizes)
# What the cache's entries are named (``_digest``), and the work names of a build making one: a
# folder or file named otherwise is not the cache's, and ``prune`` leaves it alone.
ENTRY_NAME = re.compile(r"\.?[0-9a-f]{32}(\.[0-9]+)?")


class PictureError(ContentError):
    """A picture cannot be read or sized."""


class FontError(ConfigError):
    """The share cards' font is missing or unreadable."""


@dataclass(frozen=True)
class Size:
    name: str  # file name beside the original, e.g. "photo-480.webp"
    width: int
    height: int
    kind: str  # "image/webp", or the original's type


@dataclass(frozen=True)
class Sizes:
    width: int  # of the original
    height: int
    kind: str  # the original's type, e.g. "image/jpeg"
    sizes: tuple[Size, ...]  # every width asked for below the original's, in both formats

    def of_kind(self, kind: str) -> tuple[Size, ...]:
        return tuple(size for size in self.sizes if size.kind == kind)


def _digest(*parts) -> str:
    hasher = hashlib.sha256(json.dumps([RECIPE, *parts[1:]], sort_keys=True).encode())
    hasher.update(parts[0])
    return hasher.hexdigest()[:32]


def _commit(folder: Path, target: Path) -> None:
    """Rename a finished temporary folder into the cache; another run may have been first."""
    try:
        os.rename(folder, target)
    except OSError:
        if not target.is_dir():
            raise
        shutil.rmtree(folder, ignore_errors=True)


def _mime(fmt: str) -> str:
    return f"image/{fmt.lower()}"


def make_sizes(source: Path, widths: tuple[int, ...], cache: Path) -> tuple[Sizes, Path]:
    """The picture's sizes, made in ``cache`` unless they already are: (sizes, their folder)."""
    fmt = RASTER.get(source.suffix.lower())
    if fmt is None:
        raise PictureError(f"not a picture the build can size ({', '.join(RASTER)})", source)
    data = source.read_bytes()
    folder = cache / _digest(data, source.name, sorted(widths))
    record = folder / "sizes.json"
    if record.is_file():
        saved = json.loads(record.read_text(encoding="utf-8"))
        sizes = tuple(Size(**size) for size in saved.pop("sizes"))
        return Sizes(sizes=sizes, **saved), folder
    try:
        with Image.open(source) as opened:
            opened.load()
            picture = opened.copy()
    except (OSError, ValueError) as error:
        raise PictureError(f"cannot be read as a picture: {error}", source) from error
    cache.mkdir(parents=True, exist_ok=True)
    work = Path(cache / f".{folder.name}.{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    made = []
    for width in sorted({w for w in widths if w < picture.width} | {picture.width}):
        height = round(picture.height * width / picture.width)
        resized = picture if width == picture.width else picture.resize((width, height), Image.LANCZOS)
        for out_fmt in dict.fromkeys((fmt, "WEBP")):
            if out_fmt == fmt and width == picture.width:
                continue  # the original itself is published as it is
            image = resized.convert("RGB") if out_fmt == "JPEG" and resized.mode != "RGB" else resized
            suffix = ".jpg" if out_fmt == "JPEG" else f".{out_fmt.lower()}"
            name = f"{source.stem}-{width}{suffix}"
            image.save(work / name, out_fmt, **SAVE_OPTIONS[out_fmt])
            made.append(Size(name, width, height, _mime(out_fmt)))
    sizes = Sizes(picture.width, picture.height, _mime(fmt), tuple(made))
    record_data = {
        "width": sizes.width, "height": sizes.height, "kind": sizes.kind,
        "sizes": [size.__dict__ for size in made],
    }  # fmt: skip
    (work / "sizes.json").write_text(json.dumps(record_data, sort_keys=True), encoding="utf-8")
    _commit(work, folder)
    logger.debug("pictures: sized %s", source)
    return sizes, folder


def publish(folder: Path, names: list[tuple[str, str]], target: Path) -> None:
    """Put cached files (name in the cache, name in the output) into an output folder, as hard
    links where the disk allows. A file published already (the cached file itself, linked by
    an earlier build) is left as it is: a rebuild publishes every article's pictures again."""
    pending = []
    for name, published in names:
        try:
            if os.path.samefile(folder / name, target / published):
                continue
        except OSError:
            pass
        pending.append((name, published))
    if not pending:
        return
    target.mkdir(parents=True, exist_ok=True)
    for name, published in pending:
        destination = target / published
        if destination.exists():
            destination.unlink()
        try:
            os.link(folder / name, destination)
        except OSError:  # another disk, or one without links: a copy, which ``prune`` cannot see
            shutil.copyfile(folder / name, destination)
            mark_used(folder / name)


def _unused(entry: os.DirEntry, oldest: float) -> bool:
    """Whether a cached file is linked from no output folder and older than ``oldest``."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False  # gone already, or removed by another build as this one looks
    return entry.is_file(follow_symlinks=False) and info.st_nlink <= 1 and info.st_mtime < oldest


def _named_as_entry(name: str, suffix: str = "") -> bool:
    return name.endswith(suffix) and ENTRY_NAME.fullmatch(name[: len(name) - len(suffix)]) is not None


def _folders(cache: Path) -> list[os.DirEntry]:
    """The cache's folders (not links to folders), none when there is no cache yet."""
    try:
        with os.scandir(cache) as entries:
            return sorted((e for e in entries if e.is_dir(follow_symlinks=False)), key=lambda e: e.name)
    except OSError:
        return []


def prune(cache: Path) -> int:
    """Remove the cached sizes and cards no build uses: no output folder links to them and no
    build made or copied them for ``KEEP_SECONDS``; and the work files of builds stopped that
    long ago. A folder of sizes goes whole, when every file in it is unused. Returns the number
    of cards and folders removed.

    Published files are hard links to the cached ones, so a file every output folder (the live
    and the standby one, of every site sharing the cache) has let go of has one link left.
    """
    oldest = time.time() - KEEP_SECONDS
    removed = 0
    for folder in _folders(cache):
        try:
            with os.scandir(folder.path) as scanned:
                entries = list(scanned)
            if folder.name == CARDS:
                for card in entries:
                    if _named_as_entry(card.name, CARD_SUFFIX) and _unused(card, oldest):
                        os.unlink(card.path)
                        removed += 1
            # A folder of sizes, by its own time too: when it was made (its link count says
            # nothing, a folder always has several).
            elif (
                _named_as_entry(folder.name)
                and folder.stat().st_mtime < oldest
                and all(_unused(entry, oldest) for entry in entries)
            ):
                shutil.rmtree(folder.path)
                removed += 1
        except OSError as error:  # another build removing it too, or a folder the build cannot read
            logger.debug("pictures: cache entry %s left as it is: %s", folder.path, error)
    return removed


def load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """The font at ``size``, read once per process while the file is unchanged."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is None or not path.is_file():
        raise FontError(
            "font for share cards not found (install fonts-noto-core, or name another font "
            "in PICTURES['font'] / PICTURES['bold_font'])",
            path,
        )
    return _font(str(path), size, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _font(path: str, size: int, mtime: int, length: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(path, size)
    except OSError as error:
        raise FontError(f"font for share cards cannot be read: {error}", Path(path)) from error


def _font_stamp(path: Path) -> list:
    """What names a font's version in a card's cache key: its path, size and modification time."""
    try:
        stat = path.stat()
    except OSError:
        return [str(path)]
    return [str(path), stat.st_size, stat.st_mtime_ns]


def font_stamps(fonts: tuple[Path, Path]) -> tuple[list, list]:
    """The stamps of a card's two fonts, as ``share_card`` puts them in each card's key."""
    return _font_stamp(fonts[0]), _font_stamp(fonts[1])


def _wrap(text: str, font, width: int) -> list[str]:
    """The words of ``text`` in lines no wider than ``width``, measured as ``_draw_line``
    places them: each word's advance, and a space between words."""
    space = _advance(font, " ")
    lines: list[str] = []
    used = 0.0
    for word in text.split():
        advance = _advance(font, word)
        if lines and used + space + advance <= width:
            lines[-1] = f"{lines[-1]} {word}"
            used += space + advance
        else:
            lines.append(word)
            used = advance
    return lines


# Words drawn once per font and kept, most recently used last: titles share most of their
# words (a Vietnamese syllable is a word), and drawing a word costs ten times pasting it.
_WORDS: OrderedDict = OrderedDict()
WORDS_KEPT = 1024


def _word(font: ImageFont.FreeTypeFont, word: str) -> tuple[Image.Image, tuple[int, int], float]:
    """The word as a mask, where its box starts from the pen, and how far it moves the pen."""
    key = (font.path, font.size, word)
    found = _WORDS.get(key)
    if found is not None:
        _WORDS.move_to_end(key)
        return found
    left, top, right, bottom = font.getbbox(word)
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), word, font=font, fill=255)
    found = (mask, (left, top), _advance(font, word))
    _WORDS[key] = found
    if len(_WORDS) > WORDS_KEPT:
        _WORDS.popitem(last=False)
    return found


# How far each word moves the pen, per font: a title is wrapped at each size it is tried at,
# and drawn at one.
_ADVANCES: OrderedDict = OrderedDict()
ADVANCES_KEPT = 8192


def _advance(font: ImageFont.FreeTypeFont, word: str) -> float:
    key = (font.path, font.size, word)
    found = _ADVANCES.get(key)
    if found is None:
        found = _ADVANCES[key] = font.getlength(word)
        if len(_ADVANCES) > ADVANCES_KEPT:
            _ADVANCES.popitem(last=False)
    else:
        _ADVANCES.move_to_end(key)
    return found


def _draw_line(image: Image.Image, xy: tuple[int, int], line: str, font, fill: str) -> None:
    """Draw a line of words separated by single spaces, as ``ImageDraw.text`` would."""
    x, y = xy
    space = _advance(font, " ")
    for word in line.split(" "):
        mask, (left, top), advance = _word(font, word)
        image.paste(fill, (round(x + left), y + top), mask)
        x += advance + space


CARD_MARGIN = 72
CARD_RECIPE = 2  # bump when the way a card is drawn changes (RECIPE covers the pictures too)
CARD_SUFFIX = ".jpg"
# JPEG: a card is text on a plain ground, which PNG compresses no better at ten times the cost.
CARD_SAVE = {"quality": 85, "subsampling": 2}  # 4:2:0: the colours are flat, the type large


@functools.lru_cache(maxsize=8)
def _card_ground(site: str, bold: Path, accent: str, stamp: tuple) -> Image.Image:
    """What every card of a site shares: the white ground, the accent bar and the site's name
    (``stamp``, the font's, makes a changed font draw it again)."""
    width, _height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 18), fill=accent)
    draw.text((CARD_MARGIN, 70), site, font=load_font(bold, 36), fill=accent)
    return image


def share_card(
    title: str, site: str, when: str, fonts: tuple[Path, Path], colours: tuple[str, str],
    cache: Path, stamps: tuple[list, list] | None = None,
) -> tuple[Path, str]:  # fmt: skip
    """A 1200×630 JPEG with the title, the site's name and the date: (cached folder, file name).

    Each card is one file in ``cache``, named by what it shows (a folder of its own would cost a
    folder's creation for each card, which on some disks costs as much as drawing it).
    ``stamps``: the fonts' ``font_stamps``, read once for many cards."""
    regular, bold = fonts
    regular_stamp, bold_stamp = stamps or font_stamps(fonts)
    key = _digest(b"", CARD_RECIPE, title, site, when, regular_stamp, bold_stamp, colours)
    name = f"{key}{CARD_SUFFIX}"
    if (cache / name).is_file():
        return cache, name
    ink, accent = colours
    width, height = CARD_SIZE
    image = _card_ground(site, bold, accent, tuple(bold_stamp)).copy()
    for size in (64, 56, 48, 42):  # the largest type that keeps the title to five lines
        font = load_font(bold, size)
        lines = _wrap(title, font, width - 2 * CARD_MARGIN)
        if len(lines) <= 5:
            break
    y = 150
    for line in lines[:5]:
        _draw_line(image, (CARD_MARGIN, y), line, font, ink)
        y += round(size * 1.25)
    # The date's words too are drawn once: a site's cards share its days, months and years.
    _draw_line(image, (CARD_MARGIN, height - 90), " ".join(when.split()), load_font(regular, 34), "#4a4a4a")
    cache.mkdir(parents=True, exist_ok=True)
    work = cache / f".{key}.{os.getpid()}{CARD_SUFFIX}"
    image.save(work, "JPEG", **CARD_SAVE)
    os.replace(work, cache / name)  # another run may have been first: the same bytes
    return cache, name
