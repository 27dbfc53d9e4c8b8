"""What the RE2 route of issue 10 costs: linear-time matching of every rule pattern, in both languages.

A measurement tool, not a benchmark of ``make bench`` and not a test. For each
rule pattern it prints:

- per typical message (the guide's don't and do texts, each cut or repeated to
  500 characters; lowered first for an ``ignore_case`` pattern, as the engines
  do): the time of one full ``finditer`` pass with Python's ``re`` and with
  ``google-re2`` (on ``source``, as the engine compiles it), and of one ``matchAll`` pass with
  JavaScript's own ``RegExp`` (flags "gu") and with ``re2js`` (on ``source``),
  and how many messages' matches differ between the two;
- whether ``re2js`` compiles the pattern as written;
- the slowest of the rule's adversarial inputs (``adversarial.inputs_for``) at
  100,000 code points with ``re2`` and with ``re2js``.

It also prints the whole browser engine's time per message (every rule), and
what it would be with ``re2js`` in place of ``RegExp`` for the patterns.

Each side is skipped with a message when its library is missing. re2js is
taken from the file or folder given, else from a copy vendored under
docs/javascripts/vendor/, else from an npm install outside the repository:

    .venv/bin/pip install google-re2
    npm install --prefix /tmp/re2js re2js@2.10.0

Usage: python benchmarks/re2_measure.py [--re2js PATH] [--quick] [--repo DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import adversarial  # noqa: E402

MESSAGE_LENGTH = 500
BIG = 100_000
KEEP = 8  # of each rule's adversarial inputs, the slowest at a tenth of the length are timed at full length


def fit(text: str, length: int = MESSAGE_LENGTH) -> str:
    """The text cut to ``length`` code points, or repeated (with a space) until it reaches it."""
    out = text
    while len(out) < length:
        out = out + " " + text
    return out[:length]


def per_message(messages: list[str], run, min_seconds: float = 0.08) -> float:
    """Mean seconds of run(text) over the messages, repeated until ``min_seconds`` have passed."""
    for text in messages:
        run(text)
    rounds = 0
    start = time.process_time()  # CPU time: the machines are shared
    while True:
        for text in messages:
            run(text)
        rounds += 1
        elapsed = time.process_time() - start
        if elapsed >= min_seconds:
            return elapsed / (rounds * len(messages))


def spans(regex, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in regex.finditer(text)]


def find_re2js(given: str | None, repo: Path) -> Path | None:
    """re2js: the package folder or build file given, else a copy vendored in the repository, else an npm
    install under /tmp/re2js."""
    if given:
        candidates = [Path(given)]
    else:
        candidates = sorted((repo / "docs" / "javascripts" / "vendor").glob("re2js-*.umd.js"))
        candidates += [Path("/tmp/re2js/node_modules/re2js"), Path("/tmp/re2js-bench/node_modules/re2js")]
    for candidate in candidates:
        if candidate.is_file() or (candidate / "package.json").exists():
            return candidate.resolve()
    return None


def us(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e6:8.1f} µs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--re2js", help="the re2js package folder or build file (default: the repository's vendored "
                                        "copy, else /tmp/re2js/node_modules/re2js)")
    parser.add_argument("--quick", action="store_true", help="fewer adversarial inputs")
    parser.add_argument("--repo", type=Path, default=adversarial.REPO, help="the checkout whose guide to read")
    args = parser.parse_args(argv)

    repo = adversarial.use_repo(args.repo)
    guide_module, patterns_module, _ = adversarial._engine()
    guide = guide_module.load_guide(repo)
    lower_each = patterns_module.lower_each
    rules = [rule for rule in guide.ruleset.rules if rule.derived.pattern is not None]
    messages = [fit(text) for example in guide.examples.values() for text in (example.dont_text, example.do_text)]
    lowered = [lower_each(text) for text in messages]
    # A dense message: every pattern's flag cases, the worst a 500-character message can do to a gated search.
    dense = fit(" ".join(case.text for rule in rules for case in rule.cases_in("flag")[:1]))
    dense_hits = sum(re.compile(r.derived.pattern.python_source).search(lower_each(dense) if r.derived.pattern.ignore_case
                                                                        else dense) is not None for r in rules)
    generic = adversarial.generic_inputs(guide.ruleset.rules)
    inputs = {rule.id: adversarial.inputs_for(rule, generic, args.quick) for rule in rules}
    print(f"{len(rules)} rule patterns; {len(messages)} messages of {MESSAGE_LENGTH} code points "
          f"(the guide's don't and do texts); adversarial inputs at {BIG:,} code points: "
          f"{sum(map(len, inputs.values()))}")

    # --- Python: re against google-re2 ---------------------------------------------
    try:
        import re2
    except ImportError:
        re2 = None
        print("\nPython: google-re2 is not installed (pip install google-re2): skipped.")
    if re2 is not None:
        version = getattr(re2, "__version__", None)
        if version is None:
            try:
                from importlib.metadata import version as dist_version
                version = dist_version("google-re2")
            except Exception:  # noqa: BLE001 - only for the heading
                version = "?"
        print(f"\nPython {sys.version.split()[0]}: re against google-re2 {version}, one finditer pass per message")
        print(f"{'rule':<27} {'re':>11} {'re2':>11} {'re2/re':>7} {'differ':>6}  {'re2 worst at 100k':>18}  input")
        for rule in rules:
            pattern = rule.derived.pattern
            texts = lowered if pattern.ignore_case else messages
            slow, fast = re.compile(pattern.python_source), pattern.compile_linear()
            t_re = per_message(texts, lambda text: list(slow.finditer(text)))
            t_re2 = per_message(texts, lambda text: list(fast.finditer(text)))
            differ = sum(spans(slow, text) != spans(fast, text) for text in texts)
            prepare = lower_each if pattern.ignore_case else str
            screened = sorted(inputs[rule.id], key=lambda inp: -_timed_pass(fast, prepare(inp.text(BIG // 10))))
            worst, worst_input = 0.0, None
            for inp in screened[:KEEP]:
                text = prepare(inp.text(BIG))
                best = min(_timed_pass(fast, text) for _ in range(2))
                if best > worst:
                    worst, worst_input = best, inp
            print(f"{rule.id:<27} {us(t_re)} {us(t_re2)} {t_re2 / t_re:>7.1f} {differ:>6}  "
                  f"{worst * 1000:>15.2f} ms  {worst_input.label if worst_input else ''}")
        text = adversarial.KNOWN[2].text(BIG)
        regex = rules[0].derived.pattern.compile_linear()
        start = time.process_time()
        for position in range(0, BIG, BIG // 20):
            regex.search(text, position)
        per_call = (time.process_time() - start) / 20
        print(f"re2 search(text, pos) on a {BIG:,}-code-point text: {per_call * 1000:.2f} ms a call "
              f"(the text is encoded again on every call; finditer encodes it once)")

    # --- JavaScript: RegExp against re2js ------------------------------------------
    if shutil.which("node") is None:
        print("\nJavaScript: node is not installed: skipped.")
        return 0
    package = find_re2js(args.re2js, repo)
    if package is None:
        print("\nJavaScript: re2js not found (npm install --prefix /tmp/re2js re2js, then --re2js "
              "/tmp/re2js/node_modules/re2js): only RegExp is measured.")
    doc = adversarial.ruleset_doc()
    request = {
        "re2js": str(package) if package else None,
        "engine": str(repo / "docs" / "javascripts" / "connecting-engine.js"),
        "doc": doc,
        "patterns": [{"id": r.id, "source": r.derived.pattern.source, "ignore_case": r.derived.pattern.ignore_case,
                      "literals": list(r.derived.pattern.required_literals or ()) or None} for r in rules],
        "messages": messages,
        "lowered": lowered,
        "dense": dense,
        "dense_lowered": lower_each(dense),
        "adversarial": {r.id: [_lowered_spec(inp, lower_each) if r.derived.pattern.ignore_case else
                               {"head": inp.head, "unit": inp.unit, "tail": inp.tail} for inp in inputs[r.id]]
                        for r in rules},
        "n": BIG,
        "keep": KEEP,
    }
    out = subprocess.run(["node", str(HERE / "re2_measure.js")], input=json.dumps(request, ensure_ascii=False),
                         capture_output=True, text=True, encoding="utf-8", check=True).stdout
    answer = json.loads(out)
    version = answer["re2js_version"]
    print(f"\nNode {_node_version()}: RegExp (flags gu) against re2js {version or '(not found)'}, one matchAll pass per message")
    if answer["re2js_bytes"]:
        sizes = ", ".join(f"{name} {size:,} bytes" for name, size in answer["re2js_bytes"].items())
        print(f"re2js files: {sizes}")
    print(f"re2js: {package}")
    print(f"{'rule':<27} {'RegExp':>11} {'re2js':>11} {'test':>11} {'gated':>11} {'+literal':>11} {'match':>5} "
          f"{'differ':>6}  {'re2js worst at 100k':>19}  input")
    totals = {"native_ms": 0.0, "re2js_ms": 0.0, "re2js_gated_ms": 0.0, "re2js_prechecked_ms": 0.0}
    for rule in rules:
        row = answer["per500"][rule.id]
        refused = answer["compile"].get(rule.id)
        if "re2js_ms" not in row:
            totals["native_ms"] += row["native_ms"]
            note = f"refused by re2js: {refused}" if refused else ""
            print(f"{rule.id:<27} {us(row['native_ms'] / 1000)} {'-':>11}  {note}")
            continue
        for name in totals:
            totals[name] += row[name]
        adv = answer["adversarial"][rule.id]
        worst_input = inputs[rule.id][adv["worst_index"]] if adv["worst_index"] >= 0 else None
        print(f"{rule.id:<27} {us(row['native_ms'] / 1000)} {us(row['re2js_ms'] / 1000)} "
              f"{us(row['re2js_test_ms'] / 1000)} {us(row['re2js_gated_ms'] / 1000)} "
              f"{us(row['re2js_prechecked_ms'] / 1000)} {row['matching']:>5} {row['mismatches']:>6}  "
              f"{adv['worst_s'] * 1000:>16.2f} ms  {worst_input.label if worst_input else ''}"
              + (f" (test: {adv['test_s'] * 1000:.2f} ms)" if adv.get("test_s") is not None else ""))
    if package:
        print(f"{'all patterns':<27} {us(totals['native_ms'] / 1000)} {us(totals['re2js_ms'] / 1000)} {'':>11} "
              f"{us(totals['re2js_gated_ms'] / 1000)} {us(totals['re2js_prechecked_ms'] / 1000)}")
    else:
        print(f"{'all patterns':<27} {us(totals['native_ms'] / 1000)}")
    if package:
        print("re2js: matchAll on every message; test: the DFA's yes or no alone; gated: matchAll only where test "
              "says yes;")
        print("+literal: and only where one of the pattern's required literals occurs (the Python engine's pre-check).")
        print(f"match: how many of the {len(messages)} messages the pattern matches; differ: messages whose matches "
              f"differ from RegExp's.")
    worst_1k = max(answer["per500"].values(), key=lambda row: row["native_worst_1k_ms"])
    print("RegExp's slowest adversarial input cut to 1,000 code points, per pattern: " + ", ".join(
        f"{rule.id} {answer['per500'][rule.id]['native_worst_1k_ms']:.2f} ms" for rule in rules)
        + f" (worst {worst_1k['native_worst_1k_ms']:.2f} ms)")
    refused = {rule_id: error for rule_id, error in answer["compile"].items() if error}
    if package:
        print("re2js compiles every pattern as written." if not refused else
              "re2js refuses: " + "; ".join(f"{rule_id}: {error}" for rule_id, error in refused.items()))
    engine = answer["engine_ms"] / 1000
    print(f"\nThe browser engine, every rule, per {MESSAGE_LENGTH}-character message: {us(engine).strip()} "
          f"(of which the patterns with RegExp about {us(totals['native_ms'] / 1000).strip()})")
    if answer.get("engine_re2js_ms") is not None:
        print(f"  the same engine told to use re2js on every text (nativeLimit 0): {us(answer['engine_re2js_ms'] / 1000).strip()}")
    if package and not refused:
        for name, label in (("re2js_ms", "matchAll always"), ("re2js_gated_ms", "gated by test"),
                            ("re2js_prechecked_ms", "gated by literal and test")):
            estimate = engine + (totals[name] - totals["native_ms"]) / 1000
            print(f"  with re2js for the patterns ({label}): about {us(estimate).strip()}"
                  f" {'(within' if estimate <= 0.001 else '(over'} the 1 ms budget)")
    dense_native = sum(r.get("dense_native_ms", 0) for r in answer["per500"].values())
    dense_re2js = sum(r.get("dense_re2js_ms", 0) for r in answer["per500"].values())
    print(f"A dense {MESSAGE_LENGTH}-character message (flag cases of every pattern rule; {dense_hits} of the "
          f"{len(rules)} patterns match it): engine "
          f"{us(answer['dense_engine_ms'] / 1000).strip()}"
          + (f", told to use re2js on every text {us(answer['dense_engine_re2js_ms'] / 1000).strip()}"
             if answer.get("dense_engine_re2js_ms") is not None else "")
          + f"; the patterns alone: RegExp {us(dense_native / 1000).strip()}"
          + (f", re2js gated by test {us(dense_re2js / 1000).strip()}" if package else ""))
    return 0


def _timed_pass(regex, text: str) -> float:
    start = time.process_time()
    for _ in regex.finditer(text):
        pass
    return time.process_time() - start


def _lowered_spec(inp, lower_each) -> dict[str, str]:
    """An input lowered part by part (lowering is per code point, so this is the lowered text)."""
    return {"head": lower_each(inp.head), "unit": lower_each(inp.unit), "tail": lower_each(inp.tail)}


def _node_version() -> str:
    return subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
