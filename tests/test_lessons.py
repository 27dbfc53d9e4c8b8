"""Coaches' lessons (issue 13): the lesson link's shape, the lesson page (/lesson/) in its modes,
on paper and against hostile links, the lesson builder in the coach's corner, and the
"Add to lesson" and "Fix it yourself" actions on every card."""

from __future__ import annotations

import functools
import http.server
import io
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pypdf
import pytest
from playwright.sync_api import Browser, Page, expect

from axe_scan import DESKTOP, THEMES, report, themed_page, violations, visit
from conftest import REPO, Watch, copy_guide, mkdocs_build
from connecting.site import links
from connecting.site.url_manifest import read as read_manifest, read_site
from test_browser import SMALLEST_PRINTED_TEXT_JS, TEN_POINTS_PX

DRAFT_KEY = "connecting.lessonDraft"
DONE_KEY = "connecting.exercisesDone"
MAX_PAIRS, MAX_NOTE = 30, 500
HOSTILE = ['<img src=x onerror=alert(1)>', "<script>alert(2)</script>", "javascript:alert(3)",
           '"><svg onload=alert(4)>']


# --- the link's shape (no browser) ----------------------------------------------------


def test_lesson_link_holds_the_pairs_in_order_and_encodes_the_note() -> None:
    assert links.lesson_link(["b-pair", "a-pair"]) == "lesson/#pairs=b-pair,a-pair"
    assert links.lesson_link(["a-pair"], "Hi Sam & co, read these (2)!", "exercise") == \
        "lesson/#pairs=a-pair&note=Hi%20Sam%20%26%20co%2C%20read%20these%20%282%29%21&mode=exercise"
    # A comma or a hash in an id cannot end the list or the fragment.
    assert links.lesson_link(["a,b#c"], mode="quiz") == "lesson/#pairs=a%2Cb%23c&mode=quiz"


def test_the_lesson_page_holds_every_card_once_and_promises_no_anchor_of_its_own(built_site: Path) -> None:
    from connecting.data.guide import load_guide

    html = (built_site / links.LESSON_PAGE / "index.html").read_text(encoding="utf-8")
    for example_id in load_guide(REPO).examples:
        assert html.count(f'id="{links.card_anchor(example_id)}"') == 1, example_id
    page = read_site(built_site)["/" + links.LESSON_PAGE]
    assert page.permalinks == set()  # a lesson is linked by its pairs, not by a card's anchor
    assert not [url for url in read_manifest(REPO) if url.startswith("/lesson/#")]
    # Search would find every pair on this page too: it is left out of the index.
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc["location"] for doc in index["docs"] if doc["location"].startswith(links.LESSON_PAGE)]
    assert [doc for doc in index["docs"] if doc["location"] == "coaches/lessons/"]


# --- helpers for the browser ------------------------------------------------------------


@contextmanager
def fresh_page(browser: Browser, viewport: dict[str, int] | None = None, scripts: bool = True,
               grant: tuple[str, ...] = ()) -> Iterator[Page]:
    """A page in a browser context of its own (its own storage), watched like every browser test's."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800}, java_script_enabled=scripts)
    if grant:
        context.grant_permissions(list(grant))
    page = context.new_page()
    page.watch = Watch(page)
    try:
        yield page
        page.watch.assert_clean()
    finally:
        context.close()


def open_lesson(page: Page, base: str, fragment: str) -> None:
    """Load the lesson page afresh (not a change of fragment on the page already open)."""
    page.goto("about:blank")
    page.goto(f"{base}{links.LESSON_PAGE}#{fragment}")
    expect(page.locator("[data-cc-lesson]")).to_have_attribute("data-started", "ready")


def shown_ids(page: Page) -> list[str]:
    """The pairs the lesson shows, in order, by their cards' ids."""
    return page.eval_on_selector_all(".cc-lesson__list > li[data-pair] .cc-card", "cards => cards.map(c => c.id)")


def open_builder(page: Page, site_url: str) -> None:
    page.goto(site_url + "coaches/lessons/")
    expect(page.locator("[data-cc-builder]")).to_have_attribute("data-started", "ready")


def some_ids(ruleset: dict, count: int, offset: int = 0) -> list[str]:
    return [example["id"] for example in ruleset["examples"][offset:offset + count]]


def normalised(text: str) -> str:
    return " ".join(text.split())


