""""Fix this message" exercises and the checker keeping the client's work, in a real browser:
`checker/#exercise=<pair id>` opens a pair's don't with its situation and the goal; success
is honest (no red flag, no longer the don't, not the guide's do copied) and recorded in
localStorage for the lesson page; the address follows an edited draft that came from a
link, so a reload keeps it; a coach's `note=` shows above the draft as text."""

from __future__ import annotations

import functools
import http.server
import json
import re
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from axe_scan import THEMES, report, scheme, themed_page, violations
from conftest import REPO, Watch, _QuietHandler, copy_guide, open_checker, run
from connecting.data.guide import load_guide
from connecting.engine.sameness import THRESHOLD, similarity
from connecting.site import links

pytestmark = pytest.mark.browser

DONE_KEY = "connecting.exercisesDone"
GUIDE_SAME_AT = 0.5  # checker.js: a draft this close to the do is the do copied
PAIR = "speaker-thanks-emoji-row"
# A real rewrite of that pair's don't ("Amazing talk today" and a row of emoji), in our own words.
REWRITE = ("Sanne, your talk made me look again at how we test sign-up with new people. "
           "Which question did you ask first in those sessions? I want to try it with my team next week.")
PAYLOADS = ['<img src=x onerror=alert(1)>', "<script>alert(2)</script>", "javascript:alert(3)",
            '"><svg onload=alert(4)>']


@pytest.fixture
def page(browser: Browser):
    with themed_page(browser, "light") as watched:  # a laptop's screen, watched like every browser test
        yield watched


@pytest.fixture(scope="module")
def guide():
    return load_guide(REPO)


def pair_of(ruleset: dict, pair_id: str) -> dict:
    return next(example for example in ruleset["examples"] if example["id"] == pair_id)


def failing_in_python(guide, pair: dict, text: str) -> list[str]:
    """The red flags the build's own engine finds in a text, on the pair's channel and stage."""
    findings = guide.ruleset.evaluate(text, guide.channels.get(pair["channel"]), pair["stage"])
    return [finding.rule for finding in findings if finding.level in ("error", "warning")]


def open_exercise(page: Page, site_url: str, pair_id: str, extra: str = "") -> None:
    open_checker(page, site_url, links.exercise_link(pair_id)[len(links.CHECKER_PAGE):] + extra)


def done_ids(page: Page):
    return page.evaluate(f"() => JSON.parse(localStorage.getItem('{DONE_KEY}'))")


def failing_shown(page: Page) -> int:
    return page.locator("#checker-findings [data-level=error], #checker-findings [data-level=warning]").count()


def draft_in_address(page: Page) -> str | None:
    """The draft the page's address carries now, read as the checker reads links."""
    return page.evaluate("() => ConnectingPage.readLinkKeys(location, ['text']).text ?? null")


def wait_for_address_to_hold(page: Page, draft: str) -> None:
    page.wait_for_function("(draft) => ConnectingPage.readLinkKeys(location, ['text']).text === draft", arg=draft)


def assert_not_done(page: Page, says: str) -> None:
    """The draft passes every rule, yet the exercise is not done, and the page says why."""
    expect(page.locator("#checker-verdict")).to_contain_text("No red flags found")
    assert failing_shown(page) == 0
    expect(page.locator("#checker-exercise-state")).to_contain_text(says)
    expect(page.locator("#checker-exercise-state")).not_to_have_class(re.compile("done"))
    expect(page.locator("#checker-exercise-answer")).to_be_hidden()
    assert done_ids(page) is None


def type_over(page: Page, text: str) -> None:
    """Types a draft key by key over what is in the box, as a client would."""
    page.fill("#checker-input", "")
    page.locator("#checker-input").press_sequentially(text)


# --- an exercise, from the don't to success ---------------------------------------------


