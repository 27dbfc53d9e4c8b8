"""The `signals` kind (the shape of a message) and weak signals weighed with `alone`, in both engines."""

from __future__ import annotations

import json
import subprocess

import pytest

from connecting.engine.kinds import RuleError
from connecting.engine.rules import NEGATIONS, Ruleset, compile_rule
from connecting.site.ruleset_json import FORMAT, character_classes, engine_rule
from conftest import REPO

ENGINE_JS = REPO / "docs" / "javascripts" / "connecting-engine.js"


def rule(rule_id: str, detect: dict, level: str = "warning", **extra) -> dict:
    return {"id": rule_id, "title": rule_id.replace("-", " ").capitalize(), "level": level,
            "principle": "know-like-trust", "message": f"{rule_id} found",
            "description": "Why.", "instead": "Instead.", "detect": detect,
            "cases": {"flag": ["x"], "pass": ["y"]}, **extra}


HOOK_THEN_PITCH = rule("hook-then-pitch", {"kind": "signals", "signals": [
    {"label": "a compliment", "phrases": ["loved your talk", "congrats on"]},
    {"label": "a pitch", "ignore_case": True, "pattern": "we help [a-z]{1,20}"},
]})
ANY_ORDER = rule("either-order", {"kind": "signals", "in_order": False, "signals": [
    {"label": "a question about who decides", "phrases": ["right person"]},
    {"label": "an ask to pass you on", "phrases": ["point me"]},
]})
WEAK = rule("weak-greeting", {"kind": "phrases", "phrases": ["hi there"]},
            alone={"level": "suggestion"})
WEAK_IN_REPLIES = rule("weak-self", {"kind": "phrases", "phrases": ["my agency"]},
                       alone={"level": "suggestion", "stages": ["reply"]})
STRONG = rule("strong-link", {"kind": "phrases", "phrases": ["my link"]})
# A signal found by its phrases or by its pattern: the shape beside the set words.
OFFER_THEN_ASK = rule("offer-then-ask", {"kind": "signals", "signals": [
    {"label": "an offer", "phrases": ["our agency"], "ignore_case": True,
     "pattern": "i run an? (?:small )?(?:[a-z]{1,20} ){0,2}agency"},
    {"label": "an ask", "phrases": ["open to a chat"]},
]})
# A phrases rule's pattern beside its phrases: where both find the same words, one mark.
FOLLOW_BACK = rule("follow-back", {"kind": "phrases", "phrases": ["follow back"], "ignore_case": True,
                                   "pattern": "please (?:follow|like) back"})
RULES = [HOOK_THEN_PITCH, ANY_ORDER, WEAK, WEAK_IN_REPLIES, STRONG, OFFER_THEN_ASK, FOLLOW_BACK]
RULESET = Ruleset([compile_rule(data) for data in RULES])


def found(text: str, stage: str = "first") -> list[tuple[str, str, int, int, str | None]]:
    return [(f.rule, f.level, f.start, f.end, f.detail) for f in RULESET.evaluate(text, None, stage)]


def spans(text: str, rule_id: str) -> list[str]:
    [finding] = [f for f in RULESET.evaluate(text) if f.rule == rule_id]
    return finding.matches(text)


def test_signals_in_order_give_one_finding_with_each_signals_place() -> None:
    text = "Hi Ana, I loved your talk on pricing. We help SaaS teams price better."
    start = text.index("loved")
    assert found(text) == [("hook-then-pitch", "warning", start, start + len("loved your talk"),
                            "a compliment, then a pitch")]
    assert spans(text, "hook-then-pitch") == ["loved your talk", "We help SaaS"]


def test_signals_out_of_order_or_missing_find_nothing() -> None:
    assert found("We help SaaS teams. I loved your talk.") == []
    assert found("I loved your talk on pricing.") == []
    assert found("We help SaaS teams price better.") == []


def test_the_chain_takes_the_first_pitch_after_the_compliment() -> None:
    text = "We help founders. Congrats on the launch! We help SaaS teams too."
    assert spans(text, "hook-then-pitch") == ["Congrats on", "We help SaaS"]


def test_signals_in_any_order() -> None:
    text = "Could you point me to the right person for payroll?"
    [(rule_id, _, start, end, detail)] = found(text)
    assert rule_id == "either-order" and detail.endswith(" and an ask to pass you on")
    assert spans(text, "either-order") == ["point me", "right person"]


