"""The portable pattern subset: what it accepts, what it refuses and where, and that Node agrees."""

from __future__ import annotations

import json
import random
import re
import subprocess
import time

import pytest

from connecting.engine.patterns import PatternError, lower_each, portable_pattern
from test_rules import GUIDE

ACCEPTED = [
    r"abc", r"a|b", r"(?:ab)+", r"[a-z0-9_]+", r"[^ \t\n]+", r"\{\{?", r"%[a-z]{2,30}%", r"^hi", r"bye$",
    r"[-a]", r"[a-]", r"x{3}", r"x{3,}", r"[!?]{3,}", r"[a-z]{1,63}\.com", r"www\.[a-z]+\.com", r"xy*?", r"(?:ab|cd)+", r"x(?:a|b){0,3}", r"caf\u00e9".encode().decode("unicode_escape"),
    r"15 (?:minutes|min)", r"15 (?:min|minutes) ago", r"(?:a|ab)c", r"x (?:day|days)\.",
    # Repeated groups that a text splits into repetitions one way only: each ends in a separator
    # (or starts with a leader) that nothing else in it matches, or the next character picks the
    # alternative and its length.
    r"x(?:[a-z-]{1,20} ){1,5}owners", r"x(?: [a-z]{1,9}){1,9}y", r"x(?: (?:cet|cest|et|est)){0,3}",
    r"x(?:[0-9]{1,2}(?:[:.][0-9]{2})? ){1,16}y", r"(?:more |of the |discounted ){0,3}x",
    r"[a-z]{1,63} x reach", r"[!?]{4,1000}",
]
REFUSED = [
    (r"\bword", 0, "`\\b`"), (r"a\d", 1, "`\\d`"), (r"a\s+b", 1, "`\\s`"), (r"a.b", 1, "`.`"),
    (r"(ab)", 0, "non-capturing"), (r"(?i)abc", 0, "non-capturing"), (r"(?<=a)b", 0, "non-capturing"),
    (r"[a-\u00ff]".encode().decode("unicode_escape"), 2, "ASCII"), (r"[z-a]", 2, "backwards"),
    (r"a{,3}", 1, "counted repeat"), (r"a{2", 1, "counted repeat"), (r"}", 0, "unescaped"),
    (r"*a", 0, "nothing to repeat"), (r"(?:a+)+", 0, "exponential"),
    (r"(?:a|a)+b", 0, "start with the same character"), (r"x(?:[a-z]|[a-z])+x", 1, "start with the same character"),
    (r"(?:ab|ac)*", 0, "start with the same character"), (r"a**", 2, "another quantifier"),
    (r"[a-z--b]", 4, "literal only first or last"), (r"[a&&b]", 2, "set operation"), (r"[[a]", 1, "\\["),
    (r"(?:ab", 5, "never closed"), (r"ab)", 2, "unbalanced"), (r"a\-b", 1, "not a portable escape"),
    (r"x*", 0, "empty text"), (r"", 0, "empty"),
    # Quadratic shapes: a long run of the class is read to its end from every start, then the match fails.
    (r"[a-z0-9-]+\.com/", 0, "quadratic"), (r"ab|[0-9][0-9,.]*[ ]?k", 8, "quadratic"),
    (r"[a-z]{1,500} x reach", 0, "up to 500 times"),
    # A repeated group that a text splits into repetitions in many ways: a backtracking engine
    # (the browser's) tries every split, bounded or not (test_refused_shapes_are_slow_...).
    (r"x(?:[a-z-]{1,20} ?){1,5}owners", 1, "does not end in a character"),
    (r"x(?:[a-z]{1,20} ?)+y", 1, "does not end in a character"), (r"x(?: ?[a-z]{1,9}){1,9}y", 1, "does not end"),
    (r"x(?:a|aa){1,24}c", 1, "start with the same character"),
    (r"x(?:[0-9]{1,2}[0-9]? ){1,16}y", 1, "more than one way"), (r"x(?:y(?:[ab]|[bc])){1,9}z", 1, "more than one way"),
    # A shorter word before a longer one that starts with it, where the pattern ends: "15 minutes"
    # would match "15 min", end inside a word and be dropped.
    (r"15 (?:min|minutes)", 6, "put `minutes` first"), (r"a|b (?:day|days)?", 7, "put `days` first"),
    (r"x (?:y (?:tue|tues))", 10, "put `tues` first"), (r"min|minutes", 0, "put `minutes` first"),
]