def test_an_exercise_done_to_success(page: Page, site_url: str, ruleset: dict, guide) -> None:
    pair = pair_of(ruleset, PAIR)
    # The rewrite is a success by the build's own measures, not by the page's word alone.
    assert failing_in_python(guide, pair, REWRITE) == []
    assert similarity(REWRITE, pair["dont"]) < THRESHOLD and similarity(REWRITE, pair["do"]) < GUIDE_SAME_AT
    page.goto(site_url)
    page.evaluate(f"() => localStorage.setItem('{DONE_KEY}', JSON.stringify(['another-pair']))")
    open_exercise(page, site_url, PAIR)

    expect(page.locator("#checker-exercise")).to_be_visible()
    expect(page.locator("#checker-exercise-situation")).to_have_text(pair["situation"])
    expect(page.locator("#checker-exercise-goal")).to_contain_text("no rule finds a mistake")
    expect(page.locator("#checker-exercise")).to_contain_text("About them")
    assert page.input_value("#checker-input") == pair["dont"]
    assert page.input_value("#checker-channel") == pair["channel"]
    assert page.is_checked(f"#checker-stage-{pair['stage']}")
    channel = next(c for c in ruleset["channels"] if c["id"] == pair["channel"])
    expect(page.locator("#checker-exercise-where")).to_contain_text(channel["title"])
    expect(page.locator("#checker-channel")).to_be_disabled()  # the exercise is judged on its own channel
    assert sorted({f for f in page.eval_on_selector_all("#checker-findings [data-rule]",
                                                         "all => all.map(n => n.dataset.rule)")}) == pair["flags"]
    expect(page.locator("#checker-exercise-state")).to_contain_text("Not yet")
    # The guide's do and why are hidden, and not even in the page.
    expect(page.locator("#checker-exercise-answer")).to_be_hidden()
    html = page.content()
    assert pair["do"] not in html and pair["why"] not in html
    # A "see how this one was fixed" link to this very pair would give the answer away.
    assert page.locator(f"#checker-findings a[href$='{links.example_page(PAIR)}']").count() == 0
    assert done_ids(page) == ["another-pair"]

    type_over(page, REWRITE)
    expect(page.locator("#checker-exercise-state")).to_have_class(re.compile("cc-exercise__state--done"))
    expect(page.locator("#checker-exercise-state")).to_contain_text("Well done")
    expect(page.locator("#checker-status")).to_contain_text("Well done")  # aria-live: announced
    assert failing_shown(page) == 0
    expect(page.locator("#checker-exercise-answer")).to_be_visible()
    expect(page.locator("#checker-exercise-mine")).to_have_text(REWRITE)
    expect(page.locator("#checker-exercise-yours")).to_contain_text("Your version")
    expect(page.locator("#checker-exercise-do")).to_have_text(pair["do"])
    expect(page.locator("#checker-exercise-why")).to_have_text(pair["why"])
    expect(page.locator("#checker-exercise-reveal")).to_have_attribute("aria-expanded", "true")
    # Not from a lesson: the next step is the pair's own page.
    expect(page.locator("#checker-exercise-next")).to_have_text("See this pair on its own page")
    expect(page.locator("#checker-exercise-next")).to_have_attribute("href", re.compile(
        re.escape(links.example_page(PAIR)) + "$"))
    assert done_ids(page) == ["another-pair", PAIR]

    # Success is worked out again at every change: a red flag back, and it is gone; fixed
    # again, it is back, and the pair is still recorded once.
    page.locator("#checker-input").press("End")
    page.keyboard.type(" \U0001F525\U0001F525\U0001F525\U0001F525")
    expect(page.locator("#checker-exercise-state")).to_contain_text("Not yet")
    expect(page.locator("#checker-exercise-state")).not_to_have_class(re.compile("done"))
    expect(page.locator("#checker-exercise-do")).to_be_visible()  # the answer, once seen, stays
    expect(page.locator("#checker-exercise-yours")).to_be_hidden()
    page.fill("#checker-input", REWRITE)
    expect(page.locator("#checker-exercise-state")).to_contain_text("Well done")
    assert done_ids(page) == ["another-pair", PAIR]
    page.watch.assert_clean()


