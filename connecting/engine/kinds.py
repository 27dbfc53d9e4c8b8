"""The registry of detector kinds: the one place where a kind is described.

A rule file picks a kind under ``detect:`` and gives its parameters; no rule
file holds code. Each kind is one ``DetectorKind`` record below: how its
parameters are checked (a definition in ``rule.schema.json``), what is worked
out from them once, how they bind to a detector function, what the browser
engine receives, whether the kind judges length, and the sentence its rule
pages use.

Adding a kind means one record here, its definition in the schema, and one
function in the browser engine's ``KINDS`` (docs/javascripts/connecting-engine.js).
``tests/test_kinds.py`` holds the three to each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, AbstractSet, Callable, Mapping

from connecting.data.problems import quote
from connecting.engine import detectors
from connecting.engine.detectors import Span
from connecting.engine.patterns import PatternError, PortablePattern, portable_pattern
from connecting.engine.scanning import Phrase, ScannedText, parse_phrase

if TYPE_CHECKING:
    import re2

    from connecting.data.model import Channel
    from connecting.engine.rules import Rule

# A rule's detector: the scanned message, the ruleset's one phrase scan's matches for the
# rule's phrase signals (by signal number; empty for other kinds), and the pattern checks
# that its PatternGate says may hold in the message -> what it finds.
SignalMatches = Mapping[int, list[tuple[int, int]]]
Detector = Callable[[ScannedText, SignalMatches, AbstractSet[detectors.PatternCheck]], list[Span]]


class RuleError(Exception):
    """A rule whose parameters cannot work; ``path`` points into the rule file."""

    def __init__(self, path: tuple, message: str, hint: str = "", column_offset: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.hint = hint
        self.column_offset = column_offset


@dataclass(frozen=True)
class Derived:
    """What is worked out once from a rule file's parameters; the file's own values stay in ``Rule.params``."""

    phrases: tuple[Phrase, ...] = ()
    unless: tuple[Phrase, ...] = ()  # disclosures that switch the rule off
    pattern: PortablePattern | None = None
    regex: re2._Regexp | None = field(default=None, compare=False)  # RE2: linear time
    word_sets: Mapping[str, frozenset[str]] = field(default_factory=dict)
    signals: tuple[Signal, ...] = ()
    in_order: bool = True  # signals: each after the one before


@dataclass(frozen=True)
class DetectorKind:
    name: str
    summary: str  # what a rule page says the kind looks for, in plain words
    derive: Callable[[Mapping], Derived]  # raises RuleError where a parameter cannot work
    # The detector with its parameters bound, for one channel; None for kinds
    # that the ruleset's shared phrase index runs.
    bind: Callable[[Rule, Channel | None], Detector | None]
    # The parameters as the browser engine reads them, beside "kind" and "unless".
    export: Callable[[Rule], dict[str, object]]
    judges_length: bool = False  # never runs without a channel

    @property
    def schema_ref(self) -> str:
        """Where ``rule.schema.json`` defines the kind's parameters."""
        return f"#/definitions/{self.name}"


def _phrases(values: list[str], path: tuple) -> tuple[Phrase, ...]:
    out = []
    for index, value in enumerate(values):
        try:
            out.append(parse_phrase(value))
        except ValueError as err:
            raise RuleError(path + (index,), f"the phrase {quote(value)} {err}") from None
    return tuple(out)


def _unless(params: Mapping) -> tuple[Phrase, ...]:
    return _phrases(params["unless"], ("detect", "unless")) if "unless" in params else ()


def phrase_export(phrase: Phrase) -> dict[str, object]:
    return {"text": phrase.text, "keys": list(phrase.keys), "seps": list(phrase.seps)}


def _file_params(rule: Rule) -> dict[str, object]:
    return dict(rule.params)


# --- phrases -------------------------------------------------------------------


def _derive_phrases(params: Mapping) -> Derived:
    phrases = _phrases(params["phrases"], ("detect", "phrases"))
    if "pattern" not in params:
        return Derived(phrases=phrases, unless=_unless(params))
    pattern, regex = _portable(params, ("detect", "pattern"))
    return Derived(phrases=phrases, pattern=pattern, regex=regex, unless=_unless(params))


def _export_phrases(rule: Rule) -> dict[str, object]:
    out: dict[str, object] = {"phrases": [phrase_export(p) for p in rule.derived.phrases]}
    if rule.derived.pattern is not None:
        out.update(_pattern_export(rule.derived.pattern))
    return out


