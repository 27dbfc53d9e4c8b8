"""What a reader sees first, on a phone and on a laptop (issue 12): layout promises, checked in a browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "laptop": (1280, 800)}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_home_pages_three_actions_are_on_the_first_screen(browser: Browser, site_url: str, size: str,
                                                              scheme: str) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(site_url)
        actions = page.locator(".cc-hero__actions a")
        assert actions.all_inner_texts() == ["Check a message", "Take the quiz", "Read the eight principles"]
        for index in range(3):
            box = actions.nth(index).bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, (index, box)
        # Each action leads somewhere real: the checker, the quiz, the grid of principles on this page.
        hrefs = [actions.nth(i).get_attribute("href") for i in range(3)]
        assert hrefs[0].rstrip("/").endswith("checker") and hrefs[1].rstrip("/").endswith("quiz")
        assert hrefs[2].endswith("#the-eight-principles") and page.locator("#the-eight-principles").count() == 1
        assert page.locator(".cc-principles > ul > li").count() == 8
    finally:
        context.close()