def test_every_dont_opens_as_an_exercise_that_is_not_done(page: Page, site_url: str, ruleset: dict) -> None:
    open_checker(page, site_url)
    for pair in ruleset["examples"]:
        page.evaluate("(hash) => { location.hash = hash; }", "exercise=" + quote(pair["id"], safe=""))
        expect(page.locator("#checker-exercise-situation")).to_have_text(pair["situation"])
        assert page.input_value("#checker-input") == pair["dont"], pair["id"]
        expect(page.locator("#checker-exercise-state")).not_to_have_class(re.compile("done"))
        expect(page.locator("#checker-exercise-answer")).to_be_hidden()
    assert done_ids(page) is None
    page.watch.assert_clean()


def test_pasting_the_guides_do_is_not_a_success_and_says_why(page: Page, site_url: str, ruleset: dict) -> None:
    pair = pair_of(ruleset, PAIR)
    lightly_edited = pair["do"].replace("Sanne", "Anna").replace("next sprint", "this month")
    assert similarity(lightly_edited, pair["do"]) >= GUIDE_SAME_AT
    open_exercise(page, site_url, PAIR)
    for draft in (pair["do"], lightly_edited):
        page.fill("#checker-input", draft)
        assert_not_done(page, "very much like the guide's version")
        expect(page.locator("#checker-exercise-state")).to_contain_text("your own words")
        expect(page.locator("#checker-status")).to_contain_text("guide's version")  # announced
    page.watch.assert_clean()


def test_the_dont_lightly_edited_is_not_a_success(page: Page, site_url: str, ruleset: dict, guide) -> None:
    pair = pair_of(ruleset, PAIR)
    # The emoji row gone, the rest as it was: no red flag left, yet the same message.
    edited = re.sub(r"[^\x00-\x7f]+\s*", "", pair["dont"])
    assert failing_in_python(guide, pair, edited) == [] and similarity(edited, pair["dont"]) >= THRESHOLD
    open_exercise(page, site_url, PAIR)
    page.fill("#checker-input", edited)
    assert_not_done(page, "still almost the same message")
    page.watch.assert_clean()


def test_show_the_guides_version_works_without_success(page: Page, site_url: str, ruleset: dict) -> None:
    pair = pair_of(ruleset, PAIR)
    open_exercise(page, site_url, PAIR)
    reveal = page.locator("#checker-exercise-reveal")
    expect(reveal).to_have_attribute("aria-expanded", "false")
    reveal.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#checker-exercise-answer")).to_be_visible()
    expect(reveal).to_have_attribute("aria-expanded", "true")
    expect(reveal).to_have_text("Hide the guide's version")
    expect(page.locator("#checker-exercise-do")).to_have_text(pair["do"])
    expect(page.locator("#checker-exercise-why")).to_have_text(pair["why"])
    expect(page.locator("#checker-exercise-yours")).to_be_hidden()  # the draft is right above
    expect(page.locator("#checker-exercise-state")).to_contain_text("Not yet")  # shown, not done
    assert done_ids(page) is None
    page.keyboard.press("Space")
    expect(page.locator("#checker-exercise-answer")).to_be_hidden()
    expect(reveal).to_have_attribute("aria-expanded", "false")
    page.watch.assert_clean()


# --- the address follows the draft ----------------------------------------------------


def test_a_reload_keeps_an_edited_exercise_draft(page: Page, site_url: str, ruleset: dict) -> None:
    pair = pair_of(ruleset, PAIR)
    note = "Try it before Thursday."
    open_exercise(page, site_url, PAIR, "&note=" + quote(note, safe=""))
    entries = page.evaluate("() => history.length")
    edited = "Sanne, thank you for the talk today"
    type_over(page, edited)
    wait_for_address_to_hold(page, edited)
    assert page.evaluate("() => history.length") == entries  # replaced, never added
    assert re.search(r"#exercise=" + re.escape(PAIR) + "&text=", page.url)
    page.reload()
    expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
    assert page.input_value("#checker-input") == edited
    expect(page.locator("#checker-exercise-situation")).to_have_text(pair["situation"])
    expect(page.locator("#checker-note")).to_have_text(note)
    assert page.evaluate("() => history.length") == entries
    # The link a client copies to send their attempt to the coach is this same address.
    page.click("#checker-copy")
    expect(page.locator("#checker-link")).to_have_value(page.url)
    page.watch.assert_clean()


