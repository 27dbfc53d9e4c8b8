"""The browser engine (docs/javascripts/connecting-engine.js, under Node) reaches
exactly the Python engine's findings: on every text of the guide and on a
generated corpus, under every channel and stage."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from connecting.site.links import RULESET_PATH
from connecting.site.ruleset_json import ruleset_document
from connecting.data.guide import Guide, load_guide
from message_corpus import corpus

from conftest import REPO

EVALUATE = REPO / "tests" / "js" / "evaluate.js"
STAGES = ("first", "reply")


@pytest.fixture(scope="module")
def guide() -> Guide:
    loaded = load_guide(REPO)
    assert loaded.ok, loaded.problems
    return loaded


@pytest.fixture(scope="module")
def document(guide: Guide) -> dict:
    return ruleset_document(guide)


def python_findings(guide: Guide, text: str, channel: str | None, stage: str) -> list[dict]:
    return [finding.as_dict() for finding in guide.ruleset.evaluate(text, (guide.channels.get(channel) if channel else None), stage)]


def node_findings(document: dict, cases: list[tuple[str, str | None, str]], options: dict | None = None) -> list[list[dict]]:
    request = json.dumps({"ruleset": document, "cases": cases, "options": options or {}})
    result = subprocess.run(["node", str(EVALUATE)], input=request, capture_output=True, text=True,
                            encoding="utf-8", timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_same(guide: Guide, document: dict, cases: list[tuple[str, str | None, str]],
                options: dict | None = None) -> list[list[dict]]:
    expected = [python_findings(guide, *case) for case in cases]
    actual = node_findings(document, cases, options)
    assert len(actual) == len(cases)
    differences = [(case, want, got) for case, want, got in zip(cases, expected, actual) if want != got]
    assert not differences, "\n".join(
        f"{case[0][:120]!r} on {case[1]}/{case[2]}:\n  python {want}\n  node   {got}"
        for case, want, got in differences[:10]) + f"\n({len(differences)} of {len(cases)} differ)"
    return expected


def test_every_text_of_the_guide_gets_the_same_findings(guide: Guide, document: dict) -> None:
    cases = []
    for example in guide.examples.values():
        cases.append((example.dont_text, example.channel, example.stage))
        cases.append((example.do_text, example.channel, example.stage))
    findings = assert_same(guide, document, cases)
    # The pairs mean something: every don't is flagged and no do fails.
    assert all(findings[0::2]) and len(cases) == 2 * len(guide.examples)


@pytest.mark.slow  # 38,000 evaluations in each engine: `make test` runs it, `make test-fast` leaves it out
def test_generated_corpus_gets_the_same_findings_under_every_channel_and_stage(guide: Guide, document: dict) -> None:
    texts = corpus(guide.ruleset.rules)
    assert len(texts) >= 2000
    channels = [None, *guide.channels]
    cases = [(text, channel, stage) for text in texts for channel in channels for stage in STAGES]
    findings = assert_same(guide, document, cases)
    fired = Counter(finding["rule"] for per_case in findings for finding in per_case)
    print(f"\n{len(texts)} corpus texts x {len(channels)} channels x {len(STAGES)} stages = {len(cases)} evaluations")
    for rule in guide.ruleset.rules:
        print(f"  {rule.id:32} fired {fired[rule.id]:6} times")
    rare = {rule.id: fired[rule.id] for rule in guide.ruleset.rules if fired[rule.id] < 20}
    assert not rare, f"rules that fired fewer than 20 times in the corpus: {rare}"


def test_re2js_for_long_texts_finds_what_the_browser_engine_and_python_find(guide: Guide, document: dict) -> None:
    """Beyond a thousand UTF-16 units the browser engine searches unbounded patterns with re2js: force it on every text and pattern."""
    texts = corpus(guide.ruleset.rules)
    texts += [example.dont_text for example in guide.examples.values()]
    assert_same(guide, document, [(text, None, "first") for text in texts], options={"nativeLimit": 0})


def test_dotted_capital_i_and_capital_sigma_before_a_match_keep_its_place(guide: Guide, document: dict) -> None:
    """Both engines lower a text in whole passes and keep U+0130 as it is: a finding after either stays put."""
    fillers = ["\u0130", "\u0130\u03a3 ", "\u03a3\u0130\u0130\u03a3", "A\u0130b \u03a3\u0391\u03a3 "]
    texts = [filler * count + example.dont_text + " " + filler
             for example in guide.examples.values() for filler in fillers for count in (1, 3)]
    findings = assert_same(guide, document, [(text, None, "first") for text in texts])
    assert sum(map(len, findings)) > len(texts)


def test_corpus_holds_what_the_engines_could_disagree_on(guide: Guide) -> None:
    texts = corpus(guide.ruleset.rules)
    joined = "".join(texts)
    assert any(ord(ch) > 0xFFFF for ch in joined), "astral characters"
    assert "e\u0301" in joined and "\u00e9" in joined, "accents composed and decomposed"
    assert max(map(len, texts)) > 10000, "a very long input"
    assert "\u00a0" in joined and "\u2028" in joined, "odd whitespace"


def test_the_build_writes_the_ruleset_into_the_site(built_site: Path, guide: Guide) -> None:
    published = json.loads((built_site / RULESET_PATH).read_text(encoding="utf-8"))
    assert [rule["id"] for rule in published["rules"]] == [rule.id for rule in guide.ruleset.rules]
    assert {example["id"] for example in published["examples"]} == set(guide.examples)
    for rule in published["rules"]:
        # Links are relative to the site's root, so the site works under any path; each lands on a page.
        for url in (rule["principle_url"], rule["url"]):
            assert not url.startswith(("/", "http:", "https:")), url
            assert (built_site / url.split("#")[0] / "index.html").exists(), url
    for example in published["examples"]:
        assert (built_site / example["url"].split("#")[0] / "index.html").exists(), example["url"]
    # The principles, which the quiz's summary names and links: every one, each landing on its page.
    assert [p["id"] for p in published["principles"]] == guide.principles
    for principle in published["principles"]:
        assert principle["title"] == guide.principle_titles[principle["id"]]
        assert (built_site / principle["url"] / "index.html").exists(), principle["url"]
