"""Post-build step: Pagefind's search index of each language, in that language's folder.

Each language folder gets its own bundle (``<lang>/pagefind/``), so a language's search
never finds another language's pages, and the folder stays whole on its own. Pagefind reads
the language from each page's ``<html lang>``; pages opt in with ``data-pagefind-body``.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
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


def pagefind_command(language_folder: Path, code: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(language_folder),
        "--output-subdir",
        BUNDLE_FOLDER,
        "--exclude-selectors",
        foreign_block_selector(code),
        "--quiet",
    ]


def index_language(language_folder: Path, code: str) -> Path:
    """Index one language's built pages; return the bundle folder."""
    command = pagefind_command(language_folder, code)
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
    bundle = language_folder / BUNDLE_FOLDER
    if not (bundle / "pagefind-entry.json").exists():
        raise BuildError(
            f"Pagefind wrote no index for {language_folder}; no page has data-pagefind-body"
        )
    return bundle


def write_search_index(settings: dict, config: dict, results, staging: Path) -> list[Path]:
    """Index every language at once (one Pagefind process each, as many as there are cores)."""
    codes = config["languages"]
    workers = max(1, min(len(codes), os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda code: index_language(staging / code, code), codes))
