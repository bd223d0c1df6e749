"""Pelican's content cache kept apart per version of the code and settings that read the sources.

Pelican's reader cache is keyed by each source's content only: after a plugin, a reader module, a
setting or a pinned library changes, it would serve content read the old way. Each language's
cache therefore lives in a folder named by a fingerprint of all of those; other folders are
removed when a build starts.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import newsdesk

logger = logging.getLogger(__name__)

FINGERPRINT_LENGTH = 16


def fingerprint(settings_file: Path, settings: dict) -> str:
    """A digest of the settings file, the newsdesk package (plugins included) and the pinned requirements."""
    project = settings_file.resolve().parent
    package = Path(newsdesk.__file__).resolve().parent
    inputs = [settings_file.resolve(), project / "requirements.txt", package]
    digest = hashlib.sha256()
    for item in inputs:
        item = item if item.is_absolute() else project / item
        files = sorted(p for p in item.rglob("*.py")) if item.is_dir() else [item]
        for path in files:
            if path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def language_cache(language_cache_path: Path, print_: str) -> Path:
    """The cache folder of one language for this fingerprint; the others are removed."""
    if language_cache_path.is_dir():
        for other in language_cache_path.iterdir():
            if other.is_dir() and other.name != print_ and len(other.name) == FINGERPRINT_LENGTH:
                logger.debug("removing the cache of other code or settings: %s", other)
                shutil.rmtree(other, ignore_errors=True)
    return language_cache_path / print_
