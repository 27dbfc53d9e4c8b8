"""How fast is `connecting check` on a large guide? A benchmark, not a test.

It writes N synthetic pairs (a skewed, Zipf-like vocabulary behind shared
greetings) into a temporary copy of the guide's rules and channels, then times
two cold processes on the same files, interleaved, best of a few runs, in CPU
seconds (user and system time of the process):

- baseline: a bare ``yaml.load`` of every data file with PyYAML's C loader;
- check: ``python -m connecting check`` (one process, no cache).

It also plants do texts at similarity 0.82 (which must be reported) and 0.75
(which must not), and fails if the reported set differs. Figures are ratios
against the baseline of the same run, because the machines are shared and noisy.

Usage: python benchmarks/check_speed.py [--pairs 10000 100000] [--repeat 3] [--quick]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

from connecting.engine.sameness import THRESHOLD, shingles

REPO = Path(__file__).resolve().parents[1]
GREETINGS = ["Hi {name}, it was good to meet you at", "Hello {name}, thanks for your note about",
             "Hi {name}, I enjoyed your post on", "Dear {name}, congratulations on", "Hey {name}, quick thought on"]
NAMES = ["Ana", "Ben", "Chen", "Dara", "Eli", "Femi", "Gita", "Hugo", "Iris", "Jon", "Kofi", "Lena", "Mira", "Noor"]
PRINCIPLES = ["human-on-the-other-side", "networking-event-test", "fans-not-collected", "no-robot-messages",
              "personal-touch", "know-like-trust", "pause-before-you-post", "be-transparent"]
# Each planted mistake and the one rule it must trip on the email channel.
MISTAKES = [("Happy to f4f.", "follow-for-follow"), ("Hi Firstname,", "unfilled-placeholder"),
            ("Grab my free e-book today.", "promo-call-to-action"), ("Wow!!!!", "shouting-punctuation")]
SCHEMA_LINE = "# yaml-language-server: $schema=../connecting/schemas/example.schema.json"
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "pe", "da", "fi", "go", "hu", "be", "zo", "ya"]


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Writer:
    """Writes pair files whose flags and verdicts are known by construction."""

    def __init__(self, folder: Path, seed: int = 7) -> None:
        self.folder = folder
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng)
        self.weights = [1 / (rank + 1) ** 1.1 for rank in range(len(self.words))]
        self.unique = 0

    def zipf_words(self, count: int) -> list[str]:
        return self.rng.choices(self.words, self.weights, k=count)

    def fresh_words(self, count: int) -> list[str]:
        """Words no other text uses, so planted similarities are exact."""
        out = []
        for _ in range(count):
            self.unique += 1
            out.append("qu" + "".join(SYLLABLES[int(d, 16)] for d in f"{self.unique:x}"))
        return out

    def greeting(self) -> str:
        return self.rng.choice(GREETINGS).format(name=self.rng.choice(NAMES))

    def write(self, number: int, do_text: str | None = None) -> str:
        pair_id = f"pair-{number:06d}"
        mistake, rule = self.rng.choice(MISTAKES)
        dont = f"{self.greeting()} {' '.join(self.zipf_words(self.rng.randint(12, 30)))}. {mistake}"
        if do_text is None:
            do_text = f"{self.greeting()} {' '.join(self.zipf_words(self.rng.randint(15, 40)))}?"
        # Shaped like the guide's own files: schema line, a one-line situation, a short why.
        situation = " ".join(self.zipf_words(self.rng.randint(12, 20)))
        why = " ".join(self.zipf_words(self.rng.randint(15, 30)))
        (self.folder / f"{pair_id}.yml").write_text(
            f"{SCHEMA_LINE}\nid: {pair_id}\nprinciple: {PRINCIPLES[number % len(PRINCIPLES)]}\nchannel: email\n"
            f'situation: "{situation.capitalize()}."\n'
            f'dont:\n  text: "{dont}"\n  flags: [{rule}]\ndo:\n  text: "{do_text}"\n'
            f'why: "{why.capitalize()}."\n', encoding="utf-8")
        return pair_id

    def planted_pair(self, target: Fraction) -> tuple[str, str, Fraction]:
        """Two do texts made like every other (a shared greeting, skewed
        vocabulary) whose 3-shingle Jaccard similarity is close to ``target``.

        The second is the first plus words no other text uses, each of which
        adds exactly one shingle, so the similarity is |A| / (|A| + extra).
        """
        first = f"{self.greeting()} {' '.join(self.zipf_words(self.rng.randint(35, 45)))}"
        size = len(shingles(first))
        extra = max(1, round(size * (1 / target - 1)))
        second = f"{first} {' '.join(self.fresh_words(extra))}"
        return first + "?", second + "?", Fraction(size, size + extra)


def make_guide(folder: Path, pairs: int, seed: int = 7) -> set[frozenset[str]]:
    """Write a guide of `pairs` pairs; return the planted pairs that must be reported."""
    for name in ("rules", "data"):
        shutil.copytree(REPO / name, folder / name)
    (folder / "docs" / "principles").mkdir(parents=True)
    for principle in PRINCIPLES:
        (folder / "docs" / "principles" / f"{principle}.md").write_text(f"# {principle}\n", encoding="utf-8")
    examples = folder / "examples"
    examples.mkdir()
    writer = Writer(examples, seed)
    planted = max(2, pairs // 5000)
    must_report: set[frozenset[str]] = set()
    number = 0
    for _ in range(planted):
        for target in (Fraction(82, 100), Fraction(75, 100)):
            first, second, similarity = writer.planted_pair(target)
            assert abs(similarity - target) <= Fraction(2, 100), similarity
            a = writer.write(number, first)
            b = writer.write(number + 1, second)
            number += 2
            if similarity >= THRESHOLD:
                must_report.add(frozenset({a, b}))
    while number < pairs:
        writer.write(number)
        number += 1
    return must_report


def reported_pairs(output: str) -> tuple[set[frozenset[str]], list[str]]:
    """Same-message problems as pairs of ids, and any other problem line."""
    found, other = set(), []
    for line in output.splitlines():
        if "[same-message]" in line:
            found.add(frozenset(re.findall(r"examples/([a-z0-9-]+)\.yml", line)))
        elif line.strip():
            other.append(line)
    return found, other


BASELINE = """
import glob, sys, yaml
root = sys.argv[1]
for pattern in ("examples/*.yml", "rules/*.yml", "data/*.yml"):
    for path in sorted(glob.glob(f"{root}/{pattern}")):
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
"""


def bytecode_cached(folder: Path) -> dict[str, str]:
    """An environment in which Python keeps compiled modules (in ``folder``), as an
    installed package has them: both processes then time their work, not the
    compiling of their sources, even where PYTHONDONTWRITEBYTECODE is set. The
    first run writes the cache and the best of the runs is reported."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder)
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    """The command's CPU seconds (user and system): on a shared machine a busy neighbour
    stretches wall-clock time, not the work a process does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), result


def measure(pairs: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="connecting-bench-") as tmp:
        root = Path(tmp)
        must_report = make_guide(root, pairs)
        env = bytecode_cached(root / "pycache")
        baseline_times, check_times = [], []
        for _ in range(repeat):  # interleaved, so both see the same machine
            seconds, result = timed([sys.executable, "-c", BASELINE, str(root)], env)
            if result.returncode != 0:
                sys.exit(f"baseline failed: {result.stderr}")
            baseline_times.append(seconds)
            seconds, result = timed([sys.executable, "-m", "connecting", "check", str(root)], env)
            check_times.append(seconds)
        found, other = reported_pairs(result.stdout)
        if other or found != must_report:
            sys.exit(f"FAIL at {pairs} pairs: reported {len(found)} similar pairs, expected {len(must_report)};"
                     f" other output: {other[:5]}")
        return {"pairs": pairs, "baseline": min(baseline_times), "check": min(check_times),
                "planted": len(must_report), "baseline_median": statistics.median(baseline_times),
                "check_median": statistics.median(check_times)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10,000 pairs only")
    args = parser.parse_args()
    if args.quick:
        args.pairs = [10_000]
    results = []
    for pairs in args.pairs:
        figures = measure(pairs, args.repeat)
        results.append(figures)
        print(f"{pairs:>7} pairs: bare yaml.load {figures['baseline']:.2f} s, connecting check {figures['check']:.2f} s,"
              f" ratio {figures['check'] / figures['baseline']:.2f} (target <= 3);"
              f" planted 0.82 pairs reported: {figures['planted']}, 0.75 pairs reported: 0", flush=True)
    if len(results) >= 2:
        small, large = results[0], results[-1]
        growth = large["check"] / small["check"]
        print(f"{large['pairs']} pairs take {growth:.2f} times what {small['pairs']} take"
              f" (target <= {11 * large['pairs'] / small['pairs'] / 10:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
