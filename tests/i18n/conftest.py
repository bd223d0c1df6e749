"""A small project for the translation tools: one English article, the real theme and settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.i18n.catalogues import read_catalogue, render_catalogue

ROOT = Path(__file__).resolve().parents[2]


def write_article(project: Path, paragraphs: list[str], name: str = "signing", **header) -> Path:
    body = "\n\n".join(paragraphs)
    fields = {"Title": "Signing in Hanoi", "Date": "2025-10-25 09:00", "Lang": "en", "Slug": name}
    fields.update({"Category": "News", "Tags": "Hanoi", **header})
    path = project / "content" / "articles" / f"{name}.md"
    path.write_text(
        "".join(f"{key}: {value}\n" for key, value in fields.items()) + f"\n{body}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def small_project(tmp_path) -> Path:
    for name in ("pelicanconf.py", "babel.cfg"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("theme", "translations", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.rmtree(tmp_path / "translations" / "vi" / "LC_MESSAGES" / "content")
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "content" / "pages").mkdir()
    return tmp_path


def run_i18n(project: Path, *args: str) -> int:
    return main(["i18n", *args, "-s", str(project / "pelicanconf.py")])


def content_po(project: Path, key: str = "signing", lang: str = "vi") -> Path:
    return project / "translations" / lang / "LC_MESSAGES" / "content" / f"{key}.po"


def set_translations(path: Path, translations: dict[str, str], fuzzy: bool = False) -> None:
    catalog = read_catalogue(path)
    for msgid, msgstr in translations.items():
        catalog[msgid].string = msgstr
        if fuzzy:
            catalog[msgid].flags.add("fuzzy")
    path.write_bytes(render_catalogue(catalog))
