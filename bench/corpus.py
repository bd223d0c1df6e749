"""A deterministic synthetic corpus: N English articles and their Vietnamese catalogues.

Each article has about 600 words in 10 paragraphs, a category, three tags, a source and a summary,
written with the header lines the ingest writes. Its Vietnamese translation is a content catalogue
``translations/vi/LC_MESSAGES/content/<key>.po`` (one message per block: title, summary, each
paragraph), written through Babel. A project without the content-translation plugin cannot read
those catalogues, so there the same Vietnamese text is also written as ``<slug>.vi.md``.
Article ``i`` is the same for every N, so a corpus of 500 is the first 500 of a corpus of 2000.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

logger = logging.getLogger(__name__)

PARAGRAPHS = 10
WORDS_PER_PARAGRAPH = 60
TAGS_PER_ARTICLE = 3
FIRST_DATE = datetime(2024, 1, 1, 8, 0)

ENGLISH_WORDS = [
    "convention", "cybercrime", "states", "parties", "cooperation", "evidence", "electronic",
    "data", "rights", "safeguards", "signature", "ratification", "treaty", "assembly", "resolution",
    "article", "chapter", "provision", "offence", "access", "system", "interception",
    "investigation", "extradition", "assistance", "jurisdiction", "privacy", "protection",
    "capacity", "building", "technical", "prevention", "victims", "procedure", "preservation",
    "disclosure", "authority", "the", "of", "and", "to", "in", "for", "with", "on", "by", "under",
    "across", "between", "national", "international", "public", "law",
]
VIETNAMESE_WORDS = [
    "công", "ước", "tội", "phạm", "mạng", "quốc", "gia", "thành", "viên", "hợp", "tác", "chứng",
    "cứ", "dữ", "liệu", "điện", "tử", "quyền", "bảo", "đảm", "ký", "kết", "phê", "chuẩn", "điều",
    "ước", "đại", "hội", "đồng", "nghị", "quyết", "điều", "chương", "quy", "định", "hành", "vi",
    "truy", "cập", "hệ", "thống", "điều", "tra", "dẫn", "độ", "tương", "trợ", "tư", "pháp", "quyền",
    "riêng", "tư", "bảo", "vệ", "năng", "lực", "kỹ", "thuật", "phòng", "ngừa", "nạn", "nhân", "thủ",
    "tục", "lưu", "giữ", "tiết", "lộ", "cơ", "quan", "của", "và", "cho", "trong", "với", "theo",
    "giữa", "quốc", "tế", "pháp", "luật", "công", "khai",
]
CATEGORIES = (
    ("News", "Tin tức"),
    ("Analysis", "Phân tích"),
    ("Signatures", "Ký kết"),
    ("Negotiations", "Đàm phán"),
    ("Human rights", "Quyền con người"),
)
TAGS = tuple((f"Topic {n}", f"Chủ đề {n}") for n in range(1, 41))


@dataclass(frozen=True)
class SyntheticArticle:
    slug: str
    date: datetime
    category: tuple[str, str]  # (English, Vietnamese)
    tags: tuple[tuple[str, str], ...]
    title: tuple[str, str]
    summary: tuple[str, str]
    paragraphs: tuple[tuple[str, str], ...]


def _sentence_run(rng: random.Random, words: list[str], count: int) -> str:
    chosen = [rng.choice(words) for _ in range(count)]
    sentences, start = [], 0
    while start < count:
        length = rng.randint(8, 16)
        part = " ".join(chosen[start : start + length])
        sentences.append(part[:1].upper() + part[1:] + ".")
        start += length
    return " ".join(sentences)


def make_article(index: int) -> SyntheticArticle:
    """Article number ``index``: the same text whatever the corpus size."""
    rng = random.Random(index)
    paragraphs = tuple(
        (
            _sentence_run(rng, ENGLISH_WORDS, WORDS_PER_PARAGRAPH),
            _sentence_run(rng, VIETNAMESE_WORDS, WORDS_PER_PARAGRAPH),
        )
        for _ in range(PARAGRAPHS)
    )
    return SyntheticArticle(
        slug=f"synthetic-report-{index:05d}",
        date=FIRST_DATE + timedelta(hours=7 * index),
        category=CATEGORIES[index % len(CATEGORIES)],
        tags=tuple(rng.sample(TAGS, TAGS_PER_ARTICLE)),
        title=(
            f"Report {index}: " + _sentence_run(rng, ENGLISH_WORDS, 6).rstrip("."),
            f"Báo cáo {index}: " + _sentence_run(rng, VIETNAMESE_WORDS, 6).rstrip("."),
        ),
        summary=(_sentence_run(rng, ENGLISH_WORDS, 20), _sentence_run(rng, VIETNAMESE_WORDS, 20)),
        paragraphs=paragraphs,
    )


def markdown(article: SyntheticArticle, side: int, lang: str) -> str:
    """The article in one language (side 0: English, 1: Vietnamese) with the ingest's header lines."""
    lines = [
        f"Title: {article.title[side]}",
        f"Date: {article.date.isoformat(sep=' ', timespec='minutes')}",
        f"Lang: {lang}",
        f"Slug: {article.slug}",
        f"Translation_Key: {article.slug}",
        f"Category: {article.category[0]}",
        f"Tags: {', '.join(tag[0] for tag in article.tags)}",
        "Source: Synthetic Wire",
        f"Source_URL: https://wire.example/{article.slug}",
        f"Summary: {article.summary[side]}",
        "",
    ]
    for paragraph in article.paragraphs:
        lines += [paragraph[side], ""]
    return "\n".join(lines)


