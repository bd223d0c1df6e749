"""The translation cycle on a small project: update, stats, edits, checks, and the build."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsdesk.checks.site import html_files
from newsdesk.cli import main
from newsdesk.errors import BuildError
from newsdesk.i18n.catalogues import read_catalogue, render_catalogue
from newsdesk.site.build import build_site

ROOT = Path(__file__).resolve().parents[2]
PARAGRAPHS = [
    "The Convention opened for signature in Hanoi on 25 October 2025.",
    "It remains open at [United Nations Headquarters](https://www.un.org/) until 2026.",
    "The General Assembly adopted it by resolution 79/243.",
]
VIETNAMESE = {
    "Signing in Hanoi": "Lễ mở ký tại Hà Nội",
    **dict(
        zip(
            PARAGRAPHS,
            [
                "Công ước được mở ký tại Hà Nội ngày 25 tháng 10 năm 2025.",
                "Công ước tiếp tục để ngỏ tại [Trụ sở Liên hợp quốc](https://www.un.org/) đến năm 2026.",
                "Đại hội đồng đã thông qua Công ước theo Nghị quyết 79/243.",
            ],
            strict=True,
        )
    ),
}


def write_article(project: Path, paragraphs: list[str]) -> None:
    body = "\n\n".join(paragraphs)
    (project / "content" / "articles" / "signing.md").write_text(
        "Title: Signing in Hanoi\nDate: 2025-10-25 09:00\nLang: en\nSlug: signing\n"
        f"Category: News\nTags: Hanoi\n\n{body}\n",
        encoding="utf-8",
    )


@pytest.fixture
def project(small_project) -> Path:
    """The project's settings, theme and theme catalogues, with one article and no content catalogue."""
    write_article(small_project, PARAGRAPHS)
    return small_project


def i18n(project: Path, *args: str) -> int:
    return main(["i18n", *args, "-s", str(project / "pelicanconf.py")])


def catalogue(project: Path) -> Path:
    return project / "translations" / "vi" / "LC_MESSAGES" / "content" / "signing.po"


def translate_all(project: Path, translations: dict[str, str]) -> None:
    path = catalogue(project)
    catalog = read_catalogue(path)
    for msgid, msgstr in translations.items():
        catalog[msgid].string = msgstr
    path.write_bytes(render_catalogue(catalog))


def test_update_creates_the_catalogue_with_origins(project):
    assert i18n(project, "update") == 0
    catalog = read_catalogue(catalogue(project))
    assert catalog["Signing in Hanoi"].locations == [("content/articles/signing.md", 1)]
    assert catalog[PARAGRAPHS[1]].locations == [("content/articles/signing.md", 10)]
    assert str(catalog.locale) == "vi"


def test_editing_one_paragraph_makes_exactly_that_message_fuzzy(project, capsys):
    i18n(project, "update")
    translate_all(project, VIETNAMESE)
    before = catalogue(project).read_bytes()
    assert i18n(project, "update") == 0
    assert catalogue(project).read_bytes() == before, "an unchanged catalogue is not rewritten"

    edited = PARAGRAPHS[0].replace("25 October", "25 and 26 October")
    write_article(project, [edited, *PARAGRAPHS[1:]])
    i18n(project, "update")
    catalog = read_catalogue(catalogue(project))
    fuzzy = [m for m in catalog if m.id and m.fuzzy]
    assert [m.id for m in fuzzy] == [edited]
    assert fuzzy[0].previous_id == [PARAGRAPHS[0]], "the previous text is kept"
    assert catalog[PARAGRAPHS[1]].previous_id == []
    rewritten = catalogue(project).read_bytes()
    i18n(project, "update")
    assert catalogue(project).read_bytes() == rewritten, "#| lines survive another update"
    assert fuzzy[0].string == VIETNAMESE[PARAGRAPHS[0]], "the old translation is kept"
    for msgid in PARAGRAPHS[1:]:
        assert catalog[msgid].string == VIETNAMESE[msgid] and not catalog[msgid].fuzzy

    capsys.readouterr()
    assert i18n(project, "stats", "--fail-under", "100") == 1
    out = capsys.readouterr().out
    assert "   3 translated     1 fuzzy     0 untranslated  content/signing" in out
    assert i18n(project, "stats", "--fail-under", "50") == 0

    build_site(project / "pelicanconf.py", strict=True)
    page = BeautifulSoup(
        (project / "output" / "vi" / "articles" / "signing" / "index.html").read_text(),
        "html.parser",
    )
    notice = page.select_one(".translation-notice")
    assert "có thể chưa cập nhật so với bản gốc" in notice.get_text()
    assert notice.a["href"] == "/en/articles/signing/"
    outdated = page.select_one(".i18n-outdated")
    assert outdated["lang"] == "en" and "25 and 26 October" in outdated.get_text()


