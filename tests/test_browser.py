"""The checker and the quiz in a real browser (Chromium through Playwright),
against the built site served from 127.0.0.1."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pypdf
import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import Watch, open_checker
from connecting.site.ruleset_json import MAX_DRAFT_LENGTH
from connecting.engine.sameness import similarity


# Left out of `make test-fast`: these need a browser.
pytestmark = pytest.mark.browser

PAYLOADS = ['<img src=x onerror=alert(1)>', "<script>alert(2)</script>", '"><svg onload=alert(3)>']


@pytest.fixture
def page(browser: Browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    new_page = context.new_page()
    new_page.watch = Watch(new_page)
    yield new_page
    context.close()


def choose(page: Page, channel: str | None, stage: str) -> None:
    page.select_option("#checker-channel", channel or "")
    page.check(f"#checker-stage-{stage}")


def shown_rules(page: Page, levels: tuple[str, ...] = ()) -> list[str]:
    selector = "#checker-findings [data-rule]"
    if levels:
        selector = ", ".join(f"#checker-findings [data-rule][data-level={level}]" for level in levels)
    return page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.getAttribute('data-rule'))")


def draft_link(channel: str | None, stage: str | None, text: str) -> str:
    keys = ([f"channel={quote(channel, safe='')}"] if channel else []) + ([f"stage={stage}"] if stage else [])
    return "#" + "&".join(keys + [f"text={quote(text, safe='')}"])


# --- the checker ---------------------------------------------------------------


def test_every_pair_typed_into_the_checker_shows_its_flags(page: Page, site_url: str, ruleset: dict) -> None:
    open_checker(page, site_url)
    assert ruleset["examples"]
    # One don't typed key by key, the rest filled: the same input events. The shortest one,
    # because each key is a round trip to the browser (a long one took 30 s on a busy machine).
    typed = min(ruleset["examples"], key=lambda example: len(example["dont"]))["id"]
    for example in ruleset["examples"]:
        choose(page, example["channel"], example["stage"])
        if example["id"] == typed:
            page.fill("#checker-input", "")
            page.type("#checker-input", example["dont"])
        else:
            page.fill("#checker-input", example["dont"])
        assert sorted(set(shown_rules(page))) == sorted(example["flags"]), example["id"]
        # Only the findings carry data-rule: nothing else on the page does.
        assert page.locator("[data-rule]").count() == page.locator("#checker-findings [data-rule]").count()
        page.fill("#checker-input", example["do"])
        assert shown_rules(page, ("error", "warning")) == [], example["id"]
        expect(page.locator("#checker-verdict")).to_contain_text("No red flags found")
    page.watch.assert_clean()


def test_a_finding_shows_its_match_advice_and_links(page: Page, site_url: str, ruleset: dict) -> None:
    open_checker(page, site_url)
    page.fill("#checker-input", "Hi {first_name}, loved your talk on pricing.")
    finding = page.locator("#checker-findings [data-rule=unfilled-placeholder]")
    expect(finding).to_have_count(1)
    expect(finding).to_have_attribute("data-level", "error")
    expect(finding).to_contain_text("{first_name}")
    rule = next(r for r in ruleset["rules"] if r["id"] == "unfilled-placeholder")
    expect(finding).to_contain_text(rule["instead"])
    # Named by the rule's title, never by its slug, which stays in data-rule.
    expect(finding.locator(".cc-finding__title")).to_have_text(rule["title"])
    expect(finding).not_to_contain_text("unfilled-placeholder")
    more = finding.get_by_role("link", name=f"More about \u201c{rule['title']}\u201d")
    assert more.get_attribute("href").endswith("rules/unfilled-placeholder/")
    # Marked in the text box itself (a copy behind it, letter for letter), not in a second copy.
    expect(page.locator("#checker-marks mark")).to_have_text("{first_name}")
    assert page.locator(".cc-checker__preview, #checker-preview").count() == 0
    expect(page.locator("#checker-verdict")).to_have_text("\u2716 1 red flag found: fix it before you send it.")
    expect(page.locator("#checker-questions")).to_be_hidden()
    # The links land on the principle and on a pair the rule flags.
    principle = finding.get_by_role("link", name=re.compile("Why it matters"))
    assert principle.get_attribute("href").endswith(f"principles/{rule['principle']}/")
    fixed = finding.get_by_role("link", name="See how this one was fixed")
    fixed.click()
    page.wait_for_url(re.compile(r"/examples/[^/#]+/$"))
    example_id = page.url.rstrip("/").rsplit("/", 1)[1]
    anchor = f"ex-{example_id}"
    assert "unfilled-placeholder" in next(e for e in ruleset["examples"] if e["id"] == example_id)["flags"]
    expect(page.locator(f"#{anchor}")).to_be_visible()
    page.watch.assert_clean()


def test_a_rule_found_in_several_places_is_one_finding_with_every_place_marked(page: Page, site_url: str) -> None:
    open_checker(page, site_url)
    page.fill("#checker-input", "Hi {first_name}, your {company} talk on {topic} was great.")
    finding = page.locator("#checker-findings [data-rule=unfilled-placeholder]")
    expect(finding).to_have_count(1)
    expect(finding.locator(".cc-finding__match")).to_contain_text("Found in 3 places")
    expect(finding.locator(".cc-finding__match q")).to_have_text(["{first_name}", "{company}", "{topic}"])
    expect(page.locator("#checker-marks mark")).to_have_text(["{first_name}", "{company}", "{topic}"])
    expect(page.locator("#checker-marks mark[data-findings='1']")).to_have_count(3)
    page.watch.assert_clean()


def test_the_counter_follows_the_channel_limit(page: Page, site_url: str, ruleset: dict) -> None:
    invite = next(c for c in ruleset["channels"] if c["id"] == "linkedin-invite")
    open_checker(page, site_url)
    choose(page, "linkedin-invite", "first")
    page.fill("#checker-input", "\U0001F44B" + "a" * invite["limit"])  # an astral character counts once
    expect(page.locator("#checker-count")).to_contain_text(f"{invite['limit'] + 1:,} of {invite['limit']:,} characters")
    expect(page.locator("#checker-count")).to_contain_text("1 too many")
    assert "over-channel-limit" in shown_rules(page)
    # A draft of ordinary length wraps in the box (only very long ones stop wrapping).
    assert page.locator("#checker-input").evaluate("box => getComputedStyle(box).whiteSpace") != "pre"
    expect(page.locator("#checker-count")).not_to_contain_text("not wrapped")
    # A channel without replies offers no reply stage.
    assert page.is_disabled("#checker-stage-reply")


def test_a_link_opens_the_draft_and_copy_link_reopens_it(page: Page, site_url: str) -> None:
    text = "Hey \U0001F600 {first_name}! Follow for follow? 100% sure & <b>ok</b> #tag"
    open_checker(page, site_url, draft_link("twitter-dm", "reply", text))
    assert page.input_value("#checker-input") == text
    assert page.input_value("#checker-channel") == "twitter-dm"
    assert page.is_checked("#checker-stage-reply")
    assert {"unfilled-placeholder", "follow-for-follow"} <= set(shown_rules(page))
    expect(page.locator("#checker-notice")).to_be_hidden()

    page.fill("#checker-input", text + " (edited)")
    page.select_option("#checker-channel", "instagram-dm")
    page.check("#checker-stage-first")
    page.click("#checker-copy")
    link = page.input_value("#checker-link")
    assert link.startswith(site_url + "checker/#")
    other = page.context.new_page()
    other.goto(link)
    expect(other.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
    assert other.input_value("#checker-input") == text + " (edited)"
    assert other.input_value("#checker-channel") == "instagram-dm"
    assert other.is_checked("#checker-stage-first")
    assert set(shown_rules(other)) == set(shown_rules(page))
    page.watch.assert_clean()


def test_the_same_keys_work_in_a_query(page: Page, site_url: str) -> None:
    open_checker(page, site_url, "?channel=email&stage=first&text=Dear+Sir%2C+follow+me+back")
    assert page.input_value("#checker-input") == "Dear Sir, follow me back"
    assert page.input_value("#checker-channel") == "email"
    assert shown_rules(page)


@pytest.mark.parametrize("suffix, notice", [
    ("#channel=myspace&text=Hi%20there", "does not know"),
    ("#stage=sideways&text=Hi%20there", "stage"),
    ("#channel=linkedin-invite&stage=reply&text=Hi", "no replies"),
    ("#text=%E0%A4%A&channel=email", "not correctly encoded"),
    ("#text=%", "not correctly encoded"),
    ("#text=" + "a%20" * (MAX_DRAFT_LENGTH // 2 + 10), "too long"),
])
def test_broken_links_show_a_notice_and_a_working_checker(page: Page, site_url: str, suffix: str, notice: str) -> None:
    open_checker(page, site_url, suffix)
    expect(page.locator("#checker-notice")).to_be_visible()
    expect(page.locator("#checker-notice")).to_contain_text(notice)
    assert len(page.input_value("#checker-input")) <= MAX_DRAFT_LENGTH
    page.fill("#checker-input", "PLEASE READ THIS {name}")
    assert {"shouting-capitals", "unfilled-placeholder"} <= set(shown_rules(page))
    page.watch.assert_clean()


def _element_counts(page: Page) -> dict:
    return page.evaluate("() => ({scripts: document.scripts.length, imgs: document.images.length, "
                         "svgs: document.querySelectorAll('svg').length})")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_in_a_link_or_typed_runs_nothing(page: Page, site_url: str, payload: str) -> None:
    open_checker(page, site_url)
    clean = _element_counts(page)
    page.goto("about:blank")
    open_checker(page, site_url, draft_link(payload, "first", payload + " {name} " + payload))
    assert page.input_value("#checker-input") == payload + " {name} " + payload
    expect(page.locator("#checker-notice")).to_contain_text(payload[:20])  # shown as text
    page.type("#checker-input", " " + payload)
    page.click("#checker-copy")
    page.wait_for_timeout(300)
    assert _element_counts(page) == clean
    expect(page.locator("#checker-marks")).to_contain_text(payload)
    assert page.evaluate("() => window.__pwned === undefined")
    page.watch.assert_clean()


def test_same_message_to_everyone_is_noticed_and_forgotten_on_request(page: Page, site_url: str) -> None:
    open_checker(page, site_url)
    sent = ("Hi Priya, I enjoyed your talk on pricing for small studios. The part about raising rates for "
            "returning clients made me rethink how we quote. I would love to stay in touch and hear how the "
            "new workshop series goes this spring.")
    nearly = sent.replace("Priya", "Tomas")
    assert similarity(sent, nearly) >= 0.8  # the build's own measure says: the same message
    page.fill("#checker-input", sent)
    page.click("#checker-sent")
    kept = page.evaluate("() => JSON.parse(localStorage.getItem('connecting.sentDrafts'))")
    assert [draft["text"] for draft in kept] == [sent]
    page.fill("#checker-input", nearly)
    expect(page.locator("#checker-same")).to_be_visible()
    expect(page.locator("#checker-same")).to_contain_text("Same message to everyone?")
    assert shown_rules(page, ("error", "warning")) == []
    # No red flags, but no tick either beside the notice: the reader still has the test's questions.
    expect(page.locator("#checker-verdict")).to_have_text("No red flags found in the words, but see the note below.")
    expect(page.locator("#checker-verdict")).not_to_have_class(re.compile("cc-checker__verdict--pass"))
    expect(page.locator("#checker-questions")).to_be_visible()
    page.fill("#checker-input", "Hi Tomas, your post on hiring juniors made me rethink our interviews. How do you test for curiosity?")
    expect(page.locator("#checker-same")).to_be_hidden()
    for number in range(25):  # only the last 20 are kept
        page.fill("#checker-input", f"Draft number {number} about something else entirely {number}")
        page.click("#checker-sent")
    assert len(page.evaluate("() => JSON.parse(localStorage.getItem('connecting.sentDrafts'))")) == 20
    forget = page.locator("#checker-forget")
    expect(forget).to_have_text("Forget my saved drafts (20)")
    forget.click()
    assert page.evaluate("() => localStorage.getItem('connecting.sentDrafts')") is None
    # At once, not after a reload: nothing is left to forget.
    expect(forget).to_have_text("Forget my saved drafts (0)")
    expect(forget).to_be_disabled()
    expect(page.locator("#checker-saved")).to_have_text("Your saved drafts are forgotten.")
    page.fill("#checker-input", sent)
    expect(page.locator("#checker-same")).to_be_hidden()


def test_no_red_flags_leaves_the_networking_event_test_to_the_reader(page: Page, site_url: str) -> None:
    open_checker(page, site_url)
    choose(page, "twitter-dm", "first")
    page.fill("#checker-input", "Thanks for the follow, Ana! Your Lisbon photos are lovely.")
    verdict = page.locator("#checker-verdict")
    expect(verdict).to_have_text("\u2714 No red flags found.")
    expect(verdict).to_have_class(re.compile("cc-checker__verdict--pass"))
    expect(page.locator("#checker-findings")).to_have_text("Nothing found.")
    questions = page.locator("#checker-questions")
    expect(questions).to_be_visible()
    asked = questions.locator("li").all_text_contents()
    assert len(asked) == 4 and asked[0] == "Could I say these exact words out loud to someone I just met at an event?"
    link = questions.get_by_role("link", name="the networking-event test")
    link.click()
    page.wait_for_url(re.compile(r"/#the-networking-event-test$"))
    expect(page.locator("#the-networking-event-test")).to_be_visible()
    page.watch.assert_clean()


def test_only_suggestions_are_no_red_flags(page: Page, site_url: str) -> None:
    open_checker(page, site_url)
    choose(page, "email", "first")
    page.fill("#checker-input", "Hi Ana, your talk on pricing for small studios was useful and clear. " * 12)
    assert shown_rules(page) == ["long-first-message"]
    expect(page.locator("#checker-verdict")).to_have_text("\u2714 No red flags found. 1 suggestion below.")
    expect(page.locator("#checker-questions")).to_be_visible()


@pytest.mark.parametrize("draft", ["", "   \n\t", "\u200b\u200d\u2060", "\ufeff\u200e\u00a0"])
def test_an_empty_draft_gets_no_verdict(page: Page, site_url: str, draft: str) -> None:
    open_checker(page, site_url)
    page.fill("#checker-input", "Thanks for the talk, Ana.")
    expect(page.locator("#checker-verdict")).to_contain_text("No red flags found")
    page.fill("#checker-input", draft)
    verdict = page.locator("#checker-verdict")
    expect(verdict).to_have_text("Type or paste a message to check it.")
    expect(verdict).to_have_class("cc-checker__verdict")
    expect(page.locator("#checker-questions")).to_be_hidden()
    expect(page.locator("#checker-findings")).to_have_text("Nothing to check yet.")
    page.watch.assert_clean()


def test_copying_a_link_drops_the_tick_once_the_same_notice_shows(page: Page, site_url: str) -> None:
    open_checker(page, site_url)
    page.fill("#checker-input", "Thanks for the talk, Ana. How did the workshop on pricing go?")
    expect(page.locator("#checker-verdict")).to_have_text("\u2714 No red flags found.")
    page.click("#checker-copy")  # keeps the draft: now it is the same as one kept
    expect(page.locator("#checker-same")).to_be_visible()
    expect(page.locator("#checker-verdict")).not_to_contain_text("\u2714")
    expect(page.locator("#checker-verdict")).not_to_have_class(re.compile("cc-checker__verdict--pass"))
    # A link opened with a draft the reader kept shows the notice and no tick from the start.
    other = page.context.new_page()
    open_checker(other, site_url, draft_link(None, "first", "Thanks for the talk, Ana. How did the workshop on pricing go?"))
    expect(other.locator("#checker-same")).to_be_visible()
    expect(other.locator("#checker-verdict")).not_to_contain_text("\u2714")
    page.watch.assert_clean()


def test_instant_navigation_from_home_starts_the_checker(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.evaluate("() => { window.__samePage = true; }")
    page.locator("nav a[href$='checker/']:visible").first.click()
    expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
    assert page.evaluate("() => window.__samePage === true"), "the page was fully reloaded: no instant navigation"
    page.fill("#checker-input", "FOLLOW FOR FOLLOW??? {name}")
    assert shown_rules(page)
    page.watch.assert_clean()


def test_try_it_links_on_cards_open_the_dont_in_the_checker(page: Page, site_url: str, ruleset: dict) -> None:
    example = next(e for e in ruleset["examples"] if e["stage"] == "reply")
    page.goto(site_url + example["url"])
    page.locator(f"#ex-{example['id']} a.cc-card__try").click()
    expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
    assert page.input_value("#checker-input") == example["dont"]
    assert page.input_value("#checker-channel") == example["channel"]
    assert page.is_checked(f"#checker-stage-{example['stage']}")
    assert sorted(set(shown_rules(page))) == sorted(example["flags"])


def test_the_checker_fits_a_320_pixel_screen(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    small = context.new_page()
    open_checker(small, site_url, draft_link("email", "first", "Dear Sir or Madam, https://example.com/x?ref=me " * 5))
    assert small.evaluate("() => document.documentElement.scrollWidth") <= 320
    for selector in ("#checker-input", "#checker-channel", "#checker-copy", "#checker-findings"):
        box = small.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, selector
    context.close()


def test_without_javascript_the_checker_page_explains_and_lists_the_rules(browser: Browser, site_url: str,
                                                                          ruleset: dict) -> None:
    context = browser.new_context(java_script_enabled=False)
    still = context.new_page()
    still.goto(site_url + "checker/")
    expect(still.get_by_text("The live checker needs JavaScript")).to_be_visible()
    expect(still.locator("#checker-input")).to_be_hidden()
    # The rules sit folded under one heading; a <details> opens without a script.
    still.get_by_text("Show every rule").click()
    for rule in ruleset["rules"]:
        expect(still.locator(f"#rule-{rule['id']}")).to_be_visible()
    still.goto(site_url + "quiz/")
    expect(still.get_by_text("The quiz needs JavaScript")).to_be_visible()
    expect(still.locator("#quiz-connect")).to_be_hidden()
    context.close()


def test_with_javascript_the_notice_gives_way_to_the_live_checker(page: Page, site_url: str) -> None:
    open_checker(page, site_url)
    expect(page.get_by_text("The live checker needs JavaScript")).to_be_hidden()
    expect(page.locator("#checker-input")).to_be_visible()
    page.goto(site_url + "quiz/")
    expect(page.locator("[data-cc-quiz]")).to_have_attribute("data-started", "ready")
    expect(page.get_by_text("The quiz needs JavaScript")).to_be_hidden()
    expect(page.locator("#quiz-next")).to_be_hidden()


# --- the quiz --------------------------------------------------------------------


def _quiz_answer(ruleset: dict, text: str) -> str:
    for example in ruleset["examples"]:
        if text == example["dont"]:
            return "collect"
        if text == example["do"]:
            return "connect"
    raise AssertionError(f"the quiz showed a message that is no example: {text!r}")


def _tab_to(page: Page, element_id: str) -> None:
    for _ in range(60):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def test_the_quiz_is_keyboard_operable_and_scores_correctly(page: Page, site_url: str, ruleset: dict) -> None:
    page.goto(site_url + "quiz/")
    expect(page.locator("[data-cc-quiz]")).to_have_attribute("data-started", "ready")
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 10")  # a round (tests/test_quiz_rounds.py)
    # Right answer, by keyboard alone.
    right = _quiz_answer(ruleset, page.text_content("#quiz-text"))
    _tab_to(page, f"quiz-{right}")
    page.keyboard.press("Enter")
    expect(page.locator("#quiz-feedback")).to_contain_text("Right")
    expect(page.locator("#quiz-score")).to_have_text("Score: 1 right out of 1 answer.")
    if right == "collect":  # a don't: the rules that fire are named
        assert page.locator("#quiz-feedback [data-quiz-rule]").count() >= 1
    assert page.evaluate("() => document.activeElement.id") == "quiz-next"
    page.keyboard.press("Enter")
    # Wrong answer, by keyboard alone.
    wrong = "connect" if _quiz_answer(ruleset, page.text_content("#quiz-text")) == "collect" else "collect"
    _tab_to(page, f"quiz-{wrong}")
    page.keyboard.press("Space")
    expect(page.locator("#quiz-feedback")).to_contain_text("Not quite")
    expect(page.locator("#quiz-score")).to_have_text("Score: 1 right out of 2 answers.")
    # A second answer to the same message does not count.
    page.evaluate("() => document.getElementById('quiz-connect').click()")
    expect(page.locator("#quiz-score")).to_have_text("Score: 1 right out of 2 answers.")
    # The score survives a reload (localStorage) and a new round clears it.
    page.reload()
    expect(page.locator("#quiz-score")).to_have_text("Score: 1 right out of 2 answers.")
    _tab_to(page, "quiz-restart")
    page.keyboard.press("Enter")
    expect(page.locator("#quiz-score")).to_have_text("Score: 0 right out of 0 answers.")
    expect(page.locator("#quiz-progress")).to_have_text("Message 1 of 10")
    page.watch.assert_clean()


def test_the_quiz_order_differs_between_visits(page: Page, site_url: str) -> None:
    openings = set()
    for _ in range(6):
        page.goto(site_url + "quiz/")
        expect(page.locator("[data-cc-quiz]")).to_have_attribute("data-started", "ready")
        first = [page.text_content("#quiz-text")]
        page.click("#quiz-connect")
        page.click("#quiz-next")
        first.append(page.text_content("#quiz-text"))
        openings.add(tuple(first))
        # The next visit is a first one: a stored round would carry on where it stopped.
        page.evaluate("() => localStorage.clear()")
    assert len(openings) > 1, "six visits opened on the same two messages"



# What a reader sees of an element: its font size and style, and the contrast of its text
# against the backgrounds under it (each ancestor's, laid one over the other from the page
# down), as WCAG computes it.
SEEN_JS = """el => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const chain = []; for (let node = el; node; node = node.parentElement) chain.unshift(node);
  let back = [255, 255, 255, 1];
  for (const node of chain) back = over(parse(getComputedStyle(node).backgroundColor), back);
  const style = getComputedStyle(el);
  const fore = over(parse(style.color), back);
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [hi, lo] = [lum(fore), lum(back)].sort((a, b) => b - a);
  const box = el.getBoundingClientRect();
  return { size: parseFloat(style.fontSize), italic: style.fontStyle !== 'normal', opacity: parseFloat(style.opacity),
           contrast: (hi + 0.05) / (lo + 0.05), top: box.top, background: style.backgroundColor, classes: el.className };
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_the_quiz_message_is_the_most_prominent_text_and_the_answers_the_primary_buttons(
        browser: Browser, site_url: str, width: int, height: int, scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    quiz = context.new_page()
    quiz.goto(site_url + "quiz/")
    expect(quiz.locator("[data-cc-quiz]")).to_have_attribute("data-started", "ready")
    quiz.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    message = quiz.locator("#quiz-text").evaluate(SEEN_JS)
    paragraph = quiz.locator(".md-content article > p").first.evaluate(SEEN_JS)
    # Larger than the page's text and than anything else in the quiz (the page title apart).
    assert message["size"] >= 1.2 * paragraph["size"], (message, paragraph)
    sizes = quiz.eval_on_selector_all(
        ".md-content article :is(p, li, button, blockquote, label, div):not(#quiz-text, #quiz-text *)",
        "nodes => nodes.filter(n => n.offsetParent && n.textContent.trim()).map(n => parseFloat(getComputedStyle(n).fontSize))")
    assert max(sizes) < message["size"]
    # Normal contrast, not a grey quote: at least 7:1, upright, fully opaque.
    assert message["contrast"] >= 7 and not message["italic"] and message["opacity"] == 1, message
    assert message["top"] < height  # on the first screen
    for answer in ("connect", "collect"):
        button = quiz.locator(f"#quiz-{answer}").evaluate(SEEN_JS)
        assert "md-button--primary" in button["classes"].split(), button
        assert parse_alpha(button["background"]) == 1, button  # a filled button, not an outline
        assert button["top"] < height
    assert "md-button--primary" not in quiz.locator("#quiz-restart").get_attribute("class").split()
    context.close()


def parse_alpha(colour: str) -> float:
    parts = re.findall(r"[\d.]+", colour)
    return float(parts[3]) if len(parts) > 3 else 1.0


def test_quiz_feedback_says_right_or_wrong_in_words_an_icon_and_a_colour(page: Page, site_url: str, ruleset: dict) -> None:
    page.goto(site_url + "quiz/")
    expect(page.locator("[data-cc-quiz]")).to_have_attribute("data-started", "ready")
    seen = {}
    for outcome, word in (("right", "Right: "), ("wrong", "Not quite: ")):
        answer = _quiz_answer(ruleset, page.text_content("#quiz-text"))
        page.click(f"#quiz-{answer if outcome == 'right' else ('connect' if answer == 'collect' else 'collect')}")
        result = page.locator(f".cc-quiz__result--{outcome}")
        expect(result).to_have_text(re.compile("^" + word))
        expect(page.locator("#quiz-feedback")).to_have_attribute("data-result", outcome)
        seen[outcome] = result.evaluate("r => ({ colour: getComputedStyle(r).color, "
                                        "icon: getComputedStyle(r, '::before').maskImage, "
                                        "box: getComputedStyle(r.parentElement).borderLeftColor })")
        page.click("#quiz-next")
    assert all(look["icon"].startswith("url(") for look in seen.values()), seen
    assert seen["right"]["icon"] != seen["wrong"]["icon"]
    assert seen["right"]["colour"] != seen["wrong"]["colour"] and seen["right"]["box"] != seen["wrong"]["box"]
    page.watch.assert_clean()


# --- every page ----------------------------------------------------------------------


CRAWL_SHARDS = 2  # one per core: `make test` runs the shards side by side (pytest-xdist)


@pytest.mark.parametrize("shard", range(CRAWL_SHARDS))
def test_no_page_asks_another_host_or_logs_an_error(page: Page, served_site, shard: int) -> None:
    site_url, built_site = served_site
    pages = sorted(path.relative_to(built_site).parent.as_posix() for path in built_site.rglob("index.html"))
    assert "checker" in pages and "quiz" in pages
    for path in pages[shard::CRAWL_SHARDS]:
        page.goto(site_url + ("" if path == "." else path + "/"))
        page.wait_for_load_state("networkidle")
    page.watch.assert_clean()
    if shard:
        return
    open_checker(page, site_url, draft_link("email", "first", "Hi {name} https://bit.ly/x?ref=1 \U0001F525\U0001F525\U0001F525"))
    page.wait_for_load_state("networkidle")
    page.watch.assert_clean()


# --- coach's corner ----------------------------------------------------------------


def test_checklist_ticks_stay_in_this_browser_and_clear_on_request(page: Page, site_url: str) -> None:
    page.goto(site_url + "coaches/checklist/")
    boxes = page.locator(".cc-checklist input[type=checkbox]")
    total = boxes.count()
    assert total >= 10
    # Material draws each box at the start of its item; click where a reader sees it.
    box_of = page.locator(".cc-checklist .task-list-indicator")
    for number in (0, 2):
        page.mouse.click(*page.evaluate(
            "el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el, '::before'); "
            "return [r.left + parseFloat(s.left || 0) + 8, r.top + r.height / 2]; }",
            box_of.nth(number).element_handle()))
    expect(page.locator(".cc-checklist__status")).to_have_text(f"2 of {total} ticked.")
    page.reload()
    boxes = page.locator(".cc-checklist input[type=checkbox]")
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, False, True]
    page.click(".cc-checklist__reset")
    expect(page.locator(".cc-checklist__status")).to_have_text(f"0 of {total} ticked.")
    page.reload()
    assert not any(page.locator(".cc-checklist input[type=checkbox]").nth(i).is_checked() for i in range(total))
    page.watch.assert_clean()


