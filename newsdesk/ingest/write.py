"""Stage 6: write the article (and its local pictures) atomically, never over an editor's changes.

An existing article is replaced only when it is exactly what ingest wrote before (then nothing is
written at all) or when ``--force`` is given: ingest renders the article afresh and compares it with
the file on disk, so any hand edit, however small, is kept and reported.
"""

from __future__ import annotations

import logging
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from newsdesk.content.document import split_header
from newsdesk.errors import IngestError
from newsdesk.ingest.convert import escape_inline
from newsdesk.ingest.metadata import ArticleMeta
from newsdesk.ingest.text import one_line

logger = logging.getLogger(__name__)


class Outcome(Enum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    KEPT = "kept (exists)"


@dataclass(frozen=True)
class RenderedArticle:
    """The article file's exact text and the local pictures that go with it."""

    slug: str
    text: str
    images: dict[str, bytes]  # path under the content folder -> the picture's bytes
    warnings: tuple[str, ...] = ()


def render_article(meta: ArticleMeta, body: str, images: dict[str, bytes]) -> RenderedArticle:
    header = meta.header_lines()
    header[-1] = "Summary: " + escape_inline(one_line(meta.summary))
    text = "\n".join(header) + "\n\n" + body
    return RenderedArticle(meta.slug, unicodedata.normalize("NFC", text), images, meta.warnings)


def write_article(
    source: Path,
    article: RenderedArticle,
    out_dir: Path,
    content_dir: Path,
    *,
    force: bool = False,
    keep_existing: bool = False,
) -> tuple[Path, Outcome]:
    target = out_dir / f"{article.slug}.md"
    data = article.text.encode("utf-8")
    if target.exists():
        other = _other_article(target, article.text)
        if other:
            raise IngestError(
                f"its slug {article.slug!r} is taken by another article, {target} ({other}); "
                "give this source its own 'Slug:' line in its .meta file",
                source,
            )
        if keep_existing:
            return target, Outcome.KEPT
        if target.read_bytes() == data and _images_in_place(article, content_dir):
            return target, Outcome.UNCHANGED
        if not force:
            raise IngestError(
                f"{target} differs from what ingest writes (edited by hand?); it was left as it is. "
                "Compare the two, then run again with --force to replace it, or keep your edits",
                source,
            )
    try:
        for site_path, picture in sorted(article.images.items()):
            write_atomically(content_dir / site_path, picture)
        write_atomically(target, data)
    except OSError as error:
        raise IngestError(
            f"cannot write {target}: {error.strerror}; nothing was replaced", source
        ) from None
    return target, Outcome.WRITTEN


def _header(text: str) -> dict[str, str]:
    """An article's header as {key: value}, keys in lower case (the one header reader's)."""
    header, _ = split_header(text)
    return {key: value for key, (value, _) in header.items()}


def _other_article(target: Path, text: str) -> str:
    """What tells the article in ``target`` from the one in ``text`` when they come from different
    sources ("" when they are the same article, perhaps edited by hand)."""
    try:
        old = _header(target.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return ""
    new = _header(text)
    if old.get("source_url") and new.get("source_url"):
        if old["source_url"] != new["source_url"]:
            return f"from {old['source_url']}"
        return ""
    # Without both addresses: another outlet on another day is another article (a hand edit
    # rarely changes both).
    if old.get("date") and old.get("source") and all(
        old.get(key) != new.get(key) for key in ("date", "source")
    ):
        return f"{old['source']}, {old['date']}"
    return ""


def _images_in_place(article: RenderedArticle, content_dir: Path) -> bool:
    return all(
        (content_dir / site_path).is_file()
        and (content_dir / site_path).read_bytes() == picture
        for site_path, picture in article.images.items()
    )


def write_atomically(target: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and a rename: whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
