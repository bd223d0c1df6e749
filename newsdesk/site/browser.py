"""Headless Chromium, Debian's package, driven by Playwright: for the icon renderer, the
benchmarks and the browser tests."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

logger = logging.getLogger(__name__)

# No sandbox: CI and containers run as root, where Chromium's sandbox cannot start.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")


@contextlib.contextmanager
def launch(executable: str) -> Iterator:
    """A Playwright browser running ``executable`` (``shutil.which("chromium")``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(FLAGS))
        try:
            yield browser
        finally:
            browser.close()
