"""Pelican's Markdown reader, rendering each source in the run's language from its catalogue."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import logging
from dataclasses import replace
from pathlib import Path

from markdown.extensions.meta import MetaPreprocessor
from pelican.readers import MarkdownReader

from newsdesk.content import render_cache
from newsdesk.content.document import (
    converter,
    document_key,
    document_lang,
    split_header,
)
from newsdesk.content.sanitise import metadata_problems, sanitise
from newsdesk.content.stamps import FileStamps, run_stamps
from newsdesk.errors import ContentError, ProjectError
from newsdesk.i18n.layout import content_catalogue_name
from newsdesk.i18n.translate import (
    TRANSLATED,
    UNTRANSLATED,
    BlockPair,
    TranslationState,
    strip_block_numbers,
)
from newsdesk.site.languages import run_config

logger = logging.getLogger(__name__)

META_PRIORITY = 27  # where python-markdown's meta extension puts its step
STATE_KEY = "content_i18n"  # metadata key, so templates read ``article.content_i18n``


def pair_language(source_lang: str, run_lang: str, languages: tuple[str, ...]) -> str | None:
    """The language shown beside the source in the side-by-side view of this run."""
    if run_lang != source_lang:
        return run_lang
    return next((code for code in languages if code != source_lang), None)


@functools.lru_cache(maxsize=1 << 16)
def _catalogue_files(
    translations: str, default: str, run_lang: str, languages: tuple, header_lang: str, key: str
) -> tuple[str, ...]:
    """The catalogues a document of ``header_lang`` named ``key`` is read with in this run."""
    source_lang = header_lang or default
    codes = {run_lang, pair_language(source_lang, run_lang, languages)}
    return tuple(
        content_catalogue_name(translations, code, key) for code in sorted(codes - {source_lang, None})
    )


def source_stamp(source_path: str, multilang: dict, stamps: FileStamps | None = None) -> tuple[str, bytes]:
    """What Pelican's reader cache stamps a source with: the SHA-256 of its bytes, and a digest
    of the catalogues it is rendered from. What is learnt of the source's bytes (its digest,
    language and catalogues' name) is learnt once while the file is unchanged."""
    stamps = stamps or FileStamps(None)
    digest = hashlib.sha256()
    path = Path(source_path)
    if path.suffix.lstrip(".") not in MarkdownReader.file_extensions:
        return stamps.sha256(path), digest.digest()
    source_sha, header_lang, key = stamps.value(path, "source-header", render_cache.source_facts)
    catalogues = _catalogue_files(
        str(multilang["translations"]), multilang["default"], multilang["language"],
        tuple(multilang["languages"]), header_lang, key,
    )  # fmt: skip
    for catalogue in catalogues:
        digest.update(catalogue.encode() + b"\0")
        try:
            digest.update(stamps.sha256(catalogue).encode())
        except FileNotFoundError:
            digest.update(b"-")
    return source_sha, digest.digest()


def title_pair(source_title: str, translated_meta: dict, translated: TranslationState) -> BlockPair:
    """The title's row of the side-by-side view."""
    status = UNTRANSLATED if "title" in translated.fallback_fields else TRANSLATED
    title = "\n".join(translated_meta.get("title", [source_title]))
    return BlockPair("title", html.escape(source_title), html.escape(title), status)


@contextlib.contextmanager
def reported(source_path: str):
    """Log why a source cannot be read, naming it: Pelican logs only that it could not process
    it (the reason only with DEBUG), then goes on without it."""
    try:
        yield
    except ProjectError as error:
        logger.error("%s", error)
        raise
    except Exception as error:
        logger.error("%s: cannot be read: %s", source_path, error)
        raise


def read_source(path: str | Path) -> str:
    """A content file's text; a file that is not UTF-8 is an error naming its line."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ContentError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8", path, line
        ) from None


def header_line(text: str, key: str) -> tuple[int | None, str]:
    """The line of metadata field ``key`` in a source's header, and the field's name as written."""
    header, _ = split_header(text)
    if key.lower() not in header:
        return None, key
    number = header[key.lower()][1]
    return number, text.split("\n")[number - 1].partition(":")[0].strip()


def safe_content(source_path: str, text: str, content: str, metadata: dict) -> tuple[str, dict]:
    """What a reader returns, made safe to show: content and summary through the one allow-list;
    a metadata value a page may not show is an error naming its file and line."""
    fields = {key: value for key, value in metadata.items() if key not in (STATE_KEY, "summary")}
    for key, reason in metadata_problems(fields):
        line, name = header_line(text, key)
        raise ContentError(f"{name} {reason}", source_path, line)
    if "summary" in metadata:
        metadata["summary"] = sanitise(str(metadata["summary"]))
    return sanitise(content), metadata


class TranslatingMarkdownReader(MarkdownReader):
    """Reads a Markdown source in the run's language: natively, or through its catalogue."""

    def read(self, source_path):
        with reported(source_path):
            text = read_source(source_path)
            content, metadata = self._read(source_path, text)
            return safe_content(source_path, text, content, metadata)

    def _read(self, source_path, text):
        multilang = run_config(self.settings)
        if multilang is None:  # not a per-language run: plain Markdown
            return super().read(source_path)
        run_lang = multilang["language"]
        self._source_path = source_path
        header, _ = split_header(text)
        source_lang = document_lang(header, multilang["default"])
        key = document_key(header, Path(source_path))
        translations = Path(multilang["translations"])
        markdown_settings = self.settings["MARKDOWN"]

        # Every rendering of the document that any run shows, computed once for all of them.
        cache = render_cache.run_cache(self.settings)
        entry, rendered = render_cache.keyed_renderings(
            cache,
            text,
            markdown_settings,
            source_lang,
            render_cache.document_catalogues(
                translations, key, source_lang, multilang["languages"]
            ),
            run_stamps(self.settings),
        )

        def translate_into(code: str):
            return rendered.translations[code]

        numbered = translated_meta = translated_state = None
        if run_lang == source_lang:
            # One rendering serves the page (numbers taken out) and the side-by-side view.
            source_numbered, meta = rendered.source
            content = strip_block_numbers(source_numbered)
            metadata = self._parse_metadata(meta)
            state = TranslationState(source_lang, run_lang)
        else:
            source_numbered = None
            content, meta, state, numbered = translate_into(run_lang)
            translated_meta, translated_state = meta, state
            meta = dict(meta, lang=[run_lang])
            metadata = self._parse_metadata(meta)
        other = pair_language(source_lang, run_lang, tuple(multilang["languages"]))
        if other is not None:
            if numbered is None:
                _, translated_meta, translated_state, numbered = translate_into(other)
            if source_numbered is None:
                source_numbered, _ = rendered.source
            title = (
                title_pair(header["title"][0], translated_meta, translated_state)
                if "title" in header
                else None
            )
            # Read again when the view renders, not kept for the whole run.
            pairs = render_cache.stored_pairs(cache, entry, other, rendered.pairs[other], title)
            state = replace(state, pairs=pairs, pair_lang=other)
        metadata[STATE_KEY] = state
        return content, metadata

    def _parse_metadata(self, meta):
        """Pelican's metadata parsing, rendering formatted fields (the summary) with a converter
        kept for the whole run.

        Pelican takes the metadata step out of ``self._md`` before it renders a field; it is put
        back each time, as the converter serves every document.
        """
        self._md, _ = converter(self.settings["MARKDOWN"], meta=False)
        if "meta" not in self._md.preprocessors:
            self._md.preprocessors.register(MetaPreprocessor(self._md), "meta", META_PRIORITY)
        return super()._parse_metadata(meta)
