"""What the run's caches (Pelican's reader cache, the Convention links) leave in its articles."""

from __future__ import annotations

import pickle
import sys

from pelican import signals

from newsdesk.site.build import build_site
from tests.pelican.sites import article, make_site

# Linked to the Convention's article 5 by the Convention plugin, which keeps its links too.
BODY = "Công ước Hà Nội được mở ký tại Hà Nội ngày 25 và 26 tháng 10 năm 2025 (Điều 5).\n\n" * 40


def body_sizes(settings, tmp_path) -> list[tuple[int, int]]:
    """(size of each article's body, size of a new string of the same text), as the run's
    articles hold them once every page is written."""
    sizes = []

    def measure(generator, writer=None):
        for item in generator.articles + generator.translations:
            text = item._content
            sizes.append((sys.getsizeof(text), sys.getsizeof("".join((text, "")))))

    signals.article_writer_finalized.connect(measure)
    try:
        build_site(settings, str(tmp_path / "output"), jobs=1)
    finally:
        signals.article_writer_finalized.disconnect(measure)
    return sizes


def test_a_vietnamese_body_is_held_once_after_the_caches_are_saved(tmp_path):
    # Pickle writes a text as UTF-8, and CPython keeps that form beside the text as long as it
    # lives: for Vietnamese, more than half the body's size again, for every article of the run.
    articles = {
        f"bai-{n}.md": article(BODY, Lang="vi", Slug=f"bai-{n}", Title=f"Bài {n}") for n in range(3)
    }
    settings = make_site(tmp_path, articles)
    for build in ("clean", "from the cache"):
        sizes = body_sizes(settings, tmp_path)
        assert len(sizes) == 6, build  # three articles in each language
        assert all(held == fresh for held, fresh in sizes), (build, sizes)


def test_the_reader_cache_still_holds_every_article_for_the_next_build(tmp_path):
    articles = {f"bai-{n}.md": article(BODY, Lang="vi", Slug=f"bai-{n}") for n in range(3)}
    settings = make_site(tmp_path, articles)
    body_sizes(settings, tmp_path)
    saved = sorted((tmp_path / "cache").rglob("ArticlesGenerator-Readers"))
    assert len(saved) == 2  # one per language
    for path in saved:
        cached = pickle.loads(path.read_bytes())
        assert sorted(name.rpartition("/")[2] for name in cached) == sorted(articles)