# --- the builder, and a lesson reopened elsewhere ------------------------------------------


@pytest.mark.browser
def test_a_lesson_built_in_the_builder_opens_from_its_link_in_a_fresh_browser(
        browser: Browser, site_url: str, ruleset: dict) -> None:
    # A line break, a comma, markup and the characters encodeURIComponent and quote() treat apart.
    note = "Hi Sam,\nthese three look like your notes (really!). <b>Start</b> with the first *today*."
    with fresh_page(browser, grant=("clipboard-read", "clipboard-write")) as page:
        open_builder(page, site_url)
        rows = page.locator(".cc-builder__item")
        assert rows.count() == len(ruleset["examples"])
        # The gallery's filters narrow the list: a principle, then words from a message.
        principle = ruleset["examples"][3]["principle"]
        page.select_option("select[name=principle]", principle)
        expected = [ex for ex in ruleset["examples"] if ex["principle"] == principle]
        expect(page.locator(".cc-builder__item:visible")).to_have_count(len(expected))
        expect(page.locator(".cc-filter__count")).to_have_text(f"Showing {len(expected)} of {len(ruleset['examples'])} pairs.")
        chosen = [ex["id"] for ex in expected[:3]]
        for pair in chosen:
            page.locator(f'.cc-builder__item[data-pair="{pair}"] input[type=checkbox]').check()
        expect(page.locator(".cc-builder__chosen > li")).to_have_count(3)
        # By keyboard: the third moves up, and focus stays with it.
        page.locator(".cc-builder__chosen > li").nth(2).locator(".cc-builder__up").focus()
        page.keyboard.press("Enter")
        order = [chosen[0], chosen[2], chosen[1]]
        assert page.eval_on_selector_all(".cc-builder__chosen > li", "items => items.map(i => i.dataset.pair)") == order
        assert page.evaluate("() => document.activeElement.closest('li').dataset.pair") == chosen[2]
        expect(page.locator(".cc-builder__status")).to_contain_text("now number 2 of 3")
        page.fill("#builder-note", note)
        page.check('input[name=lesson-mode][value=answers]')
        page.click(".cc-builder__copy")
        expect(page.locator(".cc-builder__copied")).to_have_text("Link copied.")
        link = page.input_value("#builder-link")
        assert link == page.evaluate("() => navigator.clipboard.readText()")
        assert link == site_url + links.lesson_link(order, note)
        # The lesson is kept in this browser: a reload shows it again.
        page.reload()
        expect(page.locator("[data-cc-builder]")).to_have_attribute("data-started", "ready")
        assert page.input_value("#builder-link") == link
        assert json.loads(page.evaluate(f"() => localStorage.getItem('{DRAFT_KEY}')")) == \
            {"pairs": order, "note": note, "mode": "answers"}

    with fresh_page(browser) as page:
        page.goto(link)
        expect(page.locator("[data-cc-lesson]")).to_have_attribute("data-started", "ready")
        assert shown_ids(page) == [links.card_anchor(pair) for pair in order]
        note_shown = page.locator(".cc-lesson__note")
        expect(note_shown).to_be_visible()
        assert note_shown.evaluate("n => [n.textContent, n.children.length]") == [note, 0]
        # Each card with the principle it belongs to, and its answer.
        first = page.locator(".cc-lesson__list .cc-card").first
        example = next(ex for ex in ruleset["examples"] if ex["id"] == order[0])
        expect(first.locator(".cc-card__meta")).to_contain_text(ruleset_principle_title(ruleset, example["principle"]))
        expect(first.locator(".cc-msg--do")).to_be_visible()
        expect(page.locator("[data-cc-needs-js=lesson]")).to_be_hidden()


def ruleset_principle_title(ruleset: dict, principle: str) -> str:
    return next(rule["principle_title"] for rule in ruleset["rules"] if rule["principle"] == principle)


