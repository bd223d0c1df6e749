"""Pelican plugin: where readers ask for a correction, for the About page (``Template: about``).

The contact is a setting, ``CORRECTIONS["contact"]``: the web address of the project's public
issue tracker (https) or a mailbox the publisher reads (``mailto:``). The theme words it in the
reader's language from the UI catalogue. Without a contact the page names no address at all:
it says that none is published yet and points to the outlets, which every article links. A
release build (an absolute ``SITEURL``, as in publishconf.py) without one is a warning of
``newsdesk check``.

Template global set in every run:
  ``corrections``  dict(url, shown, kind) with kind "web" or "mail", or None
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican import signals

from newsdesk.errors import ConfigError, Problem
from newsdesk.project import plugin_settings

logger = logging.getLogger(__name__)

SETTINGS_KEY = "CORRECTIONS"
DEFAULTS = {
    # https://... (the public issue tracker) or mailto:... (a mailbox the publisher reads); None:
    # the About page names no address.
    "contact": None,
}
MAILBOX = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


class CorrectionsConfigError(ConfigError):
    """The CORRECTIONS settings are wrong."""


def read_config(settings: dict) -> dict:
    """Return the CORRECTIONS settings with defaults filled in; reject unknown keys."""
    return plugin_settings(settings, SETTINGS_KEY, DEFAULTS, CorrectionsConfigError)


def contact(settings: dict) -> dict | None:
    """The contact for corrections as the theme shows it, or None when the settings give none;
    a value that is no https address or mailbox is an error naming the key."""
    given = read_config(settings)["contact"]
    if not given:
        return None
    address = str(given).strip()
    parts = urlsplit(address)
    scheme = parts.scheme.lower()
    if scheme == "mailto" and MAILBOX.match(unquote(parts.path)) and not parts.query:
        return {"url": address, "shown": unquote(parts.path), "kind": "mail"}
    if scheme == "https" and parts.hostname:
        shown = (parts.hostname + parts.path).rstrip("/")
        return {"url": address, "shown": shown, "kind": "web"}
    raise CorrectionsConfigError(
        f"{SETTINGS_KEY}['contact'] is {address!r}: give an https:// address (the issue tracker)"
        " or a mailto: address"
    )


def is_release(settings: dict) -> bool:
    """Whether the settings build the hosted site: an absolute SITEURL (publishconf.py)."""
    return urlsplit(str(settings.get("SITEURL") or "")).scheme in ("http", "https")


def release_problems(settings: dict, settings_file: Path | str) -> list[Problem]:
    """A warning for a release build whose About page would name no contact for corrections."""
    if not is_release(settings) or contact(settings) is not None:
        return []
    message = (
        f"{SETTINGS_KEY}['contact'] is not set: the About page names no address for corrections"
        " (set the public issue tracker or the publisher's mailbox, EDITING.md)"
    )
    return [Problem(str(settings_file), None, message, severity="warning")]


def check_settings(pelican) -> None:
    contact(pelican.settings)


def install_contact(generator) -> None:
    generator.env.globals["corrections"] = contact(generator.settings)


def register() -> None:
    handlers = {
        signals.initialized: check_settings,
        signals.generator_init: install_contact,
    }
    for signal, handler in handlers.items():
        signal.connect(handler)
