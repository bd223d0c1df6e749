"""Weight of a built page as a reader downloads it: its HTML and the CSS and JavaScript it loads."""

from __future__ import annotations

import logging
import statistics
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from newsdesk.checks.site import resolve

logger = logging.getLogger(__name__)

BUDGET_BYTES = 30 * 1024  # an article page, HTML+CSS+JS uncompressed, images aside


@dataclass(frozen=True)
class PageWeight:
    path: str  # URL path from the site root, e.g. "/vi/articles/x/"
    html: int
    css: int
    js: int
    missing: tuple[str, ...] = ()  # loaded resources not found in the site

    @property
    def total(self) -> int:
        return self.html + self.css + self.js


def page_weight(site: Path, file: Path) -> PageWeight:
    """Bytes of ``file`` and of every stylesheet and script it loads from the site."""
    url = "/" + file.relative_to(site).as_posix()
    if url.endswith("/index.html"):
        url = url[: -len("index.html")]
    page = BeautifulSoup(file.read_bytes(), "html.parser")
    loads = {
        "css": [
            link.get("href")
            for link in page.find_all("link", href=True)
            if "stylesheet" in (link.get("rel") or [])
        ],
        "js": [script.get("src") for script in page.find_all("script", src=True)],
    }
    sizes = {"css": 0, "js": 0}
    missing = []
    for kind, refs in loads.items():
        for ref in refs:
            target = resolve(site, urlsplit(urljoin(url, ref)).path)
            if target is None:
                missing.append(ref)
            else:
                sizes[kind] += target.stat().st_size
    return PageWeight(url, file.stat().st_size, sizes["css"], sizes["js"], tuple(missing))


def article_pages(site: Path, languages: tuple[str, ...]) -> list[Path]:
    return sorted(
        path for code in languages for path in (site / code / "articles").glob("*/index.html")
    )


def summary(weights: list[PageWeight]) -> dict[str, float]:
    totals = [weight.total for weight in weights]
    return {"median": statistics.median(totals), "largest": max(totals), "pages": len(totals)}