@pytest.mark.browser
def test_add_to_lesson_on_a_card_feeds_the_builder(browser: Browser, site_url: str, ruleset: dict) -> None:
    with fresh_page(browser) as page:
        example = ruleset["examples"][0]
        page.goto(site_url + links.principle_page(example["principle"]))
        card = page.locator(f"#{links.card_anchor(example['id'])}")
        toggle = card.locator(".cc-card__lesson")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        assert card.locator(".cc-action").all_inner_texts()[:5] == \
            ["Own page", "Copy link", "Try in the checker", "Fix it yourself", "Add to lesson"]
        assert card.locator(".cc-card__exercise").get_attribute("href").endswith(links.exercise_link(example["id"]))
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(card.locator(".cc-card__lesson-status")).to_contain_text("Added to your lesson")
        # The gallery's copy of the card knows it is in the lesson.
        page.goto(site_url + links.GALLERY)
        expect(page.locator(f"#{links.card_anchor(example['id'])} .cc-card__lesson")).to_have_attribute("aria-pressed", "true")
        open_builder(page, site_url)
        expect(page.locator(".cc-builder__chosen > li")).to_have_count(1)
        expect(page.locator(".cc-builder__chosen > li")).to_contain_text(example["situation"])
        expect(page.locator(f'.cc-builder__item[data-pair="{example["id"]}"] input')).to_be_checked()
        # Taken out in the builder, the card's toggle is no longer pressed.
        page.locator(".cc-builder__chosen .cc-builder__remove").click()
        expect(page.locator(".cc-builder__empty")).to_be_visible()
        page.goto(site_url + links.principle_page(example["principle"]))
        expect(page.locator(f"#{links.card_anchor(example['id'])} .cc-card__lesson")).to_have_attribute("aria-pressed", "false")


# --- old, unknown, hostile and broken links -----------------------------------------------


