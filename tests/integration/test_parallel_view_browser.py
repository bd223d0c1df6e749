"""The side-by-side view in headless Chromium: two columns on a wide screen, stacked on a phone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PARALLEL = "/vi/articles/un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti/parallel/"


@pytest.mark.parametrize(
    ("width", "side_by_side"),
    [pytest.param(1280, True, id="desktop"), pytest.param(375, False, id="phone")],
)
def test_parallel_view_aligns_columns_or_stacks(browser, server, artifacts, width, side_by_side):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{server}/vi/articles/un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti/")
    page.get_by_role("link", name="Đọc song song với bản gốc").click()
    page.wait_for_url(f"{server}{PARALLEL}")
    row = page.locator(".parallel-row--p").first
    source, translation = row.locator("[role=cell]").all()
    first, second = source.bounding_box(), translation.bounding_box()
    if side_by_side:
        assert second["x"] > first["x"] + first["width"] - 1
        assert abs(second["y"] - first["y"]) < 2  # aligned block by block
    else:
        assert second["y"] >= first["y"] + first["height"] - 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"parallel-vi-{width}.png"), full_page=True)
    page.close()
