"""Random values in every metadata field a page or sidecar can give: each input is either written
as a well-formed article or refused with a message naming its file, never a traceback."""

from __future__ import annotations

import json
import random

import pytest

from newsdesk.errors import IngestError, ProjectError
from newsdesk.ingest.pipeline import render_source
from newsdesk.ingest.rules import load_rules

TEXT = "abcXYZ éđƯ 0123 \"'<>&;:=/#%{}[]\\"
SPECIAL = ["\n", "\r", "\t", "\x00", "\x01", "\x0b", "\x1b", "\x7f", "\u2028", "\u2029", "\u202e",
           "\u200b", "\ufeff", "\n\n", "<script>alert(1)</script>", "Title: forged"]
PARAGRAPHS = [
    f"<p>Paragraph {n}: the delegates met in Hanoi to sign the Convention against Cybercrime and "
    "discussed how to share electronic evidence between their police forces.</p>"
    for n in range(4)
]


def noise(rng: random.Random) -> str:
    """Up to 40 characters of text with a few control characters, newlines and markup in it."""
    parts = [rng.choice(TEXT) if rng.random() < 0.94 else rng.choice(SPECIAL) for _ in range(rng.randint(0, 40))]
    return "".join(parts)


def attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("\n", "&#10;")


def page(rng: random.Random, seed: int) -> str:
    fields = {name: name[0] + noise(rng) for name in ("site", "url", "title", "date", "lang", "publisher")}
    ld = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": fields["title"],
            "datePublished": fields["date"],
            "publisher": {"name": fields["publisher"]},
            "url": fields["url"],
            "inLanguage": fields["lang"],
        }
    )
    ld = ld.replace("</", "<\\/")
    paragraphs = "".join(PARAGRAPHS[: rng.randint(0, 4) if seed % 10 == 0 else 3])
    return (
        f'<!DOCTYPE html><html lang="{attribute(fields["lang"])}"><head><meta charset="utf-8">'
        f"<title>{fields['title'].replace('<', '&lt;')}</title>"
        f'<meta property="og:site_name" content="{attribute(fields["site"])}">'
        f'<meta property="og:url" content="{attribute(fields["url"])}">'
        f'<meta property="article:published_time" content="{attribute(fields["date"])}">'
        f'<link rel="canonical" href="{attribute(fields["url"])}">'
        f'<script type="application/ld+json">{ld}</script>'
        f"</head><body><article><h1>{noise(rng).replace('<', '&lt;')}</h1>"
        f"{paragraphs}</article></body></html>"
    )


@pytest.mark.parametrize("seed", range(120))
def test_random_metadata_never_breaks_the_header(tmp_path, seed):
    rng = random.Random(seed)
    source = tmp_path / "page.html"
    source.write_bytes(page(rng, seed).encode("utf-8", "surrogatepass"))
    if rng.random() < 0.5:
        keys = ("Title", "Date", "Slug", "Source", "Source_URL", "Summary", "Tags", "Lang")
        sidecar = "".join(f"{rng.choice(keys)}: {noise(rng)}\n" for _ in range(rng.randint(1, 4)))
        source.with_name("page.html.meta").write_bytes(sidecar.encode("utf-8"))
    try:
        article = render_source(source, load_rules(), date=None if seed % 3 == 0 else "2025-10-25")
    except ProjectError as error:
        assert isinstance(error, IngestError)
        assert error.path and error.path.startswith(str(tmp_path))
        return
    head, _, body = article.text.partition("\n\n")
    lines = head.split("\n")
    assert all(line.isprintable() for line in lines), lines
    keys = [line.split(":", 1)[0] for line in lines]
    assert len(keys) == len(set(keys)) and keys[0] == "Title" and keys[-1] == "Summary"
    assert "<script" not in body and "\x00" not in article.text
    assert article.slug and article.slug.replace("-", "").isalnum() and article.slug.isascii()
