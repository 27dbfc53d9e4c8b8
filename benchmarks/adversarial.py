"""Worst-case time per rule on generated hostile messages, in both engines. A benchmark, not a test.

Issue 10 asks that every rule runs in time linear in the message's length.
This prints, for each rule of the guide alone and for each engine (Python's
``Ruleset.evaluate``, and the browser engine's ``evaluate`` under Node), the
slowest generated input, its time at 10,000 and 100,000 code points, and how
the time grows: 20k/10k is 2 for a linear rule and 4 for a quadratic one, and
100k/10k is 10 for a linear rule and 100 for a quadratic one (issue 10's test
fails above 15).

The inputs are generated from the rules themselves (``inputs_for``):

- long runs of each character, and of each character class, that any rule
  pattern is made of (and the members of each class in turn), alone and
  followed by one of the rule's required literals, so that the literal
  pre-check lets the pattern run;
- runs of each character class a pattern can start with, followed by each of
  the rule's own flag cases' matches, cut short or running into a word ("x"),
  and those matches repeated starting or ending inside a word, which makes a
  restart at start+1 after a match inside a word retry every position;
- near-misses: each case text, each case's match and each phrase minus its
  last character, repeated with spaces between;
- emoji and zero-width-joiner chains, long capitals and punctuation runs,
  mixed scripts, and the three inputs the audit found.

Every input of a rule is timed at 2,000 and 5,000 code points; those whose
100k estimate is worst there (40, or 12 with --quick) at 10k; the slowest and
the fastest-growing at 10k (and any whose estimate would make it the worst,
or whose growth from 5k to 10k predicts more than 15 times from 10k to 100k)
at 20k and 100k. No single run may take more than a few seconds: 20k is not
run when 10k already takes over 1 s, and when 10k takes over 0.2 s, or the
growth predicts more than 3 s, 100k is not run and its time is estimated
("est.") from time ~ length**k, k from the two largest sizes run (at most
2: quadratic; the growth column shows the measured ratio). Once a rule
has a few inputs over 10 ms at 2k (or 0.2 s at 10k), further ones that slow
are estimated as quadratic, not run. Times are the CPU time of the measuring
process (the machines are shared, and a busy neighbour stretches wall-clock
times), the best of up to three runs; an input read over 15 times from 10k to
100k is looked at again as issue 10's test looks (``_confirm``).

Usage: python benchmarks/adversarial.py [--quick] [--engine python|node|both] [--rule ID ...] [--json FILE]
       [--repo DIR]   (DIR: another checkout, e.g. `git archive COMMIT | tar -x -C DIR`, to compare)
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
if TYPE_CHECKING:
    from connecting.engine.rules import Rule


def use_repo(repo: Path) -> Path:
    """Measure the engines of this checkout (another one, such as an older commit
    unpacked with ``git archive``, can be compared with this one); return it."""
    global REPO
    REPO = repo.resolve()
    sys.path.insert(0, str(REPO))
    return REPO


def _engine():
    """The Python engine's modules, from the checkout chosen by ``use_repo``."""
    from connecting.data import guide
    from connecting.engine import patterns, rules
    return guide, patterns, rules


TINY, LOW, SMALL, MID, BIG = 2_000, 5_000, 10_000, 20_000, 100_000
QUICK_SMALL, FULL_SMALL = 12, 40  # inputs per rule timed at 10k (the worst at 2k and 5k), quick run and full
SLOW_TINY = 0.01  # seconds at 2k that mark an input as plainly slow (linear ones take 1-3 ms)
SLOW_SMALL = 0.2  # seconds at 10k above which 100k is not run
VERY_SLOW_SMALL = 1.0  # seconds at 10k above which 20k is not run
MAX_RUN = 3.0  # seconds: the longest single run this benchmark allows itself
GROWTH_LIMIT = 15  # issue 10's test fails where an input takes more than this many times as long at 100k as at 10k
ZWJ = "\u200d"


