"""Shared fixtures: a built copy of the real site, and a static server for browser tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsdesk.site.server import serving


@pytest.fixture(autouse=True)
def plugins_of_this_test_only():
    """Disconnect what a test's builds connected to Pelican's signals: a plugin registered by
    one test's site must not run in the next test's, whose settings may not list it."""
    import weakref

    from blinker import Signal
    from pelican import signals

    found = [value for value in vars(signals).values() if isinstance(value, Signal)]
    before = {id(signal): set(signal.receivers) for signal in found}
    yield
    for signal in found:
        for key in set(signal.receivers) - before[id(signal)]:
            receiver = signal.receivers.get(key)
            if isinstance(receiver, weakref.ref):
                receiver = receiver()
            if receiver is not None:
                signal.disconnect(receiver)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


def real_site_copy(folder: Path) -> Path:
    """The real site's sources and settings, copied: the test builds keep their caches and records
    in the copy, and leave the project's own (`make html`'s, and in CI `make publish`'s after the
    tests) as they are."""
    from tests.projects import make_project

    folder.mkdir(parents=True)
    return make_project(folder, count=0)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session into a temporary folder."""
    from newsdesk.site.build import build_site

    project = real_site_copy(tmp_path_factory.mktemp("site") / "project")
    output = project.parent / "output"
    cwd = os.getcwd()
    os.chdir(project)
    try:
        build_site(project / "pelicanconf.py", str(output), strict=True)
    finally:
        os.chdir(cwd)
    return output


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The real site built with publishconf.py, as CI deploys it."""
    from newsdesk.site.build import build_site

    project = real_site_copy(tmp_path_factory.mktemp("published") / "project")
    output = project.parent / "output"
    cwd = os.getcwd()
    os.chdir(project)  # publishconf.py imports pelicanconf.py from the working folder
    old = os.environ.get("SITEURL")
    os.environ["SITEURL"] = "https://convention.example.org"
    try:
        build_site(project / "publishconf.py", str(output), strict=True)
    finally:
        os.chdir(cwd)
        if old is None:
            os.environ.pop("SITEURL", None)
        else:
            os.environ["SITEURL"] = old
    return output


@pytest.fixture(scope="session")
def server(site) -> str:
    """Serve the built site on a loopback port; yield its base URL."""
    with serving(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright."""
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from newsdesk.site.browser import launch

    with launch(executable) as browser:
        yield browser


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
