"""An article with a picture: the strict build passes, and the picture shows on every
language's page and on both side-by-side views."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup

from newsdesk.site.build import build_site
from tests.pelican.sites import article, make_site, png, write

BODY = """\
A paragraph before the picture.

![A red box on a table]({static}/images/x/photo.png)

A paragraph after it.
"""


def pictures(output, page: str) -> list[str]:
    """The addresses of the pictures in the article body of a built page, as site paths."""
    soup = BeautifulSoup((output / page).read_text(encoding="utf-8"), "html.parser")
    base = "/" + page
    return [urljoin(base, img["src"]) for img in soup.select("main img")]


def test_picture_on_every_page_and_view(tmp_path):
    settings = make_site(tmp_path, {"a.md": article(BODY)})
    write(tmp_path / "content" / "images" / "x" / "photo.png", png())
    build_site(settings, str(tmp_path / "output"), strict=True)
    output = tmp_path / "output"
    for lang in ("en", "vi"):
        for page in ("articles/a-picture/index.html", "articles/a-picture/parallel/index.html"):
            found = pictures(output, f"{lang}/{page}")
            assert found, f"no picture on {lang}/{page}"
            for src in found:
                assert "{static}" not in src, (lang, page, src)
                assert (output / src.lstrip("/")).read_bytes() == png(), (lang, page, src)


def test_check_passes_on_an_article_with_a_picture(tmp_path, capsys):
    from newsdesk import cli

    settings = make_site(tmp_path, {"a.md": article(BODY)})
    write(tmp_path / "content" / "images" / "x" / "photo.png", png())
    status = cli.main(["check", "-s", str(settings), "--skip", "coverage"])
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [] or all(
        line.startswith(("Done:", "and ")) for line in captured.out.splitlines()
    ), captured.out
    assert status == 0
    assert "html: ok" in captured.err


def test_pictures_are_cached_in_the_cache_folder_the_settings_name(tmp_path, monkeypatch):
    settings = make_site(tmp_path / "site", {"a.md": article(BODY)})
    write(tmp_path / "site" / "content" / "images" / "x" / "photo.png", png())
    elsewhere = tmp_path / "elsewhere"
    with settings.open("a", encoding="utf-8") as file:
        file.write(f"\nCACHE_PATH = {str(elsewhere)!r}\n")
    monkeypatch.chdir(tmp_path / "site")
    build_site(settings, strict=True)
    assert not (tmp_path / "site" / "cache").exists()
    cached = elsewhere / "pictures"
    assert any(cached.rglob("*.webp"))