# --- inputs ------------------------------------------------------------------


def show(text: str, width: int = 28) -> str:
    """A short, visible rendering of a piece of input (joiners and spaces made visible)."""
    out = []
    for ch in text:
        if ch == " ":
            out.append(" ")
        elif ch.isprintable() and unicodedata.category(ch) not in ("Mn", "Cf"):
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}")
    shown = "".join(out)
    if len(shown) > width:
        shown = shown[: width - 1] + "…"
    return '"' + shown + '"'


@dataclass(frozen=True)
class Input:
    """head + as many whole units as fit + tail: at most n code points (adversarial.js builds the same).

    Whole units only: a unit cut short can make a match at one length and not at another
    ("my coaching programm " cut after "program" matched at 100,000 and not at 10,000, and
    read as growing 17 times)."""

    family: str
    head: str = ""
    unit: str = "a"
    tail: str = ""

    def text(self, n: int) -> str:
        fill = max(0, n - len(self.head) - len(self.tail))
        body = self.unit * (fill // len(self.unit))
        return self.head + body + self.tail

    @property
    def label(self) -> str:
        parts = [show(self.head)] if self.head else []
        parts.append(f"{show(self.unit)}×n")
        if self.tail:
            parts.append(show(self.tail))
        return f"{self.family}: {' + '.join(parts)}"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.head, self.unit, self.tail)


def _first_set(items) -> tuple[list, bool]:
    """The items (LITERAL/IN/ANY nodes) a sequence can start with, and whether it can match nothing."""
    from re import _constants as c

    starts: list = []
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
            starts.append((op, av))
            return starts, False
        if op == c.BRANCH:
            nullable = False
            for branch in av[1]:
                sub, empty = _first_set(branch)
                starts += sub
                nullable |= empty
            if not nullable:
                return starts, False
        elif op == c.SUBPATTERN:
            sub, empty = _first_set(av[3])
            starts += sub
            if not empty:
                return starts, False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            sub, empty = _first_set(av[2])
            starts += sub
            if av[0] > 0 and not empty:
                return starts, False
        # AT (^, $) and anything else match no character
    return starts, True


def _all_atoms(items) -> list:
    from re import _constants as c

    out = []
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
            out.append((op, av))
        elif op == c.BRANCH:
            for branch in av[1]:
                out += _all_atoms(branch)
        elif op == c.SUBPATTERN:
            out += _all_atoms(av[3])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            out += _all_atoms(av[2])
    return out


# What stands for "anything but ..." in a negated class, in this order of preference.
_ANYTHING = ["x", "1", ".", "é", "😀", "Ж"]


def _members(atom) -> list[str]:
    """Characters an atom matches: every member of a small class, a few stand-ins for a negated one."""
    from re import _constants as c

    op, av = atom
    if op == c.LITERAL:
        return [chr(av)]
    if op in (c.NOT_LITERAL, c.ANY):
        return [ch for ch in _ANYTHING if op == c.ANY or ord(ch) != av]
    negated = any(item_op == c.NEGATE for item_op, _ in av)
    chars: list[str] = []
    for item_op, item in av:
        if item_op == c.LITERAL:
            chars.append(chr(item))
        elif item_op == c.RANGE:
            chars += [chr(code) for code in range(item[0], min(item[1], item[0] + 40) + 1)]
    if negated:
        return [ch for ch in _ANYTHING if ch not in chars]
    return chars


@dataclass
class PatternParts:
    first: list[str]  # for each class a match can start with: one member, and all its members in turn
    chars: list[str]  # one character per class or literal anywhere in the pattern
    cycles: list[str]  # the members of each class of two or more characters, in turn


