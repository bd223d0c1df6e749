"""Translation catalogues of theme and content: extract, update, check, stats, queue.

One cycle for everything a reader sees: the theme's strings (``messages.po``), category and tag
names (``taxonomy.po``) and one catalogue per document and target language
(``content/<key>.po``), all under ``translations/<lang>/LC_MESSAGES/``.
"""

from __future__ import annotations

import argparse
import logging
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from newsdesk.content.document import Document, make_markdown, read_document
from newsdesk.errors import CatalogError, ConfigError
from newsdesk.i18n.catalogues import (
    Counts,
    Target,
    count_messages,
    current_catalogue,
    document_template,
    language_name,
    render_catalogue,
    taxonomy_template,
    update_catalogue,
)
from newsdesk.i18n.checks import check_translation
from newsdesk.i18n.layout import (
    catalogue_folder,
    catalogue_path,
    content_catalogue_path,
    language_catalogues,
)
from newsdesk.i18n.memory import TranslationMemory
from newsdesk.i18n.queue import catalogue_name
from newsdesk.i18n.state import read_state, record, state_path, write_state
from newsdesk.site.languages import read_config as read_multilang

logger = logging.getLogger(__name__)

ACTIONS = ("extract", "update", "check", "stats", "queue")
THEME_DOMAIN = "messages"
TAXONOMY_DOMAIN = "taxonomy"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=ACTIONS, help="what to do with the catalogues")
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="Pelican settings file")
    parser.add_argument("-l", "--language", action="append", help="only this language (repeatable)")
    parser.add_argument(
        "--fail-under",
        type=float,
        metavar="PCT",
        help="stats: exit non-zero when a catalogue is less than PCT %% translated",
    )


class Project:
    """The settings, documents and catalogues of one site."""

    def __init__(self, settings_file: Path):
        from newsdesk.project import read_base_settings

        self.settings = read_base_settings(settings_file)
        self.root = settings_file.resolve().parent
        multilang = read_multilang(self.settings)
        self.languages: tuple[str, ...] = multilang["languages"]
        self.default: str = multilang["default"]
        self.translations = Path(multilang["translations"])
        self.documents = self._read_documents()

    def content_files(self) -> list[Path]:
        base = Path(self.settings["PATH"])
        folders = [*self.settings.get("ARTICLE_PATHS", []), *self.settings.get("PAGE_PATHS", [])]
        files = {path.resolve() for folder in folders for path in (base / folder).rglob("*.md")}
        return sorted(files)

    def _read_documents(self) -> list[Document]:
        documents = []
        seen: dict[str, Path] = {}
        for path in self.content_files():
            document = read_document(path, self.settings["MARKDOWN"], self.default)
            if document.key in seen:
                other = _relative(seen[document.key], self.root)
                raise CatalogError(f"translation key {document.key!r} is also used by {other}", path)
            seen[document.key] = path
            documents.append(document)
        return documents

    def theme_template(self) -> Catalog:
        with (self.root / "babel.cfg").open(encoding="utf-8") as fp:
            method_map, options_map = parse_mapping_cfg(fp, "babel.cfg")
        template = Catalog(project=None, fuzzy=False)
        for _, _, message, comments, context in extract_from_dir(str(self.root), method_map, options_map):
            template.add(message, None, [], auto_comments=comments, context=context)
        return template

    def targets(self, languages: list[str] | None = None) -> Iterator[Target]:
        """Every catalogue to keep, each with the template it is made from."""
        theme = self.theme_template()
        for lang in languages or self.languages:
            name = language_name(lang, self.default)
            yield Target(
                catalogue_path(self.translations, lang, THEME_DOMAIN),
                theme,
                lang,
                f"User-interface strings of the theme, in {name}.",
                prefill=lang == self.default,
                locations=False,
                sort=True,
                placeholders=True,
            )
            others = [d for d in self.documents if d.lang != lang]
            taxonomy = taxonomy_template(others, self.root)
            path = catalogue_path(self.translations, lang, TAXONOMY_DOMAIN)
            if len(taxonomy) or path.exists():
                yield Target(
                    path,
                    taxonomy,
                    lang,
                    f"Names of categories and tags, in {name}: one name for the whole site.",
                )
            for document in others:
                origin = document.path.relative_to(self.root).as_posix()
                yield Target(
                    content_catalogue_path(self.translations, lang, document.key),
                    document_template(document, self.root),
                    lang,
                    f"{origin} in {name}.\nEach message is one block of the source; keep its links,"
                    "\nimages and `code` as they are.",
                )

    def templates(self) -> Iterator[tuple[Path, Catalog]]:
        """The templates ``extract`` writes, for tools that start new languages from them."""
        yield self.translations / f"{THEME_DOMAIN}.pot", self.theme_template()
        for document in self.documents:
            yield (
                self.translations / "templates" / f"{document.key}.pot",
                document_template(document, self.root),
            )


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


