"""The incremental writer: kept pages look to Pelican and other plugins like rendered ones,
deleted pages leave no folders, and a run that raises leaves nothing behind for the next."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican import signals

from newsdesk.site.build import build_site
from tests.pelican.sites import article, make_site
from tests.projects import tree_digest


def build(settings, output, **options):
    return build_site(settings, str(output), jobs=1, **options)


def test_a_failed_run_leaves_no_writer_for_the_next(tmp_path):
    settings = make_site(tmp_path, {"a.md": article(), "b.md": article(Slug="b", Title="B")})
    output = tmp_path / "output"
    build(settings, output)
    build(settings, output)  # the standby folder now has a manifest of its pages

    def fail(path, context=None):
        raise RuntimeError("a plugin failed while writing")

    signals.content_written.connect(fail)  # the run stops at its first page
    try:
        with pytest.raises(Exception):  # noqa: B017 (the build stops, however it says so)
            build(settings, output)
    finally:
        signals.content_written.disconnect(fail)
    built = []
    for _ in range(3):  # each build after the failed one is the whole site
        build(settings, output)
        built.append(tree_digest(output))
    clean = tmp_path / "clean"
    build(settings, clean)
    assert built == [tree_digest(clean)] * 3


def test_kept_pages_are_announced_as_rendered_ones(tmp_path):
    settings = make_site(tmp_path, {"a.md": article()})
    output = tmp_path / "output"
    seen: list[list[tuple[str, tuple]]] = []

    def written(path, context=None):
        seen[-1].append((path.rsplit("/output-standby/", 1)[-1], sorted(context or {})))

    signals.content_written.connect(written)
    try:
        for _ in range(3):  # rendered, copied from the live folder, kept in the standby one
            seen.append([])
            build(settings, output)
    finally:
        signals.content_written.disconnect(written)
    assert seen[0] == seen[1] == seen[2]


def test_a_deleted_article_leaves_no_empty_folder(tmp_path):
    settings = make_site(tmp_path, {"a.md": article(), "b.md": article(Slug="gone", Title="B")})
    output = tmp_path / "output"
    for _ in range(3):
        build(settings, output)
    (tmp_path / "content" / "articles" / "b.md").unlink()
    for _ in range(2):  # both folders (live and standby) lose the article
        build(settings, output)
    assert not (output / "en" / "articles" / "gone").exists()
    empty = [p for p in output.rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert empty == []


def test_a_rebuild_leaves_the_files_of_unchanged_pages_untouched(tmp_path):
    """Deploy tools that compare modification times (rsync, S3 sync) then upload only what changed."""
    body = " ".join(["A long first paragraph, longer than any summary."] * 20)
    settings = make_site(tmp_path, {"a.md": article(body), "b.md": article(body, Slug="b", Title="B")})
    output = tmp_path / "output"
    for _ in range(3):  # the live and the standby folder both hold the site
        build(settings, output)
    page = output / "en" / "articles" / "a-picture" / "index.html"
    before = page.stat().st_mtime_ns
    edited = tmp_path / "content" / "articles" / "b.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    for _ in range(2):  # back in the folder the page was measured in
        build(settings, output)
    assert "A new paragraph." in (output / "en" / "articles" / "b" / "index.html").read_text(encoding="utf-8")
    assert page.stat().st_mtime_ns == before


def test_a_rebuild_leaves_the_pages_of_an_unchanged_list_untouched(tmp_path):
    """A list of many pages (the front page's older pages, a tag's) that an edit does not change
    keeps every file's modification time too."""
    body = " ".join(["A long first paragraph, longer than any summary."] * 20)
    articles = {
        f"a{n:02d}.md": article(body, Slug=f"a{n:02d}", Title=f"Article {n}", Date=f"2025-10-{n + 1:02d} 08:00")
        for n in range(12)
    }
    settings = make_site(tmp_path, articles)
    output = tmp_path / "output"
    for _ in range(3):  # the live and the standby folder both hold the site
        build(settings, output)
    second = output / "en" / "page" / "2" / "index.html"
    tag = output / "en" / "tag" / "hanoi" / "page" / "2" / "index.html"
    before = {page: page.stat().st_mtime_ns for page in (second, tag)}
    edited = tmp_path / "content" / "articles" / "a05.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    for _ in range(2):  # back in the folder the pages were measured in
        build(settings, output)
    assert "A new paragraph." in (output / "en" / "articles" / "a05" / "index.html").read_text(encoding="utf-8")
    assert {page: page.stat().st_mtime_ns for page in before} == before


