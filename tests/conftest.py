"""Shared fixtures: a built copy of the real site, and a static server for browser tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsdesk.site.server import serving

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session into a temporary folder."""
    from newsdesk.site.build import build_site

    output = tmp_path_factory.mktemp("site") / "output"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        build_site(ROOT / "pelicanconf.py", str(output), strict=True)
    finally:
        os.chdir(cwd)
    return output


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The real site built with publishconf.py, as CI deploys it."""
    from newsdesk.site.build import build_site

    output = tmp_path_factory.mktemp("published") / "output"
    cwd = os.getcwd()
    os.chdir(ROOT)
    old = os.environ.get("SITEURL")
    os.environ["SITEURL"] = "https://convention.example.org"
    try:
        build_site(ROOT / "publishconf.py", str(output), strict=True)
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
