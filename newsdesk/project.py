"""The project's settings, read once per process: languages, folders and each plugin's settings dict."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from newsdesk.errors import ConfigError

logger = logging.getLogger(__name__)


# The folder of the settings file, set when the settings are read: the plugins' relative paths
# are relative to it, as Pelican's own (PATH, THEME...) are.
PROJECT_SETTING = "NEWSDESK_PROJECT"


def plugin_settings(
    settings: Mapping,
    key: str,
    defaults: Mapping,
    error: type[ConfigError] = ConfigError,
    paths: tuple[str, ...] = (),
) -> dict:
    """``settings[key]`` over ``defaults``; raise ``error`` naming the first unknown key.

    The values of ``paths`` (a file or folder, or a list of them) that are relative are made
    relative to the project's folder (the settings file's), when the settings name one."""
    given = settings.get(key) or {}
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise error(f"{key}: unknown key {unknown[0]!r}; known keys: {', '.join(defaults)}")
    config = {**defaults, **given}
    for name in paths:
        config[name] = in_project(settings, config[name])
    return config


def in_project(settings: Mapping, value):
    """``value`` (a path, a list of paths, or None) with each relative path joined to the
    project's folder, when the settings name one."""
    root = settings.get(PROJECT_SETTING)
    if not root:
        return value
    if isinstance(value, (str, Path)):
        return value if Path(value).is_absolute() else os.path.normpath(Path(root) / value)
    if isinstance(value, (list, tuple)):
        return type(value)(in_project(settings, item) for item in value)
    return value


# (settings file, its modification time and size, output override) -> the settings as read.
_READ: dict[tuple, dict] = {}


def _read_pelican_settings(settings_file: Path, output: str | None) -> dict:
    from pelican.settings import read_settings  # Pelican loads slowly; the ingest tools need none of it

    if not settings_file.is_file():
        raise ConfigError("settings file not found", settings_file)
    # Pelican keeps each settings file in sys.modules under its bare name, and publishconf.py
    # imports pelicanconf by that name: drop them so that a changed file is read as it is.
    for name in ("pelicanconf", "publishconf", settings_file.stem):
        sys.modules.pop(name, None)
    override = {"OUTPUT_PATH": str(Path(output).resolve())} if output else None
    # Pelican checks the settings again in each language's run, where SITEURL has its
    # language folder; its warnings about the base settings would only be noise here.
    settings_logger = logging.getLogger("pelican.settings")
    level = settings_logger.level
    settings_logger.setLevel(logging.ERROR)
    try:
        settings = read_settings(str(settings_file), override=override)
    except (ValueError, OSError, SyntaxError, NameError) as error:
        # Pelican's own checks raise ValueError ("You need to specify a path containing the content").
        raise ConfigError(f"the settings cannot be used: {error}", settings_file) from error
    finally:
        settings_logger.setLevel(level)
    settings[PROJECT_SETTING] = str(settings_file.resolve().parent)
    return settings


def read_base_settings(settings_file: Path, output: str | None = None) -> dict:
    """The site's settings before any language's run, read once per process while the settings
    file is unchanged; each call gets its own copy of the top level to change."""
    settings_file = Path(settings_file)
    try:
        stat = settings_file.resolve().stat()
    except OSError as error:
        raise ConfigError("settings file not found", settings_file) from error
    # publishconf.py reads pelicanconf.py: every settings file beside it counts.
    beside = sorted(settings_file.resolve().parent.glob("*conf.py"))
    key = (
        str(settings_file.resolve()),
        stat.st_mtime_ns,
        stat.st_size,
        tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in beside),
        output,
    )
    if key not in _READ:
        _READ[key] = _read_pelican_settings(settings_file, output)
    settings = dict(_READ[key])
    settings["MULTILANG"] = dict(settings.get("MULTILANG") or {})
    return settings


@dataclass(frozen=True)
class Project:
    """One site: its settings file and what every stage asks of its settings."""

    settings_file: Path
    output: str | None = None

    @cached_property
    def settings(self) -> dict:
        return read_base_settings(self.settings_file, self.output)

    @property
    def root(self) -> Path:
        """The project folder: the settings file's."""
        return self.settings_file.resolve().parent

    @cached_property
    def multilang(self) -> dict:
        """MULTILANG, checked, with its defaults."""
        from newsdesk.site.languages import read_config

        return read_config(self.settings)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.multilang["languages"]

    @property
    def default_language(self) -> str:
        return self.multilang["default"]

    @property
    def translations(self) -> Path:
        return Path(self.multilang["translations"])

    @property
    def content(self) -> Path:
        return Path(self.settings["PATH"])

    def content_folders(self) -> dict[str, list[str]]:
        """The content folders of each kind, relative to ``content``."""
        return {"articles": self.settings["ARTICLE_PATHS"], "pages": self.settings["PAGE_PATHS"]}
