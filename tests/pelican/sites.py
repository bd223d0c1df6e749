"""A small copy of the real site (settings, theme, theme catalogues) with articles a test writes."""

from __future__ import annotations

import shutil
import struct
import textwrap
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def png(width: int = 4, height: int = 3) -> bytes:
    """A small, valid, red PNG picture."""
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def article(body: str = "A paragraph.", **meta: str) -> str:
    """A Markdown article; ``meta`` overrides the header's fields (None leaves one out)."""
    fields = {
        "Title": "A picture from Hanoi",
        "Date": "2025-10-01 08:00",
        "Lang": "en",
        "Slug": "a-picture",
        "Category": "News",
        "Tags": "Hanoi",
        "Source": "Daily",
        "Source_URL": "https://example.org/news/1",
    }
    fields.update({key.replace("__", "-"): value for key, value in meta.items()})
    header = "".join(f"{key}: {value}\n" for key, value in fields.items() if value is not None)
    return header + "\n" + textwrap.dedent(body).strip() + "\n"


def dated_articles(count: int, body) -> dict[str, str]:
    """``count`` articles, one a day from 1 January 2024 (``report-N.md``), each with the text
    ``body(N)``."""
    return {
        f"report-{n}.md": article(
            body(n), Title=f"Report {n}", Slug=f"report-{n}", Date=f"2024-01-{n + 1:02d} 08:00"
        )
        for n in range(count)
    }


def make_site(folder: Path, articles: dict[str, str] | None = None) -> Path:
    """A project in ``folder``: the real settings, theme and theme catalogues, and ``articles``
    (file name under content/articles -> text); returns its settings file."""
    for name in ("theme", "data"):
        shutil.copytree(ROOT / name, folder / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, folder / name)
    for po in (ROOT / "translations").glob("*/LC_MESSAGES/*.po"):
        target = folder / po.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(po, target)
    shutil.copy(ROOT / "translations" / "glossary.tsv", folder / "translations" / "glossary.tsv")
    for name in ("articles", "pages", "convention", "images"):
        (folder / "content" / name).mkdir(parents=True, exist_ok=True)
    for name, text in (articles or {}).items():
        write(folder / "content" / "articles" / name, text)
    return folder / "pelicanconf.py"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def content_catalogue(folder: Path, lang: str, key: str, entries: dict[str, str]) -> Path:
    """A content catalogue translating ``entries`` (msgid -> msgstr)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale=lang)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)
    path = folder / "translations" / lang / "LC_MESSAGES" / "content" / f"{key}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)
    return path


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset")


def hostile_markup(output: Path) -> list[str]:
    """Every script a test planted, event handler and javascript:/data:/vbscript: address in
    the built site, as ``file: what``."""
    from bs4 import BeautifulSoup

    from newsdesk.content.sanitise import url_scheme

    found = []
    for file in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        rel = file.relative_to(output)
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue  # data, not code: |tojson escapes "<", so it cannot close the element
            if "alert" in script.get_text() or script.get("src", "").startswith(("java", "data")):
                found.append(f"{rel}: script {str(script)[:80]!r}")
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                if name.lower().startswith("on"):
                    found.append(f"{rel}: event handler {name}={value!r} on <{tag.name}>")
                if (
                    name.lower() in URL_ATTRIBUTES
                    and isinstance(value, str)
                    and url_scheme(value) in ("javascript", "data", "vbscript")
                ):
                    found.append(f"{rel}: {name}={value!r} on <{tag.name}>")
    return found
