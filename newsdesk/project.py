"""A plugin's settings: one namespaced dict in pelicanconf.py, with defaults; unknown keys named."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from newsdesk.errors import ConfigError

logger = logging.getLogger(__name__)


def plugin_settings(
    settings: Mapping, key: str, defaults: Mapping, error: type[ConfigError] = ConfigError
) -> dict:
    """``settings[key]`` over ``defaults``; raise ``error`` naming the first unknown key."""
    given = settings.get(key) or {}
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise error(f"{key}: unknown key {unknown[0]!r}; known keys: {', '.join(defaults)}")
    return {**defaults, **given}
