"""The examples gallery in a real browser: one short line per pair that opens to its card,
a search and filters kept in the address, and a plain list of links without JavaScript."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import REPO
from connecting.data.guide import load_guide
from connecting.site import links

pytestmark = pytest.mark.browser

GUIDE = load_guide(REPO)
PAIRS = len(GUIDE.examples)
# The budget: the whole gallery page, collapsed, at most this tall per pair at 1280x800.
PX_PER_PAIR = 96


@pytest.fixture
def page(browser: Browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    new_page = context.new_page()
    new_page.errors = []
    new_page.on("pageerror", lambda error: new_page.errors.append(str(error)))
    new_page.on("dialog", lambda dialog: (new_page.errors.append(dialog.message), dialog.dismiss()))
    yield new_page
    assert not new_page.errors, new_page.errors
    context.close()


def open_gallery(page: Page, site_url: str, suffix: str = "") -> None:
    page.goto(site_url + links.GALLERY + suffix)
    expect(page.locator("form.cc-filter")).to_be_visible()  # the script has set the list up


def shown(page: Page) -> set[str]:
    """The ids of the pairs the list shows."""
    return set(page.eval_on_selector_all(
        ".cc-gallery__item:not([hidden]) .cc-card", "cards => cards.map(c => c.id.slice(3))"))


def test_the_collapsed_gallery_is_at_most_96_px_per_pair(page: Page, site_url: str) -> None:
    open_gallery(page, site_url)
    assert len(shown(page)) == PAIRS
    assert page.locator(".cc-gallery details[open]").count() == 0
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= PX_PER_PAIR * PAIRS, f"{height} px for {PAIRS} pairs: {height / PAIRS:.1f} px a pair"
    # Opening a line shows that pair's whole card: both messages and why.
    first = page.locator(".cc-gallery__item").first
    first.locator("summary").click()
    expect(first.locator(".cc-msg--dont .cc-msg__text")).to_be_visible()
    expect(first.locator(".cc-msg--do .cc-msg__text")).to_be_visible()
    expect(first.locator(".cc-card__why")).to_be_visible()


def test_typing_in_the_search_narrows_the_list_and_the_address_keeps_it(page: Page, site_url: str) -> None:
    open_gallery(page, site_url)
    example = GUIDE.examples[min(GUIDE.examples)]
    words = example.situation.split()[-3:]  # the last words of its situation, as a reader might type them
    query = " ".join(word.strip(".,").upper() for word in words)  # the search ignores case
    page.locator("form.cc-filter input[name=search]").press_sequentially(query)
    expect(page.locator(".cc-filter__count")).not_to_have_text(f"Showing all {PAIRS} pairs.")
    found = shown(page)
    assert example.id in found and 0 < len(found) < PAIRS
    for text in page.eval_on_selector_all(".cc-gallery__item:not([hidden])", "items => items.map(i => i.textContent)"):
        assert all(word.strip(".,").lower() in text.lower() for word in words)
    expect(page.locator(".cc-filter__count")).to_have_text(f"Showing {len(found)} of {PAIRS} pairs.")
    assert parse_qs(urlsplit(page.url).query) == {"search": [query]}
    # The address opens the same list, for a coach to send.
    link = page.url
    page.goto("about:blank")
    open_gallery(page, site_url, link.removeprefix(site_url + links.GALLERY))
    assert shown(page) == found
    page.click(".cc-filter__clear")
    assert len(shown(page)) == PAIRS and urlsplit(page.url).query == ""


def test_filters_in_the_address_are_applied_on_load(page: Page, site_url: str) -> None:
    rule = max(GUIDE.ruleset.rules, key=lambda r: sum(r.id in e.flags for e in GUIDE.examples.values())).id
    stage = "first"
    wanted = {e.id for e in GUIDE.examples.values() if rule in e.flags and e.stage == stage}
    assert wanted
    open_gallery(page, site_url, f"?rule={rule}&stage={stage}")
    assert shown(page) == wanted
    expect(page.locator("select[name=rule]")).to_have_value(rule)
    expect(page.locator("select[name=stage]")).to_have_value(stage)
    expect(page.locator(".cc-filter__count")).to_have_text(f"Showing {len(wanted)} of {PAIRS} pairs.")
    # A value the form does not offer is left out, never added to the page.
    open_gallery(page, site_url, "?rule=no-such-rule&channel=%3Cb%3Ex")
    assert len(shown(page)) == PAIRS and page.locator("form.cc-filter b").count() == 0


def test_a_link_to_one_pair_opens_it_even_when_the_filters_would_hide_it(page: Page, site_url: str) -> None:
    example = GUIDE.examples[min(GUIDE.examples)]
    other_channel = next(channel for channel in GUIDE.channels if channel != example.channel)
    open_gallery(page, site_url, f"?channel={other_channel}#ex-{example.id}")
    card = page.locator(f"#ex-{example.id}")
    expect(card).to_be_visible()
    expect(card).to_be_in_viewport()
    assert len(shown(page)) == PAIRS  # the filters that hid it are cleared


def test_search_text_from_the_address_is_only_text(page: Page, site_url: str) -> None:
    payload = '<img src=x onerror="alert(1)">'
    open_gallery(page, site_url, "?search=" + payload.replace(" ", "%20").replace('"', "%22"))
    expect(page.locator("input[name=search]")).to_have_value(payload)
    assert page.locator("form.cc-filter img, .cc-filter__count img").count() == 0
    expect(page.locator(".cc-filter__count")).to_have_text(f"No pair matches, out of {PAIRS}.")


def test_without_javascript_every_pair_is_listed_with_a_link_to_its_page(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    still = context.new_page()
    still.goto(site_url + links.GALLERY)
    expect(still.locator("form.cc-filter")).to_be_hidden()
    page_links = still.locator(".cc-gallery__page")
    assert page_links.count() == PAIRS
    targets = set()
    for number in range(PAIRS):
        link = page_links.nth(number)
        expect(link).to_be_visible()
        targets.add(urlsplit(link.evaluate("a => a.href")).path)
    assert targets == {"/" + links.example_page(example_id) for example_id in GUIDE.examples}
    # Each line still opens to its card: <details> needs no script.
    still.locator(".cc-gallery__item summary").first.click()
    expect(still.locator(".cc-gallery__item .cc-msg--do").first).to_be_visible()
    context.close()
