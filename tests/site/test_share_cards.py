"""Share cards: a title reads the same whatever cards were made before it in the process."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from newsdesk.pelican.pictures import DEFAULTS
from newsdesk.site import pictures

FONTS = (Path(DEFAULTS["font"]), Path(DEFAULTS["bold_font"]))
COLOURS = tuple(DEFAULTS["colours"])
TITLE = "Việt Nam và Liên hợp quốc tổ chức Lễ mở ký Công ước Hà Nội"

pytestmark = pytest.mark.skipif(not FONTS[1].is_file(), reason="fonts-noto-core is not installed")


def card(title: str, cache: Path) -> Image.Image:
    folder, name = pictures.share_card(title, "Ban biên tập", "Thứ Bảy, 25/10/2025", FONTS, COLOURS, cache)
    with Image.open(folder / name) as picture:
        return picture.convert("L")


def test_a_card_made_after_others_is_the_card_made_first(tmp_path, monkeypatch):
    monkeypatch.setattr(pictures, "_WORDS", type(pictures._WORDS)())
    first = card(TITLE, tmp_path / "first")
    long = " ".join([TITLE] * 3)  # a smaller type: the same words at another size
    for title in (long, "Hà Nội", "Liên hợp quốc và Việt Nam"):
        card(title, tmp_path / "others")
    assert ImageChops.difference(first, card(TITLE, tmp_path / "again")).getbbox() is None


def wrapped(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """The lines the font's own measure of each trial line gives."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def looks_alike(made: Image.Image, expected: Image.Image, box: tuple[int, int, int, int]) -> bool:
    """Seen at a quarter of its size, JPEG's blur and a word placed a pixel aside fade; a
    missing or misplaced letter does not."""
    quarter = ((box[2] - box[0]) // 4, (box[3] - box[1]) // 4)
    shrunk = [image.crop(box).resize(quarter, Image.Resampling.BOX) for image in (made, expected)]
    return ImageChops.difference(*shrunk).getextrema()[1] < 96


@pytest.mark.parametrize("title", [TITLE, " ".join([TITLE] * 2), "Hanoi Convention: a treaty of 71 articles"])
def test_the_title_is_drawn_where_and_as_the_font_draws_it(tmp_path, title):
    made = card(title, tmp_path)
    expected = Image.new("L", pictures.CARD_SIZE, 255)
    font = pictures.load_font(FONTS[1], 64)
    draw = ImageDraw.Draw(expected)
    lines = wrapped(draw, title, font, pictures.CARD_SIZE[0] - 2 * pictures.CARD_MARGIN)
    assert len(lines) <= 5
    for number, line in enumerate(lines):
        draw.text((pictures.CARD_MARGIN, 150 + number * 80), line, font=font, fill=0x1A)  # the ink
    assert looks_alike(made, expected, (0, 150, pictures.CARD_SIZE[0], 150 + 80 * len(lines)))


def test_the_date_is_drawn_where_and_as_the_font_draws_it(tmp_path):
    made = card(TITLE, tmp_path)
    expected = Image.new("L", pictures.CARD_SIZE, 255)
    top = pictures.CARD_SIZE[1] - 90
    font = pictures.load_font(FONTS[0], 34)
    ImageDraw.Draw(expected).text((pictures.CARD_MARGIN, top), "Thứ Bảy, 25/10/2025", font=font, fill=0x4A)
    assert looks_alike(made, expected, (0, top, pictures.CARD_SIZE[0], top + 48))
    blank = Image.new("L", pictures.CARD_SIZE, 255)
    assert not looks_alike(made, blank, (0, top, pictures.CARD_SIZE[0], top + 48))


@pytest.mark.parametrize(
    "title",
    ["Hà Nội: lễ mở ký Công ước", "A &amp; B", "<em>Hanoi</em> Convention", "5 > 3 &lt; 4", "x\r\ny"],
)
def test_a_card_shows_the_text_of_its_title_markup_and_entities_resolved(title):
    from bs4 import BeautifulSoup

    from newsdesk.pelican.pictures import plain_text

    assert plain_text(title) == BeautifulSoup(title, "html.parser").get_text()
    assert "<" not in plain_text(title).replace("5 > 3 < 4", "")
