"""What each detector kind looks for in a message: small functions over a scanned text.

Which kinds exist, and how a rule file's parameters reach these functions, is
the registry's business (``connecting.engine.kinds``); the browser engine has
a twin of each function.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, NamedTuple

import re2

from connecting.engine import textclass
from connecting.engine.scanning import ScannedText

Span = tuple[int, int, str | None]  # start, end, detail


def _word_edges_ok(text: str, start: int, end: int) -> bool:
    """A pattern match may neither start nor end in the middle of a word."""
    is_word = textclass.is_word_char
    if start > 0 and is_word(text[start]) and is_word(text[start - 1]):
        return False
    if end < len(text) and is_word(text[end - 1]) and is_word(text[end]):
        return False
    return True


class PatternCheck(NamedTuple):
    """That a pattern matches somewhere in a text (in its lowered form when ``lowered``), word
    edges aside: asked of a message before the pattern's own search, which checks them."""

    source: str
    lowered: bool


# An RE2 set answers from a DFA alone, and on a text that fills the DFA's memory it gives up
# and reports nothing; with room for large automata that is rare, and the sentinel catches it.
_GATE_MEMORY = 64 << 20


def _gate_options() -> re2.Options:
    options = re2.Options()
    options.max_mem = _GATE_MEMORY
    options.log_errors = False  # a set that gives up is handled below, not logged
    return options


class PatternGate:
    """Every pattern check of a ruleset answered in one pass per text form.

    A message matches few of the ruleset's patterns, and searching each one
    match by match would scan it a dozen times; an RE2 set of all of them
    scans it once and says which match at all, so that only those are
    searched. ``lowered`` checks read the lowered text (ignore_case
    patterns), the others the text as written. Each set also holds an empty
    pattern, which matches every text: a pass that does not report it has
    given up, and then every check of that form holds.
    """

    def __init__(self, checks: Iterable[PatternCheck]) -> None:
        self._forms: dict[bool, tuple[re2.Set, list[PatternCheck | None]]] = {}
        for check in dict.fromkeys(checks):
            if check.lowered not in self._forms:
                matcher = re2.Set.SearchSet(_gate_options())
                matcher.Add("")  # index 0: the sentinel
                self._forms[check.lowered] = (matcher, [None])
            matcher, owners = self._forms[check.lowered]
            if matcher.Add(check.source) != len(owners):
                raise ValueError(f"RE2 refused the pattern {check.source!r}")
            owners.append(check)
        for matcher, _ in self._forms.values():
            matcher.Compile()

    def __bool__(self) -> bool:
        return bool(self._forms)

    def found(self, scanned: ScannedText) -> set[PatternCheck]:
        """The checks that may hold for this text: exactly those that do, unless a set gave up."""
        out: set[PatternCheck] = set()
        for lowered, (matcher, owners) in self._forms.items():
            indexes = matcher.Match(scanned.lowered if lowered else scanned.text) or ()
            if 0 in indexes:
                out.update(owners[index] for index in indexes if index)
            else:
                out.update(owners[1:])
        return out


def detect_pattern(regex, text: str, searched: str) -> list[Span]:
    """Matches of ``regex`` in ``searched`` (the text, or its lowered twin) with word edges in ``text``.

    One left-to-right pass over the matches, as the browser engine makes it: a
    match that starts or ends inside a word is skipped, never searched again
    from inside, so the work stays in step with the message's length.
    """
    return [(match.start(), match.end(), None) for match in regex.finditer(searched)
            if match.end() > match.start() and _word_edges_ok(text, match.start(), match.end())]


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
    joined = 0  # words of the run glued to the one before by a hyphen

    def flush() -> None:
        nonlocal joined
        count = len(run) - joined
        if count >= min_words and sum(letters for _, letters in run) >= min_letters:
            spans.append((scanned.spans[run[0][0]][0], scanned.spans[run[-1][0]][1], f"{count} words in capitals"))
        run.clear()
        joined = 0

    for index, word in enumerate(words):
        letters = _caps_word_letters(word)
        if letters >= 2:
            # A code such as "COROS-LIAMR" or "DCB-SPK-42" is one word, not a shout.
            if run and run[-1][0] == index - 1 and _hyphen_joined(scanned, index):
                joined += 1
            run.append((index, letters))
        elif letters < 0:
            flush()
    flush()
    return spans


def _hyphen_joined(scanned: ScannedText, index: int) -> bool:
    """Whether word ``index`` follows the word before it with a single hyphen between."""
    end, start = scanned.spans[index - 1][1], scanned.spans[index][0]
    return start == end + 1 and scanned.text[end] == "-"


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


@lru_cache(maxsize=1)
def _emoji_unit_regex() -> re.Pattern[str]:
    return re.compile(_emoji_unit())


def detect_emoji_run(scanned: ScannedText, minimum: int) -> list[Span]:
    """Emoji in a row, with at most one space between neighbours ("🔥 🔥 🔥" is a row too).

    One pass: each emoji is read once, by a pattern that cannot backtrack
    (its parts never overlap), and a row that is too short is skipped whole:
    a row starting inside it could only be shorter."""
    if scanned.ascii:
        return []
    text, unit = scanned.text, _emoji_unit_regex()
    spans: list[Span] = []
    found = unit.search(text)
    while found is not None:
        start, end, count = found.start(), found.end(), 1
        while (following := unit.match(text, end + 1 if text.startswith(" ", end) else end)) is not None:
            end, count = following.end(), count + 1
        if count >= minimum:
            spans.append((start, end, f"{count} emoji in a row"))
        found = unit.search(text, end)
    return spans


def detect_self_focus(scanned: ScannedText, min_words: int, min_self: int, ratio: float,
                      self_words: frozenset[str], other_words: frozenset[str]) -> list[Span]:
    keys = scanned.keys
    if len(keys) < min_words:
        return []
    if sum(map(self_words.__contains__, keys)) < min_self:
        return []  # leaving out acronyms below can only lower this count
    # An all-capital word is an acronym, not a pronoun: "US" is a country.
    keys = [key for key, word in zip(keys, scanned.words) if not (len(word) > 1 and word.isupper())]
    mine = sum(map(self_words.__contains__, keys))
    yours = sum(map(other_words.__contains__, keys))
    if mine >= min_self and mine > ratio * yours:
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


def detect_signal_chain(found: list[list[tuple[int, int]]], labels: list[str], in_order: bool) -> list[Span]:
    """Each signal's match when every signal was found (the ruleset makes them one finding).

    ``found`` holds each signal's matches in text order. In order, each signal
    takes its first match that starts after the previous one ends, so the
    earliest chain is found in one pass; in any order, each takes its first match.
    The first span carries the detail that names the signals.
    """
    chain: list[tuple[int, int]] = []
    after = 0
    for matches in found:
        match = next((m for m in matches if m[0] >= after), None) if in_order else (matches[0] if matches else None)
        if match is None:
            return []
        chain.append(match)
        after = match[1]
    detail = (", then " if in_order else " and ").join(labels)
    spans = sorted(chain)
    return [(start, end, detail if n == 0 else None) for n, (start, end) in enumerate(spans)]
