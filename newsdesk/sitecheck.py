"""Checks on a built site: internal links, hreflang targets, languages, third-party requests."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

logger = logging.getLogger(__name__)

# Attributes that make the browser fetch something when the page loads.
LOADING_ATTRIBUTES = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}
LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon"}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def _site_path(output: Path, file: Path) -> str:
    return "/" + file.relative_to(output).as_posix()


def resolve(output: Path, url_path: str) -> Path | None:
    """The file a static host serves for an absolute URL path, or None."""
    target = output / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def check_page(
    output: Path, file: Path, site_url: str = "", anchors: dict[Path, set[str]] | None = None
) -> list[Problem]:
    """Problems of one built page: broken internal links and anchors, missing lang, third-party loads."""
    problems: list[Problem] = []
    anchors = {} if anchors is None else anchors
    rel = file.relative_to(output).as_posix()
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    html = soup.find("html")
    if html is None or not html.get("lang"):
        problems.append(Problem(rel, 1, "page has no <html lang>"))
    base = _site_path(output, file)
    site = urlsplit(site_url) if site_url else None
    for tag in soup.find_all(["a", "link", *LOADING_ATTRIBUTES]):
        attr = "href" if tag.name in ("a", "link") else LOADING_ATTRIBUTES[tag.name]
        value = tag.get(attr)
        if not value:
            continue
        parts = urlsplit(value)
        loads = tag.name in LOADING_ATTRIBUTES or (
            tag.name == "link" and LOADING_LINK_RELS & set(tag.get("rel", []))
        )
        if parts.scheme in ("mailto", "tel", "data"):
            continue
        if parts.netloc and not (site and parts.netloc == site.netloc):
            if loads:
                problems.append(Problem(rel, tag.sourceline, f"loads a resource from another host: {value}"))
            continue
        path = parts.path
        if site and parts.netloc and site.path and path.startswith(site.path):
            path = path[len(site.path):] or "/"
        if not path and parts.fragment:
            path = base
        absolute = urljoin(base, path)
        target = resolve(output, absolute)
        if target is None:
            problems.append(Problem(rel, tag.sourceline, f"link to a missing file: {value}"))
            continue
        if parts.fragment and target.suffix == ".html":
            if target not in anchors:
                anchors[target] = _ids(target)
            if parts.fragment not in anchors[target]:
                problems.append(Problem(rel, tag.sourceline, f"link to a missing anchor: {value}"))
    return problems


def _ids(file: Path) -> set[str]:
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    return {tag["id"] for tag in soup.find_all(id=True)}


def check_site(output: Path, site_url: str = "") -> list[Problem]:
    """Every problem of every page of a built site."""
    anchors: dict[Path, set[str]] = {}
    problems: list[Problem] = []
    for file in html_files(output):
        problems.extend(check_page(output, file, site_url, anchors))
    return problems
