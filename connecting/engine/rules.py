"""The ruleset: typed rules made from rule files, and the engine that runs them on a message.

A rule's kind comes from the registry (``connecting.engine.kinds``); this
module only knows what every rule has. Phrase rules share one index, so a
message is scanned once for every phrase of every rule; the other kinds each
run their bound detector.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from connecting.data.model import FAILING_LEVELS, Channel, Finding
from connecting.engine.detectors import PatternCheck, PatternGate, Span
from connecting.engine.kinds import KINDS, Derived, Detector, RuleError, gate_checks, pattern_checks
from connecting.engine.scanning import PhraseIndex, ScannedText

if TYPE_CHECKING:
    from connecting.data.yamlfile import Document

__all__ = ["NEGATIONS", "Case", "Rule", "RuleError", "Ruleset", "ScannedText", "compile_rule"]

# Words that, just before an `unless` phrase, cancel it: "not an affiliate
# link", "no referral link", "isn't sponsored" (an apostrophe splits "isn't").
NEGATIONS = frozenset({"not", "no", "never", "t"})


# --- rules and the ruleset ---------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One of a rule's own test messages, with the channel and stage it is judged under."""

    group: str  # "flag": the rule must fire; "pass": it must not
    index: int  # its place under cases.<group> in the rule file
    text: str
    channel: str | None
    stage: str

    @property
    def should_fire(self) -> bool:
        return self.group == "flag"


@dataclass(frozen=True)
class Rule:
    id: str  # the slug: file name, URL and `data-rule` value; never shown to readers as a name
    title: str  # the rule's name for readers
    level: str
    principle: str
    channels: tuple[str, ...] | None
    stages: tuple[str, ...] | None
    message: str
    description: str
    instead: str
    kind: str
    params: Mapping[str, object]  # the detector's parameters as the rule file gives them, without `kind`
    cases: tuple[Case, ...]
    derived: Derived = field(default_factory=Derived)  # worked out from params once
    # A weak signal's level when no other rule finds a warning or an error in the
    # message (at the stages given, or every stage); ``level`` applies when one does.
    alone: str | None = None
    alone_stages: tuple[str, ...] | None = None
    path: str = ""
    doc: Document | None = field(default=None, repr=False, compare=False)  # the file it came from

    def cases_in(self, group: str) -> tuple[Case, ...]:
        return tuple(case for case in self.cases if case.group == group)

    def applies(self, channel: Channel | None, stage: str) -> bool:
        if self.stages is not None and stage not in self.stages:
            return False
        if channel is None:
            return self.channels is None and not KINDS[self.kind].judges_length
        if self.channels is not None and channel.id not in self.channels:
            return False
        return not (self.kind == "over_limit" and channel.limit is None)

    def weak_at(self, stage: str) -> bool:
        return self.alone is not None and (self.alone_stages is None or stage in self.alone_stages)

    def detector(self, channel: Channel | None) -> Detector | None:
        """The rule's detector with its parameters bound: a function of the scanned text alone."""
        return KINDS[self.kind].bind(self, channel)


def _cases(raw_cases: dict, channels: tuple[str, ...] | None) -> tuple[Case, ...]:
    """The cases with their defaults filled in: the rule's first channel (or any), the first stage."""
    default_channel = channels[0] if channels else None
    out = []
    for group in ("flag", "pass"):
        for index, raw in enumerate(raw_cases[group]):
            raw = {"text": raw} if isinstance(raw, str) else raw
            out.append(Case(group, index, raw["text"], raw.get("channel", default_channel), raw.get("stage", "first")))
    return tuple(out)


# Levels from the most severe: a weak signal's level on its own must come after its `level`.
SEVERITY = ("error", "warning", "suggestion")


