"""Templates loaded once per run, and compiled once per theme version.

Each of Pelican's generators has its own Jinja environment, which by default checks a template's
file for changes each time a page extends or imports it (thousands of times a run), and compiles
every template again in every run. A run is over in seconds and sees one version of the theme,
so the checks are turned off; the compiled code is kept in the run's cache folder, named by
each template's source (Jinja's ``FileSystemBytecodeCache``), so an edited template is compiled
anew.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican import signals

logger = logging.getLogger(__name__)

FOLDER = "templates"  # under the run's CACHE_PATH


def load_templates_once(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.auto_reload = False
    cache_path = generator.settings.get("CACHE_PATH")
    if cache_path:
        folder = Path(cache_path) / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def register() -> None:
    signals.generator_init.connect(load_templates_once)
