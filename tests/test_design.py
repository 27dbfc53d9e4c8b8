"""What a reader sees first, on a phone and on a laptop (issue 12): layout promises, checked in a browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "laptop": (1280, 800)}


@contextmanager
def opened(browser: Browser, size: str = "laptop", scheme: str = "light", grant: tuple[str, ...] = ()) -> Iterator[Page]:
    """A page in a context of its own, at one of SIZES and in one colour scheme, closed afterwards."""
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    if grant:
        context.grant_permissions(list(grant))
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_home_pages_three_actions_are_on_the_first_screen(browser: Browser, site_url: str, size: str,
                                                              scheme: str) -> None:
    height = SIZES[size][1]
    with opened(browser, size, scheme) as page:
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


def test_on_every_principle_page_the_examples_come_before_the_rules(browser: Browser, site_url: str,
                                                                    principle_ids: list[str]) -> None:
    """The idea, the picture at an event, then the examples; the rules that check them come after."""
    with opened(browser) as page:
        for principle in principle_ids:
            page.goto(f"{site_url}principles/{principle}/")
            headings = page.locator("article h2").all_inner_texts()
            order = [h.strip("¶ \n") for h in headings]
            assert order.index("At a networking event") < order.index("Examples") < order.index("Rules that check this")
            first_card = page.locator("article .cc-card").first.bounding_box()
            first_rule = page.locator("article .cc-rules, article .cc-rule-list").first.bounding_box()
            assert first_card and first_rule and first_card["y"] < first_rule["y"], principle


@pytest.fixture(scope="module")
def principle_ids() -> list[str]:
    from conftest import REPO

    return sorted(path.stem for path in (REPO / "docs" / "principles").glob("*.md"))


def test_every_card_has_one_row_of_actions_and_copy_link_copies_its_own_page(browser: Browser, site_url: str) -> None:
    with opened(browser, grant=("clipboard-read", "clipboard-write")) as page:
        page.goto(f"{site_url}principles/know-like-trust/")
        cards = page.locator("article .cc-card")
        assert cards.count() >= 10
        for index in range(cards.count()):
            row = cards.nth(index).locator(".cc-card__actions")
            assert row.count() == 1
            assert row.locator(".cc-action").all_inner_texts()[:3] == ["Own page", "Copy link", "Try in the checker"]
        first = cards.first
        own_page = first.locator(".cc-card__page").get_attribute("href")
        first.locator(".cc-card__copy").click()
        # The button says so for a few seconds (a busy machine could miss that), and keeps what it copied.
        expect(first.locator(".cc-card__copy")).to_have_attribute("data-copied", re.compile(r"^http"))
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert first.locator(".cc-card__copy").get_attribute("data-copied") == copied
        assert copied.startswith(site_url) and copied.rstrip("/").endswith(own_page.strip("./").rstrip("/"))
        # On the example's own page the row keeps its actions but not a link to itself.
        page.goto(copied)
        card = page.locator("article .cc-card").first
        assert card.locator(".cc-card__page").count() == 0
        assert card.locator(".cc-action").all_inner_texts()[:2] == ["Copy link", "Try in the checker"]


def test_the_checker_keeps_its_first_finding_in_view_beside_the_draft(browser: Browser, site_url: str) -> None:
    """At 1280 wide the findings sit beside the text box; with the box in focus the first finding is on screen."""
    with opened(browser) as page:
        page.goto(f"{site_url}checker/")
        expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
        box = page.locator("#checker-input")
        box.fill("Hi {first_name}! FOLLOW FOR FOLLOW??? Check out my free e-book: www.example.com/ebook\n" * 12)
        box.focus()
        box.press("End")
        first = page.locator("#checker-findings > li").first
        expect(first).to_be_visible()
        draft, finding = box.bounding_box(), first.bounding_box()
        assert finding["x"] > draft["x"] + draft["width"] - 1, "the findings are beside the draft, not under it"
        assert 0 <= finding["y"] and finding["y"] + 20 <= 800, finding
        # A phone gets one column: the findings under the draft.
        page.set_viewport_size({"width": 390, "height": 844})
        draft, finding = box.bounding_box(), first.bounding_box()
        assert finding["y"] > draft["y"] + draft["height"] - 1


# What decides where a letter sits: the copy behind the text box must match the box in all of it.
_DRAFT_GEOMETRY = """([box, copy]) => {
    const keys = ['fontFamily', 'fontSize', 'fontWeight', 'lineHeight', 'letterSpacing', 'wordSpacing',
                  'whiteSpace', 'overflowWrap', 'wordBreak', 'tabSize', 'paddingTop', 'paddingLeft',
                  'paddingRight', 'borderTopWidth', 'borderLeftWidth', 'borderRightWidth', 'boxSizing'];
    const style = (el) => Object.fromEntries(keys.map((k) => [k, getComputedStyle(el)[k]]));
    const rect = (el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width]; };
    return {box: style(box), copy: style(copy), boxRect: rect(box), copyRect: rect(copy),
            boxInner: box.clientWidth, copyInner: copy.clientWidth};
}"""


@pytest.mark.parametrize("size", SIZES)
def test_the_checker_marks_its_findings_in_the_text_box_itself(browser: Browser, site_url: str, size: str) -> None:
    """No second copy of the draft to read: the marks sit behind the box's own letters, and follow its scrolling."""
    with opened(browser, size) as page:
        page.goto(f"{site_url}checker/")
        expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
        box = page.locator("#checker-input")
        box.fill("Hi {first_name}, I loved your talk.\n" + "A line of my own.\n" * 30 + "Hi {company}!")
        marks = page.locator("#checker-marks mark")
        expect(marks).to_have_text(["{first_name}", "{company}"])
        geometry = page.evaluate(_DRAFT_GEOMETRY, [box.element_handle(), page.locator("#checker-marks").element_handle()])
        assert geometry["box"] == geometry["copy"]
        assert geometry["boxRect"] == geometry["copyRect"] and geometry["boxInner"] == geometry["copyInner"]
        # Scrolled to the end, the last mark sits where the box shows its last line.
        box.evaluate("b => { b.scrollTop = b.scrollHeight; b.dispatchEvent(new Event('scroll')); }")
        mark, frame = marks.last.bounding_box(), box.bounding_box()
        assert frame["y"] < mark["y"] and mark["y"] + mark["height"] <= frame["y"] + frame["height"]
        # "Select it in my draft" puts the cursor on those words, ready to retype.
        page.locator("#checker-findings li[data-rule=unfilled-placeholder] .cc-finding__select").click()
        assert box.evaluate("b => b.value.slice(b.selectionStart, b.selectionEnd)") == "{first_name}"
        assert page.evaluate("document.activeElement.id") == "checker-input"
        # Pointing at a finding outlines its marks; a clean draft has none.
        page.locator("#checker-findings li[data-rule=unfilled-placeholder]").hover()
        expect(page.locator("#checker-marks mark.cc-mark--current")).to_have_count(2)
        box.fill("Thanks for the talk on pricing, the part about annual plans helped me.")
        expect(page.locator("#checker-marks")).to_be_hidden()


def test_a_link_to_a_rule_on_the_checker_unfolds_the_rules(browser: Browser, site_url: str) -> None:
    """/checker/#rule-<id> is a published address: the rules sit folded away, and the link opens them."""
    with opened(browser) as page:
        page.goto(f"{site_url}checker/")
        assert page.locator("details.cc-all-rules").get_attribute("open") is None
        page.goto(f"{site_url}checker/#rule-follow-for-follow")
        expect(page.locator("#rule-follow-for-follow")).to_be_in_viewport()