def extract(project: Project) -> int:
    written = 0
    for path, template in project.templates():
        sort = path.name == f"{THEME_DOMAIN}.pot"
        for message in template:
            if sort:
                message.locations = []
        data = render_catalogue(template, omit_header=True, sort=sort)
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written += 1
            print(f"wrote {_relative(path, project.root)}")
    current = {path for path, _ in project.templates()}
    for stale in sorted((project.translations / "templates").glob("*.pot")):
        if stale not in current:  # its document is gone; templates are generated, never edited
            stale.unlink()
            print(f"removed {_relative(stale, project.root)}")
    print(f"extract: {written} template(s) written, the others unchanged")
    return 0


def update(project: Project, languages: list[str] | None) -> int:
    """Bring every catalogue up to date, prefill from the memory, record finished work."""
    written = unchanged = prefilled = 0
    path = state_path(project.translations)
    state, today = read_state(path), date.today()
    recorded: dict = {}
    run = set(languages or project.languages)
    kept = {name for name, _ in state if name.split("/")[0] not in run}  # other languages' rows
    memories: dict[str, TranslationMemory] = {}
    for target in project.targets(languages):
        if target.lang not in memories:
            memories[target.lang] = TranslationMemory(
                [
                    path
                    for path in language_catalogues(project.translations, target.lang)
                    if path.stem != THEME_DOMAIN
                ],
                shown=lambda path: _relative(path, project.root),
            )
        memory = None if target.placeholders else memories[target.lang]
        catalog, changed, report = update_catalogue(target, memory)
        prefilled += report.prefilled
        if not target.prefill:
            name = catalogue_name(project, target.path)
            recorded.update(record(state, name, catalog, today))
        if changed:
            written += 1
            print(f"updated {_relative(target.path, project.root)}")
        else:
            unchanged += 1
    recorded.update({key: row for key, row in state.items() if key[0] in kept})
    if write_state(path, recorded):
        print(f"updated {_relative(path, project.root)}")
    print(
        f"update: {written} catalogue(s) written, {unchanged} unchanged; {prefilled} new message(s)"
        " prefilled from the translation memory, fuzzy until a translator confirms them"
    )
    return 0


def accepted_by_build(markdown_settings: dict):
    """Whether the build would use a content translation (it refuses what the checks reject)."""
    md = make_markdown(markdown_settings, meta=False)

    def accepted(message) -> bool:
        return not check_translation(md, message.id, message.string)

    return accepted


def stats(project: Project, languages: list[str] | None, fail_under: float | None) -> int:
    """Per language and per catalogue: translated, fuzzy, untranslated, against today's sources."""
    by_language: dict[str, list[tuple[str, Counts]]] = defaultdict(list)
    accepted = accepted_by_build(project.settings["MARKDOWN"])
    for target in project.targets(languages):
        catalog = current_catalogue(target)
        counts = count_messages(catalog, None if target.placeholders else accepted)
        name = _relative(catalogue_folder(project.translations, target.lang), project.root)
        label = target.path.relative_to(catalogue_folder(project.translations, target.lang))
        by_language[f"{target.lang} ({name})"].append((label.with_suffix("").as_posix(), counts))
    below = []
    for language, rows in by_language.items():
        print(language)
        total = Counts(0, 0, 0)
        for label, counts in rows:
            total += counts
            print(_stats_line(counts, label))
            if fail_under is not None and counts.below(fail_under):
                below.append(f"{language} {label}")
        print(_stats_line(total, "total"))
    if below:
        print(f"below {fail_under:g} %: {', '.join(below)}")
        return 1
    return 0


def _stats_line(counts: Counts, label: str) -> str:
    return (
        f"  {counts.percent:4d} %  {counts.translated:4d} translated  {counts.fuzzy:4d} fuzzy"
        f"  {counts.untranslated:4d} untranslated  {label}"
    )


def run(args: argparse.Namespace) -> int:
    project = Project(Path(args.settings))
    unknown = sorted(set(args.language or ()) - set(project.languages))
    if unknown:
        raise ConfigError(f"{unknown[0]!r} is not one of {', '.join(project.languages)}")
    if args.action == "extract":
        return extract(project)
    if args.action == "update":
        extract(project)
        return update(project, args.language)
    if args.action == "queue":
        from newsdesk.i18n.queue import queue_command

        return queue_command(project, args.language)
    if args.action == "check":
        from newsdesk.i18n.review import check_command

        return check_command(project, args.language)
    return stats(project, args.language, args.fail_under)