def test_a_reload_keeps_an_edited_draft_from_a_plain_link(page: Page, site_url: str) -> None:
    open_checker(page, site_url, "#channel=email&stage=reply&text=" + quote("Hi Ana,", safe=""))
    entries = page.evaluate("() => history.length")
    page.locator("#checker-input").press("End")
    page.keyboard.type(" how did the workshop go?")
    edited = "Hi Ana, how did the workshop go?"
    wait_for_address_to_hold(page, edited)
    assert page.evaluate("() => history.length") == entries
    assert "channel=email" in page.url and "stage=reply" in page.url and "exercise=" not in page.url
    page.reload()
    expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
    assert page.input_value("#checker-input") == edited
    assert page.input_value("#checker-channel") == "email"
    assert page.is_checked("#checker-stage-reply")
    expect(page.locator("#checker-exercise")).to_be_hidden()
    page.watch.assert_clean()


def test_a_draft_typed_without_a_link_leaves_the_address_alone(page: Page, site_url: str) -> None:
    open_checker(page, site_url)
    # A first change after a pause reaches the address at once, in the input event itself.
    page.locator("#checker-input").press("H")
    assert page.url == site_url + links.CHECKER_PAGE
    page.watch.assert_clean()


def test_a_change_after_a_pause_is_in_the_address_at_once(page: Page, site_url: str) -> None:
    """So that a reload right after one small fix keeps it: the reload takes the address as it is."""
    open_checker(page, site_url, "#text=" + quote("Hi Ana", safe=""))
    page.locator("#checker-input").press("End")
    page.keyboard.press("!")
    assert draft_in_address(page) == "Hi Ana!"
    page.reload()
    expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
    assert page.input_value("#checker-input") == "Hi Ana!"
    page.watch.assert_clean()


def test_fast_typing_changes_the_address_a_few_times_a_second_at_most(page: Page, site_url: str) -> None:
    """Safari refuses a page's 101st address change in 30 seconds: typing stays well under
    it, and the address still ends with the whole draft."""
    open_checker(page, site_url, "#text=")
    page.evaluate("""() => {
        window.__changes = [];
        const replace = history.replaceState.bind(history);
        history.replaceState = (...args) => { window.__changes.push(performance.now()); return replace(...args); };
    }""")
    draft = "Thanks for the tour of the studio, Ana. " * 6
    page.locator("#checker-input").press_sequentially(draft)
    wait_for_address_to_hold(page, draft)
    changes = page.evaluate("() => window.__changes")
    assert len(changes) > 1
    gaps = [later - earlier for earlier, later in zip(changes, changes[1:])]
    assert min(gaps) >= 300, gaps  # ADDRESS_EVERY: at most 100 changes in 30 seconds
    page.watch.assert_clean()


# --- ids that are unknown, renamed, empty or hostile --------------------------------------


@pytest.mark.parametrize("exercise, said", [
    ("no-such-pair", "does not have (\u201cno-such-pair\u201d), so the checker works as usual"),
    ("", "names none, so the checker works as usual"),
    ("x" * 5000, "\u201c" + "x" * 60 + "\u201d), so the checker works as usual"),
    ("%E0%A4%A", "This link's \u201cexercise\u201d part is not correctly encoded"),
], ids=["unknown", "empty", "overlong", "malformed"])
def test_an_unknown_exercise_shows_a_notice_and_the_checker_works(page: Page, site_url: str,
                                                                  exercise: str, said: str) -> None:
    open_checker(page, site_url, "#exercise=" + exercise)
    expect(page.locator("#checker-notice")).to_be_visible()
    expect(page.locator("#checker-notice")).to_contain_text(said)
    expect(page.locator("#checker-exercise")).to_be_hidden()
    expect(page.locator("#checker-exercise-outcome")).to_be_hidden()
    expect(page.locator("#checker-channel")).to_be_enabled()
    page.fill("#checker-input", "Hi {first_name}, FOLLOW FOR FOLLOW???")
    expect(page.locator("#checker-findings [data-rule=unfilled-placeholder]")).to_have_count(1)
    page.watch.assert_clean()