def test_a_coach_builds_a_checker_link_that_opens_the_clients_draft(page: Page, site_url: str) -> None:
    page.goto(site_url + "coaches/")
    form = page.locator("form.cc-link-builder")
    draft = "Hi {name}!!! Check out my course <script>alert(1)</script>"
    form.locator("textarea[name=text]").fill(draft)
    form.locator("select[name=channel]").select_option("linkedin-message")
    form.locator("select[name=stage]").select_option("reply")
    link = form.locator("input[name=link]").input_value()
    page.goto(link)
    expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")
    assert page.input_value("#checker-input") == draft
    assert page.input_value("#checker-channel") == "linkedin-message"
    assert page.is_checked("#checker-stage-reply")
    assert "unfilled-placeholder" in shown_rules(page)
    page.watch.assert_clean()


# 10 pt in CSS pixels (96 to the inch, 72 points to the inch).
TEN_POINTS_PX = 10 * 96 / 72
MAX_PAGES_PER_PRINCIPLE = 3

# The smallest text printed: every element of the page's content (Material's header, menus and
# footer do not print) that shows text of its own, and the address a link prints after itself.
SMALLEST_PRINTED_TEXT_JS = """() => {
  let smallest = Infinity, where = '';
  for (const el of document.querySelectorAll('.md-content *')) {
    const box = el.getBoundingClientRect();
    if (!el.getClientRects().length || box.width * box.height <= 1) continue;  // not printed, or visually hidden
    const own = Array.from(el.childNodes).some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    const after = getComputedStyle(el, '::after').content;
    const sizes = [];
    if (own) sizes.push(parseFloat(getComputedStyle(el).fontSize));
    if (after && after !== 'none' && after !== 'normal' && after !== '""') sizes.push(parseFloat(getComputedStyle(el, '::after').fontSize));
    for (const size of sizes) if (size < smallest) { smallest = size; where = el.outerHTML.slice(0, 120); }
  }
  return [smallest, where];
}"""


