"""Every rule runs in time linear in the message's length, in both engines (issue 10).

The inputs are benchmarks/adversarial.py's, generated from each rule (runs of the
classes its pattern starts with, near-misses of its phrases and cases, joiner and
emoji chains, capitals, punctuation, mixed scripts). The test is relative, so a
busy machine cannot make it fail: an input fails when it takes more than 15 times
as long at 100,000 code points as at 10,000, in either engine. A quadratic search
takes 100 times as long (the audit's inputs did).

A linear engine still does not take exactly 10 times as long on 10 times the
text: at 100,000 code points what an evaluation keeps no longer fits in the
processor's caches, and in V8 it outlives a young-generation collection. So the
engines keep little per word (the browser engine holds word bounds in typed
arrays and makes each word's key when asked for it; before, inputs of many short
words read 15 to 36 times in Node), the timed samples come after an untimed
evaluation of the same text (the first one takes fresh memory from the system),
each engine is timed in a process that does nothing else (in pytest's own process
inputs of repeated phrases read 15 to 18 times), a growth over the limit is timed
again as the best of more samples and looked at once more after the rest, and these
tests run on their own after the rest of `make test` (`-m timing`): beside a
browser test on the other core, inputs of short words read 15 to 20 times in
Python. Measured alone on 5 December, every input read 15 times or less in both
engines. How long each input takes is the benchmark's to print (`make bench`),
not asserted here.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import time
from collections.abc import Callable

import pytest

from conftest import REPO

spec = importlib.util.spec_from_file_location("adversarial", REPO / "benchmarks" / "adversarial.py")
adversarial = importlib.util.module_from_spec(spec)
sys.modules["adversarial"] = adversarial  # its dataclasses look their module up
spec.loader.exec_module(adversarial)

SMALL, BIG = 10_000, 100_000
MAX_GROWTH = {"python": 15.0, "node": 15.0}  # 100k against 10k
# A sub-millisecond time is mostly the machine's noise (a first run that grows the heap,
# a neighbour's burst): a growth over the limit is timed again, as the best of more runs,
# before it counts.
CONFIRM_RUNS = 5
# Samples in each confirming run, the best of them counting: the first evaluations after
# a change of input can run before V8 has optimised (or after it has deoptimised) the
# engine's code for it; "u" repeated read 5 to 12 ns a character at 100k in the first
# four runs, 4.9 in every one after (5 December).
CONFIRM_SAMPLES = 3

# (input, code points, samples, evaluations per sample) -> best seconds per evaluation
Timer = Callable[[object, int, int, int], float]


def superlinear_growth(timer: Timer, inp, limit: float, small: int = SMALL, big: int = BIG) -> str | None:
    """How an input grows faster than the limit allows, or None: a quick look, then confirming ones.

    Each sample handles as many characters at either size (the small text big/small
    times), so that both meet the same garbage collection, and a timer reading of a
    fraction of a millisecond does not decide the ratio. The confirming samples
    alternate the two sizes, so that a neighbour's burst of work falls on both rather
    than on the big text's samples alone (in one CI run, sales-offer on "!" repeated
    read 0.07 ms at 10,000 and 4.35 ms at 100,000, 64 times, and 9 to 15 times on
    every run since)."""
    inner = max(1, big // small)
    t_small, t_big = timer(inp, small, 1, inner), timer(inp, big, 1, 1)
    for _ in range(CONFIRM_RUNS):
        if t_big <= limit * t_small:
            return None
        t_small = min(t_small, timer(inp, small, CONFIRM_SAMPLES, inner))
        t_big = min(t_big, timer(inp, big, CONFIRM_SAMPLES, 1))
    ratio = t_big / max(t_small, 1e-9)
    if ratio <= limit:
        return None
    return f"{t_small * 1000:.2f} ms at {small:,}, {t_big * 1000:.2f} ms at {big:,} ({ratio:.0f} times)"


def superlinear(timer: Timer, inputs, limit: float, small: int = SMALL, big: int = BIG) -> list[str]:
    """The inputs that grow faster than the limit allows, each with how: an input over it is
    looked at once more after all the others, and counts only if it is over it again. A
    search that is not linear is over it every time; a neighbour's work seldom lasts as long
    (pitch-and-ask on a case near-miss, 11.5 to 12 times in every quiet look, read 15 times
    once in a run of all the rules)."""
    first_look = [inp for inp in inputs if superlinear_growth(timer, inp, limit, small, big)]
    out = []
    for inp in first_look:
        why = superlinear_growth(timer, inp, limit, small, big)
        if why:
            out.append(f"{inp.label}: {why}")
    return out


@pytest.fixture(scope="module")
def guide():
    return adversarial._engine()[0].load_guide(REPO)


@pytest.fixture(scope="module")
def generic(guide):
    return adversarial.generic_inputs(guide.ruleset.rules)


@pytest.fixture(scope="module")
def python_engine():
    """The Python engine, timed in a process that does nothing else (see PythonProcessEngine)."""
    engine = adversarial.PythonProcessEngine()
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def node_engine():
    if shutil.which("node") is None:
        pytest.fail("node is not installed (.ci/run installs it): the browser engine cannot be measured")
    engine = adversarial.NodeEngine(adversarial.ruleset_doc())
    yield engine
    engine.close()


RULE_IDS = sorted(path.stem for path in (REPO / "rules").glob("*.yml"))


def _check(engine, guide, generic, rule_id: str) -> None:
    rule = next(rule for rule in guide.ruleset.rules if rule.id == rule_id)
    channel, stage = adversarial.channel_for(rule, guide)
    inputs = adversarial.inputs_for(rule, generic, quick=True)
    assert len(inputs) > 100, "the generator gives every rule its generic inputs and its own"

    def timer(inp, n, runs, inner):
        return engine.time(rule, channel, stage, inp, n, runs, inner)

    slow = superlinear(timer, inputs, MAX_GROWTH[engine.name])
    assert not slow, f"{rule_id} ({engine.name}) grows faster than linearly on:\n" + "\n".join(slow)


@pytest.mark.slow
@pytest.mark.timing
@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_python_engine_is_linear_on_every_generated_input(rule_id, guide, generic, python_engine) -> None:
    _check(python_engine, guide, generic, rule_id)


@pytest.mark.slow
@pytest.mark.timing
@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_browser_engine_is_linear_on_every_generated_input(rule_id, guide, generic, node_engine) -> None:
    _check(node_engine, guide, generic, rule_id)


def test_the_growth_check_catches_a_quadratic_search() -> None:
    """The shape the audit found (a class-led repeat retried from every position), in a
    backtracking engine: ten times the text takes about a hundred times as long."""
    quadratic = re.compile(r"[0-9]+ x reach")
    linear = re.compile(r"x reach")

    def timer_for(pattern):
        def timer(inp, n, runs, inner):
            text = inp.text(n)
            best = float("inf")
            for _ in range(runs):
                start = time.process_time()
                for _ in range(inner):
                    for _match in pattern.finditer(text):
                        pass
                best = min(best, (time.process_time() - start) / inner)
            return best
        return timer

    run_of_digits = adversarial.Input("audit", unit="1", tail=" x reac")
    for limit in MAX_GROWTH.values():
        assert superlinear(timer_for(quadratic), [run_of_digits], limit, small=400, big=4_000)
        assert not superlinear(timer_for(linear), [run_of_digits], limit, small=60_000, big=600_000)


def test_a_growth_counts_only_when_a_second_look_finds_it_again() -> None:
    """A burst of a neighbour's work that covers one look (six timings of each size) is
    forgiven; a growth that is there at every look is not."""
    inp = adversarial.Input("burst", unit="ab ")
    looks_per_input = 2 * (1 + CONFIRM_RUNS)  # one small and one big timing a round

    def timer_slow_for(calls: int):
        seen = {"calls": 0}

        def timer(_inp, n, _runs, inner):
            seen["calls"] += 1
            per_char = 3e-8 if seen["calls"] <= calls and n == BIG else 1e-8
            return per_char * n
        return timer

    assert superlinear(timer_slow_for(looks_per_input), [inp], 15.0) == []
    slow = superlinear(timer_slow_for(10 * looks_per_input), [inp], 15.0)
    assert len(slow) == 1 and "(30 times)" in slow[0]