def test_a_renamed_pair_is_found_by_its_old_id(page: Page, site_url: str, ruleset: dict) -> None:
    """The built ruleset, served with one pair given a former id, as a build would after a rename."""
    renamed = json.loads(json.dumps(ruleset))
    pair = pair_of(renamed, PAIR)
    pair["former_ids"] = ["thanks-with-emoji"]
    page.route("**/" + links.RULESET_PATH, lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(renamed)))
    open_exercise(page, site_url, "thanks-with-emoji")
    expect(page.locator("#checker-notice")).to_be_hidden()
    expect(page.locator("#checker-exercise-situation")).to_have_text(pair["situation"])
    assert page.input_value("#checker-input") == pair["dont"]
    type_over(page, REWRITE)
    expect(page.locator("#checker-exercise-state")).to_contain_text("Well done")
    assert done_ids(page) == [PAIR]  # the current id, which the lesson page looks for
    wait_for_address_to_hold(page, REWRITE)
    assert f"#exercise={PAIR}&" in page.url
    page.watch.assert_clean()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_notes_ids_and_drafts_show_as_text_and_run_nothing(page: Page, site_url: str, payload: str) -> None:
    def nothing_ran() -> None:
        checker = page.locator("[data-cc-checker]")
        assert checker.locator("img, svg, script, iframe, object").count() == 0
        assert page.locator("a[href^='javascript:' i]").count() == 0
        page.watch.assert_clean()  # an alert() that ran would have opened a dialog

    open_checker(page, site_url, "#exercise=" + quote(payload, safe="") + "&note=" + quote(payload, safe=""))
    expect(page.locator("#checker-note")).to_have_text(payload)
    expect(page.locator("#checker-notice")).to_contain_text(f"\u201c{payload}\u201d")
    nothing_ran()
    # The same text in a real exercise's draft: in its address, and beside the guide's version on success.
    page.goto("about:blank")
    open_exercise(page, site_url, PAIR, "&text=" + quote(payload, safe="") + "&note=" + quote(payload, safe=""))
    expect(page.locator("#checker-note")).to_have_text(payload)
    page.locator("#checker-input").press("Home")
    page.keyboard.type(REWRITE + " ")
    draft = f"{REWRITE} {payload}"
    expect(page.locator("#checker-exercise-state")).to_contain_text("Well done")
    expect(page.locator("#checker-exercise-mine")).to_have_text(draft)
    wait_for_address_to_hold(page, draft)
    page.reload()
    expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
    assert page.input_value("#checker-input") == draft
    nothing_ran()


def test_a_coachs_note_longer_than_500_characters_is_cut_with_a_notice(page: Page, site_url: str) -> None:
    note = "Read it out loud first. " * 30
    open_checker(page, site_url, "#note=" + quote(note, safe="") + "&text=Hi")
    expect(page.locator("#checker-note")).to_have_text(note[:500].strip())
    assert len(page.text_content("#checker-note")) == 500
    expect(page.locator("#checker-notice")).to_contain_text("longer than 500 characters")
    expect(page.locator("#checker-exercise")).to_be_hidden()
    page.watch.assert_clean()


# --- the next step: back to the lesson ---------------------------------------------------


def test_from_a_lesson_the_next_step_goes_back_to_it(page: Page, site_url: str) -> None:
    """A lesson page (a stand-in here: the lesson engine is another part) links to an exercise;
    after success the checker offers the way back to that lesson, pairs and all."""
    lesson = site_url + links.LESSON_PAGE
    exercise = site_url + links.exercise_link(PAIR)
    page.route(lesson, lambda route: route.fulfill(status=200, content_type="text/html", body=(
        f'<!doctype html><html lang="en"><title>Lesson</title><a id="go" href="{exercise}">Fix it yourself</a></html>')))
    page.goto(lesson + "#pairs=" + PAIR + "&mode=exercise")
    page.click("#go")
    expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
    type_over(page, REWRITE)
    back = page.locator("#checker-exercise-next")
    expect(back).to_have_text("Back to your lesson")
    back.click()
    page.wait_for_url(lesson + "#pairs=" + PAIR + "&mode=exercise")
    page.watch.assert_clean()


