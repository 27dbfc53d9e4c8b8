"""A generated corpus of messages that stress the two rule engines' agreement.

Built from the rules' own material: every phrase and `unless` phrase, strings
drawn at random from every pattern (by walking its parsed form), caps and emoji
runs, self-focused and long texts. Each is then mutated in the ways the two
engines could part: case, accents composed and decomposed, astral characters
and emoji pressed against a match, punctuation at word edges, odd whitespace,
URLs and placeholders around it, and very long inputs. Seeded, so a failure
reproduces.
"""

from __future__ import annotations

import random
import re
import unicodedata

from connecting.engine.rules import Rule

try:  # Python 3.11+
    from re import _constants as sre_constants, _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants
    import sre_parse

FILLERS = [
    "Hi Sam,", "Thanks for the talk on Tuesday.", "I loved your point about budgets.", "Quick question:",
    "Your post on hiring stayed with me.", "Congrats on the new role!", "Best, Ana", "See you at the meetup?",
    "We met at the Leeds conference.", "How is the launch going?",
]
EDGE_MARKS = ["", " ", ".", ",", "!", "?", "'", "\u2019", '"', "\u00ab", "\u00bb", "(", ")", "-", "\u2014", ":", "/", "#", "@", "*", "_"]
ASTRAL = [
    "\U0001F600", "\U0001F525", "\U0001F44D\U0001F3FD", "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\U0001F1EB\U0001F1F7",
    "\u2764\ufe0f", "\U0001D400", "\U0001D41A\U0001D41B", "\U00010400", "\U00010428", "\U00020000", "\U0001F3FB",
    "\u2B50", "\U0001F680\U0001F680", "\u200d", "\ufe0f",
]
SPACES = [" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\u202f", "\u2028", "\x1c", "\u0085", "\ufeff"]
ACCENTS = {"a": "\u00e1", "e": "\u00e9", "i": "\u00ef", "o": "\u00f6", "u": "\u00fc", "n": "\u00f1", "c": "\u00e7"}
URLS = ["https://example.com/x?ref=abc", "www.example.org", "bit.ly/3xYz", "calendly.com/jo/15min", "jo.substack.com", "mailto:jo@example.com"]
PLACEHOLDERS = ["{first_name}", "{{company}}", "[Name]", "%FIRSTNAME%", "*|FNAME|*", "<name>"]
ODD = ["\u0130stanbul", "\u03a3\u039f\u03a6\u0399\u0391\u03a3", "STRASSE \u1e9e", "\u01c5ungla", "\u2160\u2161 \u216b", "\u00bd", "\u0663\u0664",
       "\u00df", "\uff28\uff29", "\u1f88", "\u0345", "\u0130", "\u2126hm", "\u212a"]


def _category_sample(rng: random.Random, items):
    return items[rng.randrange(len(items))]


def sample_pattern(rng: random.Random, source: str) -> str:
    """A random string that the pattern (as Python reads it) matches."""
    return _emit(rng, sre_parse.parse(source), depth=0)


def _emit(rng: random.Random, parsed, depth: int) -> str:
    out = []
    for op, arg in parsed:
        out.append(_emit_item(rng, op, arg, depth))
    return "".join(out)


def _emit_item(rng, op, arg, depth) -> str:
    c = sre_constants
    if op is c.LITERAL:
        return chr(arg)
    if op is c.NOT_LITERAL:
        return rng.choice([ch for ch in "xQ7 é" if ord(ch) != arg])
    if op is c.IN:
        return _emit_class(rng, arg)
    if op is c.BRANCH:
        return _emit(rng, rng.choice(arg[1]), depth + 1)
    if op is c.SUBPATTERN:
        return _emit(rng, arg[-1], depth + 1)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, item = arg
        high = min(high, low + 3) if high != c.MAXREPEAT else low + 3
        return "".join(_emit(rng, item, depth + 1) for _ in range(rng.randint(low, high)))
    if op is c.AT:
        return ""
    raise ValueError(f"no generator for {op}")


def _emit_class(rng, items) -> str:
    negate = any(op is sre_constants.NEGATE for op, _ in items)
    if negate:
        excluded = set()
        for op, arg in items:
            if op is sre_constants.LITERAL:
                excluded.add(chr(arg))
            elif op is sre_constants.RANGE:
                excluded.update(map(chr, range(arg[0], arg[1] + 1)))
        return rng.choice([ch for ch in "abcXYZ09-_\u00e9\U0001F600%" if ch not in excluded])
    choices = []
    for op, arg in items:
        if op is sre_constants.LITERAL:
            choices.append(chr(arg))
        elif op is sre_constants.RANGE:
            choices.append(chr(rng.randint(arg[0], arg[1])))
    return rng.choice(choices)