def pattern_parts(python_source: str) -> PatternParts:
    from re import _parser

    tree = list(_parser.parse(python_source))
    first_atoms, _ = _first_set(tree)
    atoms = _all_atoms(tree)

    def unique(seq):
        return list(dict.fromkeys(seq))

    # Only classes: a literal first character cannot start a long scan on its own.
    first_classes = [_members(atom) for atom in first_atoms if len(_members(atom)) > 1]
    first = unique([members[0] for members in first_classes] + ["".join(members) for members in first_classes])
    chars = unique(_members(atom)[0] for atom in atoms)
    cycles = unique("".join(_members(atom)) for atom in atoms if len(_members(atom)) > 1)
    return PatternParts(first, chars, cycles)


def _match_of(rule: Rule, text: str) -> str | None:
    """What the rule's pattern matches first in a text (searched lowered for ignore_case, as the engines do)."""
    pattern = rule.derived.pattern
    searched = _engine()[1].lower_each(text) if pattern.ignore_case else text
    match = re.search(pattern.python_source, searched)
    return match.group() if match else None


EMOJI = [
    "👨" + ZWJ, ZWJ + "👨", "👨", "👨 ", "👨🏻", "👨🏻" + ZWJ, "👨\ufe0f" + ZWJ, "👨" + ZWJ + " ", "👨" + ZWJ + ZWJ,
    "👨" + ZWJ + "👩" + ZWJ + "👧 ", ZWJ, "\ufe0f", "🏻", "🇺", "🇺🇸", "🇺🇸 ", "😀 x ", "☺\ufe0f", "★", "👨" + ZWJ + "a",
]
CAPITALS = ["A", "AB ", "SHOUTING ", "A1", "ÀÉ ", "ΑΒΓ ", "ǅ", "ABC DEF a ", "I ", "A B ", "ＡＢＣ "]
PUNCTUATION = ["!", "?", "!?", "!!! ", "?! ", ".", "...", ",", "-", "'", "\u2019", "&", "%", "*|", "{", "{{", "[",
               "<", "<<", "/", ":", "://", "http://", "www.", "#", "@", "$", " ", "\t", "\n", " \n", "_"]
MIXED = ["abcабвαβγ中文日本語عربيעבריתहिन्दी한국어 ", "e\u0301", "e\u0301 ", "İ", "Σa", "ΣΑ ", "١٢٣", "aA", "a1", "a-",
         "a.", "a,", "a ", "ab ", "i ", "you ", "Ж", "中", "ß", "ﬃ", "a\u0300\u0301\u0302"]
KNOWN = [Input("audit", "", "1", " x reach"), Input("audit", "", "👨" + ZWJ, ""), Input("audit", "", "a", ".coz ://")]


def generic_inputs(rules: list[Rule]) -> list[Input]:
    """Inputs that any rule gets: the audit's three, emoji, capitals, punctuation, scripts, pattern characters."""
    out = list(KNOWN)
    out += [Input("emoji", unit=unit) for unit in EMOJI]
    out += [Input("capitals", unit=unit) for unit in CAPITALS]
    out += [Input("punctuation", unit=unit) for unit in PUNCTUATION]
    out += [Input("scripts", unit=unit) for unit in MIXED]
    chars: list[str] = []
    for rule in rules:
        if rule.derived.pattern is not None:
            chars += pattern_parts(rule.derived.pattern.python_source).chars
    out += [Input("pattern char", unit=ch) for ch in dict.fromkeys(chars)]
    return out


def _precheck_tail(rule: Rule) -> str:
    """A tail that lets the rule's literal pre-check through: one of its required literals."""
    literals = rule.derived.pattern.required_literals if rule.derived.pattern else None
    return " " + min(literals, key=lambda lit: (len(lit), lit)) if literals else ""