def _check_alone(data: dict) -> None:
    """A weak signal is weaker on its own, never stronger; and weak at a stage where it runs."""
    alone = data.get("alone")
    if alone is None:
        return
    if SEVERITY.index(alone["level"]) <= SEVERITY.index(data["level"]):
        raise RuleError(("alone", "level"), f"`alone.level` ({alone['level']}) must be milder than the rule's "
                        f"`level` ({data['level']}): it is the level of a weak signal found on its own",
                        "give `level` the level beside other red flags, and `alone.level` a milder one")
    if "stages" in alone and "stages" in data and not set(alone["stages"]) & set(data["stages"]):
        raise RuleError(("alone", "stages"), f"`alone.stages` {alone['stages']} names no stage the rule runs at "
                        f"({data['stages']})", "list stages from the rule's `stages`, or leave `alone.stages` out")


def compile_rule(data: dict, path: str = "", doc: Document | None = None) -> Rule:
    """Make a Rule from schema-checked data; raise RuleError where a parameter cannot work."""
    _check_alone(data)
    params = {name: value for name, value in data["detect"].items() if name != "kind"}
    kind = data["detect"]["kind"]
    channels = tuple(data["channels"]) if "channels" in data else None
    return Rule(
        id=data["id"], title=data["title"], level=data["level"], principle=data["principle"], channels=channels,
        stages=tuple(data["stages"]) if "stages" in data else None,
        message=data["message"], description=data["description"], instead=data["instead"],
        kind=kind, params=params, cases=_cases(data["cases"], channels),
        derived=KINDS[kind].derive(params), alone=data["alone"]["level"] if "alone" in data else None,
        alone_stages=tuple(data["alone"]["stages"]) if "stages" in data.get("alone", {}) else None, path=path, doc=doc,
    )


# The gate's RE2 set builds its automaton state by state, as messages need them, and the
# first few hundred messages of a process pay for most of that: on the rule cases, 0.29 s
# against 0.13 s for searching each pattern on its own. So the first messages a ruleset
# evaluates (the rule cases, a draft, a small guide) skip the gate, and a large guide's
# pairs use it, each message then costing a third less.
_GATE_AFTER = 500

_NO_SIGNAL_MATCHES: Mapping[int, list[tuple[int, int]]] = {}


