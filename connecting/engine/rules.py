"""The rule engine: a closed set of detector kinds, and a ruleset that runs them.

Each kind is a small function here and, later, a twin of the same name in the
browser engine. A rule file picks one kind under ``detect:`` and gives its
parameters; no rule file holds code.

Phrase rules share one index, so a message is scanned once for every phrase of
every rule; pattern rules each run their own portable regular expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable

from connecting.engine import textclass
from connecting.data.model import Channel, Finding
from connecting.engine.patterns import PatternError, PortablePattern, lower_each, portable_pattern, required_literals

# Words that, just before an `unless` phrase, cancel it: "not an affiliate
# link", "no referral link", "isn't sponsored" (an apostrophe splits "isn't").
NEGATIONS = frozenset({"not", "no", "never", "t"})

# Kinds that judge length: they never run without a channel.
LENGTH_KINDS = frozenset({"over_limit", "word_limit"})


class RuleError(Exception):
    """A rule whose parameters cannot work; ``path`` points into the rule file."""

    def __init__(self, path: tuple, message: str, hint: str = "", column_offset: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.hint = hint
        self.column_offset = column_offset


# --- phrases -----------------------------------------------------------------


def _separator(raw: str) -> str:
    """What must stand between two words of a phrase: any whitespace, or this mark."""
    squeezed = "".join(raw.split()).replace("\u2019", "'")
    return squeezed or " "


@dataclass(frozen=True)
class Phrase:
    text: str
    keys: tuple[str, ...]
    seps: tuple[str, ...]


def parse_phrase(text: str) -> Phrase:
    spans = textclass.word_spans(text)
    if not spans:
        raise ValueError("has no words in it")
    if spans[0][0] != 0 or spans[-1][1] != len(text):
        raise ValueError("must start and end with a letter or digit: phrases are matched as whole words")
    keys = tuple(textclass.fold(text[start:end]) for start, end in spans)
    seps = tuple(_separator(text[a[1]:b[0]]) for a, b in zip(spans, spans[1:]))
    return Phrase(text, keys, seps)


# Words found in most messages. A phrase is filed under its longest word that
# is not one of these, so that ordinary messages rarely reach the slower check.
_COMMON_WORDS = frozenset("""
a about after again all also am an and any are as at back be been before but by call can chat could day dear do
does done for from get give go good great had has have hello help here hey hi hope how i if in into is it just
know last let like look love make me meet more much my need new next no not now of on one or our out over please
post quick really see send share so some talk thank thanks that the their them there these they think this thought
time to today up us very want was way we week well were what when which who why will with work would year you your
""".split())


class PhraseIndex:
    """Phrases of many owners, each filed under its longest word.

    A message is first asked, with one set intersection, whether it holds any
    filed word at all; most messages do not, and cost nothing more. The
    longest word of a phrase is the least common one, which keeps that first
    question selective.
    """

    def __init__(self) -> None:
        self._by_anchor: dict[str, list[tuple[Phrase, int, int]]] = {}  # word -> (phrase, its position, owner)

    def add(self, phrase: Phrase, owner: int) -> None:
        # File it under its longest word that is not one of the commonest words
        # of a message: "dear sir" under "sir", so that every "Dear Ana" costs nothing.
        position = max(range(len(phrase.keys)),
                       key=lambda i: (phrase.keys[i] not in _COMMON_WORDS, len(phrase.keys[i]), i))
        self._by_anchor.setdefault(phrase.keys[position], []).append((phrase, position, owner))

    def matches(self, scanned: ScannedText, owners: set[int] | None = None) -> dict[int, list[tuple[int, int]]]:
        """Non-overlapping whole-word matches per owner, leftmost and then longest,
        as (first word, last word) indexes."""
        keys = scanned.keys
        if self._by_anchor.keys().isdisjoint(keys):  # the common case, without building a set
            return {}
        anchors = self._by_anchor.keys() & set(keys)
        # Every occurrence: (first word, -number of words, owner, last word).
        hits: list[tuple[int, int, int, int]] = []
        for index, key in enumerate(keys):
            if key not in anchors:
                continue
            for phrase, position, owner in self._by_anchor[key]:
                if owners is not None and owner not in owners:
                    continue
                first = index - position
                last = first + len(phrase.keys) - 1
                if first >= 0 and last < len(keys) and self._matches_at(phrase, first, scanned):
                    hits.append((first, -len(phrase.keys), owner, last))
        found: dict[int, list[tuple[int, int]]] = {}
        free_from: dict[int, int] = {}  # owner -> first word index it may match again
        for first, _, owner, last in sorted(hits):
            if free_from.get(owner, 0) <= first:
                found.setdefault(owner, []).append((first, last))
                free_from[owner] = last + 1
        return found

    def scan(self, scanned: ScannedText, owners: set[int] | None = None) -> dict[int, list[tuple[int, int]]]:
        """Non-overlapping whole-word matches per owner, as spans in code points."""
        found = self.matches(scanned, owners)
        if not found:
            return {}
        spans = scanned.spans
        return {owner: [(spans[first][0], spans[last][1]) for first, last in words] for owner, words in found.items()}

    @staticmethod
    def _matches_at(phrase: Phrase, first: int, scanned: ScannedText) -> bool:
        keys = scanned.keys
        if tuple(keys[first:first + len(phrase.keys)]) != phrase.keys:
            return False
        spans, text = scanned.spans, scanned.text
        return all(_separator(text[spans[first + offset][1]:spans[first + offset + 1][0]]) == sep
                   for offset, sep in enumerate(phrase.seps))


class ScannedText:
    """A message split into words once, shared by every rule that needs words.

    Work that only some messages need (word positions, the words in their
    original case) is done on first use. ASCII messages, the common case, take
    a faster path with the same results.
    """

    __slots__ = ("text", "ascii", "keys", "_words", "_spans", "_lowered")

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii = text.isascii()
        self._words: list[str] | None = None
        self._spans: list[tuple[int, int]] | None = None
        if self.ascii:
            # Lowering ASCII keeps every offset, and word edges do not move.
            self._lowered: str | None = text.lower()
            self.keys: list[str] = textclass.word_texts(self._lowered)
        else:
            self._lowered = None
            self.keys = [textclass.fold(word) for word in self.words]

    @property
    def words(self) -> list[str]:
        """The words as written."""
        if self._words is None:
            self._words = textclass.word_texts(self.text)
        return self._words

    @property
    def lowered(self) -> str:
        """The text with each code point lowered on its own: what ignore_case patterns search."""
        if self._lowered is None:
            self._lowered = lower_each(self.text)
        return self._lowered

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = textclass.word_spans(self.text)
        return self._spans


# --- detectors ---------------------------------------------------------------

Span = tuple[int, int, str | None]  # start, end, detail


def _word_edges_ok(text: str, start: int, end: int) -> bool:
    """A pattern match may neither start nor end in the middle of a word."""
    is_word = textclass.is_word_char
    if start > 0 and is_word(text[start]) and is_word(text[start - 1]):
        return False
    if end < len(text) and is_word(text[end - 1]) and is_word(text[end]):
        return False
    return True


def _trie_pattern(literals: Iterable[str]) -> str:
    """One regular expression matching any of ``literals``, shaped as a trie so
    that Python's engine never tries the same prefix twice."""
    trie: dict = {}
    for literal in literals:
        node = trie
        for ch in literal:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        if "" in node:  # a literal ends here: containing it is enough
            return ""
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(trie)


