"""One namespaced settings dict (e.g. ``INCREMENTAL = {...}``): defaults filled in, unknown keys named."""

from __future__ import annotations

import logging

from newsdesk.errors import ConfigError

logger = logging.getLogger(__name__)


def read_namespaced(settings: dict, key: str, defaults: dict) -> dict:
    """``settings[key]`` over ``defaults``; a key the defaults do not have is a ConfigError naming it."""
    given = settings.get(key) or {}
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise ConfigError(f"{key}: unknown key {unknown[0]!r}; known keys: {', '.join(defaults)}")
    return {**defaults, **given}