class Ruleset:
    """Every rule, ready to evaluate messages."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = sorted(rules, key=lambda rule: rule.id)
        self.by_id = {rule.id: rule for rule in self.rules}
        self._phrase_index = PhraseIndex()
        self._unless_index = PhraseIndex()
        # The phrases of signals rules share the index too, each signal an owner of its
        # own after the rules: a message is scanned once for all of them.
        self._signal_owners: dict[int, tuple[int, int]] = {}  # owner -> (rule number, signal number)
        for number, rule in enumerate(self.rules):
            for phrase in rule.derived.phrases:
                self._phrase_index.add(phrase, number)
            for phrase in rule.derived.unless:
                self._unless_index.add(phrase, number)
            for signal_number, signal in enumerate(rule.derived.signals):
                if signal.phrases:
                    owner = len(self.rules) + len(self._signal_owners)
                    self._signal_owners[owner] = (number, signal_number)
                    for phrase in signal.phrases:
                        self._phrase_index.add(phrase, owner)
        self._plans: dict[tuple[str | None, str], _Plan] = {}
        checks = [check for rule in self.rules for check in pattern_checks(rule.derived)]
        self._gate = PatternGate(checks)
        self._every_check = frozenset(checks)  # what the gate's answer is before it is asked
        self._evaluated = 0

    def _plan(self, channel: Channel | None, stage: str) -> _Plan:
        """Which rules run for a channel and stage, worked out once."""
        key = (channel.id if channel else None, stage)  # a dataclass hash would rehash every field
        if key not in self._plans:
            active = {n for n, rule in enumerate(self.rules) if rule.applies(channel, stage)}
            owners = active | {owner for owner, (n, _) in self._signal_owners.items() if n in active}
            bound = [(n, self.rules[n].detector(channel)) for n in sorted(active)]
            # Detectors that need no pattern run on every message; the others are filed under the
            # first pattern check they need, and run when the gate finds it (and the rest they need).
            ungated: list[tuple[int, Detector]] = []
            gated: dict[PatternCheck, list[tuple[int, Detector, tuple[PatternCheck, ...]]]] = {}
            for n, detect in bound:
                needs = tuple(gate_checks(self.rules[n].derived))
                if detect is None:
                    continue
                if needs:
                    gated.setdefault(needs[0], []).append((n, detect, needs[1:]))
                else:
                    ungated.append((n, detect))
            self._plans[key] = _Plan(active, owners, ungated, gated)
        return self._plans[key]

    def evaluate(self, text: str | ScannedText, channel: Channel | None = None, stage: str = "first") -> list[Finding]:
        scanned = text if isinstance(text, ScannedText) else ScannedText(text)
        plan = self._plan(channel, stage)
        self._evaluated += 1
        found = self._gate.found(scanned) if self._evaluated > _GATE_AFTER else self._every_check
        spans_by_rule: dict[int, list[Span]] = {}
        signal_matches: dict[int, dict[int, list[tuple[int, int]]]] = {}  # rule number -> signal number -> spans
        for owner, spans in self._phrase_index.scan(scanned, plan.owners).items():
            if owner in self._signal_owners:
                number, signal_number = self._signal_owners[owner]
                signal_matches.setdefault(number, {})[signal_number] = spans
            else:
                spans_by_rule[owner] = [(start, end, None) for start, end in spans]
        # A detector whose patterns match nowhere in the message has nothing to find: not run.
        runs = [*plan.ungated, *((number, detect) for check in found for number, detect, needs in plan.gated.get(check, ())
                                 if found.issuperset(needs))]
        for number, detect in runs:
            spans = detect(scanned, signal_matches.get(number, _NO_SIGNAL_MATCHES), found)
            if spans:
                earlier = spans_by_rule.get(number)
                spans_by_rule[number] = _outermost([*earlier, *spans]) if earlier else spans
        if not spans_by_rule:
            return []
        # A disclosure anywhere in the message switches its rule off, unless it is
        # negated ("this is not an affiliate link" discloses nothing).
        vetoable = {number for number in spans_by_rule if self.rules[number].derived.unless}
        if vetoable:
            keys = scanned.keys
            for number, words in self._unless_index.matches(scanned, vetoable).items():
                if any(NEGATIONS.isdisjoint(keys[max(0, first - 2):first]) for first, _ in words):
                    del spans_by_rule[number]
        # One finding per rule, with every place it found ("3 template lines").
        findings = [
            _finding(self.rules[number], level, sorted(spans_by_rule[number], key=lambda span: span[:2]))
            for number, level in self._levels(spans_by_rule, stage).items()
        ]
        findings.sort(key=lambda finding: (finding.start, finding.end, finding.rule))
        return findings

    def _levels(self, found: Mapping[int, object], stage: str) -> dict[int, str]:
        """Each finding rule's level: a weak rule (``alone``) keeps its level only beside another failing rule."""
        failing = {number for number in found if self.rules[number].level in FAILING_LEVELS}
        return {number: rule.alone if rule.weak_at(stage) and not failing - {number} else rule.level
                for number, rule in ((number, self.rules[number]) for number in found)}


def _outermost(spans: list[Span]) -> list[Span]:
    """A phrases rule's pattern adds to what its phrases found: each place once, and none that
    lies inside another ("follow back" inside "please follow back"), so a reader sees one mark."""
    kept: list[Span] = []
    reach = -1
    for span in sorted(spans, key=lambda span: (span[0], -span[1])):  # stable: a phrase's span wins a tie
        if span[1] > reach:
            kept.append(span)
            reach = span[1]
    return kept


def _finding(rule: Rule, level: str, spans: list[Span]) -> Finding:
    """A rule's spans as one finding: the first span's place, every span, and what they hold."""
    detail = spans[0][2]
    if len(spans) > 1:
        details = list(dict.fromkeys(d for _, _, d in spans if d))
        detail = "; ".join(details) if details else None
    return Finding(rule.id, level, rule.message, tuple((s, e) for s, e, _ in spans), detail)


@dataclass(frozen=True)
class _Plan:
    active: set[int]
    owners: set[int]  # the active rules and their signals, as phrase index owners
    ungated: list[tuple[int, Detector]]  # detectors that need no pattern
    gated: dict[PatternCheck, list[tuple[int, Detector, tuple[PatternCheck, ...]]]]  # first check -> (rule, detector, the other checks)
