"""Render the site icon (theme/static/img/icon.svg) to the PNG sizes phones and manifests ask for.

The PNGs are committed beside the SVG; run this again after changing the SVG:
``python -m newsdesk icons``. It draws with Debian's Chromium through Playwright.
"""

from __future__ import annotations

import argparse
import logging
import shutil
from pathlib import Path

from newsdesk.errors import BuildError
from newsdesk.site.browser import launch

logger = logging.getLogger(__name__)

ICON_FOLDER = Path("theme/static/img")
SIZES = (180, 192, 512)  # apple-touch-icon, manifest (small), manifest (large) and og:image


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--folder", type=Path, default=ICON_FOLDER, help="folder of icon.svg")


def run(args: argparse.Namespace) -> int:
    for path in render_icons(args.folder / "icon.svg", SIZES):
        print(f"wrote {path}")
    return 0


def render_icons(svg: Path, sizes: tuple[int, ...]) -> list[Path]:
    """Write ``icon-<size>.png`` beside ``svg`` for every size; return the files written."""
    if not svg.exists():
        raise BuildError("icon not found", svg)
    executable = shutil.which("chromium")
    if executable is None:
        raise BuildError("chromium is not installed (apt-get install chromium)")
    markup = svg.read_text(encoding="utf-8")
    written = []
    with launch(executable) as browser:
        for size in sizes:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(
                "<style>html,body{margin:0;background:transparent}svg{display:block;"
                f"width:{size}px;height:{size}px}}</style>{markup}"
            )
            target = svg.with_name(f"icon-{size}.png")
            page.screenshot(path=str(target), omit_background=True)
            page.close()
            written.append(target)
    return written
