"""Fuzz of the render path: hostile and random text in every metadata field and in translations.

Each case builds a small site whose articles carry random pieces (scripts, event handlers,
javascript: and data: addresses, control characters, line breaks, quotes, bytes that are not
UTF-8) in every header field and in their catalogue's translations. Whatever the input, the build
either succeeds with nothing hostile in output/, or stops with a project error naming the file
at fault: never a traceback, never a script."""

from __future__ import annotations

import random

import pytest

from newsdesk.errors import ProjectError
from newsdesk.site.build import build_site
from tests.pelican.sites import article, content_catalogue, hostile_markup, make_site, write

PIECES = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)' autofocus '", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "javascript://example.org/%0Aalert(1)", "data:text/html,<script>alert(1)</script>",
    "&#x6a;avascript:alert(1)", "[x](javascript:alert(1))", "<a href='javascript:alert(1)'>a</a>",
    "{static}/../../etc/passwd", "{filename}/nothing.md", "\x00", "\x07", "\x1b[31m", "\x7f",
    "\x85", "\r", "\n", "\n\n", "\t", '"', "'", "<", ">", "&", "\u2028", "\u202e", "%0A",
    "<!--", "-->", "```", "{: #main .i18n-untranslated lang=en }", "{#article-1}", "Hà Nội",
    "https://example.org/a?b=1&c=2", "mailto:desk@example.org",
]  # fmt: skip
FIELDS = ["Title", "Summary", "Source", "Source_URL", "Category", "Tags", "Author", "Slug",
          "Modified", "Translation_Key"]  # fmt: skip


def fuzzed(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.15:
            parts.append(bytes(rng.randrange(256) for _ in range(rng.randint(1, 6))).decode("latin-1"))
        else:
            parts.append(rng.choice(PIECES))
        parts.append(rng.choice(["", " ", "text", "Công ước"]))
    return "".join(parts)


def write_article(folder, rng: random.Random, fields: int) -> str:
    """One article with ``fields`` fuzzed header fields and a fuzzed body; its file name."""
    meta = {"Slug": "story", "Title": "Story"}
    for field in rng.sample(FIELDS, fields):
        meta[field] = fuzzed(rng)
    body = f"A paragraph {fuzzed(rng)} of the story.\n\n## A heading {fuzzed(rng)}\n"
    text = article(body, **meta)
    path = folder / "content" / "articles" / "story.md"
    if rng.random() < 0.1:  # some bytes that are not UTF-8
        write(path, text.encode("utf-8").replace(b"A paragraph", b"A \xff paragraph"))
    else:
        write(path, text)
    return path.name


def build_or_error(settings, output, names: list[str]) -> None:
    """Build; a failure must be a project error naming one of ``names``, with no output."""
    try:
        build_site(settings, str(output), strict=True)
    except ProjectError as error:
        message = str(error)
        assert any(name in message for name in names), message
        assert not output.exists()
        return
    assert hostile_markup(output) == []


@pytest.mark.parametrize("seed", range(24))
def test_any_metadata_is_shown_safely_or_named(tmp_path, seed):
    rng = random.Random(seed)
    settings = make_site(tmp_path)
    name = write_article(tmp_path, rng, fields=1 + seed % 2)
    build_or_error(settings, tmp_path / "output", [name])


@pytest.mark.parametrize("seed", range(12))
def test_any_translation_is_shown_safely_or_named(tmp_path, seed):
    rng = random.Random(1000 + seed)
    settings = make_site(tmp_path)
    body = "A plain paragraph.\n\n## A heading\n\nSee [the annex](https://example.org/annex).\n"
    write(tmp_path / "content" / "articles" / "story.md", article(body, Slug="story", Summary="A summary."))
    entries = {
        "A picture from Hanoi": fuzzed(rng),
        "A summary.": fuzzed(rng),
        "A plain paragraph.": fuzzed(rng),
        "A heading": fuzzed(rng),
        "See [the annex](https://example.org/annex).": f"Xem [phụ lục](https://example.org/annex) {fuzzed(rng)}",
    }
    catalogue = content_catalogue(tmp_path, "vi", "story", entries)
    output = tmp_path / "output"
    try:
        build_site(settings, str(output), strict=True)
    except ProjectError as error:
        assert catalogue.name in str(error), str(error)
        build_site(settings, str(output))  # rejected translations: the source text is shown
    assert hostile_markup(output) == []
    page = (output / "vi" / "articles" / "story" / "index.html").read_text(encoding="utf-8")
    assert "A plain paragraph." in page or "<p" in page
