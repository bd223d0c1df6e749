"""Static files the build copies are regular files inside the content tree: a link under
content/images (to /proc/self/environ, to /etc) is never published."""

from __future__ import annotations

import os

import pytest

from newsdesk.errors import BuildError
from newsdesk.site.build import build_site
from tests.pelican.sites import article, make_site, png, write


@pytest.mark.parametrize(
    ("name", "target"),
    [
        pytest.param("env.txt", "/proc/self/environ", id="link-to-environ"),
        pytest.param("etc", "/etc", id="link-to-a-folder"),
        pytest.param("copy.png", "x/photo.png", id="link-inside-the-tree"),
    ],
)
def test_a_link_under_images_is_not_published(tmp_path, name, target):
    settings = make_site(tmp_path, {"a.md": article()})
    write(tmp_path / "content" / "images" / "x" / "photo.png", png())
    os.symlink(target, tmp_path / "content" / "images" / name)
    with pytest.raises(BuildError) as raised:
        build_site(settings, str(tmp_path / "output"))
    assert f"images/{name}" in str(raised.value)
    assert not (tmp_path / "output").exists()
    standby = tmp_path / ".output-standby"
    published = [p for p in standby.rglob("*") if name in p.parts] if standby.exists() else []
    assert published == []


def test_regular_pictures_are_published(tmp_path):
    settings = make_site(tmp_path, {"a.md": article()})
    write(tmp_path / "content" / "images" / "x" / "photo.png", png())
    build_site(settings, str(tmp_path / "output"), strict=True)
    assert (tmp_path / "output" / "en" / "images" / "x" / "photo.png").read_bytes() == png()
