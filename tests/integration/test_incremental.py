"""Incremental rebuilds: after any edit, a rebuild that copies unchanged pages equals a clean build."""

from __future__ import annotations

import gzip
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.projects import PagefindRuns, make_project, strict_build, tree_digest

ROOT = Path(__file__).resolve().parents[2]


def build(project: Path) -> str:
    return strict_build(project, verbose=True).stderr


def rendered_counts(log: str) -> list[int]:
    return sorted(int(found) for found in re.findall(r"incremental: (\d+) page\(s\) rendered", log))


def edit_body(project: Path) -> None:
    path = project / "content" / "articles" / "report-3.md"
    path.write_text(
        path.read_text().replace("Paragraph 4 of report 3.", "Paragraph four, corrected.", 1)
    )


def edit_title(project: Path) -> None:
    path = project / "content" / "articles" / "report-3.md"
    path.write_text(path.read_text().replace("Title: Report 3", "Title: Report three"))


def remove_article(project: Path) -> None:
    for path in (project / "content" / "articles").glob("report-3.*"):
        path.unlink()


def translate_article(project: Path) -> None:
    """A translator fills in the Vietnamese title of one article."""
    path = project / "translations" / "vi" / "LC_MESSAGES" / "content" / "report-3.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Report 3"\nmsgstr "Báo cáo số 3"\n',
        encoding="utf-8",
    )


def edit_ui_catalogue(project: Path) -> None:
    path = project / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
    text = path.read_text(encoding="utf-8")
    assert 'msgstr "Trang chủ"' in text
    path.write_text(text.replace('msgstr "Trang chủ"', 'msgstr "Trang đầu"'), encoding="utf-8")


def edit_template(project: Path) -> None:
    path = project / "theme" / "templates" / "base.html"
    path.write_text(path.read_text().replace("</footer>", "<!-- edited --></footer>", 1))


ARTICLE = "articles/report-3/index.html"


def rebuilt_as_clean(tmp_path: Path, project: Path, edit) -> str:
    """Make ``edit``, rebuild ``project`` and check its output is a clean build's of the same
    sources, byte for byte; return the rebuild's log."""
    edit(project)
    log = build(project)
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("output", "cache", ".output*"))
    build(clean)
    assert tree_digest(project / "output") == tree_digest(clean / "output")
    return log


@pytest.mark.slow
@pytest.mark.parametrize(
    ("edit", "at_most_rendered", "shown_in", "shown"),
    [
        # An article and its side-by-side view, in each language.
        pytest.param(
            edit_body, 2, f"en/{ARTICLE}", "Paragraph four, corrected.", id="article-body"
        ),
        pytest.param(
            edit_title, None, "vi/archives/index.html", "Report three", id="article-title"
        ),
        pytest.param(remove_article, None, "en/archives/index.html", None, id="article-removed"),
        pytest.param(
            translate_article, None, f"vi/{ARTICLE}", "Báo cáo số 3", id="content-catalogue"
        ),
        pytest.param(edit_ui_catalogue, None, f"vi/{ARTICLE}", "Trang đầu", id="ui-catalogue"),
        pytest.param(edit_template, None, "en/tags/index.html", "<!-- edited -->", id="template"),
    ],
)
@pytest.mark.parametrize(
    "builds_before",
    [
        pytest.param(1, id="after-a-clean-build"),  # pages are copied from the live folder
        pytest.param(3, id="after-rebuilds"),  # pages are kept in the standby folder
    ],
)
def test_rebuild_after_an_edit_equals_a_clean_build(
    tmp_path, edit, at_most_rendered, shown_in, shown, builds_before
):
    project = make_project(tmp_path / "project", count=12)
    for _ in range(builds_before):
        build(project)
    log = rebuilt_as_clean(tmp_path, project, edit)
    page = (project / "output" / shown_in).read_text(encoding="utf-8")
    if shown is None:
        assert "report-3/" not in page
    else:
        assert shown in page
    counts = rendered_counts(log)
    assert len(counts) == 2, log
    if at_most_rendered is not None:
        assert max(counts) <= at_most_rendered, (
            "an article body edit renders only that article's pages"
        )


