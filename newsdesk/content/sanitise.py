"""The one allow-list for HTML that reaches a page, and the rules for addresses and plain text.

Every page's HTML passes through :func:`sanitise`, whatever wrote it: a Markdown source in its own
language, a translation from a catalogue, a summary. Only the markup Markdown itself writes is
kept, and links and pictures may only lead to http(s), mailto and tel addresses or to the site's
own paths (relative, ``/…``, ``#…``). Metadata that a template puts into an attribute
(``Source_URL``) is held to the same address rule by :func:`unsafe_url`, and the static files
the build copies to regular files inside the content tree by :func:`unsafe_static_file`.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from pathlib import Path
from urllib.parse import urlsplit

import nh3

logger = logging.getLogger(__name__)

# What Markdown (with the site's extensions) writes; anything else is dropped.
ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p",
    "pre", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"style"},  # column alignment, from the source's table rule, never from a translation
    "th": {"style"},
    "ol": {"start"},
}
# Addresses with a scheme; an address without one is the site's own (relative, /…, #…).
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Characters that have no place in text a reader sees, and that XML (the feeds) refuses:
# C0 controls but tab, line feed and carriage return, DEL, and the C1 controls.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters browsers drop from an address before reading its scheme ("java\tscript:").
_URL_IGNORED = re.compile("[\x00-\x20\x7f]")


def sanitise(html: str) -> str:
    """Keep only the markup Markdown itself writes, with links to allowed addresses."""
    return nh3.clean(
        CONTROL_CHARACTER.sub("", html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


def url_scheme(url: str) -> str:
    """The scheme a browser reads in ``url`` ("" for the site's own paths), lower case."""
    cleaned = _URL_IGNORED.sub("", url)
    if cleaned.startswith("{"):  # Pelican's {static}, {filename}: the site's own files
        return ""
    try:
        return urlsplit(cleaned).scheme.lower()
    except ValueError:
        return "invalid"


def unsafe_url(url: str) -> str | None:
    """Why ``url`` may not be a link on a page (e.g. ``javascript:``), or None when it may."""
    if CONTROL_CHARACTER.search(url) or "\n" in url or "\r" in url:
        return "the address contains a control character or a line break"
    scheme = url_scheme(url)
    if scheme and scheme not in URL_SCHEMES:
        return f"{scheme}: addresses are not allowed (only http, https, mailto, tel and the site's own paths)"
    return None


def control_characters(text: str) -> list[str]:
    """The control characters in ``text``, written as U+XXXX, in order of appearance."""
    return [f"U+{ord(found.group()):04X}" for found in CONTROL_CHARACTER.finditer(text)]


def _texts(value: object) -> list[str]:
    """The text of a metadata value as a template shows it (dates and the like have none)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _texts(item)]
    name = getattr(value, "name", None)  # Pelican's Tag, Category, Author
    return [name] if isinstance(name, str) else []


def metadata_problems(metadata: dict) -> list[tuple[str, str]]:
    """(field, what is wrong) for each metadata value a page may not show: control characters
    anywhere, and addresses (fields named ``…url``) that are not allowed links."""
    problems = []
    for key, value in metadata.items():
        for text in _texts(value):
            found = control_characters(text)
            if found:
                problems.append((key, f"contains the control character {found[0]}"))
            elif key.lower().endswith("url") and (reason := unsafe_url(text)):
                problems.append((key, f"{text[:60]!r}: {reason}"))
    return problems


def unsafe_static_file(path: str | os.PathLike, root: str | os.PathLike) -> str | None:
    """Why the build may not publish ``path`` as a static file of the content tree ``root``, or
    None: it must be a regular file (no link, device or pipe), inside ``root`` by every folder on
    the way (no linked folder)."""
    root = Path(root).absolute()
    path = Path(path).absolute()
    try:
        relative = path.relative_to(root)
    except ValueError:
        return f"is outside the content folder {root}"
    current = root
    for part in relative.parts:
        current = current / part
        try:
            mode = current.lstat().st_mode
        except OSError as error:
            return f"cannot be read: {error.strerror}"
        if stat.S_ISLNK(mode) and current == path:
            return f"is a link (to {os.readlink(current)}): links are not published"
        if stat.S_ISLNK(mode):
            shown = current.relative_to(root)
            return f"is reached through the link {shown} (to {os.readlink(current)}): links are not published"
    if not stat.S_ISREG(mode):
        return "is not a regular file: only regular files are published"
    return None
