"""Convention section: editor report, and the timeline and glossary pages made from the project's data.

  report     article titles still waiting for an editor's confirmation, and references in news
             articles to Convention articles or chapters that do not exist ("Article 71")
  timeline   write content/convention/timeline.md from the dated facts table
  glossary   write content/convention/glossary.md from the translators' glossary

An editor confirms an article title by checking it against the adopted text (A/RES/79/243, annex)
and replacing "title-unverified" with "title-confirmed" in the status column of
data/convention/structure.tsv (correcting the title there and in the chapter page if it differs).
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import format_date

from newsdesk.content.document import split_header
from newsdesk.convention import section
from newsdesk.convention.structure import read_structure
from newsdesk.errors import ContentError
from newsdesk.i18n.layout import content_catalogues
from newsdesk.i18n.poformat import read_catalogue
from newsdesk.project import Project

logger = logging.getLogger(__name__)

GENERATED_MARK = "Generated_from"  # metadata line of a page this command writes and may rewrite
FACT_COLUMNS = ("date", "fact_en", "source", "timeline")
GLOSSARY_NOTE = "note"  # the glossary's last column; the ones before it are languages


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("report", "timeline", "glossary"))
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="Pelican settings file")
    parser.add_argument(
        "--check", action="store_true", help="timeline, glossary: exit 1 if the page is out of date"
    )
    parser.add_argument(
        "--strict", action="store_true", help="report: exit 1 if anything is listed"
    )


def in_project(path: Path, root: Path) -> Path:
    """``path`` as the page names its table: relative to the project folder when inside it."""
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def run(args: argparse.Namespace) -> int:
    project = Project(Path(args.settings))
    settings = project.settings
    config = section.read_config(settings)
    if args.action == "report":
        lines = report(project, config)
        print("\n".join(lines) if lines else "nothing to report")
        return 1 if (args.strict and lines) else 0
    target = Path(settings["PATH"]) / "convention" / f"{args.action}.md"
    language = project.default_language
    if args.action == "timeline":
        facts = Path(config["facts"])
        text = timeline_page(read_facts(facts), in_project(facts, project.root), language)
    else:
        glossary = Path(config["glossary"])
        shown = in_project(glossary, project.root)
        text = glossary_page(read_glossary(glossary), glossary, language, shown)
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target}: out of date; run newsdesk convention {args.action}")
            return 1
        return 0
    write_generated(target, text)
    print(f"wrote {target}")
    return 0


# --- report -----------------------------------------------------------------------------------


def read_metadata(path: Path) -> tuple[dict[str, str], int]:
    """Pelican Markdown metadata of a file, and the number of the first body line."""
    header, body_start = split_header(path.read_text(encoding="utf-8"))
    return {key: value for key, (value, _) in header.items()}, body_start


def unknown_references(text: str, patterns, structure) -> list[str]:
    """The text of each reference to an article or chapter the Convention does not have."""
    from newsdesk.convention.references import find_references

    found = []
    for ref in find_references(text, patterns):
        if ref.start == ref.end:
            continue
        if (ref.kind == "article" and ref.target not in structure.articles) or (
            ref.kind == "chapter" and ref.target not in structure.chapters
        ):
            found.append(text[ref.start : ref.end])
    return found


def scan_markdown(path: Path, patterns_by_language: dict, structure, default_language: str):
    """(path, line, reference) for each unknown reference in one Markdown source."""
    metadata, body_start = read_metadata(path)
    patterns = patterns_by_language.get(metadata.get("lang", default_language))
    if patterns is None:
        return
    in_code = False
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[body_start - 1 :], start=body_start):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code:
            continue
        for text in unknown_references(line, patterns, structure):
            yield path, number, text


def scan_catalogue(path: Path, patterns, structure):
    """(path, line, reference) for each unknown reference in the translations of one catalogue."""
    catalog = read_catalogue(path)  # the project's one catalogue reader
    for message in catalog:
        if message.id and isinstance(message.string, str) and message.string:
            for text in unknown_references(message.string, patterns, structure):
                yield path, message.lineno, text


def shown(path: Path) -> str:
    """A path as an editor types it: relative to the current folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def report(project: Project, config) -> list[str]:
    """The editor report: unconfirmed titles, unknown references in news articles."""
    settings = project.settings
    structure = read_structure(Path(config["structure"]))
    default_language = project.default_language
    lines = []
    unverified = [a for a in structure.articles.values() if a.title_unverified]
    if unverified:
        lines.append(
            f"Article titles to confirm ({len(unverified)}): check each against the adopted text and "
            f"set its status to title-confirmed in {structure.path}"
        )
        lines += [f"  {structure.path}:{a.line}: Article {a.number}. {a.title}" for a in unverified]
    unknown = []
    content = Path(settings["PATH"])
    for folder in settings.get("ARTICLE_PATHS", ["."]):
        for path in sorted((content / folder).rglob("*.md")):
            unknown.extend(scan_markdown(path, config.patterns, structure, default_language))
    catalogues = project.translations
    for language, patterns in config.patterns.items():
        for path in content_catalogues(catalogues, language):
            unknown.extend(scan_catalogue(path, patterns, structure))
    if unknown:
        lines.append(
            f"References to articles or chapters the Convention does not have ({len(unknown)}), "
            "not linked on the site:"
        )
        lines += [f"  {shown(path)}:{line}: {text!r}" for path, line, text in unknown]
    return lines


