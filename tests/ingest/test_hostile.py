"""Hostile and careless sources: nothing they hold reaches the header raw, nothing ends a batch."""

from __future__ import annotations

import os
import shutil
import struct
import zlib

import pytest

from tests.ingest.conftest import FIXTURES, SEEDS, body, header, only_article

SEED_WITH_DATE = SEEDS / "002_1fbe4b0bd141bb0e.txt"

PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the report says that the delegates met in Hanoi to sign the "
    f"Convention against Cybercrime and discussed how to share electronic evidence.</p>"
    for n in range(1, 5)
)


def page(
    head: str = '<meta property="og:site_name" content="Daily Example">',
    article: str = PARAGRAPHS,
    title: str = "Delegates sign the Convention",
) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{title}</title>"
        '<meta property="article:published_time" content="2025-10-25T09:15:00+07:00">'
        f"{head}</head><body><article><h1>{title}</h1>{article}</article></body></html>\n"
    )


def png(width: int = 40, height: int = 30) -> bytes:
    """A valid PNG file of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * (width * 3) for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# --- header injection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(
            '<meta property="og:site_name" content="Daily&#10;&#10;<script>alert(document.domain)</script>">',
            id="site-name-newlines-script",
        ),
        pytest.param(
            '<meta property="og:url" content="https://daily.example/a&#10;&#10;<script>alert(1)</script>">'
            '<meta property="og:site_name" content="Daily">',
            id="url-newlines-script",
        ),
        pytest.param(
            '<meta property="og:site_name" content="Daily&#13;Title: forged&#x2028;&#x202E;x&#0;">',
            id="site-name-carriage-return-separators-bidi",
        ),
    ],
)
def test_metadata_value_cannot_end_the_header(ingest, tmp_path, head):
    source = tmp_path / "daily.html"
    source.write_text(page(head), encoding="utf-8")
    status, _, err, out = ingest(source)
    assert status == 0, err
    article = only_article(out)
    head_text, _, rest = article.partition("\n\n")
    for line in head_text.splitlines():
        assert line.isprintable(), line
    assert "<script" not in rest and "alert(" not in rest
    assert rest.startswith("Paragraph 1 of the report")
    keys = [line.split(":", 1)[0] for line in head_text.splitlines()]
    assert len(keys) == len(set(keys)), "a value forged a header line"
    assert header(article)["Source"].startswith("Daily")


# --- what ingest reads -------------------------------------------------------------------------


def test_symlinked_source_is_refused(ingest, tmp_path):
    target = tmp_path / "elsewhere.txt"
    shutil.copy(SEED_WITH_DATE, target)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    status, _, err, out = ingest(link)
    assert status == 1
    assert f"{link}: " in err and "link" in err
    assert not out.exists() or not list(out.iterdir())


def test_fifo_is_refused_without_reading(ingest, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    status, _, err, _ = ingest(fifo, SEED_WITH_DATE)
    assert status == 1
    assert f"{fifo}: " in err and "not a regular file" in err


def test_oversized_source_is_refused(ingest, tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as stream:
        stream.write(SEED_WITH_DATE.read_bytes())
        stream.write(b"More text of the article.\n" * (21 * 1024 * 1024 // 26 + 1))
    status, _, err, out = ingest(big)
    assert status == 1
    assert f"{big}: " in err and "MB" in err
    assert not out.exists() or not list(out.iterdir())


def test_nul_byte_is_reported_and_the_batch_goes_on(ingest, tmp_path):
    dump = tmp_path / "nul.txt"
    text = SEED_WITH_DATE.read_bytes()
    dump.write_bytes(text + b"\n" + b"Another paragraph of the article. " * 400 + b"\x00 end\n")
    status, _, err, out = ingest(dump, FIXTURES / "vi-nhandan-list.html")
    assert status == 1
    assert err.startswith(f"{dump}:") and "NUL" in err and "Traceback" not in err
    assert "1 of 2 file(s) not ingested" in err
    assert len(list(out.glob("*.md"))) == 1


def test_deeply_nested_text_is_kept_or_refused(ingest, tmp_path):
    deep = "<div>" * 300 + "<p>The deep paragraph says the signing took place in Hanoi on Saturday.</p>" + "</div>" * 300
    source = tmp_path / "deep.html"
    source.write_text(
        page(article=PARAGRAPHS + deep + "<p>The last paragraph follows the deep one and closes the report.</p>"),
        encoding="utf-8",
    )
    status, stdout, err, out = ingest(source)
    if status == 0:
        text = body(only_article(out))
        assert "The deep paragraph says" in text
        assert "The last paragraph follows" in text
    else:
        assert f"{source}: " in err and "nested" in err


# --- pictures ----------------------------------------------------------------------------------


def picture_page(tmp_path, name: str = "photo.png") -> os.PathLike:
    source = tmp_path / "story.html"
    figure = f'<figure><img src="story_files/{name}" alt="Delegates"><figcaption>Delegates in Hanoi. (Photo: VNA)</figcaption></figure>'
    first, rest = PARAGRAPHS.split("</p>", 1)
    source.write_text(page(article=first + "</p>" + figure + rest), encoding="utf-8")
    return source


def test_symlinked_picture_folder_is_not_copied(ingest, tmp_path):
    secret = tmp_path / "etc"
    secret.mkdir()
    (secret / "photo.png").write_text("root:x:0:0:secret\n", encoding="utf-8")
    source = picture_page(tmp_path)
    (tmp_path / "story_files").symlink_to(secret)
    status, _, err, out = ingest(source)
    assert status == 0, err
    assert not (out.parent / "images").exists()
    assert "{static}" not in only_article(out)
    assert "<!-- caption of a picture the source did not include: Delegates in Hanoi. (Photo: VNA) -->" in only_article(out)


def test_symlinked_picture_is_not_copied(ingest, tmp_path):
    real = tmp_path / "real.png"
    real.write_bytes(png())
    source = picture_page(tmp_path)
    (tmp_path / "story_files").mkdir()
    (tmp_path / "story_files" / "photo.png").symlink_to(real)
    status, _, err, out = ingest(source)
    assert status == 0, err
    assert not (out.parent / "images").exists()


def test_picture_that_is_not_an_image_is_not_copied(ingest, tmp_path):
    source = picture_page(tmp_path)
    (tmp_path / "story_files").mkdir()
    (tmp_path / "story_files" / "photo.png").write_text("root:x:0:0:secret\n", encoding="utf-8")
    status, _, err, out = ingest(source)
    assert status == 0, err
    assert not (out.parent / "images").exists()


def test_real_picture_is_copied(ingest, tmp_path):
    source = picture_page(tmp_path)
    (tmp_path / "story_files").mkdir()
    (tmp_path / "story_files" / "photo.png").write_bytes(png())
    status, _, err, out = ingest(source)
    assert status == 0, err
    slug = header(only_article(out))["Slug"]
    assert (out.parent / "images" / slug / "photo.png").read_bytes() == png()
    assert f"![Delegates]({{static}}/images/{slug}/photo.png)" in only_article(out)


# --- slugs -------------------------------------------------------------------------------------


def test_slug_taken_by_another_source_is_reported(ingest, tmp_path):
    first = tmp_path / "first.html"
    first.write_text(page(), encoding="utf-8")
    second = tmp_path / "second.html"
    second.write_text(
        page(
            article=PARAGRAPHS.replace("Hanoi", "Ha Noi"),
            head='<link rel="canonical" href="https://other.example/b">'
            '<meta property="og:site_name" content="Other Example">',
        ).replace("2025-10-25T09:15", "2025-10-27T10:00"),
        encoding="utf-8",
    )
    assert ingest(first)[0] == 0
    status, stdout, err, out = ingest(second, "--skip-existing")
    assert status == 1
    assert f"{second}: " in err and "Slug:" in err
    assert "kept" not in stdout


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        pytest.param("Hanoi-Convention", "hanoi-convention", id="case"),
        pytest.param("ha\u0300-no\u0323i", "ha-noi", id="nfd"),
        pytest.param("\u202ehanoi\u202c-convention", "hanoi-convention", id="bidi"),
        pytest.param("../../outside", "outside", id="dot-dot"),
    ],
)
def test_sidecar_slug_is_normalised(ingest, tmp_path, slug, expected):
    source = tmp_path / "story.html"
    source.write_text(page(), encoding="utf-8")
    (tmp_path / "story.html.meta").write_text(f"Slug: {slug}\n", encoding="utf-8")
    status, _, err, out = ingest(source)
    assert status == 0, err
    assert [p.name for p in out.glob("*.md")] == [f"{expected}.md"]
    assert header(only_article(out))["Slug"] == expected
    assert not (tmp_path / "outside.md").exists()


def test_look_alike_slugs_of_two_sources_are_reported(ingest, tmp_path):
    for name, slug in (("a.html", "Hanoi"), ("b.html", "hanoi")):
        (tmp_path / name).write_text(page(), encoding="utf-8")
        (tmp_path / f"{name}.meta").write_text(f"Slug: {slug}\n", encoding="utf-8")
    status, _, err, out = ingest(tmp_path / "a.html", tmp_path / "b.html")
    assert status == 1
    assert "same slug" in err
    assert len(list(out.glob("*.md"))) == 1


def test_one_pixel_tracker_is_not_copied(ingest, tmp_path):
    source = tmp_path / "story.html"
    first, rest = PARAGRAPHS.split("</p>", 1)
    source.write_text(page(article=first + '</p><p><img src="story_files/t.png"></p>' + rest), encoding="utf-8")
    (tmp_path / "story_files").mkdir()
    (tmp_path / "story_files" / "t.png").write_bytes(png(1, 1))
    status, _, err, out = ingest(source)
    assert status == 0, err
    assert not (out.parent / "images").exists()
    assert "t.png" not in only_article(out)


def test_photo_whose_file_name_holds_a_furniture_word_is_kept(ingest, tmp_path):
    source = picture_page(tmp_path, "social-media-ad-hoc-forum.png")
    (tmp_path / "story_files").mkdir()
    (tmp_path / "story_files" / "social-media-ad-hoc-forum.png").write_bytes(png())
    status, _, err, out = ingest(source)
    assert status == 0, err
    slug = header(only_article(out))["Slug"]
    assert (out.parent / "images" / slug / "social-media-ad-hoc-forum.png").is_file()