def inputs_for(rule: Rule, generic: list[Input], quick: bool) -> list[Input]:
    out = list(generic)
    pattern = rule.derived.pattern
    if pattern is not None:
        tail = _precheck_tail(rule)
        parts = pattern_parts(pattern.python_source)
        if tail:
            out += [Input(inp.family + " +literal", inp.head, inp.unit, tail)
                    for inp in generic if not inp.tail]
        out += [Input("class run", unit=cycle) for cycle in parts.cycles]
        out += [Input("class run +literal", unit=cycle, tail=tail) for cycle in parts.cycles if tail]
        # Runs of what a match starts with, running into a near-miss or into a word.
        matches = [m for m in (_match_of(rule, case.text) for case in rule.cases_in("flag")) if m]
        if quick:
            matches = matches[:4]
        tails = []
        for match in matches:
            tails += [match + "x", match[:-1] + tail, " " + match + "x"]
        for start in parts.first:
            out += [Input("start run +case", unit=start, tail=t) for t in tails]
        out += [Input("case match near-miss", unit=m[:-1] + " ", tail=tail) for m in matches]
        out += [Input("case match into word", unit=m + "x ") for m in matches]
        out += [Input("case match from inside a word", unit="x" + m + " ") for m in matches]
        out += [Input("case match glued", unit="x" + m) for m in matches]
    for case in rule.cases:
        if len(case.text) > 1:
            out.append(Input("case near-miss", unit=case.text[:-1] + " "))
    phrases = [*rule.derived.phrases, *rule.derived.unless]
    if quick:
        phrases = phrases[::4]
    for phrase in phrases:
        if len(phrase.text) > 1:
            out.append(Input("phrase near-miss", unit=phrase.text[:-1] + " "))
        out.append(Input("phrase repeated", unit=phrase.text + " "))
    for name in ("self_words", "other_words"):
        if name in rule.params:
            out.append(Input("word list", unit=" ".join(rule.params[name]) + " "))
    return list({inp.key: inp for inp in out}.values())


# --- engines -------------------------------------------------------------------


class PythonEngine:
    name = "python"

    def __init__(self, guide) -> None:
        self.guide = guide
        self.rulesets: dict = {}

    def time(self, rule: Rule, channel: str | None, stage: str, inp: Input, n: int, repeat: int,
             inner: int = 1) -> float:
        """The best of ``repeat`` samples, each the mean of ``inner`` evaluations (see adversarial.js)."""
        if rule.id not in self.rulesets:
            self.rulesets[rule.id] = _engine()[2].Ruleset([rule])
        ruleset = self.rulesets[rule.id]
        chan = self.guide.channels[channel] if channel else None
        ruleset.evaluate(inp.text(500), chan, stage)  # warm the plan and caches
        text = inp.text(n)
        # And the allocator: the first evaluation of a long text takes fresh memory from the
        # system (its page faults count as this process's time); later ones reuse it.
        ruleset.evaluate(text, chan, stage)
        best = math.inf
        gc.disable()
        try:
            for _ in range(repeat):
                start = time.process_time()
                for _ in range(inner):
                    ruleset.evaluate(text, chan, stage)
                best = min(best, (time.process_time() - start) / inner)
        finally:
            gc.enable()
        return best

    def close(self) -> None:
        pass