def literal_precheck(literals: tuple[str, ...] | None) -> Callable[[str], bool] | None:
    """A fast test of whether a text holds any of ``literals``: a few substring
    tests, or for many literals one scan of a trie-shaped regular expression."""
    if not literals:
        return None
    if len(literals) <= 6:
        return lambda text: any(map(text.__contains__, literals))
    scan = re.compile(_trie_pattern(literals)).search
    return lambda text: scan(text) is not None


def detect_pattern(regex: re.Pattern[str], text: str, searched: str,
                   precheck: Callable[[str], bool] | None = None) -> list[Span]:
    """Matches of ``regex`` in ``searched`` (the text, or its lowered twin) with word edges in ``text``.

    ``precheck`` says whether the text holds any literal that every match
    contains: when it does not, there is nothing to search for.
    """
    if precheck is not None and not precheck(searched):
        return []
    spans: list[Span] = []
    position = 0
    while position <= len(text):
        match = regex.search(searched, position)
        if match is None:
            break
        start, end = match.span()
        if start == end:  # the subset forbids patterns that match nothing, but be safe
            position = start + 1
        elif _word_edges_ok(text, start, end):
            spans.append((start, end, None))
            position = end
        else:
            position = start + 1
    return spans


def _caps_word_letters(word: str) -> int:
    """Capital letters in an all-capital word; -1 for a word that breaks a run.

    Words with no small letter but fewer than two capitals ("I", "A", "2025")
    are neutral: they neither count towards a run nor end it.
    """
    if word.isupper():
        return sum(1 for ch in word if ch.isupper())
    if any(ch.islower() or ch.istitle() for ch in word):
        return -1
    return 0


