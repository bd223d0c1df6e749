"""Checks on a built site: internal links, hreflang targets, languages, third-party requests."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

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


@dataclass(frozen=True)
class Link:
    """An element of a page that links to or loads an address."""

    tag: str
    value: str
    rel: frozenset[str]
    line: int | None


@dataclass(frozen=True)
class PageFacts:
    """What the site checks read of a page: its language, links, ids and hreflang alternates."""

    lang: str
    links: tuple[Link, ...]
    ids: frozenset[str]
    alternates: tuple[tuple[str, str], ...]  # (hreflang, href), in the page's order


LINKING = {"a": "href", "link": "href", **LOADING_ATTRIBUTES}
# libxml2 drops what follows </html>; a browser shows it in the body, as if the end tags
# (optional in HTML) were not there.
DOCUMENT_END = re.compile(rb"</\s*(?:body|html)\s*>", re.IGNORECASE)

PageMemo = dict[tuple[str, int, int], PageFacts]


def page_facts(file: Path, memo: PageMemo | None = None) -> PageFacts:
    """The page's facts, parsed by libxml2's HTML parser: as forgiving of broken markup as
    Python's, about twelve times as fast, and like a browser in taking the first of two
    attributes of one name. A tag written over several lines is named by the line where its
    start tag ends. ``memo``: the pages read so far by the checks of one run (a page rewritten
    since is read again)."""
    info = os.stat(file)
    key = (os.fspath(file), info.st_mtime_ns, info.st_size)
    found = memo.get(key) if memo is not None else None
    if found is None:
        found = _read_facts(Path(file).read_bytes())
        if memo is not None:
            memo[key] = found
    return found


def _read_facts(data: bytes) -> PageFacts:
    parser = etree.HTMLParser(
        encoding="utf-8", recover=True, no_network=True, huge_tree=True,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        data = DOCUMENT_END.sub(b"", data)
        root = etree.fromstring(data, parser) if data.strip() else None
    except (etree.ParserError, etree.XMLSyntaxError):  # nothing to make a document of
        root = None
    if root is None:
        return PageFacts("", (), frozenset(), ())
    links, ids, alternates = [], set(), []
    html = root if root.tag == "html" else root.find(".//html")  # libxml2 adds one if missing
    for element in root.iter(etree.Element):
        tag = element.tag
        attributes = element.attrib
        if "id" in attributes:
            ids.add(attributes["id"])
        attribute = LINKING.get(tag)
        if attribute is None:
            continue
        rel = frozenset(attributes.get("rel", "").split())
        value = attributes.get(attribute)
        if value:
            links.append(Link(tag, value, rel, element.sourceline))
        if tag == "link" and "alternate" in rel and "hreflang" in attributes:
            alternates.append((attributes["hreflang"], attributes.get("href", "")))
    lang = html.get("lang", "") if html is not None else ""
    return PageFacts(lang, tuple(links), frozenset(ids), tuple(alternates))


def check_page(
    output: Path,
    file: Path,
    site_url: str = "",
    resolved: dict[str, Path | None] | None = None,
    memo: PageMemo | None = None,
) -> list[Problem]:
    """Problems of one built page: broken internal links and anchors, missing lang, third-party
    loads. ``resolved``: the files addresses were found to be, kept for the site's other pages."""
    problems: list[Problem] = []
    resolved = {} if resolved is None else resolved
    memo = {} if memo is None else memo
    rel = file.relative_to(output).as_posix()
    facts = page_facts(file, memo)
    if not facts.lang:
        problems.append(Problem(rel, 1, "page has no <html lang>"))
    base = _site_path(output, file)
    for link in facts.links:
        value = link.value
        scheme = url_scheme(value)
        if scheme in ("mailto", "tel"):
            continue
        if scheme not in ("", "http", "https"):
            # javascript://host/%0Aalert() has a host part, but it is no other host's page.
            problems.append(Problem(rel, link.line, f"link to a {scheme}: address: {value}"))
            continue
        parts = urlsplit(value)
        loads = link.tag in LOADING_ATTRIBUTES or (
            link.tag == "link" and LOADING_LINK_RELS & link.rel
        )
        path = _local_path(value, site_url)
        if path is None:
            if loads:
                problems.append(Problem(rel, link.line, f"loads a resource from another host: {value}"))
            continue
        if not path and parts.fragment:
            path = base
        absolute = urljoin(base, path)
        if absolute not in resolved:
            resolved[absolute] = resolve(output, absolute)
        target = resolved[absolute]
        if target is None:
            problems.append(Problem(rel, link.line, f"link to a missing file: {value}"))
            continue
        if parts.fragment and target.suffix == ".html" and parts.fragment not in page_facts(target, memo).ids:
            problems.append(Problem(rel, link.line, f"link to a missing anchor: {value}"))
    return problems