@pytest.mark.parametrize("source", ACCEPTED)
def test_accepted(source: str) -> None:
    portable_pattern(source, ignore_case=False).compile()


@pytest.mark.parametrize("source, column, words", REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_with_the_column(source: str, column: int, words: str) -> None:
    with pytest.raises(PatternError) as caught:
        portable_pattern(source, ignore_case=False)
    assert caught.value.column == column
    assert words in caught.value.message


# (refused, the accepted way to write it, a text on which the refused one tries many splits)
SLOW_SHAPES = [
    (r"x(?:[a-z-]{1,20} ?){1,5}owners", r"x(?:[a-z-]{1,20} ){1,5}owners", "x" + "a" * 45 + "!"),
    (r"x(?:a|aa){1,24}c", r"x(?:a|ba){1,24}c", "x" + "a" * 24 + "!"),
    (r"x(?:[0-9]{1,2}[0-9]? ){1,16}y", r"x(?:[0-9]{1,2}(?:[:.][0-9]{2})? ){1,16}y", "x" + "12 " * 16 + "!"),
    (r"x(?: ?[a-z]{1,9}){1,9}y", r"x(?: [a-z]{1,9}){1,9}y", "x" + "a" * 20 + "!"),
]


@pytest.mark.parametrize(("refused", "accepted", "text"), SLOW_SHAPES, ids=[shape[0] for shape in SLOW_SHAPES])
def test_refused_shapes_are_slow_in_a_backtracking_engine(refused: str, accepted: str, text: str) -> None:
    """Each bounded shape the guard refuses takes a backtracking engine (Python's `re`, like the
    browser's) over a hundred times as long on one short text as its accepted rewrite, which
    splits the text into repetitions one way only: 4 to 24 ms against 0.1 to 1.4 µs, measured
    on 4 December."""
    with pytest.raises(PatternError):
        portable_pattern(refused, ignore_case=False)
    assert portable_pattern(accepted, ignore_case=False).bounded

    def best_time(source: str, inner: int) -> float:
        regex = re.compile(source)
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            for _ in range(inner):
                regex.search(text)
            best = min(best, (time.process_time() - start) / inner)
        return best

    assert best_time(refused, 1) > 100 * max(best_time(accepted, 100), 1e-6)


def test_ignore_case_patterns_are_written_in_small_letters() -> None:
    with pytest.raises(PatternError) as caught:
        portable_pattern("hi FNAME", ignore_case=True)
    assert caught.value.column == 3 and "small letters" in caught.value.message
    assert portable_pattern("FNAME", ignore_case=False)


def test_lower_each_keeps_every_offset() -> None:
    assert lower_each("Hİ ΣΑΣ Kelvin") == "hİ σασ kelvin"  # dotted I stays; sigma is never final
    assert len(lower_each("İstanbul")) == len("İstanbul")


# Capital and final sigmas, the dotted capital I, letters that lower to another script's or an
# astral letter, and letters that do not change: the cases where whole-text lowering could differ.
_LOWERING_ALPHABET = "\u03a3\u03c3\u03c2\u0130iIaA \u212a\u2126\u1e9e\u01c5\U00010400\u0345."


def _lowered_one_by_one(text: str) -> str:
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def test_lower_each_is_each_code_point_lowered_on_its_own() -> None:
    rng = random.Random(10)
    texts = ["".join(rng.choice(_LOWERING_ALPHABET) for _ in range(rng.randrange(1, 12))) for _ in range(20_000)]
    texts += ["\u0130" * 5, "\u03a3\u0130\u03a3", "A\u0130\u03a3 \u0130"]
    wrong = [text for text in texts if lower_each(text) != _lowered_one_by_one(text)]
    assert not wrong, wrong[:5]


def test_only_the_dotted_capital_i_grows_when_lowered_in_python_and_in_node() -> None:
    # lower_each and the browser engine's Scanned.lowered lower whole texts and keep U+0130
    # aside: a new Unicode version adding such a code point must fail here, not shift offsets.
    python = [code for code in range(0x110000)
              if not 0xD800 <= code < 0xE000 and len(chr(code).lower()) != 1]
    script = ("const grow = []; for (let c = 0; c < 0x110000; c++) { if (c >= 0xd800 && c < 0xe000) continue;"
              " if (Array.from(String.fromCodePoint(c).toLowerCase()).length !== 1) grow.push(c); }"
              " console.log(JSON.stringify(grow));")
    node = json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)
    assert python == node == [0x130]