def hugo_markdown(article: SyntheticArticle, side: int) -> str:
    """The same article as a Hugo content file (TOML front matter), for the peer build."""
    title = article.title[side].replace('"', "'")
    front = [
        "+++",
        f'title = "{title}"',
        f"date = {article.date.isoformat(timespec='minutes')}:00+07:00",
        f'slug = "{article.slug}"',
        f'translationKey = "{article.slug}"',
        f'categories = ["{article.category[side]}"]',
        "tags = [" + ", ".join(f'"{tag[side]}"' for tag in article.tags) + "]",
        f'summary = "{article.summary[side]}"',
        "+++",
        "",
    ]
    return "\n".join(front + [line for paragraph in article.paragraphs for line in (paragraph[side], "")])


def write_hugo_corpus(project: Path, count: int, languages: tuple[str, str]) -> None:
    """The corpus in every language as Hugo content (``<slug>.<lang>.md``)."""
    posts = project / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        article = make_article(index)
        for side, lang in enumerate(languages):
            (posts / f"{article.slug}.{lang}.md").write_text(hugo_markdown(article, side), encoding="utf-8")


def catalogue(article: SyntheticArticle, source: str, lang: str) -> Catalog:
    """The Vietnamese content catalogue: one message per block, each with its source line."""
    catalog = Catalog(locale=lang, project="synthetic corpus", fuzzy=False)
    catalog.add(
        article.title[0], article.title[1], locations=[(source, 1)], auto_comments=["title"]
    )
    catalog.add(
        article.summary[0], article.summary[1], locations=[(source, 10)], auto_comments=["summary"]
    )
    line = 12
    for english, vietnamese in article.paragraphs:
        catalog.add(english, vietnamese, locations=[(source, line)])
        line += 2
    return catalog


def add_taxonomy(project: Path, lang: str) -> None:
    """Put the corpus' category and tag names into the taxonomy catalogue of ``lang``."""
    path = project / "translations" / lang / "LC_MESSAGES" / "taxonomy.po"
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle)
    else:
        catalog = Catalog(locale=lang)
    for english, vietnamese in CATEGORIES + TAGS:
        if english not in catalog:
            catalog.add(english, vietnamese)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, width=76)


def write_corpus(
    project: Path, count: int, source_lang: str, target_lang: str, from_catalogues: bool = True
) -> list[Path]:
    """Write ``count`` articles into ``project``; return the English Markdown files. With
    ``from_catalogues`` off, each translation is a Markdown file of its own besides its catalogue."""
    articles = project / "content" / "articles"
    catalogues = project / "translations" / target_lang / "LC_MESSAGES" / "content"
    articles.mkdir(parents=True, exist_ok=True)
    catalogues.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(count):
        article = make_article(index)
        source = articles / f"{article.slug}.md"
        source.write_text(markdown(article, 0, source_lang), encoding="utf-8")
        with (catalogues / f"{article.slug}.po").open("wb") as handle:
            write_po(
                handle, catalogue(article, f"content/articles/{source.name}", target_lang), width=76
            )
        if not from_catalogues:
            (articles / f"{article.slug}.{target_lang}.md").write_text(
                markdown(article, 1, target_lang), encoding="utf-8"
            )
        written.append(source)
    add_taxonomy(project, target_lang)
    return written