PHRASES = DetectorKind(
    name="phrases",
    summary="It looks for set phrases, as whole words, whatever their capitals or accents "
            "(and, when it has one, for a pattern of words beside them).",
    derive=_derive_phrases,
    # The phrases run in the ruleset's shared index; a pattern beside them, for the shape of
    # the words that no list can hold ("didn't hear back on my last two emails"), runs here.
    bind=lambda rule, channel: _bind_pattern(rule, channel) if rule.derived.pattern is not None else None,
    export=_export_phrases,
)


# --- pattern -------------------------------------------------------------------


def _portable(params: Mapping, path: tuple) -> tuple[PortablePattern, re2._Regexp]:
    """A `pattern` (and `ignore_case`) from a rule file: the pattern and its RE2 regex."""
    try:
        pattern = portable_pattern(params["pattern"], bool(params.get("ignore_case", False)))
    except PatternError as err:
        raise RuleError(path, f"pattern column {err.column + 1}: {err.message}", column_offset=err.column) from None
    return pattern, pattern.compile_linear()


def _searcher(pattern: PortablePattern, regex) -> Callable[[ScannedText], list[Span]]:
    """The pattern's matches in a scanned text (its lowered twin with ignore_case), word edges checked.

    The ruleset skips the whole detector when its PatternGate finds that the pattern matches
    nowhere in the message (see ``gate_checks``)."""
    if pattern.ignore_case:
        return lambda scanned: detectors.detect_pattern(regex, scanned.text, scanned.lowered)
    return lambda scanned: detectors.detect_pattern(regex, scanned.text, scanned.text)


def _check_of(owner: Derived | Signal) -> detectors.PatternCheck:
    return detectors.PatternCheck(owner.pattern.source, owner.pattern.ignore_case)


def pattern_checks(derived: Derived) -> list[detectors.PatternCheck]:
    """Every pattern of a rule, its signals' included: what its PatternGate answers in one pass."""
    owners = [derived, *derived.signals]
    return [_check_of(owner) for owner in owners if owner.pattern is not None]


def gate_checks(derived: Derived) -> list[detectors.PatternCheck]:
    """What must all hold before a rule's detector can find anything: that its pattern, and
    each pattern signal, matches somewhere in the message (a PatternGate answers them)."""
    # A signal with phrases as well can be found without its pattern, so its pattern is no
    # condition for the detector to run; the detector itself skips that pattern's search.
    owners = [derived, *(signal for signal in derived.signals if not signal.phrases)]
    return [_check_of(owner) for owner in owners if owner.pattern is not None]


def _pattern_export(pattern: PortablePattern) -> dict[str, object]:
    # compilePattern in connecting-engine.js reads these keys by name: rename them in both.
    # `required`: texts of which every match holds one; without any of them the browser skips the search too.
    # `bounded`: the browser's own engine searches it at any length (see PortablePattern.bounded).
    return {"pattern": pattern.source, "ignore_case": pattern.ignore_case,
            "required": list(pattern.required_literals or []) or None, "bounded": pattern.bounded}


def _derive_pattern(params: Mapping) -> Derived:
    pattern, regex = _portable(params, ("detect", "pattern"))
    return Derived(pattern=pattern, regex=regex, unless=_unless(params))


def _bind_pattern(rule: Rule, channel: Channel | None) -> Detector:
    search = _searcher(rule.derived.pattern, rule.derived.regex)
    return lambda scanned, _, __: search(scanned)


PATTERN = DetectorKind(
    name="pattern",
    summary="It looks for a pattern of words; a match never starts or ends inside a word.",
    derive=_derive_pattern,
    bind=_bind_pattern,
    export=lambda rule: _pattern_export(rule.derived.pattern),
)


# --- kinds that read only the rule file's numbers ----------------------------------


def _counting(name: str, summary: str, count: Callable[[ScannedText, Mapping, Channel | None], list[Span]],
              judges_length: bool = False) -> DetectorKind:
    """A kind with nothing to work out: its detector reads the file's numbers (and the channel)."""
    return DetectorKind(
        name=name, summary=summary, derive=lambda params: Derived(),
        bind=lambda rule, channel: lambda scanned, _, __: count(scanned, rule.params, channel),
        export=_file_params, judges_length=judges_length,
    )


CAPS_RUN = _counting(
    "caps_run", "It looks for a run of words written all in capitals (short acronyms such as SEO pass).",
    lambda scanned, params, channel: detectors.detect_caps_run(scanned, params["min_words"], params["min_letters"]))

EMOJI_RUN = _counting(
    "emoji_run", "It looks for a run of emoji in a row.",
    lambda scanned, params, channel: detectors.detect_emoji_run(scanned, params["min"]))

OVER_LIMIT = _counting(
    "over_limit", "It counts the characters past the channel's length limit.",
    lambda scanned, params, channel: detectors.detect_over_limit(scanned.text, channel.limit), judges_length=True)

