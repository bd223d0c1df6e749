"""Content lint: required metadata, ISO 8601 dates, unique slugs and translation keys, no orphan
source, and nothing but Markdown (no raw HTML, event handlers or javascript: links).

Works on the Markdown files as an editor writes them, without Pelican, so it is fast enough for a
pre-commit hook. Each problem names the file and the line of the header it is about.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bs4 import BeautifulSoup

from newsdesk.checks.markup import markup_problems
from newsdesk.content.document import document_key, split_header
from newsdesk.content.sanitise import unsafe_url
from newsdesk.errors import ContentError, Problem, ProjectError
from newsdesk.i18n.layout import content_catalogues

logger = logging.getLogger(__name__)

HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*):\s*(?P<value>.*)$")
SOURCE_SIDECAR_SUFFIX = ".meta"
SOURCE_SUFFIXES = (".html", ".htm", ".txt")


@dataclass
class ContentFile:
    """A content file's header: metadata keys (lower case) with their values and lines."""

    path: Path
    kind: str  # "articles" or "pages"
    header: dict[str, tuple[str, int]]
    text: str = ""
    body_line: int = 1

    def get(self, key: str) -> str:
        return self.header.get(key.lower(), ("", 1))[0]

    def line_of(self, key: str) -> int:
        return self.header.get(key.lower(), ("", 1))[1]


def read_header(path: Path, kind: str) -> ContentFile:
    """The ``Key: value`` lines at the top of a Markdown file, as the translation tools read them;
    a file that is not UTF-8 text is a ContentError naming its line."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ContentError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8", path, line
        ) from None
    header, body_line = split_header(text)
    return ContentFile(path, kind, header, text, body_line)


def content_files(
    content: Path, folders: dict[str, Iterable[str]], unreadable: list[ProjectError] | None = None
) -> list[ContentFile]:
    """Every Markdown file of the given kinds, e.g. ``{"articles": ["articles"], "pages": ["pages"]}``;
    the errors of files that cannot be read go to ``unreadable``."""
    files = []
    for kind, names in folders.items():
        for name in names:
            for path in sorted((content / name).rglob("*.md")):
                try:
                    files.append(read_header(path, kind))
                except ProjectError as error:
                    if unreadable is None:
                        raise
                    unreadable.append(error)
    return files


def is_iso_date(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_slug(file: ContentFile, display: Path) -> list[Problem]:
    """The slug and translation key name a folder and a catalogue: plain file names only."""
    try:
        document_key(file.header, file.path)
    except ProjectError:
        key = "translation_key" if file.get("translation_key") else "slug"
        return [
            Problem(
                str(display),
                file.line_of(key),
                f"{key.title()} {file.get(key)!r} is not a plain file name"
                " (letters, digits, '-', '_' and '.', not first)",
            )
        ]
    return []


def check_metadata(file: ContentFile, required: Iterable[str], display: Path) -> list[Problem]:
    problems = check_slug(file, display)
    problems.extend(
        Problem(str(display), line, message)
        for line, message in markup_problems(file.text, file.body_line)
    )
    for key, (value, line) in file.header.items():
        if key.endswith("url") and (reason := unsafe_url(value)):
            problems.append(Problem(str(display), line, f"{key.title()} {value[:60]!r}: {reason}"))
    for key in required:
        if not file.get(key):
            problems.append(Problem(str(display), 1, f"missing required metadata {key!r}"))
    for key in ("date", "modified"):
        value = file.get(key)
        if value and not is_iso_date(value):
            problems.append(
                Problem(
                    str(display),
                    file.line_of(key),
                    f"{key.title()} {value!r} is not an ISO 8601 date (write 2025-10-25 or 2025-10-25 09:00)",
                )
            )
    return problems


def check_unique(
    files: list[ContentFile], key: str, default_lang: str, shown: dict[Path, Path]
) -> list[Problem]:
    """No two files of the same kind and language share ``key`` (e.g. slug, translation key)."""
    seen: dict[tuple[str, str, str], ContentFile] = {}
    problems = []
    for file in files:
        value = file.get(key)
        if not value:
            continue
        identity = (file.kind, file.get("lang") or default_lang, value)
        if identity in seen:
            first = seen[identity]
            problems.append(
                Problem(
                    str(shown[file.path]),
                    file.line_of(key),
                    f"{key.title()} {value!r} is already used by {shown[first.path]}:{first.line_of(key)}",
                )
            )
        else:
            seen[identity] = file
    return problems


def source_url(source: Path) -> str:
    """The address a saved source page came from: its sidecar's Source_URL, og:url or canonical link."""
    sidecar = source.with_name(source.name + SOURCE_SIDECAR_SUFFIX)
    if sidecar.exists():
        for line in sidecar.read_text(encoding="utf-8", errors="replace").splitlines():
            match = HEADER_LINE.match(line)
            if match and match["key"].lower() == "source_url":
                return match["value"].strip()
    if source.suffix in (".html", ".htm"):
        soup = BeautifulSoup(source.read_text(encoding="utf-8", errors="replace"), "html.parser")
        og = soup.find("meta", attrs={"property": "og:url"})
        if og and og.get("content"):
            return og["content"].strip()
        canonical = soup.find("link", rel="canonical")
        if canonical and canonical.get("href"):
            return canonical["href"].strip()
    return ""


