"""Sized pictures of an article body, kept from the language's previous run while the body, the
settings and every picture it names are as they were."""

from __future__ import annotations

import os
import shutil

import pytest
from bs4 import BeautifulSoup

from newsdesk.errors import BuildError
from newsdesk.pelican import pictures as plugin
from newsdesk.site.build import build_site
from tests.pelican.sites import article, make_site, png, write

BODY = """\
A paragraph before the picture.

![A red box on a table]({static}/images/x/photo.png)

A paragraph after it.
"""
PAGE = "en/articles/a-picture/index.html"


def built(settings, tmp_path) -> str:
    build_site(settings, str(tmp_path / "output"), jobs=1, strict=True)
    return (tmp_path / "output" / PAGE).read_text(encoding="utf-8")


def size_shown(page: str) -> tuple[str, str] | None:
    """(width, height) of the body's sized picture, None when there is none."""
    img = BeautifulSoup(page, "html.parser").select_one("main picture img")
    return (img["width"], img["height"]) if img is not None else None


def test_an_unchanged_body_is_not_parsed_again(tmp_path, monkeypatch):
    settings = make_site(tmp_path, {"a.md": article(BODY)})
    write(tmp_path / "content" / "images" / "x" / "photo.png", png(40, 30))
    first = built(settings, tmp_path)
    assert size_shown(first) == ("40", "30")

    def parsed(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(plugin, "size_pictures", parsed)
    assert built(settings, tmp_path) == first


def test_a_picture_replaced_under_the_same_name_is_sized_again(tmp_path):
    settings = make_site(tmp_path, {"a.md": article(BODY)})
    picture = write(tmp_path / "content" / "images" / "x" / "photo.png", png(40, 30))
    assert size_shown(built(settings, tmp_path)) == ("40", "30")
    picture.write_bytes(png(60, 20))
    assert size_shown(built(settings, tmp_path)) == ("60", "20")


def test_a_picture_added_after_the_body_named_it_is_sized(tmp_path):
    settings = make_site(tmp_path, {"a.md": article(BODY)})
    write(tmp_path / "content" / "images" / "x" / "other.png", png())  # a static folder to find
    with pytest.raises(BuildError):  # a strict build stops on the missing picture
        built(settings, tmp_path)
    write(tmp_path / "content" / "images" / "x" / "photo.png", png(40, 30))
    assert size_shown(built(settings, tmp_path)) == ("40", "30")


def test_sizes_gone_from_the_pictures_cache_are_made_again(tmp_path):
    settings = make_site(tmp_path, {"a.md": article(BODY)})
    write(tmp_path / "content" / "images" / "x" / "photo.png", png(40, 30))
    first = built(settings, tmp_path)
    shutil.rmtree(tmp_path / "cache" / "pictures")
    os.makedirs(tmp_path / "cache" / "pictures")
    assert built(settings, tmp_path) == first