@pytest.mark.slow
def test_a_body_edit_of_a_site_with_pictures_renders_only_that_article(tmp_path):
    # A picture of the content is a static file. Every page of such a site was rendered on
    # every build: the page keys failed on a static file (it has no text to summarise), and
    # Pelican lists the files the content links to in an order that changes from run to run.
    from tests.pelican.sites import png

    project = make_project(tmp_path / "project", count=12)
    (project / "content" / "images").mkdir(exist_ok=True)
    for number in range(4, 12):
        (project / "content" / "images" / f"harbour-{number}.png").write_bytes(png(40, number))
        path = project / "content" / "articles" / f"report-{number}.md"
        path.write_text(
            path.read_text().replace(
                f"Paragraph 4 of report {number}.",
                f"![The harbour]({{static}}/images/harbour-{number}.png)\n\n"
                f"Paragraph 4 of report {number}.",
                1,
            )
        )
    build(project)
    log = rebuilt_as_clean(tmp_path, project, edit_body)
    assert "<picture>" in (project / "output" / "en/articles/report-5/index.html").read_text()
    assert "<picture>" not in (project / "output" / "en/articles/report-3/index.html").read_text()
    assert max(rendered_counts(log)) <= 2, rendered_counts(log)


def restore_as_ci_does(project: Path) -> None:
    """Put the output and the cache back as a CI cache restores them: copies (new folders,
    new inodes) with their files' modification times, and no standby folder."""
    for name in ("output", "cache"):
        shutil.copytree(project / name, project / f"{name}.restored", symlinks=True)
        shutil.rmtree(project / name)
        (project / f"{name}.restored").rename(project / name)
    shutil.rmtree(project / ".output-standby", ignore_errors=True)


@pytest.mark.slow
def test_a_rebuild_on_a_restored_output_renders_only_the_edited_article(tmp_path):
    # CI restores the output and the cache of its last build; the restored folders are copies,
    # so no record named by a folder's inode finds them.
    project = make_project(tmp_path / "project", count=12)
    build(project)
    restore_as_ci_does(project)
    log = rebuilt_as_clean(tmp_path, project, edit_body)
    assert "Paragraph four, corrected." in (project / "output" / "en" / ARTICLE).read_text()
    assert max(rendered_counts(log)) <= 2, rendered_counts(log)


@pytest.mark.slow
def test_a_page_altered_in_a_restored_output_is_not_kept(tmp_path):
    # The pages of a restored output are checked against the manifest by their SHA-256, not by
    # their size and modification time, which a copy (or a hand) can give an altered file.
    project = make_project(tmp_path / "project", count=12)
    build(project)
    restore_as_ci_does(project)
    page = project / "output" / "en" / "articles" / "report-5" / "index.html"
    before = page.stat()
    text = page.read_text(encoding="utf-8")
    altered = text.replace("Paragraph 4 of report 5.", "Paragraph 4 of report X.", 1)
    assert altered != text and len(altered) == len(text)
    page.write_text(altered, encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    rebuilt_as_clean(tmp_path, project, edit_body)
    assert "Paragraph 4 of report 5." in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_build_with_other_settings_leaves_the_cache_of_these_settings(tmp_path):
    # `make html` and `make publish` build one site with two settings files, and so does CI
    # with `make check` and `make publish`: neither may empty the other's cache.
    project = make_project(tmp_path / "project", count=12)
    (project / "otherconf.py").write_text(
        "import runpy\n"
        f"globals().update((k, v) for k, v in runpy.run_path({str(project / 'pelicanconf.py')!r}).items()"
        " if k.isupper())\n"
        'SITENAME = "Another name"\n',
        encoding="utf-8",
    )
    build(project)
    strict_build(project, settings="otherconf.py")
    log = build(project)
    assert rendered_counts(log) == [0, 0], log


def test_files_of_post_build_steps_do_not_outlive_their_build(tmp_path, monkeypatch):
    """A step's output (a search index, compressed copies) is rebuilt, never left from older builds."""
    from newsdesk.site import postbuild
    from newsdesk.site.build import build_site

    project = make_project(tmp_path / "project", count=2)
    builds = []

    def numbered_step(settings, config, results, staging):
        builds.append(len(builds) + 1)
        for code in config["languages"]:
            (staging / code / f"step-{builds[-1]}.txt").write_text("made by a post-build step")

    monkeypatch.setattr(postbuild, "STEPS", [*postbuild.STEPS, numbered_step])
    # The languages run in worker processes, so that no plugin stays connected in this one.
    for _ in range(3):
        build_site(project / "pelicanconf.py")
    output = project / "output"
    assert sorted(p.name for p in output.glob("*/step-*.txt")) == ["step-3.txt", "step-3.txt"]
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("output", "cache", ".output*"))
    build_site(clean / "pelicanconf.py")
    (clean / "output" / "en" / "step-4.txt").rename(clean / "output" / "en" / "step-3.txt")
    (clean / "output" / "vi" / "step-4.txt").rename(clean / "output" / "vi" / "step-3.txt")
    assert tree_digest(output) == tree_digest(clean / "output")


