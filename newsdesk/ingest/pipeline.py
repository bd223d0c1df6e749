"""The ingest stages in their order, from a source file's bytes to an article file."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from newsdesk.errors import IngestError
from newsdesk.ingest.clean import clean_source
from newsdesk.ingest.convert import ConvertContext, to_markdown
from newsdesk.ingest.decode import decode_source, read_source
from newsdesk.ingest.extract import extract_article
from newsdesk.ingest.metadata import SIDECAR_SUFFIX, build_metadata
from newsdesk.ingest.rules import Rules
from newsdesk.ingest.write import Outcome, RenderedArticle, render_article, write_article

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestOptions:
    """Where articles go and how existing ones are treated."""

    out_dir: Path
    content_dir: Path  # receives images/<slug>/
    date: str | None = None
    force: bool = False
    keep_existing: bool = False


ASSET_FOLDER_SUFFIX = "_files"  # what "Save page as ..., complete" names a page's folder
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


def is_asset(path: Path) -> bool:
    """Whether ``path`` belongs to a source rather than being one: a sidecar file, a picture, or
    a page's folder of pictures."""
    name = path.name
    if name.endswith(SIDECAR_SUFFIX) or name.lower().endswith(PICTURE_SUFFIXES):
        return True
    return name.endswith(ASSET_FOLDER_SUFFIX) and path.is_dir()


def render_source(path: Path, rules: Rules, date: str | None = None) -> RenderedArticle:
    """Stages 1-5 on one source: the article exactly as it would be written. Raises IngestError."""
    data = read_source(path)  # 0. a regular file under the size cap
    try:
        decoded = decode_source(path, data)  # 1. bytes -> text
        cleaned = clean_source(decoded, rules)  # 2. drop boilerplate, keep findings
        article = extract_article(cleaned, rules)  # 3. the article as an HTML fragment
        meta = build_metadata(article, rules, date)  # 4. title, date, slug, source, ...
        context = ConvertContext(path.parent, meta.slug)
        body = to_markdown(article.body, context)  # 5. HTML -> Markdown
    except (ValueError, RecursionError, etree.LxmlError) as error:
        # A page the parsers cannot take (the stages raise IngestError for what they foresee):
        # named with its file, so that the rest of the batch goes on.
        raise IngestError(
            f"cannot read this page ({type(error).__name__}: {error}); save it again and retry",
            path,
        ) from None
    rendered = render_article(meta, body, context.images)
    if context.hidden_captions:
        count = len(context.hidden_captions)
        rendered = replace(rendered, warnings=(*rendered.warnings, (
            f"{count} picture caption(s) without their picture kept as comments readers do not see"
            f" (add the photo to show them): {context.hidden_captions[0]!r}"
            + (f" and {count - 1} more" if count > 1 else "")
        )))  # fmt: skip
    return rendered


def ingest_source(
    path: Path, rules: Rules, options: IngestOptions, sources_by_slug: dict[str, Path]
) -> tuple[Path, Outcome, tuple[str, ...]]:
    """Ingest one source; ``sources_by_slug`` holds the sources of this run, so that two sources
    never write the same article. Returns the article file, what became of it and the warnings
    an editor should read."""
    article = render_source(path, rules, options.date)  # 1-5
    if article.slug in sources_by_slug:
        raise IngestError(
            f"has the same slug as {sources_by_slug[article.slug]}; give one of them its own "
            f"'Slug:' line in its {SIDECAR_SUFFIX} file",
            path,
        )
    sources_by_slug[article.slug] = path
    target, outcome = write_article(  # 6. atomic write, hand edits kept
        path,
        article,
        options.out_dir,
        options.content_dir,
        force=options.force,
        keep_existing=options.keep_existing,
    )
    return target, outcome, article.warnings