def test_a_weak_signal_alone_is_a_suggestion_and_beside_another_a_warning() -> None:
    assert found("Hi there, how was the trip?") == [("weak-greeting", "suggestion", 0, 8, None)]
    levels = {rule_id: level for rule_id, level, *_ in found("Hi there, here is my link.")}
    assert levels == {"weak-greeting": "warning", "strong-link": "warning"}
    # Two weak signals together weigh as much as a strong one.
    levels = {rule_id: level for rule_id, level, *_ in found("Hi there, my agency builds sites.", stage="reply")}
    assert levels == {"weak-greeting": "warning", "weak-self": "warning"}


def test_a_weak_signal_is_weak_only_at_its_stages() -> None:
    assert found("About my agency: we are three people.", stage="reply")[0][1] == "suggestion"
    assert found("About my agency: we are three people.", stage="first")[0][1] == "warning"


def test_a_signal_with_phrases_and_a_pattern_is_found_by_either() -> None:
    assert spans("Our agency builds sites. Open to a chat?", "offer-then-ask") == ["Our agency", "Open to a chat"]
    assert spans("I run a small SEO agency. Open to a chat?", "offer-then-ask") == [
        "I run a small SEO agency", "Open to a chat"]
    # The chain takes the earliest offer, whichever of the two found it.
    text = "I run a design agency, unlike our agency friends. Open to a chat?"
    assert spans(text, "offer-then-ask") == ["I run a design agency", "Open to a chat"]
    assert found("Open to a chat? I run a small SEO agency.") == []


def test_a_phrase_inside_a_pattern_match_is_marked_once() -> None:
    assert spans("Please follow back!", "follow-back") == ["Please follow back"]
    assert spans("Follow back? Please like back.", "follow-back") == ["Follow back", "Please like back"]


def test_a_signal_pattern_that_cannot_work_is_refused_at_its_place() -> None:
    broken = rule("broken", {"kind": "signals", "signals": [
        {"label": "fine", "phrases": ["hello"]}, {"label": "bad", "pattern": "a\\bc"}]})
    with pytest.raises(RuleError) as caught:
        compile_rule(broken)
    assert caught.value.path == ("detect", "signals", 1, "pattern")


def test_the_browser_engine_finds_the_same() -> None:
    document = {"format": FORMAT, "negations": sorted(NEGATIONS), "classes": character_classes(), "channels": [],
                "rules": [engine_rule(r) for r in RULESET.rules], "examples": []}
    texts = [("Hi Ana, I loved your talk on pricing. We help SaaS teams price better.", "first"),
             ("We help founders. Congrats on the launch! We help SaaS teams too.", "first"),
             ("Could you point me to the right person for payroll?", "first"),
             ("Hi there, how was the trip?", "first"), ("Hi there, here is my link.", "first"),
             ("Hi there, my agency builds sites.", "reply"), ("About my agency: we are three people.", "reply"),
             ("About my agency: we are three people.", "first"),
             ("I run a small SEO agency. Open to a chat?", "first"),
             ("I run a design agency, unlike our agency friends. Open to a chat?", "first"),
             ("Please follow back! Follow back? Please like back.", "first")]
    script = (f"const E = require({json.dumps(str(ENGINE_JS))});"
              "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "const engine = E.create(input.doc);"
              "process.stdout.write(JSON.stringify(input.texts.map(([t, s]) => engine.evaluate(t, {stage: s})"
              ".map((f) => [f.rule, f.level, f.start, f.end, f.detail, f.spans]))));")
    result = subprocess.run(["node", "-e", script], input=json.dumps({"doc": document, "texts": texts}),
                            capture_output=True, text=True, check=True)
    python = [[[f.rule, f.level, f.start, f.end, f.detail, [list(s) for s in f.spans]]
               for f in RULESET.evaluate(text, None, stage)] for text, stage in texts]
    assert json.loads(result.stdout) == python
    # A document written without in_order means in order, in the browser as in Python.
    for rule in document["rules"]:
        rule["detect"].pop("in_order", None)
    reordered = [("We help SaaS teams. I loved your talk.", "first")]
    result = subprocess.run(["node", "-e", script], input=json.dumps({"doc": document, "texts": reordered}),
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [[]]


@pytest.mark.parametrize(("extra", "path"), [
    ({"level": "suggestion", "alone": {"level": "warning"}}, ("alone", "level")),
    ({"level": "warning", "alone": {"level": "warning"}}, ("alone", "level")),
    ({"stages": ["first"], "alone": {"level": "suggestion", "stages": ["reply"]}}, ("alone", "stages")),
])
def test_a_weak_signal_that_would_be_stronger_alone_is_refused_at_its_place(extra: dict, path: tuple) -> None:
    data = {**WEAK, **extra}
    with pytest.raises(RuleError) as caught:
        compile_rule(data)
    assert caught.value.path == path and caught.value.hint
