"""What the benchmarks share: the project's virtual environment, a built site and a local server."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent


def use_project_python() -> None:
    """Re-run the benchmark with .venv's Python (make html creates it) when started with another."""
    venv_python = ROOT / ".venv" / "bin" / "python"
    if venv_python.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        os.execv(str(venv_python), [str(venv_python), *sys.argv])


@contextmanager
def built_site(given: str | None):
    """The site to measure: ``given``, or a fresh build of the working tree, removed afterwards."""
    if given:
        yield Path(given)
        return
    from newsdesk.site.build import build_site

    with tempfile.TemporaryDirectory(prefix="bench-site-") as folder:
        output = Path(folder) / "output"
        os.chdir(ROOT)
        build_site(ROOT / "pelicanconf.py", str(output))
        yield output


def serving(site: Path):
    """Serve ``site`` on a loopback port; yield its base URL (the project's one static server)."""
    from newsdesk.site.server import serving as serve

    return serve(site)


@contextmanager
def chromium(executable: str | None):
    """Headless Chromium (Debian's package) driven by Playwright."""
    if executable is None:
        sys.exit("chromium is not installed (apt-get install chromium)")
    from newsdesk.site.browser import launch

    with launch(executable) as browser:
        yield browser
