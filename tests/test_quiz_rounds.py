"""The quiz in rounds (issue 13, "A quiz worth finishing"), in a real browser.

A round is 10 messages (5 connect, 5 collect, over the principles, no pair twice) and
ends with a summary; it survives a reload; a coach's link (quiz/#pairs=...&note=...)
makes one round of exactly its pairs. Every test plays through the page's own buttons.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from axe_scan import PHONE, THEMES, report, themed_page, violations, visit
from conftest import Watch, _QuietHandler, copy_guide, mkdocs_build
from connecting.engine import textclass

pytestmark = pytest.mark.browser

ROUND_KEY = "connecting.quizRound"
PAYLOADS = ['<img src=x onerror=alert(1)>', "<script>alert(2)</script>", "javascript:alert(3)",
            '"><svg onload=alert(4)>']


@pytest.fixture
def page(browser: Browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    new_page = context.new_page()
    new_page.watch = Watch(new_page)
    yield new_page
    context.close()


def open_quiz(page: Page, base: str, suffix: str = "") -> None:
    page.goto(base + "quiz/" + suffix)
    expect(page.locator("[data-cc-quiz]")).to_have_attribute("data-started", "ready")


def shown(page: Page, ruleset: dict) -> tuple[dict, str]:
    """The pair and the side ("do" or "dont") of the message on screen."""
    text = page.text_content("#quiz-text")
    for example in ruleset["examples"]:
        for side in ("do", "dont"):
            if example[side] == text:
                return example, side
    raise AssertionError(f"the quiz showed a message that is no example: {text!r}")


def right_answer(side: str) -> str:
    return "connect" if side == "do" else "collect"


def wrong_answer(side: str) -> str:
    return "collect" if side == "do" else "connect"


def answer(page: Page, ruleset: dict, right: bool) -> tuple[dict, str]:
    pair, side = shown(page, ruleset)
    page.click(f"#quiz-{right_answer(side) if right else wrong_answer(side)}")
    expect(page.locator("#quiz-feedback")).to_have_attribute("data-result", "right" if right else "wrong")
    return pair, side


def play_round(page: Page, ruleset: dict, size: int, missed: set[int] = frozenset()) -> list[tuple[dict, str]]:
    """Answer every message of the round on screen (wrongly at the positions in `missed`), up to its summary."""
    played = []
    for number in range(size):
        expect(page.locator("#quiz-progress")).to_contain_text(f"Message {number + 1} of {size}")
        played.append(answer(page, ruleset, right=number not in missed))
        page.click("#quiz-next")
    expect(page.locator("#quiz-summary")).to_be_visible()
    return played


def test_a_full_round_is_balanced_spread_and_ends_in_a_summary_with_links(page: Page, site_url: str,
                                                                          ruleset: dict) -> None:
    open_quiz(page, site_url)
    missed_at = {1, 4, 7}
    played = play_round(page, ruleset, 10, missed_at)
    sides = Counter(side for _, side in played)
    assert sides == {"do": 5, "dont": 5}
    assert len({pair["id"] for pair, _ in played}) == 10  # never both messages of one pair
    principles = {pair["principle"] for pair, _ in played}
    assert len(principles) == len({p["id"] for p in ruleset["principles"]}) == 8  # every principle before a second
    assert max(Counter(pair["principle"] for pair, _ in played).values()) == 2
    expect(page.locator("#quiz-summary-score")).to_have_text("You got 7 of 10 right.")
    expect(page.locator("#quiz-summary-title")).to_be_focused()
    missed = page.locator("[data-quiz-missed]")
    expect(missed).to_have_count(3)
    wanted = [played[i][0] for i in sorted(missed_at)]
    assert [missed.nth(i).get_attribute("data-quiz-missed") for i in range(3)] == [p["id"] for p in wanted]
    titles = {p["id"]: p["title"] for p in ruleset["principles"]}
    for index, pair in enumerate(wanted):
        link = missed.nth(index).locator("a")
        expect(link).to_have_text(titles[pair["principle"]])
        assert link.get_attribute("href").endswith(f"principles/{pair['principle']}/")
    # The link works: it lands on the principle's page.
    first = wanted[0]
    missed.nth(0).locator("a").click()
    expect(page).to_have_url(re.compile(f"principles/{first['principle']}/$"))
    expect(page.locator("article h1")).to_contain_text(titles[first["principle"]])
    page.watch.assert_clean()


def test_a_reload_in_the_middle_of_a_round_keeps_the_position_and_the_score(page: Page, site_url: str,
                                                                            ruleset: dict) -> None:
    open_quiz(page, site_url)
    answer(page, ruleset, right=True)
    page.click("#quiz-next")
    answer(page, ruleset, right=False)
    page.click("#quiz-next")
    third, side = answer(page, ruleset, right=True)
    page.reload()
    expect(page.locator("[data-cc-quiz]")).to_have_attribute("data-started", "ready")
    # The third message, still answered, with the same score.
    expect(page.locator("#quiz-progress")).to_have_text("Message 3 of 10")
    assert shown(page, ruleset) == (third, side)
    expect(page.locator("#quiz-score")).to_have_text("Score: 2 right out of 3 answers.")
    expect(page.locator("#quiz-feedback")).to_have_attribute("data-result", "right")
    expect(page.locator(f"#quiz-{right_answer(side)}")).to_have_attribute("aria-pressed", "true")
    page.click("#quiz-next")
    fourth = shown(page, ruleset)
    page.reload()
    expect(page.locator("#quiz-progress")).to_have_text("Message 4 of 10")
    assert shown(page, ruleset) == fourth
    expect(page.locator("#quiz-feedback")).not_to_have_attribute("data-result", re.compile("."))
    expect(page.locator("#quiz-connect")).to_be_enabled()
    page.watch.assert_clean()


def test_new_round_starts_over_with_messages_not_yet_seen(page: Page, site_url: str, ruleset: dict) -> None:
    open_quiz(page, site_url)
    first = play_round(page, ruleset, 10, missed={0})
    expect(page.locator("#quiz-restart")).to_be_hidden()
    page.click("#quiz-new-round")
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 10")
    expect(page.locator("#quiz-score")).to_have_text("Score: 0 right out of 0 answers.")
    expect(page.locator("#quiz-summary")).to_be_hidden()
    expect(page.locator("#quiz-question")).to_be_focused()
    second = play_round(page, ruleset, 10)
    assert not {(p["id"], s) for p, s in first} & {(p["id"], s) for p, s in second}
    expect(page.locator("#quiz-summary-score")).to_have_text("You got all 10 right.")
    page.watch.assert_clean()


def test_a_stored_round_whose_pairs_are_gone_is_dropped_quietly(page: Page, site_url: str, ruleset: dict) -> None:
    open_quiz(page, site_url)
    page.evaluate("""key => localStorage.setItem(key, JSON.stringify({source: "", position: 1, answers: ["connect"],
        items: [{id: "a-pair-long-gone", side: "do"}, {id: "another-gone", side: "dont"}], seen: []}))""", ROUND_KEY)
    page.reload()
    expect(page.locator("[data-cc-quiz]")).to_have_attribute("data-started", "ready")
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 10")
    expect(page.locator("#quiz-score")).to_have_text("Score: 0 right out of 0 answers.")
    expect(page.locator("#quiz-notices .cc-notice")).to_have_count(0)
    shown(page, ruleset)  # a real message
    # A stored value that is no round at all is dropped the same way.
    page.evaluate("key => localStorage.setItem(key, '{\"items\": 5')", ROUND_KEY)
    page.reload()
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 10")
    page.watch.assert_clean()


def test_after_an_answer_the_whole_pair_shows_side_by_side_with_its_why(browser: Browser, site_url: str,
                                                                         ruleset: dict) -> None:
    for width, beside in ((1280, True), (320, False)):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.watch = Watch(page)
        open_quiz(page, site_url)
        pair, side = answer(page, ruleset, right=False)
        dont, do = page.locator(".cc-quiz__side--dont"), page.locator(".cc-quiz__side--do")
        expect(dont.locator("blockquote")).to_have_text(pair["dont"])
        expect(do.locator("blockquote")).to_have_text(pair["do"])
        # Told apart in words, and the message just asked about is named.
        expect(dont.locator(".cc-quiz__side-label")).to_contain_text("Don't: this collects")
        expect(do.locator(".cc-quiz__side-label")).to_contain_text("Do: this connects")
        asked = dont if side == "dont" else do
        expect(asked.locator(".cc-quiz__side-label")).to_contain_text("the message you saw")
        expect(page.locator(".cc-quiz__why")).to_have_text("Why: " + pair["why"])
        left, right = dont.bounding_box(), do.bounding_box()
        if beside:
            assert left["x"] + left["width"] <= right["x"] and abs(left["y"] - right["y"]) < 1, (left, right)
        else:
            assert left["y"] + left["height"] <= right["y"], (left, right)
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.watch.assert_clean()
        context.close()


def example_flagged(ruleset: dict, rule_id: str) -> dict:
    return next(e for e in ruleset["examples"] if rule_id in e["flags"])


def test_a_length_rules_message_shows_its_length_against_the_limit(page: Page, site_url: str,
                                                                   ruleset: dict) -> None:
    kinds = {rule["id"]: rule["detect"] for rule in ruleset["rules"]}
    over = example_flagged(ruleset, "over-channel-limit")
    words = example_flagged(ruleset, "long-first-message")
    limit = next(c["limit"] for c in ruleset["channels"] if c["id"] == over["channel"])
    max_words = kinds["long-first-message"]["max_words"]
    open_quiz(page, site_url, f"#pairs={over['id']},{words['id']}")
    answer(page, ruleset, right=True)
    for side in ("dont", "do"):
        line = page.locator(f".cc-quiz__side--{side} [data-quiz-length=over-channel-limit]")
        expect(line).to_contain_text(f"Length: {len(over[side]):,} characters.")
        expect(line).to_contain_text(f"at most {limit:,}.")
    assert len(over["dont"]) > limit >= len(over["do"])
    page.click("#quiz-next")
    answer(page, ruleset, right=True)
    for side in ("dont", "do"):
        line = page.locator(f".cc-quiz__side--{side} [data-quiz-length=long-first-message]")
        expect(line).to_contain_text(f"Length: {len(textclass.word_texts(words[side])):,} words.")
        expect(line).to_contain_text(f"under {max_words}.")
    # A pair with no length flag shows no length.
    plain = next(e for e in ruleset["examples"] if not {"over-channel-limit", "long-first-message"} & set(e["flags"]))
    open_quiz(page, site_url, f"#pairs={plain['id']}")
    answer(page, ruleset, right=True)
    expect(page.locator("[data-quiz-length]")).to_have_count(0)
    page.watch.assert_clean()


def test_a_pairs_link_runs_one_round_on_exactly_those_pairs(page: Page, site_url: str, ruleset: dict) -> None:
    chosen = [e["id"] for e in ruleset["examples"][3:8]]
    open_quiz(page, site_url, f"#pairs={chosen[0]},{chosen[1]},no-such-pair,{chosen[2]},{chosen[3]},{chosen[4]}")
    notices = page.locator("#quiz-notices .cc-notice")
    expect(notices).to_have_count(1)
    expect(notices).to_contain_text("“no-such-pair”")
    played = play_round(page, ruleset, 5)
    assert [pair["id"] for pair, _ in played] == chosen  # the link's order, one message each
    assert sorted(Counter(side for _, side in played).values()) == [2, 3]  # as balanced as 5 allows
    expect(page.locator("#quiz-summary-score")).to_have_text("You got all 5 right.")
    # Its new round is again those pairs, this time their other messages.
    page.click("#quiz-new-round")
    again = play_round(page, ruleset, 5)
    assert [pair["id"] for pair, _ in again] == chosen
    assert [side for _, side in again] == [("do" if side == "dont" else "dont") for _, side in played]
    # The same keys after "?" work too.
    open_quiz(page, site_url, f"?pairs={chosen[0]},{chosen[1]}&note=Hello%20Sam")
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 2, chosen by your coach")
    # A heading's anchor in the fragment (the page's table of contents) leaves the round alone.
    answer(page, ruleset, right=True)
    page.click(".md-sidebar--secondary a[href$='#for-coaches-a-round-on-the-pairs-you-choose']")
    expect(page).to_have_url(re.compile("#for-coaches-a-round-on-the-pairs-you-choose$"))
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 2, chosen by your coach")
    expect(page.locator("#quiz-score")).to_have_text("Score: 1 right out of 1 answer.")
    # Back on a plain quiz/ in the middle of it, the coach's round carries on, note and all ...
    open_quiz(page, site_url)
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 2, chosen by your coach")
    expect(page.locator("#quiz-note-text")).to_have_text("Hello Sam")
    page.click("#quiz-next")
    answer(page, ruleset, right=False)
    page.click("#quiz-next")
    expect(page.locator("#quiz-summary-score")).to_have_text("You got 1 of 2 right.")
    # ... and once it is done, a plain quiz/ is a round from the whole guide.
    open_quiz(page, site_url)
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 10")
    expect(page.locator("#quiz-note")).to_be_hidden()
    page.watch.assert_clean()


def test_a_link_of_unknown_or_malformed_pairs_still_gives_a_round(page: Page, site_url: str) -> None:
    open_quiz(page, site_url, "#pairs=nothing-here,also-not-here&note=%ZZ")
    expect(page.locator("#quiz-notices")).to_contain_text("None of this link's pairs were found")
    expect(page.locator("#quiz-notices")).to_contain_text("This link's “note” part is not correctly encoded")
    expect(page.locator("#quiz-note")).to_be_hidden()
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 10")
    open_quiz(page, site_url, "#pairs=%E0%A4%A")
    expect(page.locator("#quiz-notices")).to_contain_text("This link's “pairs” part is not correctly encoded")
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 10")
    too_many = ",".join(f"pair-{n}" for n in range(40))
    open_quiz(page, site_url, f"#pairs={too_many}&note={'a' * 600}")
    expect(page.locator("#quiz-notices")).to_contain_text("A round holds up to 30")
    expect(page.locator("#quiz-notices")).to_contain_text("longer than 500 characters")
    assert len(page.text_content("#quiz-note-text")) == 501  # 500 and an ellipsis
    page.watch.assert_clean()


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory):
    """A copy of the guide in which one pair was renamed (its old id in former_ids), built and served."""
    root = copy_guide(tmp_path_factory.mktemp("renamed") / "guide")
    source = sorted((root / "examples").glob("*.yml"))[0]
    old_id = source.stem
    new_id = f"{old_id}-renamed"
    text = source.read_text(encoding="utf-8").replace(f"id: {old_id}\n", f"id: {new_id}\nformer_ids: [{old_id}]\n", 1)
    source.unlink()
    (root / "examples" / f"{new_id}.yml").write_text(text, encoding="utf-8")
    site = tmp_path_factory.mktemp("renamed-site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    built = mkdocs_build(root, site, env={"SITE_URL": url})
    assert built.returncode == 0, built.stderr
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url, old_id, new_id
    server.shutdown()


def test_a_former_id_in_a_link_finds_the_renamed_pair(page: Page, renamed_site) -> None:
    url, old_id, new_id = renamed_site
    open_quiz(page, url, f"#pairs={old_id}")
    expect(page.locator("#quiz-notices .cc-notice")).to_have_count(0)
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 1, chosen by your coach")
    page.click("#quiz-connect")
    expect(page.locator(".cc-quiz__feedback a")).to_have_attribute("href", re.compile(f"examples/{new_id}/$"))
    page.watch.assert_clean()


def test_a_note_and_pairs_holding_markup_show_as_text_and_run_nothing(page: Page, site_url: str,
                                                                      ruleset: dict) -> None:
    real = ruleset["examples"][0]["id"]
    for payload in PAYLOADS:
        open_quiz(page, site_url, f"#pairs={quote(payload, safe='')},{real}&note={quote(payload, safe='')}")
        expect(page.locator("#quiz-note-text")).to_have_text(payload)
        expect(page.locator("#quiz-notices")).to_contain_text(f"“{payload}”")
        expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 1, chosen by your coach")
        assert page.locator("#quiz :is(img, svg, script, iframe)").count() == 0
        assert page.locator("#quiz a[href^='javascript']").count() == 0
    page.watch.assert_clean()  # no dialog opened, no request left the site, no error


@pytest.mark.parametrize("theme", THEMES)
def test_axe_finds_nothing_mid_round_and_at_the_summary(browser: Browser, site_url: str, ruleset: dict,
                                                        theme: str) -> None:
    found = []
    with themed_page(browser, theme) as page:
        visit(page, site_url + "quiz/#pairs=" + ",".join(
            [example_flagged(ruleset, "over-channel-limit")["id"], ruleset["examples"][1]["id"], "gone-pair"])
            + "&note=" + quote("Read these before Friday."))
        expect(page.locator("[data-cc-quiz]")).to_have_attribute("data-started", "ready")
        found += violations(page, "quiz, a coach's round, a message")
        answer(page, ruleset, right=False)
        found += violations(page, "quiz, mid-round, answered")
        page.click("#quiz-next")
        answer(page, ruleset, right=True)
        page.click("#quiz-next")
        expect(page.locator("#quiz-summary")).to_be_visible()
        found += violations(page, "quiz, the summary")
        page.watch.assert_clean()
    assert not found, report(found, 3)


def test_a_round_is_usable_at_320_pixels_wide(browser: Browser, site_url: str, ruleset: dict) -> None:
    context = browser.new_context(viewport={"width": 320, "height": PHONE["height"]})
    page = context.new_page()
    page.watch = Watch(page)
    open_quiz(page, site_url, "#pairs=" + example_flagged(ruleset, "over-channel-limit")["id"] + "&note=Hello")
    wide = "() => document.documentElement.scrollWidth"
    assert page.evaluate(wide) <= 320
    for button in ("#quiz-connect", "#quiz-collect"):
        box = page.locator(button).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (button, box)
    # By keyboard: the answer, then the summary.
    page.focus("#quiz-collect")
    page.keyboard.press("Enter")
    expect(page.locator("#quiz-next")).to_be_focused()
    assert page.evaluate(wide) <= 320
    page.keyboard.press("Enter")
    expect(page.locator("#quiz-summary-title")).to_be_focused()
    assert page.evaluate(wide) <= 320
    for _ in range(5):  # past the missed message's link, if the answer was wrong
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "quiz-new-round":
            break
    expect(page.locator("#quiz-new-round")).to_be_focused()
    page.watch.assert_clean()
    context.close()
