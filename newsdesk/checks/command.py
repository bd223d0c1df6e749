"""Check the whole site before it is published: content, catalogues, coverage, a strict build and its output.

Stages, in order (``--only``/``--skip`` pick some):
  content     required metadata, ISO 8601 dates, unique slugs and translation keys, no source without article
  catalogues  every .po file passes `newsdesk i18n check` (format, links kept, translation quality)
  coverage    no translator's recorded work lost or left fuzzy too long (new articles may wait)
  build       Pelican in every language with warnings fatal, into CACHE_PATH/check-output (kept,
              so that the next check renders only what changed since; -o: another folder)
  links       every internal link and anchor of the built site resolves; nothing loads from another host
  hreflang    every page's alternates resolve and link back
  feeds       feeds and the sitemap parse; the sitemap lists only built pages
  html        every page is valid HTML (the Nu Html Checker)
Every problem is printed as ``path:line: message``; the exit status is 1 when there is any.
A warning (a release build's About page without a contact for corrections) is printed as
``path: warning: message`` and does not fail the check.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.errors import ConfigError, Problem, ProjectError
from newsdesk.project import plugin_settings
from newsdesk.site.languages import read_config as read_multilang

logger = logging.getLogger(__name__)

SETTINGS_KEY = "SITE_CHECK"
DEFAULTS = {
    # Metadata every file of a kind must have (kinds: "articles", "pages").
    "required_metadata": {"articles": ("Title", "Date", "Lang", "Slug"), "pages": ("Title",)},
    # Metadata no two files of the same kind and language may share.
    "unique_metadata": ("Slug", "Translation_Key"),
    # Saved source pages, each of which must have its article.
    "sources": "sources",
    # Articles are published before they are translated (they wait in `newsdesk i18n queue`);
    # the gate reports translations recorded as done (translations/state.tsv, written by
    # `newsdesk i18n update`) that are lost, or fuzzy for more than this many days.
    "fuzzy_days_allowed": 30,
}
# The check's build, in CACHE_PATH: kept, so that the next check's build renders only the pages
# whose inputs changed (newsdesk/pelican/incremental.py), as `make html` does for the output.
CHECK_OUTPUT = "check-output"
STAGES = ("content", "catalogues", "coverage", "build", "links", "hreflang", "feeds", "html")
PRE_BUILD = ("content", "catalogues", "coverage")


def read_config(settings: dict) -> dict:
    """SITE_CHECK with defaults filled in; an unknown key is an error that names it."""
    return plugin_settings(settings, SETTINGS_KEY, DEFAULTS)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="Pelican settings file")
    parser.add_argument(
        "-o",
        "--output",
        help=f"build into this folder (default: CACHE_PATH/{CHECK_OUTPUT}, kept for the next check)",
    )
    parser.add_argument("--only", help=f"comma-separated stages to run ({','.join(STAGES)})")
    parser.add_argument("--skip", help="comma-separated stages to leave out")
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="report content and catalogue problems of these files only (for pre-commit)",
    )


@dataclass
class Context:
    """What the stages share: the settings, the project folder and, after the build, the output."""

    settings_file: Path
    settings: dict
    config: dict
    base: Path
    files: list[Path] | None
    output: Path | None = None
    # The build is the check's own (CACHE_PATH/check-output): its files are named as the site's
    # output folder's, where `make html` puts them.
    own_output: bool = False
    # The built pages as the link check read them, for the hreflang check (checks/site.py).
    pages: dict = field(default_factory=dict)


def stage_content(context: Context) -> list[Problem]:
    from newsdesk.checks.content import lint_content

    settings = context.settings
    folders = {"articles": settings["ARTICLE_PATHS"], "pages": settings["PAGE_PATHS"]}
    required = {
        kind: [key.lower() for key in keys]
        for kind, keys in context.config["required_metadata"].items()
    }
    default_lang = read_multilang(settings)["default"]
    return release_warnings(context) + lint_content(
        Path(settings["PATH"]),
        context.base / context.config["sources"],
        folders,
        required,
        default_lang,
        unique=[key.lower() for key in context.config["unique_metadata"]],
        base=context.base,
        only=context.files,
        translations=Path(read_multilang(settings)["translations"]),
    )


def release_warnings(context: Context) -> list[Problem]:
    """What a release build (publishconf.py) should have and may lack: warnings, not failures."""
    from newsdesk.pelican.corrections import release_problems

    if context.files is not None:  # pre-commit: the files given, not the settings
        return []
    return release_problems(context.settings, context.settings_file.name)


def stage_catalogues(context: Context) -> list[Problem]:
    from newsdesk.checks.catalogues import check_catalogues
    from newsdesk.i18n.command import Project
    from newsdesk.i18n.review import reviewer_for

    translations = Path(read_multilang(context.settings)["translations"])
    try:
        reviewer = reviewer_for(Project(context.settings_file))  # `newsdesk i18n check`'s rules
    except ProjectError as error:  # e.g. two documents with one key: the format rules still run
        problem = Problem.from_error(error, "catalogues", "translations")
        found = check_catalogues(translations, context.base, context.files).problems
        shown = _project_path(problem.path, context.base)
        return [*found, Problem(shown, problem.line, problem.message, problem.check)]
    return check_catalogues(translations, context.base, context.files, reviewer).problems


def stage_coverage(context: Context) -> list[Problem]:
    """Translators' recorded work kept; the coverage table goes with the stage summaries."""
    from newsdesk import cli
    from newsdesk.i18n.command import Project
    from newsdesk.i18n.queue import protected_work

    with contextlib.redirect_stdout(sys.stderr):
        cli.main(["i18n", "stats", "-s", str(context.settings_file)])
    project = Project(context.settings_file)
    return protected_work(project, int(context.config["fuzzy_days_allowed"]))


