"""A reader in headless Chromium: the language switcher, both ways, without console errors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_switch_language_on_an_article_and_back(browser, server, artifacts):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/en/articles/un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(artifacts / "article-en.png"), full_page=True)

    page.get_by_role("link", name="Tiếng Việt").click()
    page.wait_for_url(f"{server}/vi/articles/un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Công ước" in page.locator("h1").inner_text()
    page.screenshot(path=str(artifacts / "article-vi.png"), full_page=True)

    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{server}/en/articles/un-pledges-to-collaborate-with-vietnam-to-promote-implementation-of-anti/")
    assert errors == []
    page.close()


def test_skip_link_is_first_and_moves_focus_to_main(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/vi/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Chuyển đến nội dung chính"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.close()