@pytest.mark.parametrize(("source", "bounded"), [
    ("a{1,3}b", True), ("(?:free |quick ){1,3}x", True), ("[+*]x", True), ("a\\+b", True),
    ("x [0-9]+ y", False), ("x(?:more |less )*y", False), ("x[!?]{4,}", False), ("a|b(?:c|d[a-z]*)", False),
])
def test_a_pattern_is_bounded_when_every_repeat_has_an_upper_bound(source: str, bounded: bool) -> None:
    # The browser engine searches a bounded pattern with its own RegExp at any length (kinds._pattern_export).
    assert portable_pattern(source, ignore_case=False).bounded is bounded


def test_dollar_means_the_very_end_in_python_as_in_javascript() -> None:
    regex = portable_pattern("bye$", ignore_case=False).compile()
    assert regex.search("bye") and not regex.search("bye\n")


def test_every_rule_pattern_compiles_and_matches_the_same_in_node() -> None:
    """Each rule's pattern, run by JavaScript's RegExp with the u flag on its own cases, finds the same raw matches.

    With ignore_case both sides search the text lowered one code point at a time.
    """
    probes = []
    for rule in GUIDE.ruleset.rules:
        if not rule.derived.pattern:
            continue
        texts = [case.text for case in rule.cases]
        lower = rule.derived.pattern.ignore_case
        python = [[[m.start(), m.end()] for m in rule.derived.pattern.compile().finditer(lower_each(t) if lower else t)]
                  for t in texts]
        probes.append({"source": rule.derived.pattern.source, "lower": lower, "texts": texts, "python": python})
    script = """
const probes = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const lowerEach = t => Array.from(t).map(c => { const l = c.toLowerCase(); return Array.from(l).length === 1 ? l : c; }).join('');
const out = probes.map(p => p.texts.map(raw => {
  const t = p.lower ? lowerEach(raw) : raw;
  const cps = Array.from(t); const toCp = []; let u = 0;
  cps.forEach((c, i) => { for (let k = 0; k < c.length; k++) toCp[u + k] = i; u += c.length; }); toCp[u] = cps.length;
  return [...t.matchAll(new RegExp(p.source, 'gu'))].map(m => [toCp[m.index], toCp[m.index + m[0].length]]);
}));
process.stdout.write(JSON.stringify(out));
"""
    result = subprocess.run(["node", "-e", script], input=json.dumps(probes), capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [probe["python"] for probe in probes]


def test_the_required_literal_precheck_never_skips_a_match() -> None:
    """Wherever a rule pattern matches, one of its required literals occurs."""
    import random

    rng = random.Random(3)
    alphabet = "abcdefghijklmnopqrstuvwxyz {}[]%*|<>!?&=/._-:0123456789"
    for rule in GUIDE.ruleset.rules:
        if not rule.derived.pattern:
            continue
        required = rule.derived.pattern.required_literals
        assert required, rule.id
        regex = rule.derived.pattern.compile()
        texts = [case.text for case in rule.cases]
        texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 60))) for _ in range(3000)]
        texts += [" ".join(rng.sample(list(required), min(2, len(required)))) for _ in range(50)]
        for text in texts:
            searched = lower_each(text) if rule.derived.pattern.ignore_case else text
            if regex.search(searched):
                assert any(literal in searched for literal in required), (rule.id, text)


