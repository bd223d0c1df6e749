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

from newsdesk.site import build_code

logger = logging.getLogger(__name__)

FINGERPRINT_LENGTH = 16


def fingerprint(settings_file: Path, settings: dict) -> str:
    """A digest of the settings file, the pinned requirements and the modules of the newsdesk
    package a build runs (plugins included; newsdesk/site/build_code.py)."""
    project = settings_file.resolve().parent
    digest = hashlib.sha256()
    for path in (settings_file.resolve(), project / "requirements.txt"):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    digest.update(build_code.code_digest(settings).encode())
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def language_cache(language_cache_path: Path, print_: str) -> Path:
    """The cache folder of one language for this fingerprint; the others are removed."""
    if language_cache_path.is_dir():
        for other in language_cache_path.iterdir():
            if other.is_dir() and other.name != print_ and len(other.name) == FINGERPRINT_LENGTH:
                logger.debug("removing the cache of other code or settings: %s", other)
                shutil.rmtree(other, ignore_errors=True)
    return language_cache_path / print_
