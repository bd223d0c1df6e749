"""Post-build step: Pagefind's search index of each language, in that language's folder.

Each language folder gets its own bundle (``<lang>/pagefind/``), so a language's search
never finds another language's pages, and the folder stays whole on its own. Pagefind reads
the language from each page's ``<html lang>``; pages opt in with ``data-pagefind-body``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from newsdesk.errors import BuildError

logger = logging.getLogger(__name__)

BUNDLE_FOLDER = "pagefind"  # in each language folder, beside the search page


def foreign_block_selector(code: str) -> str:
    """Indexed elements in another language than the page (untranslated fallback blocks).

    They stay on the page for readers but must not make a page answer searches for
    words of another language. (Pagefind cannot match ``html[lang]`` as an ancestor,
    hence one run per language.)
    """
    return f'[data-pagefind-body] [lang]:not([lang|="{code}"])'


INDEXED_MARK = "data-pagefind-body"  # the attribute of a page's indexed part, in its templates


def indexed_pages(language_folder: Path) -> list[Path]:
    """The pages that opt in to the index; most pages of a site (lists, side-by-side views) do not."""
    return sorted(
        path
        for path in language_folder.rglob("*.html")
        if INDEXED_MARK in path.read_text(encoding="utf-8", errors="replace")
    )


@contextlib.contextmanager
def pages_to_index(language_folder: Path) -> Iterator[Path]:
    """A scratch folder holding only the indexed pages, at their paths, as hard links.

    Pagefind reads every page of the folder it is given, indexed or not; given only these, it
    takes a third of the time on a site of many articles. The folder sits beside the language
    folders (hard links need the same file system) and is gone when the step ends.
    """
    with tempfile.TemporaryDirectory(dir=language_folder.parent, prefix=".search-") as scratch:
        for page in indexed_pages(language_folder):
            target = Path(scratch) / page.relative_to(language_folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(page, target)
            except OSError:  # a file system without hard links
                shutil.copyfile(page, target)
        yield Path(scratch)


def pagefind_command(pages: Path, bundle: Path, code: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(pages),
        "--output-path",
        str(bundle),
        "--exclude-selectors",
        foreign_block_selector(code),
        "--quiet",
    ]


def index_language(language_folder: Path, code: str) -> Path:
    """Index one language's built pages; return the bundle folder."""
    bundle = language_folder / BUNDLE_FOLDER
    with pages_to_index(language_folder) as pages:
        if not any(pages.iterdir()):
            raise BuildError(
                f"Pagefind has nothing to index in {language_folder}: no page has {INDEXED_MARK}"
            )
        command = pagefind_command(pages, bundle, code)
        logger.debug("running %s", " ".join(command))
        try:
            completed = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as error:
            raise BuildError(f"cannot run Pagefind: {error}") from error
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip()
        if "No module named pagefind" in detail:
            detail = "the pagefind package is not installed (make html installs requirements.txt)"
        raise BuildError(f"Pagefind failed to index {language_folder}: {detail}")
    if not (bundle / "pagefind-entry.json").exists():
        raise BuildError(f"Pagefind wrote no index for {language_folder}")
    return bundle


def write_search_index(settings: dict, config: dict, results, staging: Path) -> list[Path]:
    """Index every language at once (one Pagefind process each, as many as there are cores)."""
    codes = config["languages"]
    workers = max(1, min(len(codes), os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda code: index_language(staging / code, code), codes))
