"""What the run's caches (Pelican's reader cache, the Convention links) leave in its articles."""

from __future__ import annotations

import pickle
import sys

from pelican import signals

from newsdesk.pelican.pelican_api import read_reader_cache, reader_shard
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
        cached = read_reader_cache(str(path))
        assert sorted(name.rpartition("/")[2] for name in cached) == sorted(articles)


def test_the_reader_cache_lets_go_of_an_article_once_its_source_is_gone(tmp_path):
    # Else every renamed or removed article's text stays in the cache, loaded and saved again
    # by every build of each language.
    articles = {f"bai-{n}.md": article(BODY, Lang="vi", Slug=f"bai-{n}") for n in range(3)}
    settings = make_site(tmp_path, articles)
    build_site(settings, str(tmp_path / "output"), jobs=1)
    (tmp_path / "content" / "articles" / "bai-1.md").unlink()
    build_site(settings, str(tmp_path / "output"), jobs=1)
    saved = sorted((tmp_path / "cache").rglob("ArticlesGenerator-Readers"))
    assert len(saved) == 2  # one per language
    for path in saved:
        cached = read_reader_cache(str(path))
        assert sorted(name.rpartition("/")[2] for name in cached) == ["bai-0.md", "bai-2.md"]


def test_a_build_stopped_while_it_saves_the_reader_cache_leaves_the_next_strict_build_working(
    tmp_path, monkeypatch
):
    """Ctrl+C or a CI job's time limit can land while Pelican pickles its reader cache; the next
    build must neither find half a cache (a strict build stops on Pelican's warning about it)
    nor lose the one it had."""
    import pytest

    from tests.projects import strict_build

    articles = {f"bai-{n}.md": article(BODY, Lang="vi", Slug=f"bai-{n}") for n in range(3)}
    settings = make_site(tmp_path, articles)
    build_site(settings, str(tmp_path / "output"), jobs=1)
    (tmp_path / "content" / "articles" / "bai-0.md").write_text(
        article(BODY + "Thêm một đoạn.\n", Lang="vi", Slug="bai-0"), encoding="utf-8"
    )
    real_dump = pickle.dump

    def stopped_halfway(value, handle, *args, **kwargs):
        handle.write(pickle.dumps(value)[:100])
        raise KeyboardInterrupt

    monkeypatch.setattr(pickle, "dump", stopped_halfway)
    with pytest.raises(KeyboardInterrupt):
        build_site(settings, str(tmp_path / "output"), jobs=1)
    monkeypatch.setattr(pickle, "dump", real_dump)
    done = strict_build(tmp_path, verbose=True)
    assert "Cannot unpickle" not in done.stderr


def test_a_build_that_reads_no_source_anew_leaves_the_reader_cache_as_it_is(tmp_path):
    articles = {f"bai-{n}.md": article(BODY, Lang="vi", Slug=f"bai-{n}") for n in range(3)}
    settings = make_site(tmp_path, articles)
    build_site(settings, str(tmp_path / "output"), jobs=1)
    caches = sorted((tmp_path / "cache").glob("*/*/ArticlesGenerator-Readers/*.pickle"))
    assert len({path.parent for path in caches}) == 2  # one a language
    before = {path: path.stat().st_mtime_ns for path in caches}
    build_site(settings, str(tmp_path / "output"), jobs=1)
    assert {path: path.stat().st_mtime_ns for path in caches} == before
    edited = tmp_path / "content" / "articles" / "bai-1.md"
    edited.write_text(article(BODY + "Thêm một đoạn.\n", Lang="vi", Slug="bai-1"), encoding="utf-8")
    build_site(settings, str(tmp_path / "output"), jobs=1)
    holding = f"{reader_shard(str(edited)):02d}.pickle"
    changed = sorted(path for path in caches if path.stat().st_mtime_ns != before[path])
    assert [path.name for path in changed] == [holding, holding]  # in each language's cache


def test_an_edit_rewrites_only_the_part_of_the_reader_cache_that_holds_the_source(tmp_path):
    # The whole cache is 65 MB a language at 10,000 articles: written again after each edit,
    # it cost a third of a second of every rebuild.
    articles = {f"bai-{n}.md": article(BODY, Lang="vi", Slug=f"bai-{n}") for n in range(40)}
    settings = make_site(tmp_path, articles)
    build_site(settings, str(tmp_path / "output"), jobs=1)
    caches = sorted((tmp_path / "cache").glob("*/*/ArticlesGenerator-Readers/*.pickle"))
    before = {path: (path.stat().st_mtime_ns, path.stat().st_size) for path in caches}
    assert len(caches) > 2 * 10  # the 40 sources spread over many files in each language
    edited = tmp_path / "content" / "articles" / "bai-7.md"
    edited.write_text(article(BODY + "Thêm một đoạn.\n", Lang="vi", Slug="bai-7"), encoding="utf-8")
    build_site(settings, str(tmp_path / "output"), jobs=1)
    changed = [path for path in caches if (path.stat().st_mtime_ns, path.stat().st_size) != before[path]]
    assert len(changed) == 2 and all(path.name == f"{reader_shard(str(edited)):02d}.pickle" for path in changed)
    for folder in {path.parent for path in caches}:
        cached = read_reader_cache(str(folder))
        assert len(cached) == 40
        assert "Thêm một đoạn." in cached[str(edited)][1][0]  # (stamp, (content, metadata))
