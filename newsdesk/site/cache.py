"""Pelican's content cache kept apart per version of the code and settings that read the sources.

Pelican's reader cache is keyed by each source's content only: after a plugin, a reader module, a
setting or a pinned library changes, it would serve content read the old way. Each language's
cache therefore lives in a folder named by a fingerprint of all of those; of the other folders,
the two used last are kept (another settings file's) and the rest removed when a build starts.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
from pathlib import Path

from newsdesk.site import build_code

logger = logging.getLogger(__name__)

FINGERPRINT_LENGTH = 16
# Cache folders of other fingerprints kept beside the one a build uses: the other settings files
# the site is built with (publishconf.py beside pelicanconf.py), most recently used first.
KEEP_OTHERS = 2


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
    """The cache folder of one language for this fingerprint, marked as used now; of the others,
    the ``KEEP_OTHERS`` used last are kept and the rest removed.

    A site is built with more than one settings file (`make html` and `make publish`; in CI,
    `make check` and `make publish`, one after the other): each keeps its own cache, and a build
    with one does not empty the other's. The folders of code or settings that are gone drop out
    as newer ones are used.
    """
    folder = language_cache_path / print_
    if language_cache_path.is_dir():
        others = []
        for other in language_cache_path.iterdir():
            if other.is_dir() and other.name != print_ and len(other.name) == FINGERPRINT_LENGTH:
                with contextlib.suppress(OSError):
                    others.append((other.stat().st_mtime_ns, other.name, other))
        for _, _, other in sorted(others, reverse=True)[KEEP_OTHERS:]:
            logger.debug("removing the cache of other code or settings: %s", other)
            shutil.rmtree(other, ignore_errors=True)
    if folder.is_dir():
        with contextlib.suppress(OSError):
            os.utime(folder)  # used now: the folders used last are the ones kept
    return folder
