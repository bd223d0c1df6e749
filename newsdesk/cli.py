"""The ``newsdesk`` command line: one table of sub-commands, errors turned into messages here only."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from newsdesk.errors import ProjectError

logger = logging.getLogger(__name__)

# Sub-command name -> module that provides ``add_arguments(parser)`` and ``run(args) -> int``.
COMMANDS = {
    "build": "newsdesk.site.build",
    "i18n": "newsdesk.i18n.command",
    "convention": "newsdesk.convention.command",
    "ingest": "newsdesk.ingest.command",
    "icons": "newsdesk.site.icons",
    "check": "newsdesk.checks.command",
}


def requested_command(argv: Sequence[str]) -> str | None:
    """The sub-command named on the command line, if it is one (the only global option, -v,
    takes no value)."""
    words = [word for word in argv if not word.startswith("-")]
    return words[0] if words and words[0] in COMMANDS else None


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every sub-command, or of ``only`` (each imports its module, and a build
    should not wait for the ingest tools to load)."""
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Build and edit the bilingual Hanoi Convention site.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print debugging messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            continue
        module = importlib.import_module(module_name)
        sub_parser = sub.add_parser(
            name, help=module.__doc__.splitlines()[0], description=module.__doc__
        )
        module.add_arguments(sub_parser)
        sub_parser.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = make_parser(requested_command(argv)).parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return args._module.run(args)
    except ProjectError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
