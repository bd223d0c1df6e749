"""``make check``: passes on the real site, fails with a clear message on each kind of planted problem."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk import cli
from tests.projects import make_project


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path, count=2)


def check(project: Path, capsys, *options: str) -> tuple[int, list[str], str]:
    status = cli.main(["check", "-s", str(project / "pelicanconf.py"), *options])
    captured = capsys.readouterr()
    problems = [
        line for line in captured.out.splitlines() if not line.startswith(("Done:", "and "))
    ]
    return status, problems, captured.err


def plant_broken_link(project: Path) -> str:
    article = project / "content" / "articles" / "report-1.md"
    article.write_text(article.read_text() + "\nSee [the annex](/en/articles/no-such-annex/).\n")
    return "link to a missing file: /en/articles/no-such-annex/"


def plant_catalogue_format_error(project: Path) -> str:
    po = project / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    lines.append('msgid "Broken"')
    lines.append("not a keyword")
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"translations/vi/LC_MESSAGES/messages.po:{len(lines)}: [format] catalogue format error"


def plant_article_without_date(project: Path) -> str:
    article = project / "content" / "articles" / "report-1.md"
    text = article.read_text()
    article.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("Date:")) + "\n"
    )
    return "content/articles/report-1.md:1: missing required metadata 'date'"


def plant_bad_date(project: Path) -> str:
    article = project / "content" / "articles" / "report-1.md"
    article.write_text(
        article.read_text().replace("Date: 2025-10-02 08:00", "Date: 2 October 2025")
    )
    return "content/articles/report-1.md:2: Date '2 October 2025' is not an ISO 8601 date"


def plant_duplicate_slug(project: Path) -> str:
    article = project / "content" / "articles" / "report-1.md"
    article.write_text(article.read_text().replace("Slug: report-1", "Slug: report-0"))
    return "content/articles/report-1.md:4: Slug 'report-0' is already used by content/articles/report-0.md:4"


def plant_orphan_source(project: Path) -> str:
    sources = project / "sources"
    sources.mkdir(exist_ok=True)
    (sources / "unhandled-story.html").write_text(
        '<html><head><meta property="og:url" content="https://news.example/story"></head></html>'
    )
    return "sources/unhandled-story.html:1: source has no article (from https://news.example/story)"


def plant_placeholder_mismatch(project: Path) -> str:
    po = project / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text + '\nmsgid "%(count)d articles"\nmsgstr "%(số)d bài"\n', encoding="utf-8")
    return "translations/vi/LC_MESSAGES/messages.po:"


def plant_renamed_document(project: Path) -> str:
    # The About page's slug changes; its catalogue keeps the old name and would be lost.
    page = project / "content" / "pages" / "about.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Slug: about", "Slug: about-us"))
    return (
        "translations/vi/LC_MESSAGES/content/about.po:1: no document has the translation key 'about'"
    )


@pytest.mark.slow
def test_check_passes_on_the_real_site(capsys):
    root = Path(__file__).resolve().parents[2]
    status, problems, err = check(root, capsys)
    assert problems == []
    assert status == 0
    assert "html: ok" in err


@pytest.mark.slow
@pytest.mark.parametrize(
    "plant",
    [
        pytest.param(plant_broken_link, id="broken-link"),
        pytest.param(plant_catalogue_format_error, id="catalogue-format-error"),
        pytest.param(plant_article_without_date, id="article-without-date"),
    ],
)
def test_check_fails_on_a_planted_problem(project, capsys, plant):
    expected = plant(project)
    status, problems, err = check(project, capsys)
    assert status == 1
    assert any(expected in line for line in problems), problems
    assert "check failed" in err


@pytest.mark.parametrize(
    "plant",
    [
        pytest.param(plant_bad_date, id="date-not-iso-8601"),
        pytest.param(plant_duplicate_slug, id="duplicate-slug"),
        pytest.param(plant_orphan_source, id="source-without-article"),
        pytest.param(plant_placeholder_mismatch, id="placeholder-mismatch"),
        pytest.param(plant_renamed_document, id="catalogue-without-document"),
    ],
)
def test_lint_stages_name_the_file_and_line(project, capsys, plant):
    expected = plant(project)
    status, problems, _ = check(project, capsys, "--only", "content,catalogues")
    assert status == 1
    assert any(line.startswith(expected) for line in problems), problems


def test_lint_of_given_files_reports_only_those(project, capsys):
    plant_bad_date(project)
    other = project / "content" / "articles" / "report-0.md"
    status, problems, _ = check(project, capsys, "--only", "content", str(other))
    assert (status, problems) == (0, [])


def checked(project: Path, *options: str) -> subprocess.CompletedProcess:
    """``python -m newsdesk -v check`` in a process of its own, with its log."""
    command = [sys.executable, "-m", "newsdesk", "-v", "check", *options]
    return subprocess.run(
        [*command, "-s", str(project / "pelicanconf.py")],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.slow
def test_a_second_check_renders_only_what_changed_and_still_finds_every_problem(tmp_path):
    # CI runs `make check` on every push: its build is kept in the cache, so that the next
    # check (CI restores the cache) renders only the pages an edit touches, as `make html` does.
    project = make_project(tmp_path, count=12)
    stages = ["--only", "build,links"]
    first = checked(project, *stages)
    assert first.returncode == 0, first.stdout + first.stderr
    expected = plant_broken_link(project)
    second = checked(project, *stages)
    rendered = [int(n) for n in re.findall(r"incremental: (\d+) page\(s\) rendered", second.stderr)]
    assert len(rendered) == 2 and max(rendered) <= 2, rendered  # the article and its side-by-side view
    assert second.returncode == 1
    assert "output/en/articles/report-1/index.html:" in second.stdout, second.stdout
    assert expected in second.stdout
    # A third check, nothing changed since: nothing rendered, the problem still reported.
    third = checked(project, *stages)
    assert third.returncode == 1 and expected in third.stdout
    assert "cache/check-output" not in third.stdout