class PythonProcessEngine:
    """The Python engine timed in a process of its own (``adversarial.py --serve``), as the
    browser engine is: in a long pytest run the same measurement read 15 to 18 times from
    10k to 100k on inputs of repeated phrases, and 10 to 12 times in a process that only
    measures (5 December)."""

    name = "python"

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve", "--repo", str(REPO)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def time(self, rule: Rule, channel: str | None, stage: str, inp: Input, n: int, repeat: int,
             inner: int = 1) -> float:
        return _ask(self.process, {"rule": rule.id, "channel": channel, "stage": stage, "head": inp.head,
                                   "unit": inp.unit, "tail": inp.tail, "n": n, "repeat": repeat,
                                   "inner": inner})["seconds"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def _ask(process: subprocess.Popen, request: dict) -> dict:
    """Send one JSON line to a measuring process and read its one-line answer."""
    process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
    process.stdin.flush()
    answer = json.loads(process.stdout.readline())
    if "error" in answer:
        raise RuntimeError(f"{process.args[0]}: {answer['error']}")
    return answer


def serve() -> int:
    """PythonProcessEngine's other end: a time request per line on stdin, an answer per line on stdout."""
    guide = _engine()[0].load_guide(REPO)
    rules = {rule.id: rule for rule in guide.ruleset.rules}
    engine = PythonEngine(guide)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            inp = Input("served", head=request["head"], unit=request["unit"], tail=request["tail"])
            seconds = engine.time(rules[request["rule"]], request["channel"], request["stage"], inp, request["n"],
                                  request["repeat"], request["inner"])
            answer = {"seconds": seconds}
        except Exception as err:  # noqa: BLE001 - the asking side raises it with the message
            answer = {"error": repr(err)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


class NodeEngine:
    name = "node"

    def __init__(self, doc: dict) -> None:
        script = Path(__file__).with_name("adversarial.js")
        engine = REPO / "docs" / "javascripts" / "connecting-engine.js"
        self.process = subprocess.Popen(["node", str(script), str(engine)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8")
        self._ask({"op": "load", "doc": doc})

    def _ask(self, request: dict) -> dict:
        return _ask(self.process, request)

    def time(self, rule: Rule, channel: str | None, stage: str, inp: Input, n: int, repeat: int,
             inner: int = 1) -> float:
        return self._ask({"op": "time", "rule": rule.id, "channel": channel, "stage": stage, "head": inp.head,
                          "unit": inp.unit, "tail": inp.tail, "n": n, "repeat": repeat, "inner": inner})["seconds"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def _commit(repo: Path) -> str | None:
    try:
        return subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip() if (repo / ".git").exists() else None
    except (OSError, subprocess.CalledProcessError):
        return None


def ruleset_doc() -> dict:
    out = subprocess.run([sys.executable, "-m", "connecting.site.ruleset_json", str(REPO)], cwd=REPO,
                         capture_output=True, text=True, encoding="utf-8", check=True).stdout
    return json.loads(out)


# --- measuring -----------------------------------------------------------------


@dataclass
class Timing:
    inp: Input
    tiny: float  # seconds at 2k } the screen that every input gets
    low: float  # seconds at 5k  }
    small: float | None = None  # seconds at 10k, for the inputs worst at the screen
    mid: float | None = None  # seconds at 20k (not run when 10k took over a second)
    big: float | None = None  # seconds at 100k, when run
    skipped_slow: bool = False  # 10k not run: a few inputs already took over 0.2 s there, as this one would
    low_guessed: bool = False  # 5k not run: a few inputs were already as slow at 2k
    grown: bool = False  # timed past 10k (20k and/or 100k)

    @property
    def exponent(self) -> float:
        """k in time ~ length**k from the two largest sizes run below 100k, between 1 and 2.

        At most 2: the slow shapes found retry a scan from every position
        (quadratic), and at these sizes caches make the growth look steeper
        than it stays. The growth column shows what was measured."""
        sizes = [(TINY, self.tiny), (LOW, self.low), (SMALL, self.small), (MID, self.mid)]
        (n1, t1), (n2, t2) = [(n, t) for n, t in sizes if t is not None][-2:]
        slope = math.log(max(t2, 1e-7) / max(t1, 1e-7)) / math.log(n2 / n1)
        return min(max(slope, 1.0), 2.0)

    @property
    def growth(self) -> float:
        """Time ratio per doubling of length, 2 linear and 4 quadratic: 20k/10k, else 10k/5k, else 5k/2k."""
        if self.mid is not None:
            return self.mid / self.small
        if self.small is not None:
            return self.small / self.low
        return 2 ** (math.log(self.low / self.tiny) / math.log(LOW / TINY))

    @property
    def small_estimate(self) -> float:
        return self.small if self.small is not None else self.low * 2 ** self.exponent

    @property
    def big_estimate(self) -> float:
        """Seconds at 100k: measured, or extrapolated from the growth (at least linear)."""
        if self.big is not None:
            return self.big
        return self.small_estimate * 10 ** self.exponent

    @property
    def big_ratio(self) -> float:
        return self.big_estimate / self.small_estimate


def channel_for(rule: Rule, guide) -> tuple[str | None, str]:
    """None ("any channel") when the rule runs without one, else the first channel it runs on."""
    stage = "first" if rule.stages is None or "first" in rule.stages else rule.stages[0]
    if rule.applies(None, stage):
        return None, stage
    for channel_id in ["email", *guide.channels]:
        if rule.applies(guide.channels[channel_id], stage):
            return channel_id, stage
    raise SystemExit(f"rule {rule.id} runs on no channel")


def _timed(engine, rule, channel, stage, inp, n, rounds: int = 3) -> float:
    """The best of a few runs: up to ``rounds`` below 0.1 s, two below 0.5 s, else one."""
    seconds = engine.time(rule, channel, stage, inp, n, repeat=1)
    more = rounds - 1 if seconds < 0.1 else 1 if seconds < 0.5 else 0
    if more:
        seconds = min(seconds, engine.time(rule, channel, stage, inp, n, repeat=more))
    return seconds


def measure_rule(engine, rule: Rule, channel, stage, inputs: list[Input], quick: bool) -> list[Timing]:
    """Every input at 2k and 5k; the worst there at 10k; the worst and fastest-growing at 20k and 100k."""
    timings = []
    slow_screens = 0
    for inp in inputs:
        tiny = _timed(engine, rule, channel, stage, inp, TINY, rounds=2)
        if tiny > SLOW_TINY and slow_screens >= (3 if quick else 6):
            # Plainly slow, like several before it: 5k guessed as if quadratic, not run.
            timings.append(Timing(inp, tiny, tiny * (LOW / TINY) ** 2, low_guessed=True))
            continue
        slow_screens += tiny > SLOW_TINY
        low = _timed(engine, rule, channel, stage, inp, LOW, rounds=1 if tiny > SLOW_TINY / 2 else 2)
        timings.append(Timing(inp, tiny, low))
    timings.sort(key=lambda t: -t.big_estimate)
    slow = 0
    for timing in timings[:QUICK_SMALL if quick else FULL_SMALL]:
        if timing.small_estimate > SLOW_SMALL and slow >= (2 if quick else 4):
            timing.skipped_slow = True  # enough slow inputs timed: this one is estimated, not run
            continue
        timing.small = _timed(engine, rule, channel, stage, timing.inp, SMALL)
        slow += timing.small > SLOW_SMALL
    ran = [t for t in timings if t.small is not None]
    # 20k for the slowest at 10k and the fastest-growing (sub-millisecond times are noise) ...
    keep = 3 if quick else 6
    steady = [t for t in ran if t.small >= 0.002]
    chosen = {id(t): t for t in sorted(ran, key=lambda t: -t.small)[:keep]}
    chosen.update({id(t): t for t in sorted(steady, key=lambda t: -t.exponent)[:keep]})
    for timing in chosen.values():
        _grow(engine, rule, channel, stage, timing)
    # ... and for any other input whose estimate would make it the worst.
    for _ in range(10):
        worst = _worst(timings)
        rivals = [t for t in ran if not t.grown and t.big_estimate > worst.big_estimate]
        if not rivals:
            break
        _grow(engine, rule, channel, stage, max(rivals, key=lambda t: t.big_estimate))
    # ... and every steady input whose 5k-to-10k growth predicts more than the limit: at those
    # sizes caches make linear inputs look steeper (2.4 per doubling), so a count of inputs over
    # the limit rests on times at 100k wherever they can be run, not on that prediction.
    for timing in ran:
        if not timing.grown and timing.small >= 0.002 and timing.big_ratio > GROWTH_LIMIT:
            _grow(engine, rule, channel, stage, timing)
    return timings


def _grow(engine, rule, channel, stage, timing: Timing) -> None:
    """Time an input at 20k (unless 10k took over a second), then at 100k if that stays within bounds."""
    timing.grown = True
    if timing.small <= VERY_SLOW_SMALL:
        timing.mid = _timed(engine, rule, channel, stage, timing.inp, MID)
    if timing.small <= SLOW_SMALL and timing.big_estimate <= MAX_RUN:
        timing.big = _timed(engine, rule, channel, stage, timing.inp, BIG)
        if timing.big > GROWTH_LIMIT * timing.small:
            _confirm(engine, rule, channel, stage, timing)


def _confirm(engine, rule, channel, stage, timing: Timing) -> None:
    """Look again at an input read over the limit, as issue 10's test does: 10k timed as the
    mean of BIG // SMALL evaluations, so that both sizes handle as many characters and meet
    as much garbage collection, and more samples of each. A sub-millisecond 10k reading
    decided the ratio otherwise: promo-call-to-action on "shop my " repeated read 15.2 to
    17.5 times in Node, and 84 ns a code point at both sizes with five samples of each."""
    inner = max(1, BIG // SMALL)
    timing.small = min(timing.small, engine.time(rule, channel, stage, timing.inp, SMALL, repeat=3, inner=inner))
    timing.big = min(timing.big, engine.time(rule, channel, stage, timing.inp, BIG, repeat=3))


def _worst(timings: list[Timing]) -> Timing:
    """The input slowest at 100k (measured or estimated), among those grown past 10k."""
    return max((t for t in timings if t.grown), key=lambda t: (t.big_estimate, t.small))


@dataclass
class RuleReport:
    rule: str
    engine: str
    channel: str | None
    inputs: int
    worst: Timing
    worst_ratio: Timing  # the input whose time grows fastest
    seconds: float
    all: list[Timing] = field(repr=False, default_factory=list)

    @property
    def superlinear(self) -> int:
        """Inputs whose time grows more than GROWTH_LIMIT-fold from 10k to 100k (issue 10's test), slow ones left out included."""
        steady = [t for t in self.all if t.small is not None and (t.big is not None or t.small >= 0.002)]
        return sum(t.big_ratio > GROWTH_LIMIT for t in steady) + sum(t.skipped_slow for t in self.all)


def summarize(engine_name, rule, channel, timings, seconds) -> RuleReport:
    worst = _worst(timings)
    steady = [t for t in timings if t.small is not None and (t.big is not None or t.small >= 0.002)]
    worst_ratio = max(steady or timings, key=lambda t: t.big_ratio)
    return RuleReport(rule.id, engine_name, channel, len(timings), worst, worst_ratio, seconds, timings)


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.2f} ms"


def fmt_small(timing: Timing) -> str:
    return fmt_seconds(timing.small) if timing.small is not None else f"{fmt_seconds(timing.small_estimate)} est."


def fmt_big(timing: Timing) -> str:
    return fmt_seconds(timing.big) if timing.big is not None else f"{fmt_seconds(timing.big_estimate)} est."


def fmt_growth(timing: Timing) -> str:
    """The growth per doubling, and the sizes it comes from."""
    label = "20k/10k" if timing.mid is not None else "10k/5k" if timing.small is not None else "5k/2k"
    return f"{timing.growth:.1f} {label}"


def print_table(reports: list[RuleReport]) -> None:
    print()
    header = (f"{'rule':<27} {'engine':<6} {'10k':>13} {'100k':>13} {'x2 growth':>15} {'100k/10k':>9}"
              f"  worst input")
    print(header)
    print("-" * len(header))
    for report in reports:
        for timing, note in ((report.worst, ""), (report.worst_ratio, "fastest growing: ")):
            if note and (timing is report.worst or timing.big_ratio <= GROWTH_LIMIT):
                continue
            name = (report.rule, report.engine) if not note else ("", "")
            print(f"{name[0]:<27} {name[1]:<6} {fmt_small(timing):>13} {fmt_big(timing):>13} "
                  f"{fmt_growth(timing):>15} {timing.big_ratio:>8.1f}{' ' if timing.big is not None else '*'}"
                  f"  {note}{timing.inp.label}")
    print("\nx2 growth: the time ratio per doubling of length, 2 for linear and 4 for quadratic.")
    print("* 100k not run (10k over 0.2 s, or over 3 s predicted): estimated from time ~ length**k,")
    print("  k from the two largest sizes run (of 2k, 5k, 10k and 20k), at most 2 (quadratic).")
    print(f"Issue 10's relative test fails where 100k/10k exceeds {GROWTH_LIMIT}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer inputs, and fewer of them timed past 5k")
    parser.add_argument("--engine", choices=("python", "node", "both"), default="both")
    parser.add_argument("--rule", action="append", help="only this rule (repeatable)")
    parser.add_argument("--json", type=Path, help="also write every timing to this file")
    parser.add_argument("--list-inputs", action="store_true", help="print each rule's inputs and stop")
    parser.add_argument("--serve", action="store_true", help="answer time requests on stdin (PythonProcessEngine)")
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="the checkout whose engines to measure (default: this one), e.g. an older commit "
                             "unpacked with `git archive COMMIT | tar -x -C DIR`")
    args = parser.parse_args(argv)

    use_repo(args.repo)
    if args.serve:
        return serve()
    print(f"Engines of {REPO}" + (f" (commit {_commit(REPO)})" if _commit(REPO) else ""))
    guide = _engine()[0].load_guide(REPO)
    rules = [rule for rule in guide.ruleset.rules if not args.rule or rule.id in args.rule]
    generic = generic_inputs(guide.ruleset.rules)
    if args.list_inputs:
        for rule in rules:
            for inp in inputs_for(rule, generic, args.quick):
                print(f"{rule.id}\t{inp.label}")
        return 0

    engines = []
    if args.engine in ("python", "both"):
        engines.append(PythonEngine(guide))
    if args.engine in ("node", "both"):
        if shutil.which("node") is None:
            print("node is not installed: the browser engine is not measured.")
        else:
            engines.append(NodeEngine(ruleset_doc()))
    started = time.perf_counter()
    reports: list[RuleReport] = []
    try:
        for rule in rules:
            channel, stage = channel_for(rule, guide)
            inputs = inputs_for(rule, generic, args.quick)
            for engine in engines:
                t0 = time.perf_counter()
                timings = measure_rule(engine, rule, channel, stage, inputs, args.quick)
                report = summarize(engine.name, rule, channel, timings, time.perf_counter() - t0)
                reports.append(report)
                print(f"{rule.id:<27} {engine.name:<6} {len(inputs):>4} inputs, channel {channel or 'any'}, "
                      f"worst {fmt_small(report.worst)} at 10k, {fmt_big(report.worst)} at 100k, "
                      f"{report.superlinear} growing over {GROWTH_LIMIT}x ({report.seconds:.1f} s)", flush=True)
    finally:
        for engine in engines:
            engine.close()
    print_table(reports)
    print(f"\nTotal {time.perf_counter() - started:.0f} s.")
    if args.json:
        args.json.write_text(json.dumps([{
            "rule": r.rule, "engine": r.engine, "channel": r.channel,
            "timings": [{"input": t.inp.label, "head": t.inp.head, "unit": t.inp.unit, "tail": t.inp.tail,
                         "s2k": t.tiny, "s5k": t.low, "s10k": t.small, "s20k": t.mid, "s100k": t.big,
                         "s100k_est": t.big_estimate} for t in r.all],
        } for r in reports], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