def _pdf_pages(page: Page, paper: str) -> list[str]:
    """The text of each page the browser prints."""
    return [printed.extract_text() for printed in pypdf.PdfReader(io.BytesIO(page.pdf(format=paper))).pages]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_each_worksheet_prints_at_10_pt_on_at_most_three_pages_with_room_to_write(
        browser: Browser, site_url: str, paper: str) -> None:
    context = browser.new_context()
    sheet_page = context.new_page()
    sheet_page.goto(site_url + "coaches/worksheets/")
    ids = sheet_page.eval_on_selector_all(".cc-worksheet", "sheets => sheets.map(s => s.id)")
    assert len(ids) == 8
    sheet_page.emulate_media(media="print")

    smallest, where = sheet_page.evaluate(SMALLEST_PRINTED_TEXT_JS)
    assert smallest >= TEN_POINTS_PX - 0.01, f"{smallest * 72 / 96:.1f} pt in {where}"
    # Each principle starts a new sheet.
    breaks = sheet_page.eval_on_selector_all(".cc-worksheet", "sheets => sheets.map(s => getComputedStyle(s).breakBefore)")
    assert breaks[1:] == ["page"] * (len(ids) - 1)
    for sheet in ids:
        principle = sheet.removeprefix("worksheet-")
        title = sheet_page.text_content(f"#{sheet} .cc-worksheet__title")
        # A header that says where the sheet comes from.
        header = sheet_page.locator(f"#{sheet} .cc-worksheet__header")
        expect(header).to_be_visible()
        expect(header).to_contain_text("Collecting or Connecting?")
        expect(header).to_contain_text(title)
        # Every link prints its full address, on the site's own host.
        for link in sheet_page.locator(f"#{sheet} a").all():
            printed = link.evaluate("a => getComputedStyle(a, '::after').content")
            assert printed == f'" ({link.evaluate("a => a.href")})"', printed
        assert f"({site_url}principles/{principle}/)" in sheet_page.evaluate(
            "id => Array.from(document.querySelectorAll(`#${id} a`)).map(a => getComputedStyle(a, '::after').content).join(' ')",
            sheet)
        # Several ruled lines under every pair: 20 mm or more (about 75 px) of writing space.
        for height in sheet_page.eval_on_selector_all(f"#{sheet} .cc-worksheet__pair .cc-worksheet__lines",
                                                      "lines => lines.map(l => l.getBoundingClientRect().height)"):
            assert height >= 75, height
        assert sheet_page.locator(f"#{sheet} .cc-worksheet__lines").count() == \
            sheet_page.locator(f"#{sheet} .cc-worksheet__pair").count() + 1

    pages = {}
    for sheet in ids:
        # What the "Print this worksheet" button does before it opens the print dialog.
        sheet_page.evaluate("id => { document.body.classList.add('cc-printing-one'); document.querySelectorAll("
                            "'.cc-worksheet').forEach(s => s.classList.toggle('cc-worksheet--printing', s.id === id)); }",
                            sheet)
        printed = _pdf_pages(sheet_page, paper)
        pages[sheet] = len(printed)
        # Every page of the sheet, not only the first, says where it comes from.
        title = sheet_page.text_content(f"#{sheet} .cc-worksheet__title")
        for number, text in enumerate(printed, 1):
            assert "Collecting or Connecting?" in text and f"Worksheet: {title}" in " ".join(text.split()), \
                f"page {number} of {sheet} on {paper} has no header"
    assert all(1 <= count <= MAX_PAGES_PER_PRINCIPLE for count in pages.values()), \
        f"printed pages per worksheet on {paper}: {pages}"
    assert max(pages.values()) > 1  # the header test above saw a second page
    sheet_page.evaluate("() => document.body.classList.remove('cc-printing-one')")
    assert len(ids) <= len(_pdf_pages(sheet_page, paper)) <= MAX_PAGES_PER_PRINCIPLE * len(ids)
    context.close()