def stage_build(context: Context) -> list[Problem]:
    from newsdesk.site.build import build_site

    try:
        build_site(context.settings_file, str(context.output), strict=True)
    except ProjectError as error:
        # The check's build folder: named as the folder the problem is in (the site's output
        # folder for the check's own).
        shown = _in_output(context, Problem("", None, "")).path.rstrip("/")
        message = error.message.replace(str(context.output.resolve()), shown)
        message = message.replace(str(context.output), shown)
        context.output = None  # nothing to check after a failed build
        return build_problems(type(error)(message, error.path, error.line), context.base)
    return []


# One line of a build error that names its file: "path:line: message" or "path: message".
NAMED_LINE = re.compile(r"^(?P<path>[^\s:][^:]*?):(?:(?P<line>[0-9]+):)? (?P<message>.+)$")


def build_problems(error: ProjectError, base: Path) -> list[Problem]:
    """The problems a failed build names: one per file it lists, by its path in the project.

    A strict build's error lists the warnings it stopped on, one a line; a line that names a
    file becomes that file's problem, the others are the build's.
    """
    if error.path is not None:
        return [Problem(_project_path(error.path, base), error.line, error.message)]
    head, *lines = error.message.split("\n")
    problems = []
    for line in (text.strip() for text in lines):
        named = NAMED_LINE.match(line)
        if named and ("/" in named["path"] or "." in named["path"]):
            number = int(named["line"]) if named["line"] else None
            problem = Problem(_project_path(named["path"], base), number, named["message"])
        elif line:
            problem = Problem("build", None, line)
        else:
            continue
        if problem not in problems:
            problems.append(problem)
    return problems or [Problem("build", None, head)]


def _project_path(path: str, base: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(base.resolve()))
    except ValueError:
        return path


def stage_links(context: Context) -> list[Problem]:
    from newsdesk.checks.site import check_site

    return [_in_output(context, p) for p in check_site(context.output, _site_url(context), context.pages)]


def stage_hreflang(context: Context) -> list[Problem]:
    from newsdesk.checks.site import check_hreflang

    return [_in_output(context, p) for p in check_hreflang(context.output, _site_url(context), context.pages)]


def stage_feeds(context: Context) -> list[Problem]:
    from newsdesk.checks.site import check_xml

    return [_in_output(context, p) for p in check_xml(context.output, _site_url(context))]


def stage_html(context: Context) -> list[Problem]:
    from newsdesk.checks.html import validate_html

    return [_in_output(context, p) for p in validate_html(context.output)]