def test_the_rulesets_pattern_gate_answers_every_check_as_each_patterns_own_search_does() -> None:
    """One RE2 set pass per text stands in for asking each pattern whether it matches anywhere:
    it must agree with every pattern's own search, on the rule cases and on texts built from
    the pieces that every match needs."""
    import random

    import re2

    from connecting.engine.kinds import pattern_checks
    from connecting.engine.scanning import ScannedText

    ruleset = GUIDE.ruleset
    checks = [check for rule in ruleset.rules for check in pattern_checks(rule.derived)]
    assert len(checks) >= 10
    patterns = [rule.derived.pattern for rule in ruleset.rules if rule.derived.pattern]
    pieces = [literal for pattern in patterns for literal in pattern.required_literals or ()]
    pieces += ["É", "ß", "ǅ", " ", "x", "\n", "1", "$", "!!!", "https://", ".com/"]
    rng = random.Random(11)
    texts = [case.text for rule in ruleset.rules for case in rule.cases]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 8))) for _ in range(2000)]
    texts += [text.upper() for text in texts[:300]]
    searches = {check: re2.compile(check.source) for check in checks}
    matched = set()
    for text in texts:
        scanned = ScannedText(text)
        found = ruleset._gate.found(scanned)
        for check in checks:
            searched = scanned.lowered if check.lowered else scanned.text
            holds = searches[check].search(searched) is not None
            assert (check in found) == holds, (text, check.source[:60])
            matched |= {check} if holds else set()
    assert len(matched) == len(set(checks)), "every pattern matched some text, so the gate was asked both ways"


def test_a_pattern_gate_whose_set_gives_up_lets_every_pattern_search() -> None:
    """RE2's set answers from a DFA and reports nothing when it runs out of memory on a text;
    the gate's sentinel (an empty pattern, which matches every text) tells that apart from
    "no pattern matches", and then no detector is skipped."""
    from connecting.engine.detectors import PatternCheck, PatternGate
    from connecting.engine.scanning import ScannedText

    checks = [PatternCheck("free (?:trial|demo)", True), PatternCheck("[A-Z]{4,}", False)]
    gate = PatternGate(checks)
    assert gate.found(ScannedText("a free demo")) == {checks[0]}
    assert gate.found(ScannedText("nothing here")) == set()

    class GaveUp:
        def Match(self, text):  # what RE2::Set gives when its DFA fails: no index at all
            return None

    for lowered, (_, owners) in list(gate._forms.items()):
        gate._forms[lowered] = (GaveUp(), owners)
    assert gate.found(ScannedText("nothing here")) == set(checks)


def test_messages_searched_with_and_without_the_gate_get_the_same_findings(monkeypatch) -> None:
    """The first messages a ruleset evaluates skip the gate (its automaton costs more to build
    than it saves them), later ones go through it: the findings must not depend on which."""
    from pathlib import Path

    from connecting.engine import rules as engine
    from connecting.tools.eval import load_corpus

    root = Path(__file__).resolve().parents[1]
    corpus = load_corpus(root, sorted((root / "eval").rglob("*.yml")), GUIDE.channels)
    messages = [(case.text, GUIDE.channels.get(case.channel), case.stage)
                for rule in GUIDE.ruleset.rules for case in rule.cases]
    messages += [(m.text, GUIDE.channels[m.channel], m.stage) for m in corpus.messages]
    assert len(messages) > 5000

    def findings(gate_after: int) -> list:
        monkeypatch.setattr(engine, "_GATE_AFTER", gate_after)
        ruleset = engine.Ruleset(list(GUIDE.ruleset.rules))
        return [ruleset.evaluate(text, channel, stage) for text, channel, stage in messages]

    gated, searched = findings(0), findings(len(messages) + 1)
    assert sum(1 for found in gated if found) > 2000
    assert gated == searched