def test_a_page_argument_s_digest_tells_apart_every_change_of_it():
    """A page's key changes with any of its arguments: a text argument that happens to read
    like another argument's digest, a frozen dataclass digested once and shown again."""
    import dataclasses
    import types

    from newsdesk.pelican.incremental import IncrementalWriter

    @dataclasses.dataclass(frozen=True)
    class State:
        lang: str
        problems: tuple = ()

    writer = types.SimpleNamespace(listing={})
    value_digest = IncrementalWriter.value_digest.__get__(writer)
    listed = value_digest(["a", "b"])
    assert value_digest(listed) != listed  # the same text, as a text argument
    assert value_digest("2") != value_digest(2) != value_digest(True)
    first, again = State("vi", ("p",)), State("vi", ("p",))
    assert value_digest(first) == value_digest(first) == value_digest(again)
    assert value_digest(State("vi", ("q",))) != value_digest(first)
    assert value_digest(State("en", ("p",))) != value_digest(first)


def test_a_manifest_gone_while_the_run_looks_at_old_ones_does_not_stop_the_build(tmp_path):
    """Another build of the same settings (a check beside `make html`) can remove an old manifest
    between this run's listing of them and its look at each; here, a link to nothing stands for it."""
    settings = make_site(tmp_path, {"a.md": article()})
    output = tmp_path / "output"
    build(settings, output)
    manifests = sorted((tmp_path / "cache").rglob("pages-*.json"))
    assert len(manifests) == 2  # one per language
    for manifest in manifests:
        (manifest.parent / "pages-0-0.json").symlink_to(manifest.parent / "removed.json")
    build(settings, output)
    assert (output / "en" / "articles" / "a-picture" / "index.html").is_file()


def add_paragraph(site: Path, name: str, text: str) -> None:
    """An editor adds a paragraph at the end of an article."""
    edited = site / "content" / "articles" / name
    edited.write_text(edited.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_the_first_rebuild_leaves_unchanged_pages_as_the_live_site_has_them(tmp_path):
    """Right after a clean build (or in CI, whose output comes back from a cache) the standby
    folder is empty: unchanged pages still keep the live files' modification times, so that
    deploy tools upload only what changed."""
    body = " ".join(["A long first paragraph, longer than any summary."] * 20)
    settings = make_site(tmp_path, {"a.md": article(body), "b.md": article(body, Slug="b", Title="B")})
    output = tmp_path / "output"
    build(settings, output)
    page = output / "en" / "articles" / "a-picture" / "index.html"
    before = (page.read_text(encoding="utf-8"), page.stat().st_mtime_ns)
    add_paragraph(tmp_path, "b.md", "A new paragraph.")
    build(settings, output)
    assert "A new paragraph." in (output / "en" / "articles" / "b" / "index.html").read_text(encoding="utf-8")
    assert (page.read_text(encoding="utf-8"), page.stat().st_mtime_ns) == before


def test_a_page_written_anew_leaves_the_live_site_as_it_is(tmp_path):
    """The standby folder may share unchanged pages' files with the live one; a page the next
    build writes anew must not write through into the live site before the swap."""
    body = " ".join(["A long first paragraph, longer than any summary."] * 20)
    settings = make_site(tmp_path, {"a.md": article(body), "b.md": article(body, Slug="b", Title="B")})
    output = tmp_path / "output"
    build(settings, output)
    add_paragraph(tmp_path, "b.md", "A new paragraph.")
    build(settings, output)  # the live folder is now the one this build wrote
    page = "en/articles/a-picture/index.html"
    live_before = (output / page).read_text(encoding="utf-8")
    add_paragraph(tmp_path, "a.md", "A second new paragraph.")
    build(settings, output)  # writes into the folder that was live before, then swaps
    assert "A second new paragraph." in (output / page).read_text(encoding="utf-8")
    standby = output.with_name(f".{output.name}-standby")
    assert (standby / page).read_text(encoding="utf-8") == live_before


def test_a_standby_folder_that_cannot_link_gets_the_pages_written(tmp_path, monkeypatch):
    """On a file system without hard links (or with the live folder on another one) the first
    rebuild writes the unchanged pages, as a clean build would have them."""
    import errno

    from newsdesk.pelican import incremental

    settings = make_site(tmp_path, {"a.md": article(), "b.md": article(Slug="b", Title="B")})
    output = tmp_path / "output"
    build(settings, output)
    add_paragraph(tmp_path, "b.md", "A new paragraph.")

    def no_links(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(incremental.os, "link", no_links)
    build(settings, output)
    monkeypatch.undo()
    clean = tmp_path / "clean"
    build(settings, clean)
    assert tree_digest(output) == tree_digest(clean)