def check_site(output: Path, site_url: str = "", memo: PageMemo | None = None) -> list[Problem]:
    """Every problem of every page of a built site."""
    problems: list[Problem] = []
    resolved: dict[str, Path | None] = {}
    memo = {} if memo is None else memo
    for file in html_files(output):
        problems.extend(check_page(output, file, site_url, resolved, memo))
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


def page_alternates(
    output: Path, file: Path, site_url: str = "", memo: PageMemo | None = None
) -> dict[str, str]:
    """A page's ``hreflang`` alternates, as language -> site path of the target."""
    base = _site_path(output, file)
    found = {}
    for hreflang, href in page_facts(file, memo).alternates:
        path = _local_path(href, site_url)
        if path is not None:
            found[hreflang] = urljoin(base, path)
    return found


def check_hreflang(output: Path, site_url: str = "", memo: PageMemo | None = None) -> list[Problem]:
    """Each page lists itself among its alternates, and every alternate lists the page back."""
    problems = []
    memo = {} if memo is None else memo
    cache: dict[Path, dict[str, str]] = {}

    def alternates_of(page: Path) -> dict[str, str]:
        if page not in cache:
            cache[page] = page_alternates(output, page, site_url, memo)
        return cache[page]

    for file in html_files(output):
        alternates = alternates_of(file)
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
            back = alternates_of(target)
            if not any(resolve(output, p) == file for p in back.values()):
                problems.append(
                    Problem(rel, None, f"hreflang {lang} page {path} does not link back to {own}")
                )
    return problems


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


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
        if root.tag == f"{SITEMAP_NS}urlset":
            problems.extend(_check_sitemap(output, rel, root, site_url))
            problems.extend(_check_sitemap_size(file, rel, root))
        elif root.tag == f"{SITEMAP_NS}sitemapindex":
            problems.extend(_check_sitemap_index(output, rel, root, site_url))
        elif (
            root.tag == "{http://www.w3.org/2005/Atom}feed"
            and root.find("{http://www.w3.org/2005/Atom}id") is None
        ):
            problems.append(Problem(rel, None, "Atom feed has no <id>"))
    return problems


def _check_sitemap_size(file: Path, rel: str, root) -> list[Problem]:
    """A sitemap file within the protocol's limits (sitemaps.org), which search engines enforce."""
    from newsdesk.site.root import SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS

    problems = []
    count = sum(1 for _ in root.iterfind(f"{SITEMAP_NS}url"))
    if count > SITEMAP_MAX_URLS:
        problems.append(Problem(rel, None, f"sitemap lists {count} addresses; one file may list {SITEMAP_MAX_URLS}"))
    size = file.stat().st_size
    if size > SITEMAP_MAX_BYTES:
        problems.append(Problem(rel, None, f"sitemap is {size} bytes; one file may be {SITEMAP_MAX_BYTES}"))
    return problems


def _check_sitemap_index(output: Path, rel: str, root, site_url: str) -> list[Problem]:
    """Every sitemap a sitemap index lists is a file of the site."""
    problems = []
    for loc in root.iterfind(f"{SITEMAP_NS}sitemap/{SITEMAP_NS}loc"):
        address = loc.text or ""
        path = _local_path(address, site_url)
        target = (output / unquote(path).lstrip("/")).resolve() if path and path.strip("/") else None
        if target is None or not target.is_relative_to(output.resolve()) or not target.is_file():
            problems.append(Problem(rel, None, f"sitemap index lists a sitemap that is not built: {address}"))
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