@contextmanager
def served(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.mark.browser
@pytest.mark.slow  # builds a copy of the guide
def test_an_old_lesson_link_finds_a_pair_renamed_since(browser: Browser, tmp_path: Path, ruleset: dict) -> None:
    guide = copy_guide(tmp_path / "guide")
    old, kept = ruleset["examples"][5]["id"], ruleset["examples"][6]["id"]
    new = f"{old}-renamed"
    path = guide / "examples" / f"{old}.yml"
    text = path.read_text(encoding="utf-8").replace(f"\nid: {old}\n", f"\nid: {new}\n")
    path.unlink()
    (guide / "examples" / f"{new}.yml").write_text(text + f"former_ids: [{old}]\n", encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(guide, site)
    assert result.returncode == 0, result.stderr
    with served(site) as base, fresh_page(browser) as page:
        open_lesson(page, base, f"pairs={old},{kept},{new}")
        # The old id finds the renamed pair; its new id names the same pair, shown once.
        assert shown_ids(page) == [links.card_anchor(new), links.card_anchor(kept)]
        expect(page.locator(".cc-lesson__missing")).to_have_count(0)


@pytest.mark.browser
def test_an_unknown_id_gets_a_notice_in_its_place_and_the_rest_works(
        browser: Browser, site_url: str, ruleset: dict) -> None:
    first, last = some_ids(ruleset, 2)
    with fresh_page(browser) as page:
        open_lesson(page, site_url, f"pairs={first},no-such-pair,{last}")
        items = page.locator(".cc-lesson__list > li")
        expect(items).to_have_count(3)
        expect(items.nth(1)).to_have_class("cc-lesson__missing cc-notice")
        expect(items.nth(1)).to_contain_text('"no-such-pair"')
        assert shown_ids(page) == [links.card_anchor(first), links.card_anchor(last)]


@pytest.mark.browser
@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_note_or_id_shows_as_text_and_runs_nothing(
        browser: Browser, site_url: str, ruleset: dict, hostile: str) -> None:
    pair = some_ids(ruleset, 1)[0]
    for fragment in (f"pairs={pair},{quote(hostile, safe='')}&note={quote(hostile, safe='')}",
                     f"pairs={pair},{hostile}&note={hostile}",  # as typed, not encoded
                     f"pairs={quote(hostile, safe='')}&mode={quote(hostile, safe='')}"):
        with fresh_page(browser) as page:  # asserts no dialog opened and no console error
            open_lesson(page, site_url, fragment)
            lesson = page.locator(".cc-lesson")
            # Nothing from the link became an element: no image, script, svg or javascript: link.
            assert lesson.locator("img, script, svg[onload], [onerror], [onload]").count() == 0
            assert page.eval_on_selector_all("a[href]", "as => as.filter(a => a.href.startsWith('javascript:')).length") == 0
            # ... and it shows as the text it is, in the note or in a notice.
            assert hostile in page.locator(".cc-lesson").inner_text()


@pytest.mark.browser
def test_malformed_and_overlong_links_show_a_notice_and_a_working_lesson(
        browser: Browser, site_url: str, ruleset: dict) -> None:
    ids = some_ids(ruleset, MAX_PAIRS + 10)
    with fresh_page(browser) as page:
        open_lesson(page, site_url, f"pairs={','.join(ids)}&note={'a' * (MAX_NOTE + 100)}&mode=lecture")
        assert shown_ids(page) == [links.card_anchor(pair) for pair in ids[:MAX_PAIRS]]
        notices = page.locator(".cc-lesson__notices > li")
        expect(notices).to_have_count(3)
        expect(notices.nth(0)).to_contain_text(f"names {MAX_PAIRS + 10} pairs")
        expect(notices.nth(1)).to_contain_text(f"longer than {MAX_NOTE} characters")
        expect(notices.nth(2)).to_contain_text("shows the answers")
        assert len(page.text_content(".cc-lesson__note")) == MAX_NOTE
        # A value that is not correctly encoded is left out, and said so; the pairs still show.
        open_lesson(page, site_url, f"pairs={ids[0]}&note=%E0%A4%ZZ")
        expect(page.locator(".cc-lesson__notices")).to_contain_text("not correctly encoded")
        expect(page.locator(".cc-lesson__note-box")).to_be_hidden()
        assert shown_ids(page) == [links.card_anchor(ids[0])]
        # No pairs at all.
        open_lesson(page, site_url, "pairs=,,&note=hello")
        expect(page.locator(".cc-lesson__notices")).to_contain_text("names no pairs")
        assert shown_ids(page) == []


@pytest.mark.browser
def test_without_javascript_the_lesson_page_says_so_and_links_to_the_gallery(browser: Browser, site_url: str) -> None:
    with fresh_page(browser, scripts=False) as page:
        page.goto(f"{site_url}{links.LESSON_PAGE}#pairs=a,b")
        notice = page.locator("[data-cc-needs-js=lesson]")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("needs JavaScript")
        assert notice.locator("a").get_attribute("href") == "../examples/"
        expect(page.locator(".cc-lesson")).to_be_hidden()
        expect(page.locator(".cc-card").first).to_be_hidden()


# --- modes ----------------------------------------------------------------------------------


@pytest.mark.browser
def test_exercise_mode_links_each_exercise_shows_done_marks_and_forgets_them(
        browser: Browser, site_url: str, ruleset: dict) -> None:
    done, todo = some_ids(ruleset, 2, offset=10)
    with fresh_page(browser) as page:
        page.goto(site_url)
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [DONE_KEY, json.dumps([done, "gone-pair"])])
        open_lesson(page, site_url, f"pairs={done},{todo}&mode=exercise")
        cards = page.locator(".cc-lesson__list > li[data-pair]")
        for index, pair in enumerate((done, todo)):
            item = cards.nth(index)
            # The client tries first: the do and the why wait.
            expect(item.locator(".cc-msg--dont")).to_be_visible()
            expect(item.locator(".cc-msg--do")).to_be_hidden()
            expect(item.locator(".cc-card__why")).to_be_hidden()
            assert item.locator(".cc-lesson__try").get_attribute("href") == site_url + links.exercise_link(pair)
        expect(cards.nth(0).locator(".cc-lesson__mark")).to_have_text("Done")
        expect(cards.nth(1).locator(".cc-lesson__mark")).to_have_text("Not done yet")
        expect(page.locator(".cc-lesson__done")).to_contain_text("done 1 of 2")
        forget = page.get_by_role("button", name="Forget my progress")
        expect(forget).to_be_visible()
        forget.click()
        assert page.evaluate(f"() => localStorage.getItem('{DONE_KEY}')") is None
        expect(page.locator(".cc-lesson__mark")).to_have_text(["Not done yet", "Not done yet"])
        expect(page.locator(".cc-lesson__done")).to_contain_text("done 0 of 2")
        # Answers mode shows the full cards and no exercise marks.
        open_lesson(page, site_url, f"pairs={done},{todo}&mode=answers")
        expect(page.locator(".cc-lesson__list .cc-msg--do").first).to_be_visible()
        expect(page.locator(".cc-lesson__mark")).to_have_count(0)
        expect(page.locator(".cc-lesson__progress")).to_be_hidden()


@pytest.mark.browser
def test_quiz_mode_hands_the_same_pairs_and_note_to_the_quiz(browser: Browser, site_url: str, ruleset: dict) -> None:
    ids = some_ids(ruleset, 3)
    with fresh_page(browser) as page:
        page.goto(f"{site_url}{links.LESSON_PAGE}?pairs={','.join(ids)}&note=Try%20these&mode=quiz")
        page.wait_for_url(f"{site_url}quiz/**")
        assert page.url == f"{site_url}quiz/#pairs={','.join(ids)}&note=Try%20these"
        # Replaced, not added: Back skips the lesson page, which would only move on again.
        # The history's length says so at once; Back is then awaited until it lands (in one
        # CI run a Back sent straight after the quiz loaded left the page where it was).
        assert page.evaluate("() => history.length") == 2  # about:blank and the quiz
        page.go_back(wait_until="commit")
        expect(page).to_have_url("about:blank")


# --- on paper -------------------------------------------------------------------------------


def printed_pages(page: Page) -> list[str]:
    return [normalised(sheet.extract_text()) for sheet in pypdf.PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["answers", "exercise"])
def test_five_pairs_print_on_at_most_three_a4_pages_with_the_answers_last(
        browser: Browser, site_url: str, ruleset: dict, mode: str) -> None:
    # The five longest don'ts of the guide: the hardest five to fit.
    chosen = sorted(ruleset["examples"], key=lambda ex: -len(ex["dont"]) - len(ex["situation"]))[:5]
    note = "Read each one, then write your own version on the lines."
    with fresh_page(browser) as page:
        open_lesson(page, site_url, links.lesson_link([ex["id"] for ex in chosen], note, mode).partition("#")[2])
        page.emulate_media(media="print")
        smallest, where = page.evaluate(SMALLEST_PRINTED_TEXT_JS)
        assert smallest >= TEN_POINTS_PX - 0.01, f"{smallest * 72 / 96:.1f} pt in {where}"
        # Several ruled lines under each pair for the client's own version.
        heights = page.eval_on_selector_all(".cc-lesson__list .cc-lesson__lines", "ls => ls.map(l => l.getBoundingClientRect().height)")
        assert len(heights) == 5 and min(heights) >= 75, heights
        sheets = printed_pages(page)
        assert len(sheets) <= 3, f"{len(sheets)} pages"
        everything = " ".join(sheets)
        assert note in everything
        # The lesson's address in full (a long address wraps: compare without the breaks).
        assert "".join(page.url.split()) in "".join(everything.split())
        for example in chosen:
            assert normalised(example["situation"]) in everything, example["id"]
            assert normalised(example["dont"])[:60] in everything, example["id"]
        dos = [normalised(example["do"])[:60] for example in chosen]
        if mode == "answers":
            assert "Answers" in sheets[-1][:200] and "Answers" not in " ".join(sheets[:-1]), sheets[-1][:200]
            assert all(do in sheets[-1] for do in dos)
            assert not any(do in " ".join(sheets[:-1]) for do in dos)
            assert len(sheets) >= 2  # the answers start a page of their own
        else:
            assert "Answers" not in everything and not any(do in everything for do in dos)


# --- accessibility --------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("theme", THEMES)
def test_the_builder_and_a_lesson_in_both_modes_have_no_accessibility_violations(
        browser: Browser, site_url: str, ruleset: dict, theme: str) -> None:
    ids = some_ids(ruleset, 3, offset=20)
    found, scanned = [], 0
    # At the laptop's size, as test_a11y scans: on a phone, Material's header buttons are the
    # design's own labels made buttons (axe: aria-allowed-role), on every page alike.
    for viewport in (DESKTOP,):
        with themed_page(browser, theme, viewport) as page:
            visit(page, site_url + "coaches/lessons/")
            for pair in ids:
                page.locator(f'.cc-builder__item[data-pair="{pair}"] input').check()
            page.fill("#builder-note", "A note")
            found += violations(page, f"builder {viewport['width']}")
            page.evaluate("([key, value]) => localStorage.setItem(key, value)", [DONE_KEY, json.dumps(ids[:1])])
            for mode in ("answers", "exercise"):
                open_lesson(page, site_url, links.lesson_link(ids + ["gone-pair"], "Hello", mode).partition("#")[2])
                found += violations(page, f"lesson, {mode}, {viewport['width']}")
            scanned += 3
            page.watch.assert_clean()
    assert not found, report(found, scanned)