def _cases_of(rule: Rule) -> list[str]:
    return [case.text for case in rule.cases]


def seeds(rules: list[Rule], rng: random.Random) -> list[str]:
    """Texts that each rule should fire on, or nearly: the raw material before mutation."""
    out: list[str] = []
    for rule in rules:
        out.extend(_cases_of(rule))
        for phrase in rule.derived.phrases + rule.derived.unless:
            out.append(phrase.text)
        if rule.derived.pattern is not None:
            for _ in range(40):
                text = sample_pattern(rng, rule.derived.pattern.python_source)
                out.append(text.upper() if rule.derived.pattern.ignore_case and rng.random() < 0.3 else text)
        if rule.derived.signals:
            # Each signal alone, all of them in order, and all of them backwards.
            def pick(signal) -> str:
                if signal.pattern is not None:
                    return sample_pattern(rng, signal.pattern.python_source)
                return rng.choice(signal.phrases).text
            for _ in range(30):
                parts = [pick(signal) for signal in rule.derived.signals]
                out.append(rng.choice(parts))
                out.append(f" {rng.choice(FILLERS)} ".join(parts))
                out.append(" ".join(reversed(parts)))
        if rule.kind == "caps_run":
            out += ["PLEASE READ THIS NOW", "I AM SO EXCITED TO CONNECT", "Call ME NOW OK", "NYC SEO tips", "DON'T MISS OUT"]
        if rule.kind == "emoji_run":
            out += ["\U0001F525\U0001F525\U0001F525", "\U0001F680 \U0001F680 \U0001F680", "\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA\U0001F1EE\U0001F1F9",
                    "\U0001F468\u200D\U0001F469\u200D\U0001F467\U0001F44D\U0001F3FD\u2764\ufe0f", "\U0001F600  \U0001F600 \U0001F600"]
        if rule.kind == "self_focus":
            words = rule.params.get("self_words", ["I", "my"])
            out.append(" ".join(rng.choice(words + ["and", "the", "work", "you"]) for _ in range(40)))
        if rule.kind in ("over_limit", "word_limit"):
            out.append(" ".join(rng.choice(FILLERS) for _ in range(60)))
    return out


def mutate(rng: random.Random, text: str) -> str:
    choice = rng.randrange(12)
    if choice == 0:
        return text.upper()
    if choice == 1:
        return text.title()
    if choice == 2:
        return "".join(ch.upper() if rng.random() < 0.5 else ch for ch in text)
    if choice == 3:  # accents, composed or decomposed
        form = rng.choice(["NFC", "NFD"])
        out = "".join(ACCENTS.get(ch, ch) if rng.random() < 0.3 else ch for ch in text)
        return unicodedata.normalize(form, out)
    if choice == 4:  # astral characters and emoji pressed against the text
        return rng.choice(ASTRAL) + text + rng.choice(ASTRAL)
    if choice == 5:  # punctuation at word edges
        return rng.choice(EDGE_MARKS) + text + rng.choice(EDGE_MARKS)
    if choice == 6:  # odd whitespace between words
        return re.sub(" ", lambda _: rng.choice(SPACES), text)
    if choice == 7:
        return f"{rng.choice(FILLERS)} {text} {rng.choice(URLS)}"
    if choice == 8:
        return f"{rng.choice(PLACEHOLDERS)} {text}{rng.choice(EDGE_MARKS)} {rng.choice(ODD)}"
    if choice == 9:  # very long
        return " ".join([rng.choice(FILLERS) for _ in range(rng.randint(50, 400))] + [text])
    if choice == 10:  # a letter glued on: the match now sits inside a word
        return rng.choice(["x", "\u00e9", "\U0001D400", "9"]) + text + rng.choice(["s", "", "\u0301"])
    return f"not {text}" if rng.random() < 0.5 else f"{rng.choice(FILLERS)} {text}. {rng.choice(FILLERS)}"


def corpus(rules: list[Rule], size: int = 2400, seed: int = 20261125) -> list[str]:
    rng = random.Random(seed)
    base = seeds(rules, rng)
    texts = list(base)
    while len(texts) < size:
        text = rng.choice(base)
        for _ in range(rng.randint(1, 3)):
            text = mutate(rng, text)
        texts.append(text)
    texts += ["", " ", "\u0301", "\U0001F600", "\u200d\u200d", "a" * 12000, ("I " * 3000).strip(), "\r\n".join(FILLERS)]
    return texts