# --- long drafts ---------------------------------------------------------------------


LONG_DRAFTS = {
    "punctuation": "!!!! " * 4000,
    "links": "see https://bit.ly/x?ref=1 " * 740,
    "digits": "1" * 19_990 + " x reach",
    "hyphens": "a-" * 10_000,
    "joined emoji": "\U0001F468\u200d" * 6000,
    "emoji row": "\U0001F525 " * 6000,
    "devanagari": "हिन्दी भाषा " * 2000,
    "mixed scripts": "abc中文 😀 αβγ " * 1600,
}


@pytest.mark.parametrize("name", LONG_DRAFTS)
def test_a_long_draft_is_read_off_the_main_thread_and_listed_in_short(page: Page, site_url: str, name: str) -> None:
    """The page never runs the engine itself on a long draft (a worker does), and the box stops wrapping
    it, so typing stays responsive. (How long the page's tasks take is measured by
    benchmarks/checker_long_tasks.py, not asserted here: a shared machine makes absolute times flaky.)"""
    open_checker(page, site_url)
    page.evaluate("""() => {
        const checker = document.querySelector('#checker').checker;
        window.mainThreadEvaluations = 0;
        const evaluate = checker.engine.evaluate.bind(checker.engine);
        checker.engine.evaluate = (...args) => { window.mainThreadEvaluations += 1; return evaluate(...args); };
    }""")
    draft = LONG_DRAFTS[name][:MAX_DRAFT_LENGTH]
    page.fill("#checker-input", draft)
    page.press("#checker-input", "End")
    page.keyboard.type(" ok")
    page.wait_for_function("!document.querySelector('#checker').hasAttribute('data-checking')")
    expected = page.evaluate("""(text) => ConnectingEngine.create(document.querySelector('#checker').checker.doc)
        .evaluate(text, {channel: null, stage: 'first'})""", draft + " ok")
    assert page.evaluate("window.mainThreadEvaluations") == 0
    # Wrapping a long draft again on every keystroke is the browser's slowest work here.
    assert page.locator("#checker-input").evaluate("box => getComputedStyle(box).whiteSpace") == "pre"
    expect(page.locator("#checker-count")).to_contain_text("Lines are not wrapped")
    listed = page.locator("#checker-findings li[data-rule]")
    assert listed.count() == min(len(expected), 20)
    # A finding in thousands of places marks at most its first 40 in the draft, not all of
    # them: places that overlap cut each other into pieces, at most two pieces a place.
    places = sum(min(len(f["spans"]), 40) for f in expected[:20])
    assert page.locator("#checker-marks mark").count() <= 2 * places
    if len(expected) > 20:
        expect(page.locator("#checker-findings .cc-finding--more")).to_contain_text(f"And {len(expected) - 20:,} more")
    page.watch.assert_clean()
