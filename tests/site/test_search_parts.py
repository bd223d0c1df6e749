"""The search index in parts: a rebuild indexes again only the part of the pages that changed."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from newsdesk.site import search
from newsdesk.site.build import build_site
from tests.pelican.sites import dated_articles, make_site
from tests.projects import PagefindRuns, tree_digest

ARTICLES = 20
PART_SIZE = 4  # so parts of 2 to 8 pages
SMALL_PARTS = f'\nSEARCH_INDEX = {{"pages_per_part": {PART_SIZE}}}\n'


def own_word(n: int) -> str:
    """Article ``n``'s text, with a word of its own (``wordN``)."""
    return f"Report {n} of the signing, with the unusual word{n}."


def site_in_parts(folder: Path) -> Path:
    settings = make_site(folder, dated_articles(ARTICLES, own_word))
    settings.write_text(settings.read_text(encoding="utf-8") + SMALL_PARTS, encoding="utf-8")
    return settings


def index_text(bundle: Path) -> str:
    """The text of every page the bundle set finds, its parts' with the main bundle's."""
    fragments = sorted(bundle.rglob("fragment/*.pf_fragment"))
    return " ".join(gzip.decompress(path.read_bytes()).decode("utf-8") for path in fragments)


def changed_files(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def test_an_edit_to_one_article_indexes_only_its_part_again(tmp_path, monkeypatch):
    settings = site_in_parts(tmp_path / "project")
    build_site(settings)
    output = tmp_path / "project" / "output"
    bundles = {code: tree_digest(output / code / "pagefind") for code in ("en", "vi")}
    runs = PagefindRuns(monkeypatch, tmp_path)
    source = tmp_path / "project" / "content" / "articles" / "report-5.md"
    source.write_text(source.read_text().replace("signing", "signing, corrected"))
    build_site(settings)

    # One run a language, of the edited article's part (a few pages), not of all twenty.
    assert len(runs.pages()) == 2
    for pages in runs.pages():
        assert "articles/report-5/index.html" in pages
        assert len(pages) <= 2 * PART_SIZE, pages
    # The other parts' files are those of the build before. (The Vietnamese page shows the
    # edited English text, which its index leaves out: its part comes out the same.)
    for code, before in bundles.items():
        changed = changed_files(before, tree_digest(output / code / "pagefind"))
        parts = {path.split("/")[1] for path in changed if path.startswith("parts/")}
        assert all(path.startswith("parts/") for path in changed), changed
        assert len(parts) == (1 if code == "en" else 0), changed
    assert "signing, corrected" in index_text(output / "en" / "pagefind")

    clean = tmp_path / "clean"
    shutil.copytree(
        tmp_path / "project", clean, ignore=shutil.ignore_patterns("output", "cache", ".output*")
    )
    build_site(clean / "pelicanconf.py")
    assert tree_digest(output) == tree_digest(clean / "output")


def test_a_removed_article_is_no_longer_found_and_only_its_part_is_indexed_again(
    tmp_path, monkeypatch
):
    settings = site_in_parts(tmp_path / "project")
    build_site(settings)
    output = tmp_path / "project" / "output"
    assert "word5." in index_text(output / "en" / "pagefind")
    runs = PagefindRuns(monkeypatch, tmp_path)
    (tmp_path / "project" / "content" / "articles" / "report-5.md").unlink()
    build_site(settings)

    assert "word5." not in index_text(output / "en" / "pagefind")
    assert "word6." in index_text(output / "en" / "pagefind")
    # Its part, and the parts of its neighbours (their pages link to new neighbours).
    assert len(runs.pages()) <= 3 * 2
    assert all(len(pages) <= 2 * PART_SIZE for pages in runs.pages()), runs.pages()


def test_an_edited_page_is_in_a_part_close_to_the_part_size():
    # An edit indexes its page's whole part again: what an editor waits for is the size of the
    # part a page is in, averaged over the pages, and of the largest part.
    from newsdesk.site.search_parts import IndexedPage, plan_parts

    size = 250
    names = [f"articles/report-{n}/index.html" for n in range(20_000)]
    pages = [IndexedPage(Path(name), name, f"2025-{1 + n % 12:02d}-01", b"") for n, name in enumerate(names)]
    parts = [len(part.pages) for part in plan_parts(pages, [], size)]
    assert sum(parts) == len(pages)
    assert 0.9 * size <= len(pages) / len(parts) <= 1.1 * size  # as many parts as expected
    assert sum(n * n for n in parts) / len(pages) <= 1.1 * size
    assert max(parts) <= 1.5 * size


@pytest.mark.parametrize(
    "value",
    [pytest.param(0, id="zero"), pytest.param("250", id="text"), pytest.param(True, id="bool")],
)
def test_a_wrong_part_size_is_named(tmp_path, value):
    from newsdesk.errors import ConfigError

    with pytest.raises(ConfigError, match="SEARCH_INDEX: pages_per_part must be a whole number"):
        search.part_size({"SEARCH_INDEX": {"pages_per_part": value}})
    with pytest.raises(ConfigError, match="SEARCH_INDEX: unknown key 'pages'"):
        search.part_size({"SEARCH_INDEX": {"pages": 2}})


def test_a_wrong_part_size_stops_the_build_before_any_page_is_written(tmp_path, monkeypatch):
    from newsdesk.errors import ConfigError
    from newsdesk.site import build
    from tests.pelican.sites import article, make_site

    settings = make_site(tmp_path, {"a.md": article()})
    with settings.open("a", encoding="utf-8") as file:
        file.write('\nSEARCH_INDEX = {"pages_per_part": 0}\n')

    def no_language_run(*args, **kwargs):
        raise AssertionError("a language was built with settings the search step refuses")

    monkeypatch.setattr(build, "build_language", no_language_run)
    with pytest.raises(ConfigError, match="SEARCH_INDEX: pages_per_part"):
        build.build_site(settings, str(tmp_path / "output"), jobs=1)


def clean_build_of(project: Path, folder: Path) -> Path:
    shutil.copytree(project, folder, ignore=shutil.ignore_patterns("output", "cache", ".output*"))
    build_site(folder / "pelicanconf.py")
    return folder / "output"


def test_a_part_indexed_again_writes_only_the_fragment_of_the_edited_page(tmp_path, monkeypatch):
    settings = site_in_parts(tmp_path / "project")
    build_site(settings)
    runs = PagefindRuns(monkeypatch, tmp_path)
    source = tmp_path / "project" / "content" / "articles" / "report-5.md"
    source.write_text(source.read_text().replace("signing", "signing, corrected"))
    build_site(settings)

    # One run a language, each writing the fragment of the edited page only (the Vietnamese page
    # changed too: it shows the edited English text, which its fragment leaves out).
    assert runs.written_fragments() == [1, 1]
    output = tmp_path / "project" / "output"
    assert "signing, corrected" in index_text(output / "en" / "pagefind")
    assert tree_digest(output) == tree_digest(clean_build_of(tmp_path / "project", tmp_path / "c"))


@pytest.mark.parametrize("damage", ["shuffled", "not JSON", "a list"])
def test_a_wrong_record_of_fragments_still_gives_the_index_of_a_clean_build(tmp_path, damage):
    settings = site_in_parts(tmp_path / "project")
    build_site(settings)
    (record,) = (tmp_path / "project").rglob("search-fragments.json")
    if damage == "shuffled":  # every fragment said to be the next one's page
        known = json.loads(record.read_text(encoding="utf-8"))
        names = sorted(known)
        entries = [known[name] for name in names]
        record.write_text(json.dumps(dict(zip(names, entries[1:] + entries[:1]))))
    else:
        record.write_text("{" if damage == "not JSON" else "[1, 2]")
    source = tmp_path / "project" / "content" / "articles" / "report-5.md"
    source.write_text(source.read_text().replace("signing", "signing, corrected"))
    build_site(settings)

    output = tmp_path / "project" / "output"
    assert tree_digest(output) == tree_digest(clean_build_of(tmp_path / "project", tmp_path / "c"))


def test_each_run_starts_the_pagefind_the_package_names(tmp_path, monkeypatch):
    """PAGEFIND_BINARY_PATH (or the bundled binary) is started for each part, not a Python that
    looks for it again."""
    real = search.pagefind_program()[0]
    log = tmp_path / "runs.log"
    wrapper = tmp_path / "my-pagefind"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    runs = PagefindRuns(monkeypatch, tmp_path)
    search.pagefind_program.cache_clear()
    try:
        build_site(site_in_parts(tmp_path / "site"))
    finally:
        search.pagefind_program.cache_clear()
    started = [command[0] for command in runs.commands()]
    assert len(started) > 1
    assert set(started) == {str(wrapper.resolve())}
    assert log.read_text(encoding="utf-8").split() == ["run"] * len(started)
    assert "word7" in index_text(tmp_path / "site" / "output" / "en" / search.BUNDLE_FOLDER)


def test_the_pages_a_run_lists_as_it_ends_are_the_pages_a_walk_finds(tmp_path):
    from newsdesk.site.atomic import files_under
    from newsdesk.site.search_parts import INDEXED_MARK, indexed_pages

    folder = tmp_path / "en"
    for name in ("articles/a/index.html", "articles/b/index.html", "tags/index.html"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        marked = INDEXED_MARK if "articles" in name else ""
        (folder / name).write_text(f"<html><body {marked}>{name}</body></html>", encoding="utf-8")
    (folder / "articles" / "c.html").symlink_to(folder / "articles" / "a" / "index.html")
    (folder / "gone.html").symlink_to(folder / "nothing.html")
    (folder / "folder.html").symlink_to(folder / "articles")

    walked = indexed_pages(folder)
    listed = indexed_pages(folder, files=files_under(folder))
    assert [page.name for page in walked] == ["articles/a/index.html", "articles/b/index.html", "articles/c.html"]
    assert listed == walked
