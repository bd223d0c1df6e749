"""Time merging a catalogue whose every paragraph was edited, against Babel's own update.

    .venv/bin/python bench/catalogue_merge.py [SIZES...] [--reference-up-to N]

For each size N: a catalogue of N translated paragraphs, then a template in which every
paragraph has one word changed, so that every message needs a close match. The project's merge
(newsdesk/i18n/merge.py, an index of words) and Babel's Catalog.update (difflib against every
message) are timed on the same input, and their choices compared; Babel runs only up to
--reference-up-to (default 200), as it grows with the square of N. Then `newsdesk i18n update`
and `stats` are timed end to end on a project whose one article has the largest N paragraphs.
"""

from __future__ import annotations

import argparse
import copy
import logging
import random
import shutil
import tempfile
import time
from pathlib import Path

from babel.messages.catalog import Catalog

from newsdesk.cli import main
from newsdesk.i18n.catalogues import read_catalogue, render_catalogue
from newsdesk.i18n.merge import merge_catalogue

ROOT = Path(__file__).resolve().parent.parent

logger = logging.getLogger(__name__)

WORDS = [
    "convention",
    "state",
    "party",
    "cooperation",
    "evidence",
    "data",
    "crime",
    "offence",
    "article",
    "chapter",
    "request",
    "assistance",
    "measure",
    "authority",
    "investigation",
    "procedure",
    "system",
    "network",
    "access",
    "provider",
    "protection",
    "rights",
    "safeguard",
    "jurisdiction",
    "extradition",
    "seizure",
    "preservation",
    "order",
    "court",
    "law",
    "enforcement",
    "ministry",
    "delegation",
    "ceremony",
    "signature",
    "ratification",
    "treaty",
    "secretariat",
]


def paragraphs(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [
        f"Paragraph {n}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(18, 40))) + "." for n in range(count)
    ]


def edited(texts: list[str], seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    result = []
    for text in texts:
        words = text.split(" ")
        words[rng.randrange(2, len(words))] = rng.choice(WORDS)
        result.append(" ".join(words) + " Amended.")
    return result


def catalogues(count: int) -> tuple[Catalog, Catalog]:
    old = paragraphs(count)
    existing = Catalog(locale="vi")
    for text in old:
        existing.add(text, "[vi] " + text)
    template = Catalog()
    for text in edited(old):
        template.add(text)
    return existing, template


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def fuzzy_choices(catalog: Catalog) -> dict[str, str]:
    return {m.id: m.string for m in catalog if m.id and m.fuzzy}


def compare(count: int, reference_up_to: int) -> None:
    existing, template = catalogues(count)
    ours = copy.deepcopy(existing)
    ours_time = timed(lambda: merge_catalogue(ours, template))
    line = f"{count:6d} edited paragraphs  newsdesk merge {ours_time:7.2f} s"
    if count <= reference_up_to:
        theirs = copy.deepcopy(existing)
        theirs_time = timed(lambda: theirs.update(template))
        mine, babel = fuzzy_choices(ours), fuzzy_choices(theirs)
        same = sum(1 for key in babel if mine.get(key) == babel[key])
        line += (
            f"  Babel update {theirs_time:7.2f} s ({theirs_time / max(ours_time, 1e-9):5.0f}x)"
            f"  same old translation chosen for {same}/{len(babel)}"
        )
    else:
        line += "  Babel update not run (--reference-up-to)"
    print(line, flush=True)


def end_to_end(count: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name in ("pelicanconf.py", "babel.cfg"):
            shutil.copy(ROOT / name, folder / name)
        for name in ("theme", "translations"):
            shutil.copytree(ROOT / name, folder / name)
        shutil.rmtree(folder / "translations" / "vi" / "LC_MESSAGES" / "content")
        (folder / "content" / "articles").mkdir(parents=True)
        (folder / "content" / "pages").mkdir()
        article = folder / "content" / "articles" / "long.md"
        header = "Title: Long\nDate: 2025-10-25 09:00\nLang: en\nSlug: long\n\n"
        texts = paragraphs(count)
        article.write_text(header + "\n\n".join(texts) + "\n", encoding="utf-8")
        settings = ["-s", str(folder / "pelicanconf.py")]
        main(["i18n", "update", *settings])
        path = folder / "translations" / "vi" / "LC_MESSAGES" / "content" / "long.po"
        catalog = read_catalogue(path)
        for message in catalog:
            if message.id:
                message.string = "[vi] " + message.id
        path.write_bytes(render_catalogue(catalog))
        article.write_text(header + "\n\n".join(edited(texts)) + "\n", encoding="utf-8")
        stats = timed(lambda: main(["i18n", "stats", *settings]))
        update = timed(lambda: main(["i18n", "update", *settings]))
        fuzzy = sum(1 for m in read_catalogue(path) if m.id and m.fuzzy)
        print(
            f"end to end, {count} edited paragraphs: i18n stats {stats:.2f} s, i18n update"
            f" {update:.2f} s; {fuzzy} messages fuzzy with their old translation"
        )


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 200, 3000])
    parser.add_argument("--reference-up-to", type=int, default=200)
    args = parser.parse_args()
    for count in args.sizes:
        compare(count, args.reference_up_to)
    end_to_end(max(args.sizes))


if __name__ == "__main__":
    run()