def ingested_slug(source: Path) -> str | None:
    """The slug the ingest gives this source; None when the ingest cannot read it."""
    from newsdesk.ingest.pipeline import render_source
    from newsdesk.ingest.rules import load_rules

    try:
        return render_source(source, load_rules(), None).slug
    except ProjectError as error:
        logger.debug("%s: the ingest cannot read it: %s", source, error)
        return None


def _normal_url(url: str) -> str:
    return url.strip().rstrip("/").lower()


def check_sources(sources: Path, articles: list[ContentFile], shown) -> list[Problem]:
    """Every saved source page has an article: the same Source_URL, its file name as slug, or the slug
    the ingest gives it."""
    if not sources.is_dir():
        return []
    urls = {_normal_url(a.get("source_url")) for a in articles if a.get("source_url")}
    slugs = {a.get("slug") for a in articles}
    problems = []
    for source in sorted(sources.rglob("*")):
        if not source.is_file() or source.suffix not in SOURCE_SUFFIXES:
            continue
        url = source_url(source)
        if (
            (url and _normal_url(url) in urls)
            or source.stem in slugs
            or ingested_slug(source) in slugs
        ):
            continue
        known = f" (from {url})" if url else ""
        problems.append(
            Problem(str(shown(source)), 1, f"source has no article{known}: run the ingest for it")
        )
    return problems


def catalogue_key(file: ContentFile) -> str | None:
    """The name of a document's catalogues, as the translation tools give it; None if unusable."""
    try:
        return document_key(file.header, file.path)
    except ProjectError:
        return None  # the i18n tools report it


def check_catalogue_owners(files: list[ContentFile], translations: Path, shown) -> list[Problem]:
    """Every content catalogue belongs to a document: one left by a deleted or renamed document
    holds translations that no page shows."""
    keys = {catalogue_key(file) for file in files}
    return [
        Problem(
            str(shown(catalogue)),
            1,
            f"no document has the translation key {catalogue.stem!r}: its source was deleted, or"
            " its Slug or Translation_Key changed (rename the catalogue to the new key, or delete it)",
        )
        for catalogue in content_catalogues(translations)
        if catalogue.stem not in keys
    ]


def lint_content(
    content: Path,
    sources: Path,
    folders: dict[str, Iterable[str]],
    required: dict[str, Iterable[str]],
    default_lang: str,
    unique: Iterable[str] = ("slug", "translation_key"),
    base: Path | None = None,
    only: Iterable[Path] | None = None,
    translations: Path | None = None,
) -> list[Problem]:
    """Every content problem of the files in ``folders`` (kind -> folders under ``content``),
    and, given ``translations``, every content catalogue whose document is gone.

    With ``only``, problems of those files (uniqueness still site-wide)."""
    base = base or Path.cwd()

    def shown(path: Path) -> Path:
        try:
            return path.resolve().relative_to(base.resolve())
        except ValueError:
            return path

    unreadable: list[ProjectError] = []
    files = content_files(content, folders, unreadable)
    display = {file.path: shown(file.path) for file in files}
    problems: list[Problem] = [
        Problem(str(shown(Path(error.path))), error.line, error.message) for error in unreadable
    ]
    for file in files:
        problems.extend(check_metadata(file, required.get(file.kind, ()), display[file.path]))
    for key in unique:
        problems.extend(check_unique(files, key, default_lang, display))
    articles = [file for file in files if file.kind == "articles"]
    problems.extend(check_sources(sources, articles, shown))
    if translations is not None:
        problems.extend(check_catalogue_owners(files, translations, shown))
    if only is not None:
        wanted = {str(shown(Path(path))) for path in only}
        problems = [problem for problem in problems if problem.path in wanted]
    return problems
