"""How long each engine takes to judge one 500-character message, every rule included.

The browser engine (docs/javascripts/connecting-engine.js, run by Node) must stay
within 1 ms per 500-character message (issue 11), so that the checker answers
every keystroke at once. The messages are the guide's own don't and do texts,
each cut or repeated to 500 code points, judged for its own channel and stage;
a dense message holds the first flag case of every pattern rule.

Beside each engine the same run times a baseline, one pass of every rule
pattern over the same messages with the regex library the engine uses there
(RE2 in Python, the browser's RegExp for a message this short): the least any
checker of these patterns does, and prints the engine's ratio to it: the
machines are shared, and a ratio moves less than a time does. CPU time, not
wall time, for the same reason.

Usage: python benchmarks/engine_speed.py [--quick] [--repo DIR]
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
from re2_measure import MESSAGE_LENGTH, fit, per_message  # noqa: E402

BUDGET_MS = 1.0  # the browser engine, per 500-character message (issue 11)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter timing loops")
    parser.add_argument("--repo", type=Path, default=adversarial.REPO, help="the checkout whose guide to read")
    args = parser.parse_args(argv)
    min_seconds = 0.1 if args.quick else 0.5

    repo = adversarial.use_repo(args.repo)
    guide_module, patterns_module, _ = adversarial._engine()
    guide = guide_module.load_guide(repo)
    lower_each = patterns_module.lower_each
    ruleset = guide.ruleset
    pattern_rules = [rule for rule in ruleset.rules if rule.derived.pattern is not None]
    jobs = [{"text": fit(text), "channel": example.channel, "stage": example.stage}
            for example in guide.examples.values() for text in (example.dont_text, example.do_text)]
    dense = fit(" ".join(case.text for rule in pattern_rules for case in rule.cases_in("flag")[:1]))
    print(f"{len(jobs)} messages of {MESSAGE_LENGTH} code points (the guide's don't and do texts, each for its "
          f"own channel and stage), {len(ruleset.rules)} rules, {len(pattern_rules)} of them with a pattern")

    # Python: the engine against one pass of every pattern with RE2, the regex library it uses.
    channels = guide.channels
    python_jobs = [(job["text"], channels[job["channel"]], job["stage"]) for job in jobs]
    for text, channel, stage in python_jobs:  # the first evaluations run every detector: past them
        ruleset.evaluate(text, channel, stage)
    engine_s = per_message(python_jobs, lambda job: ruleset.evaluate(*job), min_seconds)
    regexes = [(rule.derived.pattern.compile_linear(), rule.derived.pattern.ignore_case) for rule in pattern_rules]
    texts = [(text, lower_each(text)) for text, _, _ in python_jobs]
    base_s = per_message(texts, lambda pair: [list(regex.finditer(pair[ignore_case])) for regex, ignore_case in regexes],
                         min_seconds)
    print(f"\nPython {sys.version.split()[0]}: the engine {engine_s * 1e6:.1f} µs a message; "
          f"every pattern once with RE2 {base_s * 1e6:.1f} µs; ratio {engine_s / base_s:.2f}")

    if shutil.which("node") is None:
        print("\nNode is not installed: the browser engine is not measured.")
        return 1
    request = {
        "engine": str(repo / "docs" / "javascripts" / "connecting-engine.js"),
        "doc": adversarial.ruleset_doc(),
        "jobs": jobs,
        "dense": dense,
        "patterns": [{"source": rule.derived.pattern.source, "ignore_case": rule.derived.pattern.ignore_case}
                     for rule in pattern_rules],
        "min_ms": min_seconds * 1000,
    }
    out = subprocess.run(["node", str(HERE / "engine_speed.js")], input=json.dumps(request, ensure_ascii=False),
                         capture_output=True, text=True, encoding="utf-8", check=True).stdout
    answer = json.loads(out)
    engine_ms, base_ms, dense_ms = answer["engine_ms"], answer["baseline_ms"], answer["dense_ms"]
    verdict = "within" if max(engine_ms, dense_ms) <= BUDGET_MS else "OVER"
    print(f"\nNode {answer['node']}: the browser engine {engine_ms * 1000:.1f} µs a message "
          f"(dense message {dense_ms * 1000:.1f} µs); every pattern once with RegExp {base_ms * 1000:.1f} µs; "
          f"ratio {engine_ms / base_ms:.2f}")
    print(f"target: at most {BUDGET_MS * 1000:.0f} µs a message: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
