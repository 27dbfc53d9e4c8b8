"""Honest verdicts: the checker and `connecting lint` say only what the rules know. When they find
no red flags, the networking-event test's questions are the reader's to answer, in the home page's
own words (the checker's copy of them is held to docs/index.md here)."""

from __future__ import annotations

import json
import re
import subprocess
from html import unescape
from conftest import REPO
from connecting.data.guide import load_guide
from connecting.site import links, render
from connecting.site.ruleset_json import MAX_DRAFT_LENGTH
from connecting.tools.cli import event_test_questions, is_blank

GUIDE = load_guide(REPO)
CHECKER_JS = (REPO / "docs" / "javascripts" / "checker.js").read_text(encoding="utf-8")


def _checker_html() -> str:
    return render.checker_form(GUIDE, links.PageLinks(lambda url: "/" + url), links.RULESET_PATH, MAX_DRAFT_LENGTH)


def test_the_checker_asks_the_home_pages_own_questions() -> None:
    html = _checker_html()
    block = re.search(r'<div class="cc-checker__questions" id="checker-questions" hidden>(.*?)</div>', html, re.S)
    assert block, "the checker's template lost #checker-questions"
    shown = [unescape(item) for item in re.findall(r"<li>(.*?)</li>", block.group(1))]
    assert shown == event_test_questions(REPO), "docs/index.md's questions changed: copy them into checker.html"
    assert len(shown) == 4
    assert 'href="/#the-networking-event-test"' in block.group(1)


def test_the_home_page_holds_the_test_the_checker_links_to() -> None:
    home = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    assert "\n## The networking-event test\n" in home  # the heading that makes #the-networking-event-test


def test_no_verdict_claims_to_pass_the_networking_event_test() -> None:
    cli = (REPO / "connecting" / "tools" / "cli.py").read_text(encoding="utf-8")
    for name, source in (("checker.js", CHECKER_JS), ("cli.py", cli), ("checker.html", _checker_html())):
        assert not re.search(r"pass(es)? the networking-event test", source, re.I), name
    assert "No red flags found" in CHECKER_JS


SAMPLES = ["", " \t\n", "\u200b\u200c\u200d\u2060\ufeff", "\u00a0\u2028\u202e", "\u3000", "\x85\u180e\u00ad",
           ".", "a", "\U0001F44B", "\u200bhi", "\u0301", "\u3164", "_"]


def test_empty_means_the_same_to_the_checker_and_to_lint() -> None:
    """The checker's isBlank (run here under Node) and lint's is_blank agree on every sample."""
    pattern = re.search(r"const isBlank = \(text\) => (/.*?/u)\.test\(text\);", CHECKER_JS)
    assert pattern, "checker.js lost isBlank"
    script = f"const isBlank = (t) => {pattern.group(1)}.test(t); " \
             "process.stdout.write(JSON.stringify(JSON.parse(require('fs').readFileSync(0, 'utf8')).map(isBlank)));"
    node = subprocess.run(["node", "-e", script], input=json.dumps(SAMPLES), capture_output=True, text=True, check=True)
    assert json.loads(node.stdout) == [is_blank(text) for text in SAMPLES]
    assert [is_blank(text) for text in SAMPLES] == [True] * 6 + [False] * 7