def _site_url(context: Context) -> str:
    return context.settings.get("SITEURL", "")


def _in_output(context: Context, problem: Problem) -> Problem:
    """Name built files by the output folder they are in, e.g. ``output/en/index.html``; the
    check's own build is named as the site's output folder, where ``make html`` puts it."""
    site_output = Path(_project_path(str(context.settings.get("OUTPUT_PATH") or "output"), context.base))
    folder = site_output
    if not context.own_output:
        with contextlib.suppress(ValueError):  # a folder outside the project: the site's name
            folder = context.output.resolve().relative_to(context.base.resolve())
    return Problem(f"{folder}/{problem.path}", problem.line, problem.message)


RUNNERS: dict[str, Callable[[Context], list[Problem]]] = {
    "content": stage_content,
    "catalogues": stage_catalogues,
    "coverage": stage_coverage,
    "build": stage_build,
    "links": stage_links,
    "hreflang": stage_hreflang,
    "feeds": stage_feeds,
    "html": stage_html,
}


def chosen_stages(only: str | None, skip: str | None) -> list[str]:
    def names(text: str | None) -> list[str]:
        given = [name.strip() for name in (text or "").split(",") if name.strip()]
        unknown = [name for name in given if name not in STAGES]
        if unknown:
            raise ConfigError(f"unknown check stage {unknown[0]!r}; stages: {', '.join(STAGES)}")
        return given

    wanted = names(only) or list(STAGES)
    left_out = set(names(skip))
    return [stage for stage in STAGES if stage in wanted and stage not in left_out]


def check_project(
    settings_file: Path, stages: list[str], output: Path | None, files: list[Path] | None = None
) -> dict[str, list[Problem]]:
    """Run the stages in order; the stages after the build need it to have succeeded.
    ``output``: where to build (None: the check's own folder in CACHE_PATH)."""
    from newsdesk.project import read_base_settings

    settings = read_base_settings(settings_file)
    own = output is None
    if own:
        output = Path(settings["CACHE_PATH"]) / CHECK_OUTPUT
    context = Context(
        settings_file,
        settings,
        read_config(settings),
        settings_file.resolve().parent,
        files,
        output,
        own_output=own,
    )
    results: dict[str, list[Problem]] = {}
    for stage in stages:
        if stage not in PRE_BUILD and stage != "build" and context.output is None:
            break
        if (
            stage not in PRE_BUILD
            and stage != "build"
            and "build" not in stages
            and not output.exists()
        ):
            raise ConfigError(f"stage {stage!r} checks a built site, but {output} does not exist")
        results[stage] = run_stage(stage, context)
    return results


def run_stage(stage: str, context: Context) -> list[Problem]:
    """The stage's problems; what it raises is one more problem, so that the others still run."""
    try:
        return RUNNERS[stage](context)
    except ProjectError as error:
        if stage == "build":
            context.output = None
        return [Problem.from_error(error, where=stage)]
    except Exception as error:  # noqa: BLE001 (any crash is reported, and the next stage runs)
        logger.debug("stage %s stopped", stage, exc_info=True)
        if stage == "build":
            context.output = None
        return [Problem(stage, None, f"the {stage} check stopped: {type(error).__name__}: {error}")]


def _warning(problem: Problem) -> str:
    return str(Problem(problem.path, problem.line, f"warning: {problem.message}", problem.check))


def run(args: argparse.Namespace) -> int:
    stages = chosen_stages(args.only, args.skip)
    files = args.files or None
    output = Path(args.output) if args.output else None
    results = check_project(Path(args.settings), stages, output, files)
    total = 0
    for stage, found in results.items():
        problems = [problem for problem in found if problem.severity != "warning"]
        for problem in found:
            print(problem if problem in problems else _warning(problem))
        total += len(problems)
        warned = f" ({len(found) - len(problems)} warning(s))" if len(found) > len(problems) else ""
        print(
            f"{stage}: {'ok' if not problems else f'{len(problems)} problem(s)'}{warned}",
            file=sys.stderr,
        )
    if total:
        print(f"check failed: {total} problem(s)", file=sys.stderr)
        return 1
    return 0
