"""How often a match that starts inside a word hides a real one. A measurement tool, not a test.

The engines make one left-to-right pass per pattern: a match that starts or ends
inside a word is dropped and the search goes on after its end, so the work stays
linear. The cost: in "happy to show how we cut ramp time", `pitch-and-ask`'s
`how ...` first matches from inside "show", is dropped, and the real match
"how we cut" after it is never seen.

For every pattern (a rule's, and each signal's) and every message of the
evaluation corpus, this compares today's pass with one that resumes at the next
word start after a match that began inside a word, and prints the rules whose
matches differ and how many messages have a hidden match.

Usage: python benchmarks/hidden_matches.py
"""

from __future__ import annotations

from pathlib import Path

from connecting.data.guide import load_guide
from connecting.engine import detectors
from connecting.engine.patterns import lower_each
from connecting.engine.textclass import is_word_char
from connecting.tools.eval import eval_files, load_corpus

REPO = Path(__file__).resolve().parents[1]


def resuming_at_the_next_word(regex, text: str, searched: str) -> set[tuple[int, int]]:
    """The matches with word edges, resuming after an in-word start at the next word's start."""
    found, pos = set(), 0
    while (match := regex.search(searched, pos)) is not None:
        start, end = match.start(), match.end()
        if end > start and detectors._word_edges_ok(text, start, end):
            found.add((start, end))
            pos = end
            continue
        pos = start + 1
        while pos < len(text) and is_word_char(text[pos]) and is_word_char(text[pos - 1]):
            pos += 1
    return found


def main() -> None:
    guide = load_guide(REPO)
    paths, error = eval_files(REPO, [])
    if paths is None:
        raise SystemExit(error)
    messages = load_corpus(REPO, paths, guide.channels).messages
    owners = []
    for rule in guide.ruleset.rules:
        if rule.derived.pattern is not None:
            owners.append((rule.id, rule.derived.pattern, rule.derived.regex))
        owners += [(f"{rule.id} ({signal.label})", signal.pattern, signal.regex)
                   for signal in rule.derived.signals if signal.pattern is not None]
    hidden: dict[str, list[str]] = {}
    for name, pattern, regex in owners:
        for message in messages:
            text = message.text
            searched = lower_each(text) if pattern.ignore_case else text
            today = {(start, end) for start, end, _ in detectors.detect_pattern(regex, text, searched)}
            missed = resuming_at_the_next_word(regex, text, searched) - today
            if missed:
                start, end = min(missed)
                hidden.setdefault(name, []).append(f"{message.id} ({message.label}): {text[start:end]!r}")
    for name, found in sorted(hidden.items(), key=lambda item: -len(item[1])):
        print(f"{name}: {len(found)}")
        for line in found[:3]:
            print(f"  {line}")
    ids = {line.split(" ", 1)[0] for found in hidden.values() for line in found}
    print(f"messages with a hidden match: {len(ids)} of {len(messages)}")


if __name__ == "__main__":
    main()
