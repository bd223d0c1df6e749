"""Time the translation cycle and the build on a generated project of N articles.

    .venv/bin/python bench/translation_cycle.py [ARTICLES] [PARAGRAPHS]

Each article is fully translated (a marked copy of every message), so the build renders every
block from its catalogue and checks it, in every language, plus the side-by-side views.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

from newsdesk.cli import main
from newsdesk.i18n.catalogues import read_catalogue, render_catalogue
from newsdesk.site.build import build_site

ROOT = Path(__file__).resolve().parent.parent

logger = logging.getLogger(__name__)


def make_project(folder: Path, articles: int, paragraphs: int) -> None:
    for name in ("pelicanconf.py", "babel.cfg"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("theme", "translations"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(folder / "translations" / "vi" / "LC_MESSAGES" / "content")
    (folder / "content" / "pages").mkdir(parents=True)
    (folder / "content" / "articles").mkdir()
    for number in range(articles):
        body = "\n\n".join(
            f"Paragraph {p} of article {number}, with a [link](https://example.org/{p}) "
            "and `code`, long enough to look like a news paragraph in the seed articles."
            for p in range(paragraphs)
        )
        (folder / "content" / "articles" / f"a{number}.md").write_text(
            f"Title: Article {number}\nDate: 2025-10-25 09:00\nLang: en\nSlug: a{number}\n"
            f"Category: News\nTags: Hanoi\nSummary: Summary {number}.\n\n{body}\n",
            encoding="utf-8",
        )


def translate_everything(folder: Path) -> None:
    for path in (folder / "translations" / "vi" / "LC_MESSAGES" / "content").glob("*.po"):
        catalog = read_catalogue(path)
        for message in catalog:
            if message.id:
                message.string = "[vi] " + message.id
        path.write_bytes(render_catalogue(catalog))


def timed(label: str, action) -> None:
    start = time.perf_counter()
    action()
    print(f"{label:<32} {time.perf_counter() - start:7.2f} s")


def run(articles: int, paragraphs: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-i18n-"))
    try:
        make_project(folder, articles, paragraphs)
        settings = str(folder / "pelicanconf.py")
        quiet = ["-s", settings]
        print(f"{articles} articles x {paragraphs} paragraphs")
        timed("i18n update (creates catalogues)", lambda: main(["i18n", "update", *quiet]))
        translate_everything(folder)
        timed("i18n update (nothing changed)", lambda: main(["i18n", "update", *quiet]))
        timed("i18n stats", lambda: main(["i18n", "stats", *quiet]))
        timed("build, 2 languages", lambda: build_site(Path(settings), strict=True))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    run(
        int(sys.argv[1]) if len(sys.argv) > 1 else 20, int(sys.argv[2]) if len(sys.argv) > 2 else 20
    )
