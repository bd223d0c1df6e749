"""Checks on a built site: internal links, hreflang targets, languages, third-party requests."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from newsdesk.content.sanitise import url_scheme
from newsdesk.errors import Problem

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
    for tag in soup.find_all(["a", "link", *LOADING_ATTRIBUTES]):
        attr = "href" if tag.name in ("a", "link") else LOADING_ATTRIBUTES[tag.name]
        value = tag.get(attr)
        if not value:
            continue
        scheme = url_scheme(value)
        if scheme in ("mailto", "tel"):
            continue
        if scheme not in ("", "http", "https"):
            # javascript://host/%0Aalert() has a host part, but it is no other host's page.
            problems.append(Problem(rel, tag.sourceline, f"link to a {scheme}: address: {value}"))
            continue
        parts = urlsplit(value)
        loads = tag.name in LOADING_ATTRIBUTES or (
            tag.name == "link" and LOADING_LINK_RELS & set(tag.get("rel", []))
        )
        path = _local_path(value, site_url)
        if path is None:
            if loads:
                problems.append(Problem(rel, tag.sourceline, f"loads a resource from another host: {value}"))
            continue
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


def _local_path(url: str, site_url: str) -> str | None:
    """The path part of a URL of this site, or None for another host's URL."""
    parts = urlsplit(url)
    site = urlsplit(site_url) if site_url else None
    if parts.netloc and not (site and parts.netloc == site.netloc):
        return None
    path = parts.path
    if site and parts.netloc and site.path and path.startswith(site.path):
        path = path[len(site.path):] or "/"
    return path


def page_alternates(output: Path, file: Path, site_url: str = "") -> dict[str, str]:
    """A page's ``hreflang`` alternates, as language -> site path of the target."""
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    base = _site_path(output, file)
    found = {}
    for link in soup.find_all("link", rel="alternate", hreflang=True):
        path = _local_path(link.get("href", ""), site_url)
        if path is not None:
            found[link["hreflang"]] = urljoin(base, path)
    return found


def check_hreflang(output: Path, site_url: str = "") -> list[Problem]:
    """Each page lists itself among its alternates, and every alternate lists the page back."""
    problems = []
    cache: dict[Path, dict[str, str]] = {}
    for file in html_files(output):
        alternates = cache.setdefault(file, page_alternates(output, file, site_url))
        if not alternates:
            continue
        rel = file.relative_to(output).as_posix()
        own = _site_path(output, file)
        own_languages = {lang for lang, path in alternates.items() if resolve(output, path) == file}
        if not own_languages:
            problems.append(Problem(rel, None, "hreflang alternates do not include the page itself"))
        if own_languages == {"x-default"}:
            continue  # a language chooser stands for the set; it is not one of its languages
        for lang, path in sorted(alternates.items()):
            target = resolve(output, path)
            if target is None or target == file:
                continue  # a missing target is reported as a broken link
            back = cache.setdefault(target, page_alternates(output, target, site_url))
            if not any(resolve(output, p) == file for p in back.values()):
                problems.append(
                    Problem(rel, None, f"hreflang {lang} page {path} does not link back to {own}")
                )
    return problems


def check_xml(output: Path, site_url: str = "") -> list[Problem]:
    """Feeds and the sitemap parse as XML; every address in the sitemap is a built page."""
    from xml.etree import ElementTree

    problems = []
    for file in sorted(output.rglob("*.xml")):
        rel = file.relative_to(output).as_posix()
        try:
            tree = ElementTree.parse(file)
        except ElementTree.ParseError as error:
            line, _column = error.position
            problems.append(Problem(rel, line, f"not well-formed XML: {error.msg if hasattr(error, 'msg') else error}"))
            continue
        root = tree.getroot()
        if root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset":
            problems.extend(_check_sitemap(output, rel, root, site_url))
        elif (
            root.tag == "{http://www.w3.org/2005/Atom}feed"
            and root.find("{http://www.w3.org/2005/Atom}id") is None
        ):
            problems.append(Problem(rel, None, "Atom feed has no <id>"))
    return problems


def _check_sitemap(output: Path, rel: str, root, site_url: str) -> list[Problem]:
    problems = []
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    addresses = [loc.text or "" for loc in root.iterfind("s:url/s:loc", namespaces)]
    addresses += [link.get("href", "") for link in root.iterfind("s:url/x:link", namespaces)]
    for address in addresses:
        path = _local_path(address, site_url)
        if path is None or resolve(output, path or "/") is None:
            problems.append(Problem(rel, None, f"sitemap lists an address that is not a built page: {address}"))
    return problems