@pytest.mark.slow
def test_dev_server_rebuilds_with_the_index_after_equal_a_clean_build(tmp_path):
    """The dev server's rebuilds put pages live before the search index catches up; a newer
    build cancels a refresh under way; in the end the site equals a clean build."""
    from newsdesk.site.build import build_site
    from newsdesk.site.search import BackgroundIndex

    project = make_project(tmp_path / "project", count=6)
    search = BackgroundIndex()
    build_site(project / "pelicanconf.py")
    edit_body(project)
    build_site(project / "pelicanconf.py", index_after=search)  # its refresh is cancelled
    edit_title(project)
    build_site(project / "pelicanconf.py", index_after=search)
    search.wait()
    assert search.error is None
    output = project / "output"
    assert not list(output.glob("*/.pagefind-*")) and not list(output.glob(".search-*"))
    build_site(project / "pelicanconf.py")  # a normal build after the dev server's

    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("output", "cache", ".output*"))
    build_site(clean / "pelicanconf.py")
    assert tree_digest(output) == tree_digest(clean / "output")


def index_text(site: Path, code: str) -> bytes:
    fragments = (site / code / "pagefind" / "fragment").glob("*")
    return b" ".join(gzip.decompress(path.read_bytes()) for path in fragments)


def test_dev_server_shows_the_page_first_and_indexes_it_after(tmp_path):
    from newsdesk.site.build import build_site
    from newsdesk.site.search import BackgroundIndex

    project = make_project(tmp_path / "project", count=2)
    build_site(project / "pelicanconf.py")
    path = project / "content" / "articles" / "report-1.md"
    path.write_text(path.read_text() + "\nZebrafish delegates signed at dawn.\n")
    search = BackgroundIndex()
    build_site(project / "pelicanconf.py", index_after=search)
    page = project / "output" / "en" / "articles" / "report-1" / "index.html"
    assert "Zebrafish" in page.read_text()  # live before the index
    search.wait()
    assert search.error is None
    assert b"Zebrafish" in index_text(project / "output", "en")


def test_a_cancelled_index_refresh_leaves_the_previous_index_whole(tmp_path):
    import threading

    from newsdesk.site.build import build_site
    from newsdesk.site.search import IndexCancelled, refresh_index_in_place

    project = make_project(tmp_path / "project", count=2)
    build_site(project / "pelicanconf.py")
    output = project / "output"
    before = tree_digest(output / "en" / "pagefind")
    path = project / "content" / "articles" / "report-1.md"
    path.write_text(path.read_text() + "\nZebrafish delegates signed at dawn.\n")
    build_site(project / "pelicanconf.py")
    stale = tree_digest(output / "en" / "pagefind")
    assert stale != before
    cancelled = threading.Event()
    cancelled.set()  # a newer build arrived
    with pytest.raises(IndexCancelled):
        refresh_index_in_place(output, ["en", "vi"], cancelled)
    assert tree_digest(output / "en" / "pagefind") == stale
    assert not list(output.glob("*/.pagefind-*")) and not list(output.glob(".search-*"))


def test_a_rebuild_whose_indexed_pages_did_not_change_keeps_the_search_index(
    tmp_path, monkeypatch
):
    from newsdesk.site.build import build_site

    project = make_project(tmp_path / "project", count=2)
    build_site(project / "pelicanconf.py")
    output = project / "output"
    bundles = {code: tree_digest(output / code / "pagefind") for code in ("en", "vi")}
    runs = PagefindRuns(monkeypatch, tmp_path)
    build_site(project / "pelicanconf.py")  # nothing changed
    assert runs.pages() == []
    assert {code: tree_digest(output / code / "pagefind") for code in bundles} == bundles
    build_site(project / "pelicanconf.py")  # the standby folder's turn, still nothing changed
    assert runs.pages() == []

    path = project / "content" / "articles" / "report-1.md"
    path.write_text(path.read_text() + "\nZebrafish delegates signed at dawn.\n")
    build_site(project / "pelicanconf.py")
    assert len(runs.pages()) == 2  # the English page and its Vietnamese translation changed
    assert b"Zebrafish" in index_text(output, "en")
