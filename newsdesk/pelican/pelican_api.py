"""The private parts of Pelican the plugins use, where Pelican has no public hook, in one place.

Each is tested by tests/pelican/test_pelican_api.py, which fails by name when a Pelican upgrade
changes it, instead of a build going wrong somewhere downstream.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def resolve_links(item, html: str) -> str:
    """``html`` with its ``{static}``, ``{filename}`` and like links resolved as ``item``'s own
    content is (Pelican resolves only an item's content and summary; the side-by-side view
    shows its blocks apart)."""
    return item._update_content(html, item.get_siteurl())