WORD_LIMIT = _counting(
    "word_limit", "It counts the words past a set number.",
    lambda scanned, params, channel: detectors.detect_word_limit(scanned, params["max_words"]), judges_length=True)


# --- self_focus ------------------------------------------------------------------

_WORD_LISTS = ("self_words", "other_words")


def _derive_self_focus(params: Mapping) -> Derived:
    word_sets = {}
    for name in _WORD_LISTS:
        phrases = _phrases(params[name], ("detect", name))
        for index, phrase in enumerate(phrases):
            if len(phrase.keys) != 1:
                raise RuleError(("detect", name, index), f"{quote(phrase.text)} is not a single word")
        word_sets[name] = frozenset(phrase.keys[0] for phrase in phrases)
    return Derived(word_sets=word_sets)


def _bind_self_focus(rule: Rule, channel: Channel | None) -> Detector:
    params, words = rule.params, rule.derived.word_sets
    return lambda scanned, _, __: detectors.detect_self_focus(
        scanned, params["min_words"], params["min_self"], params["ratio"], words["self_words"], words["other_words"])


SELF_FOCUS = DetectorKind(
    name="self_focus",
    summary="It counts words about the writer (I, my, we) against words about the reader (you, your), "
            "in a message long enough to judge.",
    derive=_derive_self_focus,
    bind=_bind_self_focus,
    # The browser gets the words folded as the Python side compares them.
    export=lambda rule: {**_file_params(rule), **{name: sorted(rule.derived.word_sets[name]) for name in _WORD_LISTS}},
)


# --- signals -------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    """One signal of a ``signals`` rule: phrases (found by the ruleset's phrase scan), a pattern, or both.

    Both is how one signal holds fixed phrases beside a pattern for the shape
    of the words ("we help ...", then "I run a small agency that ..."): either finds it."""

    label: str
    phrases: tuple[Phrase, ...] = ()
    pattern: PortablePattern | None = None
    regex: re2._Regexp | None = field(default=None, compare=False)


def _derive_signals(params: Mapping) -> Derived:
    signals = []
    for number, raw in enumerate(params["signals"]):
        path = ("detect", "signals", number)
        phrases = _phrases(raw["phrases"], path + ("phrases",)) if "phrases" in raw else ()
        pattern, regex = _portable(raw, path + ("pattern",)) if "pattern" in raw else (None, None)
        signals.append(Signal(raw["label"], phrases=phrases, pattern=pattern, regex=regex))
    return Derived(signals=tuple(signals), unless=_unless(params),
                   in_order=bool(params.get("in_order", True)))


def _bind_signals(rule: Rule, channel: Channel | None) -> Detector:
    signals = rule.derived.signals
    labels = [signal.label for signal in signals]
    in_order = rule.derived.in_order
    searchers = [(_searcher(s.pattern, s.regex), _check_of(s)) if s.pattern else None for s in signals]

    def detect(scanned: ScannedText, phrase_matches: SignalMatches,
               found: AbstractSet[detectors.PatternCheck]) -> list[Span]:
        # Only the searches that can find something: a pattern the gate found nowhere is skipped,
        # and a signal that neither its phrases nor its pattern can show ends the look early.
        searches = [entry if entry and entry[1] in found else None for entry in searchers]
        if any(search is None and number not in phrase_matches for number, search in enumerate(searches)):
            return []  # the common case: some signal is missing
        matches_by_signal = []
        for number, search in enumerate(searches):
            matches = phrase_matches.get(number, [])
            if search is not None:
                matches = sorted([*matches, *((start, end) for start, end, _ in search[0](scanned))])
            if not matches:
                return []
            matches_by_signal.append(matches)
        return detectors.detect_signal_chain(matches_by_signal, labels, in_order)

    return detect


def _export_signals(rule: Rule) -> dict[str, object]:
    out = []
    for signal in rule.derived.signals:
        exported: dict[str, object] = {"label": signal.label}
        if signal.phrases:
            exported["phrases"] = [phrase_export(p) for p in signal.phrases]
        if signal.pattern is not None:
            exported.update(_pattern_export(signal.pattern))
        out.append(exported)
    return {"signals": out, "in_order": rule.derived.in_order}


SIGNALS = DetectorKind(
    name="signals",
    summary="It looks for the shape of a message rather than one phrase: every one of its signals (each found by "
            "its phrases or its pattern), each after the one before unless its settings say in_order: false.",
    derive=_derive_signals,
    bind=_bind_signals,
    export=_export_signals,
)


KINDS: dict[str, DetectorKind] = {kind.name: kind for kind in (
    PHRASES, PATTERN, CAPS_RUN, EMOJI_RUN, SELF_FOCUS, OVER_LIMIT, WORD_LIMIT, SIGNALS,
)}