# A lesson page as the site will have it (the lesson engine is another part): on the site,
# in its sitemap, so that Material's instant navigation takes its links over.
STAND_IN_LESSON = """---
title: A lesson
---

# A lesson

<a id="go" href="../{exercise}">Fix it yourself</a>
"""


@pytest.fixture(scope="module")
def site_with_a_lesson(tmp_path_factory: pytest.TempPathFactory):
    """The guide with a stand-in lesson page, built for and served from its own port."""
    root = copy_guide(tmp_path_factory.mktemp("lesson-guide"))
    (root / "docs" / "lesson.md").write_text(STAND_IN_LESSON.format(exercise=links.exercise_link(PAIR)))
    site = root / "site"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    # Not strict: the stand-in is not in the navigation, which a strict build refuses.
    built = run(sys.executable, "-m", "mkdocs", "build", "--no-strict", "-f", str(root / "mkdocs.yml"),
                "-d", str(site), cwd=root, env={"SITE_URL": url})
    assert built.returncode == 0, built.stderr
    assert Path(site, links.LESSON_PAGE, "index.html").is_file()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()


@pytest.mark.slow
def test_from_a_lesson_under_instant_navigation_the_next_step_goes_back_to_it(page: Page,
                                                                             site_with_a_lesson: str) -> None:
    """Material changes pages without a new document, so document.referrer cannot tell where the
    reader came from: the checker keeps the page before it, fragment and all."""
    lesson = site_with_a_lesson + links.LESSON_PAGE + "#pairs=" + PAIR + "&mode=exercise"
    page.goto(lesson)
    page.wait_for_load_state("networkidle")  # Material takes links over once it has read the sitemap
    page.evaluate("() => { window.__samePage = true; }")
    page.click("#go")
    expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
    assert page.evaluate("() => window.__samePage === true"), "the page was fully loaded: no instant navigation"
    type_over(page, REWRITE)
    back = page.locator("#checker-exercise-next")
    expect(back).to_have_text("Back to your lesson")
    assert back.get_attribute("href") == lesson
    back.click()  # at once: the last keys typed may not be in the address yet
    page.wait_for_url(lesson)
    # And back again to the exercise: its entry had taken the client's whole version first.
    page.go_back()
    expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
    assert page.input_value("#checker-input") == REWRITE
    page.watch.assert_clean()


# --- accessibility and a small screen -------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_an_exercise_has_no_accessibility_violations_before_and_after_success(browser: Browser, site_url: str,
                                                                              theme: str) -> None:
    with themed_page(browser, theme) as page:
        open_exercise(page, site_url, PAIR, "&note=" + quote("Think of what you liked in her talk.", safe=""))
        assert scheme(page) == THEMES[theme]
        expect(page.locator("#checker-exercise")).to_be_visible()
        found = violations(page, "exercise before success")
        page.click("#checker-exercise-reveal")
        expect(page.locator("#checker-exercise-answer")).to_be_visible()
        found += violations(page, "exercise with the guide's version shown")
        type_over(page, REWRITE)
        expect(page.locator("#checker-exercise-state")).to_contain_text("Well done")
        found += violations(page, "exercise after success")
        assert not found, report(found, 3)
        page.watch.assert_clean()


def test_an_exercise_is_usable_at_320_pixels_wide(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    small = context.new_page()
    small.watch = Watch(small)
    open_exercise(small, site_url, PAIR, "&note=" + quote("See https://example.com/a-very-long-address-" + "x" * 80, safe=""))
    type_over(small, REWRITE)
    expect(small.locator("#checker-exercise-state")).to_contain_text("Well done")
    assert small.evaluate("() => document.documentElement.scrollWidth") <= 320
    for selector in ("#checker-note", "#checker-exercise", "#checker-input", "#checker-exercise-reveal",
                     "#checker-exercise-mine", "#checker-exercise-do", "#checker-exercise-next"):
        box = small.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, selector
    small.watch.assert_clean()
    context.close()