def test_a_long_changed_paragraph_keeps_a_previous_text_that_msgfmt_accepts(project):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed (.ci/run installs it)")
    long = " ".join(["The Convention opened for signature in Hanoi, Viet Nam,"] * 6)
    write_article(project, [long, *PARAGRAPHS[1:]])
    i18n(project, "update")
    translate_all(project, {long: "Công ước được mở ký tại Hà Nội. " * 6})
    write_article(project, [long.replace("Hanoi", "Ha Noi"), *PARAGRAPHS[1:]])
    i18n(project, "update")
    catalog = read_catalogue(catalogue(project))
    assert [m.previous_id for m in catalog if m.id and m.fuzzy] == [[long]]
    checked = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(catalogue(project))],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_a_removed_paragraph_becomes_obsolete_and_comes_back(project):
    i18n(project, "update")
    translate_all(project, VIETNAMESE)
    write_article(project, PARAGRAPHS[:2])
    i18n(project, "update")
    catalog = read_catalogue(catalogue(project))
    assert PARAGRAPHS[2] not in catalog
    assert catalog.obsolete[PARAGRAPHS[2]].string == VIETNAMESE[PARAGRAPHS[2]]
    assert "#~ msgid" in catalogue(project).read_text(encoding="utf-8")
    write_article(project, PARAGRAPHS)
    i18n(project, "update")
    catalog = read_catalogue(catalogue(project))
    assert catalog[PARAGRAPHS[2]].string == VIETNAMESE[PARAGRAPHS[2]]
    assert not catalog[PARAGRAPHS[2]].fuzzy


@pytest.mark.parametrize(
    ("msgstr", "leak"),
    [
        pytest.param(
            "Công ước tiếp tục để ngỏ tại [Trụ sở](https://evil.example/) đến năm 2026.",
            "evil.example",
            id="changed-link",
        ),
        pytest.param(
            "Công ước tiếp tục để ngỏ tại [Trụ sở](https://www.un.org/).<script>alert(1)</script>",
            "alert(1)",
            id="script",
        ),
        pytest.param(
            '<b onmouseover="x()">Công ước</b> tại [Trụ sở](https://www.un.org/).',
            "onmouseover",
            id="raw-html",
        ),
    ],
)
def test_a_hostile_translation_fails_the_strict_build_and_never_reaches_output(
    project, msgstr, leak
):
    i18n(project, "update")
    translate_all(project, {**VIETNAMESE, PARAGRAPHS[1]: msgstr})
    line = next(m.lineno for m in read_catalogue(catalogue(project)) if m.id == PARAGRAPHS[1])
    with pytest.raises(BuildError) as error:
        build_site(project / "pelicanconf.py", strict=True)
    assert f"{catalogue(project)}:{line}: translation " in str(error.value)
    build_site(project / "pelicanconf.py")  # without --strict: built, with the source text
    for path in html_files(project / "output"):
        assert leak not in path.read_text(encoding="utf-8"), path
    assert i18n(project, "check") == 1


def test_every_catalogue_passes_msgfmt_check():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed (.ci/run installs it)")
    for path in sorted((ROOT / "translations").rglob("*.po")):
        result = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(path)],
            check=False,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0 and "warning" not in result.stderr, result.stderr


def test_the_theme_is_fully_translated_in_every_language():
    from newsdesk.i18n.catalogues import count_messages, current_catalogue
    from newsdesk.i18n.command import THEME_DOMAIN, Project

    project = Project(ROOT / "pelicanconf.py")
    themes = [t for t in project.targets() if t.path.stem == THEME_DOMAIN]
    assert {t.lang for t in themes} == set(project.languages)
    for target in themes:
        counts = count_messages(current_catalogue(target))
        assert counts.percent == 100, (target.path, counts)


def long_paragraphs(path: Path) -> list[str]:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    body = page.select_one(".article-body")
    return [
        p.get_text(" ", strip=True) for p in body.find_all(["p", "li"]) if len(p.get_text()) > 60
    ]