# --- timeline and glossary pages ---------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    start: str  # ISO date, year-month or empty
    end: str
    text: str
    sources: tuple[tuple[str, str], ...]  # (url, note)
    timeline: str  # "milestone", "pending" or ""
    line: int


def read_tsv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    if not path.is_file():
        raise ContentError("table not found", path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != columns:
        raise ContentError(f"expected the columns {', '.join(columns)}", path, 1)
    body = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(row) != len(columns):
            raise ContentError(f"expected {len(columns)} columns, found {len(row)}", path, line)
        body.append((line, row))
    return body


DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def parse_sources(cell: str) -> tuple[tuple[str, str], ...]:
    sources = []
    for part in cell.split(" ; "):
        url, _, note = part.strip().partition(" ")
        sources.append((url, note.strip().strip("()")))
    return tuple(sources)


def read_facts(path: Path) -> list[Fact]:
    facts = []
    for line, (when, text, source, timeline) in read_tsv(path, FACT_COLUMNS):
        start, _, end = when.partition("/")
        for value in (start, end):
            if value and not DATE.fullmatch(value):
                raise ContentError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD", path, line)
        if timeline not in ("milestone", "pending", ""):
            raise ContentError(f"timeline is {timeline!r}, not milestone, pending or empty", path, line)
        if timeline == "milestone" and not start:
            raise ContentError("a milestone needs a date", path, line)
        facts.append(Fact(start, end, text, parse_sources(source), timeline, line))
    return facts


def glossary_columns(path: Path) -> tuple[str, ...]:
    """The glossary's columns: one per language (codes, in the header), then the note."""
    return (*section.glossary_languages(path), GLOSSARY_NOTE) if path.is_file() else (GLOSSARY_NOTE,)


def read_glossary(path: Path) -> list[tuple[str, ...]]:
    return [tuple(row) for _, row in read_tsv(path, glossary_columns(path))]


def _day(value: str, language: str, with_year: bool = True) -> str:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return format_date(date(parts[0], parts[1], 1), "MMMM y", locale=language)
    return format_date(date(*parts), "d MMMM y" if with_year else "d MMMM", locale=language)


def when_text(start: str, end: str, language: str) -> str:
    """A date or a span of dates as a reader writes it: "28 February to 11 March 2022"."""
    if not end:
        return _day(start, language)
    same_year = start[:4] == end[:4] and len(start) == len(end) == 10
    if same_year and start[:7] == end[:7]:
        return f"{int(start[8:])} to {_day(end, language)}"
    return f"{_day(start, language, with_year=not same_year)} to {_day(end, language)}"


def source_links(sources: tuple[tuple[str, str], ...]) -> str:
    links = []
    for url, note in sources:
        host = urlsplit(url).hostname or url
        host = host.removeprefix("www.")
        links.append(f"[{host}]({url})" + (f", {note}" if note else ""))
    return "(" + "; ".join(links) + ")"


GENERATED_PAGES = {
    "timeline": {
        "title": "Timeline",
        "summary": "Dated milestones of the United Nations Convention against Cybercrime, from the "
        "first negotiations to entry into force, each with its sources.",
        "intro": "Part of [the Convention](../). The milestones of the Convention and of the "
        "Budapest Convention before it, in date order, each with the sources it comes from.",
    },
    "glossary": {
        "title": "Glossary",
        "summary": "The key terms of the United Nations Convention against Cybercrime in English "
        "and Vietnamese, as this site and its translators use them.",
        "intro": "Part of [the Convention](../). The key terms of the Convention in English and "
        "Vietnamese. Our translators use the same list, so the site says the same thing in the "
        "same words in both languages. Vietnamese is not one of the official languages of the "
        "United Nations, so these Vietnamese terms are not an official translation.",
    },
}


def page_header(name: str, source: Path, language: str) -> list[str]:
    """Metadata and first paragraph of a generated page; ``source`` is the table it is made from."""
    page = GENERATED_PAGES[name]
    return [
        f"Title: {page['title']}",
        f"Lang: {language}",
        f"Slug: convention/{name}",
        f"Translation_Key: convention-{name}",
        "Template: convention",
        "Status: hidden",
        f"Summary: {page['summary']}",
        f"{GENERATED_MARK}: {source}",
        "",
        page["intro"],
        "",
    ]


def timeline_page(facts: list[Fact], source: Path, language: str) -> str:
    """The timeline page's Markdown: milestones by year, then what is pending."""
    lines = page_header("timeline", source, language)
    milestones = sorted((f for f in facts if f.timeline == "milestone"), key=lambda f: (f.start, f.end))
    for year, in_year in groupby(milestones, key=lambda fact: fact.start[:4]):
        lines += [f"## {year}", ""]
        for fact in in_year:
            when = when_text(fact.start, fact.end, language)
            lines.append(f"- **{when}.** {fact.text} {source_links(fact.sources)}")
        lines.append("")
    pending = [f for f in facts if f.timeline == "pending"]
    if pending:
        lines += ["## Pending", ""]
        lines += [f"- {fact.text} {source_links(fact.sources)}" for fact in pending]
        lines.append("")
    return "\n".join(lines)


def glossary_page(
    terms: list[tuple[str, ...]], source: Path, language: str, shown: Path | None = None
) -> str:
    """The glossary page's Markdown: one table row per term, a column per language, then the note
    (``shown``: how the page names ``source``, the table)."""
    lines = page_header("glossary", shown or source, language)
    names = [
        (Locale.parse(code).get_display_name(language) or code).capitalize()
        for code in glossary_columns(source)[:-1]
    ]
    lines += [
        "| " + " | ".join([*names, "Note"]) + " |",
        "| " + " | ".join(["---"] * (len(names) + 1)) + " |",
    ]
    for row in terms:
        cells = (cell.replace("|", "\\|") for cell in row)
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


def write_generated(target: Path, text: str) -> None:
    """Write a generated page in one step; never overwrite a page an editor wrote by hand."""
    if target.exists():
        existing, _ = read_metadata(target)
        if GENERATED_MARK.lower() not in existing:
            raise ContentError(
                f"not overwritten: the page has no {GENERATED_MARK} line, so it was not made by "
                "this command; move it away first",
                target,
            )
        if target.read_text(encoding="utf-8") == text:
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