# In ASCII, an all-capital word with two capitals has two capitals with only digits between.
_TWO_ASCII_CAPITALS = re.compile("[A-Z][0-9]*[A-Z]")


def detect_caps_run(scanned: ScannedText, min_words: int, min_letters: int) -> list[Span]:
    if scanned.ascii and not _TWO_ASCII_CAPITALS.search(scanned.text):
        return []  # the common case, answered without looking at words
    words = scanned.words
    if sum(1 for word in words if word.isupper()) < min_words:
        return []
    spans: list[Span] = []
    run: list[tuple[int, int]] = []  # (word index, capital letters)

    def flush() -> None:
        if len(run) >= min_words and sum(letters for _, letters in run) >= min_letters:
            spans.append((scanned.spans[run[0][0]][0], scanned.spans[run[-1][0]][1], f"{len(run)} words in capitals"))
        run.clear()

    for index, word in enumerate(words):
        letters = _caps_word_letters(word)
        if letters >= 2:
            run.append((index, letters))
        elif letters < 0:
            flush()
    flush()
    return spans


def _subtract(ranges: Iterable[tuple[int, int]], holes: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out = list(ranges)
    for h_lo, h_hi in holes:
        next_out = []
        for lo, hi in out:
            if h_hi < lo or h_lo > hi:
                next_out.append((lo, hi))
                continue
            if lo < h_lo:
                next_out.append((lo, h_lo - 1))
            if hi > h_hi:
                next_out.append((h_hi + 1, hi))
        out = next_out
    return out


ZWJ = "\u200d"


@lru_cache(maxsize=1)
def emoji_unit_parts() -> dict[str, list[tuple[int, int]]]:
    """The code-point ranges that make up one emoji (see ``_emoji_unit``)."""
    flag_letters = [textclass.REGIONAL_INDICATORS]
    return {
        "emoji_flag_letters": flag_letters,
        "emoji_pictographs": _subtract(textclass.EMOJI_RANGES, [*textclass.EMOJI_GLUE_RANGES, *flag_letters]),
        "emoji_modifiers": _subtract(textclass.EMOJI_GLUE_RANGES, [(ord(ZWJ), ord(ZWJ))]),
    }


@lru_cache(maxsize=1)
def _emoji_unit() -> str:
    """One emoji as a reader sees it: a pictograph with its modifiers and any
    pictographs joined to it by zero-width joiners (a family is one), or a
    flag, which is a pair of regional indicator letters."""
    parts = {name: textclass.class_of(ranges) for name, ranges in emoji_unit_parts().items()}
    pictographs, modifiers = parts["emoji_pictographs"], parts["emoji_modifiers"]
    flag = f"[{parts['emoji_flag_letters']}]{{2}}"
    return f"(?:{flag}|[{pictographs}][{modifiers}]*(?:{ZWJ}[{pictographs}][{modifiers}]*)*)"


@lru_cache(maxsize=None)
def _emoji_run_regex(minimum: int) -> re.Pattern[str]:
    # Emoji in a row, with at most one space between neighbours ("🔥 🔥 🔥" is a row too).
    unit = _emoji_unit()
    return re.compile(f"{unit}(?: ?{unit}){{{minimum - 1},}}")


@lru_cache(maxsize=1)
def _emoji_unit_regex() -> re.Pattern[str]:
    return re.compile(_emoji_unit())


def detect_emoji_run(scanned: ScannedText, minimum: int) -> list[Span]:
    if scanned.ascii:
        return []
    spans: list[Span] = []
    for match in _emoji_run_regex(minimum).finditer(scanned.text):
        count = len(_emoji_unit_regex().findall(match.group()))
        spans.append((match.start(), match.end(), f"{count} emoji in a row"))
    return spans


def detect_self_focus(scanned: ScannedText, params: dict) -> list[Span]:
    keys = scanned.keys
    if len(keys) < params["min_words"]:
        return []
    self_words, other_words = params["_self"], params["_other"]
    if sum(map(self_words.__contains__, keys)) < params["min_self"]:
        return []  # leaving out acronyms below can only lower this count
    # An all-capital word is an acronym, not a pronoun: "US" is a country.
    keys = [key for key, word in zip(keys, scanned.words) if not (len(word) > 1 and word.isupper())]
    mine = sum(map(self_words.__contains__, keys))
    yours = sum(map(other_words.__contains__, keys))
    if mine >= params["min_self"] and mine > params["ratio"] * yours:
        return [(0, len(scanned.text), f"{mine} self-words, {yours} you-words")]
    return []


def detect_over_limit(text: str, limit: int) -> list[Span]:
    if len(text) <= limit:
        return []
    return [(limit, len(text), f"{len(text)} of {limit} characters")]


def detect_word_limit(scanned: ScannedText, max_words: int) -> list[Span]:
    count = len(scanned.keys)
    if count <= max_words:
        return []
    return [(scanned.spans[max_words][0], len(scanned.text), f"{count} words, more than {max_words}")]


# --- rules and the ruleset ---------------------------------------------------


@dataclass
class Rule:
    id: str
    level: str
    principle: str
    channels: tuple[str, ...] | None
    stages: tuple[str, ...] | None
    message: str
    description: str
    instead: str
    kind: str
    params: dict
    cases: dict
    path: str = ""
    pattern: PortablePattern | None = None
    phrases: list[Phrase] = field(default_factory=list)
    unless: list[Phrase] = field(default_factory=list)

    @property
    def public_params(self) -> dict:
        """The detector's parameters as the rule file gives them, without the sets worked out from them."""
        return {name: value for name, value in self.params.items() if not name.startswith("_")}

    def applies(self, channel: Channel | None, stage: str) -> bool:
        if self.stages is not None and stage not in self.stages:
            return False
        if channel is None:
            return self.channels is None and self.kind not in LENGTH_KINDS
        if self.channels is not None and channel.id not in self.channels:
            return False
        return not (self.kind == "over_limit" and channel.limit is None)


def _phrases(values: list[str], path: tuple) -> list[Phrase]:
    out = []
    for index, value in enumerate(values):
        try:
            out.append(parse_phrase(value))
        except ValueError as err:
            raise RuleError(path + (index,), f"the phrase {value!r} {err}") from None
    return out


def compile_rule(data: dict, path: str = "") -> Rule:
    """Make a Rule from schema-checked data; raise RuleError where a parameter cannot work."""
    detect = dict(data["detect"])
    kind = detect.pop("kind")
    rule = Rule(
        id=data["id"], level=data["level"], principle=data["principle"],
        channels=tuple(data["channels"]) if "channels" in data else None,
        stages=tuple(data["stages"]) if "stages" in data else None,
        message=data["message"], description=data["description"], instead=data["instead"],
        kind=kind, params=detect, cases=data["cases"], path=path,
    )
    if kind == "phrases":
        rule.phrases = _phrases(detect["phrases"], ("detect", "phrases"))
    if kind == "pattern":
        try:
            rule.pattern = portable_pattern(detect["pattern"], bool(detect.get("ignore_case", False)))
        except PatternError as err:
            raise RuleError(("detect", "pattern"), f"pattern column {err.column + 1}: {err.message}",
                            column_offset=err.column) from None
    if kind in ("phrases", "pattern") and "unless" in detect:
        rule.unless = _phrases(detect["unless"], ("detect", "unless"))
    if kind == "self_focus":
        for name in ("self_words", "other_words"):
            phrases = _phrases(detect[name], ("detect", name))
            for index, phrase in enumerate(phrases):
                if len(phrase.keys) != 1:
                    raise RuleError(("detect", name, index), f"{phrase.text!r} is not a single word")
            detect["_" + name.split("_")[0]] = frozenset(phrase.keys[0] for phrase in phrases)
    return rule


class Ruleset:
    """Every rule, ready to evaluate messages."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = sorted(rules, key=lambda rule: rule.id)
        self.by_id = {rule.id: rule for rule in self.rules}
        self._phrase_index = PhraseIndex()
        self._unless_index = PhraseIndex()
        for number, rule in enumerate(self.rules):
            for phrase in rule.phrases:
                self._phrase_index.add(phrase, number)
            for phrase in rule.unless:
                self._unless_index.add(phrase, number)
        self._plans: dict[tuple[str | None, str], _Plan] = {}
        # Compiled once per ruleset: each plan (channel and stage) reuses them.
        self._patterns = {rule.id: (rule.pattern.compile(), literal_precheck(required_literals(rule.pattern.python_source)))
                          for rule in self.rules if rule.pattern}

    def _detector(self, rule: Rule, channel: Channel | None) -> Callable[[ScannedText], list[Span]]:
        """The rule's detector with its parameters bound: a function of the scanned text alone."""
        params = rule.params
        if rule.kind == "pattern":
            regex, required = self._patterns[rule.id]
            if rule.pattern.ignore_case:
                return lambda scanned: detect_pattern(regex, scanned.text, scanned.lowered, required)
            return lambda scanned: detect_pattern(regex, scanned.text, scanned.text, required)
        if rule.kind == "caps_run":
            return lambda scanned: detect_caps_run(scanned, params["min_words"], params["min_letters"])
        if rule.kind == "emoji_run":
            return lambda scanned: detect_emoji_run(scanned, params["min"])
        if rule.kind == "self_focus":
            return lambda scanned: detect_self_focus(scanned, params)
        if rule.kind == "over_limit":
            return lambda scanned: detect_over_limit(scanned.text, channel.limit)
        if rule.kind == "word_limit":
            return lambda scanned: detect_word_limit(scanned, params["max_words"])
        raise ValueError(f"unknown rule kind {rule.kind!r}")  # the schema allows only the kinds above

    def _plan(self, channel: Channel | None, stage: str) -> _Plan:
        """Which rules run for a channel and stage, worked out once."""
        key = (channel.id if channel else None, stage)  # a dataclass hash would rehash every field
        if key not in self._plans:
            active = {n for n, rule in enumerate(self.rules) if rule.applies(channel, stage)}
            detectors = [(n, self._detector(self.rules[n], channel)) for n in sorted(active)
                         if self.rules[n].kind != "phrases"]
            self._plans[key] = _Plan(active, detectors)
        return self._plans[key]

    def evaluate(self, text: str | ScannedText, channel: Channel | None = None, stage: str = "first") -> list[Finding]:
        scanned = text if isinstance(text, ScannedText) else ScannedText(text)
        plan = self._plan(channel, stage)
        spans_by_rule: dict[int, list[Span]] = {
            owner: [(start, end, None) for start, end in spans]
            for owner, spans in self._phrase_index.scan(scanned, plan.active).items()
        }
        for number, detect in plan.detectors:
            spans = detect(scanned)
            if spans:
                spans_by_rule[number] = spans
        if not spans_by_rule:
            return []
        # A disclosure anywhere in the message switches its rule off, unless it is
        # negated ("this is not an affiliate link" discloses nothing).
        vetoable = {number for number in spans_by_rule if self.rules[number].unless}
        if vetoable:
            keys = scanned.keys
            for number, words in self._unless_index.matches(scanned, vetoable).items():
                if any(NEGATIONS.isdisjoint(keys[max(0, first - 2):first]) for first, _ in words):
                    del spans_by_rule[number]
        findings = [
            Finding(self.rules[number].id, self.rules[number].level, self.rules[number].message, start, end, detail)
            for number, spans in spans_by_rule.items()
            for start, end, detail in spans
        ]
        findings.sort(key=lambda finding: (finding.start, finding.end, finding.rule))
        return findings


@dataclass(frozen=True)
class _Plan:
    active: set[int]
    detectors: list[tuple[int, Callable[[ScannedText], list[Span]]]]