def test_no_long_paragraph_of_a_vietnamese_article_is_its_english_original(site):
    complete = [
        path
        for path in sorted((site / "vi" / "articles").glob("*/index.html"))
        # A partial page shows its untranslated blocks in English, marked so, under a notice.
        if "translation-notice" not in path.read_text(encoding="utf-8")
    ]
    assert complete, "at least one fully translated article"
    for path in complete:
        english = set(long_paragraphs(site / "en" / path.relative_to(site / "vi")))
        same = [text for text in long_paragraphs(path) if text in english]
        assert same == [], path


def test_the_side_by_side_view_exists_in_every_language(site):
    for lang in ("en", "vi"):
        page = BeautifulSoup(
            (
                site / lang / "articles" / "un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti" / "parallel" / "index.html"
            ).read_text(),
            "html.parser",
        )
        rows = page.select(".parallel-row[role=row]")[1:]
        assert rows
        for row in rows:
            source, translation = row.select("[role=cell]")
            assert source["lang"] == "en" and translation["lang"] == "vi"
            assert source.get_text(strip=True) != translation.get_text(strip=True)


def test_pages_have_a_side_by_side_view_too(site):
    chapter = site / "vi" / "convention" / "chapter-v"
    page = BeautifulSoup((chapter / "index.html").read_text(), "html.parser")
    link = page.select_one(".parallel-link a")
    assert link["href"] == "/vi/convention/chapter-v/parallel/"
    view = BeautifulSoup((chapter / "parallel" / "index.html").read_text(), "html.parser")
    rows = view.select(".parallel-row[role=row]")[1:]
    assert len(rows) > 5
    assert any("Điều" in row.get_text() for row in rows)  # the Vietnamese column
    back = view.select_one(".parallel-view header a")
    assert (back.get_text(strip=True), back["href"]) == ("Quay lại trang", "/vi/convention/chapter-v/")
    assert view.select_one('link[hreflang="en"]')["href"] == "/en/convention/chapter-v/parallel/"


def test_a_vietnamese_source_gets_an_english_catalogue_and_page(project):
    (project / "content" / "articles" / "tin.md").write_text(
        "Title: Lễ mở ký tại Hà Nội\nDate: 2025-10-26 09:00\nLang: vi\nSlug: tin\n"
        "Category: Tin tức\nTags: Hà Nội\n\nĐại hội đồng đã thông qua Công ước theo Nghị quyết 79/243.\n",
        encoding="utf-8",
    )
    i18n(project, "update")
    english = project / "translations" / "en" / "LC_MESSAGES"
    catalog = read_catalogue(english / "content" / "tin.po")
    assert "Đại hội đồng đã thông qua Công ước theo Nghị quyết 79/243." in catalog
    assert "Hà Nội" in read_catalogue(english / "taxonomy.po")
    assert not (project / "translations" / "vi" / "LC_MESSAGES" / "content" / "tin.po").exists()
    translate_all(project, VIETNAMESE)
    build_site(project / "pelicanconf.py", strict=True)
    page = BeautifulSoup(
        (project / "output" / "en" / "articles" / "tin" / "index.html").read_text(), "html.parser"
    )
    assert page.html["lang"] == "en"
    assert page.h1["lang"] == "vi"  # the untranslated title, marked with its language
    notice = page.select_one(".translation-notice")
    assert "This translation is incomplete: 0% of its passages are translated." in notice.get_text(" ", strip=True)
    assert notice.a["href"] == "/vi/articles/tin/"
    assert (project / "output" / "vi" / "articles" / "tin" / "parallel" / "index.html").is_file()


def test_a_changed_catalogue_invalidates_the_reader_cache(project):
    """With Pelican's content cache on, a new translation shows without touching the source."""
    settings = project / "pelicanconf.py"
    settings.write_text(
        settings.read_text() + "\nCACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n",
        encoding="utf-8",
    )
    i18n(project, "update")
    build_site(settings, strict=True)
    page = project / "output" / "vi" / "articles" / "signing" / "index.html"
    assert "Lễ mở ký tại Hà Nội" not in page.read_text(encoding="utf-8")
    translate_all(project, VIETNAMESE)
    build_site(settings, strict=True)
    assert "Lễ mở ký tại Hà Nội" in page.read_text(encoding="utf-8")
