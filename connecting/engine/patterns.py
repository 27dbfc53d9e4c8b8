"""The portable regular-expression subset that rule patterns are written in.

A pattern must mean the same in Python's ``re`` and in browser JavaScript
(with the ``u`` flag), so only constructs that agree in both are accepted:
literal characters, escaped syntax characters, ``[...]`` classes whose ranges
are ASCII, ``|``, ``(?:...)``, quantifiers, ``^`` and ``$``. Everything else is
refused with the column where it starts, so a contributor can fix it.

Word boundaries are not written in patterns at all: the pattern kind refuses a
match that starts or ends inside a word, using the shared classification.

Ignoring case is defined here, not left to each engine's flag (whose Unicode
case folding differs): the pattern is written in small letters and matched
against the text with every character lowered on its own (``lower_each``). It
is also much faster in Python than ``re.IGNORECASE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

import re2

# Characters with a meaning in a pattern; written literally only when escaped.
SYNTAX = set("^$\\.*+?()[]{}|")
# Control escapes read the same in both engines.
ESCAPABLE = SYNTAX | {"/", "t", "n", "r"}
ESCAPABLE_IN_CLASS = ESCAPABLE | {"-"}

REFUSED_ESCAPES = {
    "b": "`\\b` means different things in Python and JavaScript; the pattern kind already refuses matches inside a word",
    "B": "`\\B` means different things in Python and JavaScript",
    "w": "`\\w` is ASCII-only in JavaScript; write an explicit class such as [a-z0-9]",
    "W": "`\\W` is ASCII-only in JavaScript; write an explicit class",
    "d": "`\\d` is Unicode-wide in Python; write [0-9]",
    "D": "`\\D` differs between engines; write [^0-9]",
    "s": "`\\s` differs between engines; write a space, or [ \\t\\n]",
    "S": "`\\S` differs between engines; write an explicit class such as [^ \\t\\n]",
}


class PatternError(Exception):
    def __init__(self, column: int, message: str) -> None:
        super().__init__(message)
        self.column = column  # 0-based, inside the pattern
        self.message = message


@dataclass(frozen=True)
class PortablePattern:
    source: str  # as written in the rule file; JavaScript uses it unchanged
    python_source: str
    ignore_case: bool
    # Every repeat has an upper bound, so a backtracking engine tries a fixed number of
    # paths from each start (kept small by the parser's refusals of ambiguous repeats):
    # the browser's own engine then takes time linear in the text.
    bounded: bool = False

    def compile(self) -> re.Pattern[str]:
        """Python's regex; with ignore_case, search ``lower_each(text)`` with it."""
        return re.compile(self.python_source)

    def compile_linear(self) -> re2._Regexp:
        """The same pattern for RE2, whose search takes time linear in the text (the
        engine's choice; Python's backtracks). RE2 reads the portable syntax as
        written: its `$` is the end of the text, like JavaScript's."""
        return self._linear

    @cached_property
    def _linear(self) -> re2._Regexp:
        options = re2.Options()
        options.log_errors = False  # a pattern RE2 cannot read is raised as a PatternError, not logged
        return re2.compile(self.source, options)

    @cached_property
    def required_literals(self) -> tuple[str, ...] | None:
        """Strings of which every match contains one (searched in the lowered text with ignore_case).

        Worked out once per pattern, when first asked: the analysis of a long alternation costs
        milliseconds, and every channel and stage's plan asks for it."""
        _, required = _LiteralAnalysis(self.python_source).alternation()
        return tuple(sorted(required)) if required else None


_FINAL_SIGMA_CONTEXT = "\u03a3"  # str.lower() turns a word-final capital sigma into a final sigma
_GROWS_WHEN_LOWERED = "\u0130"  # the only code point whose lower case is longer (test_patterns checks)


def lower_each(text: str) -> str:
    """Each code point lowered on its own, keeping code-point offsets.

    A code point whose lower case is longer than one code point (such as the
    capital I with a dot) stays as it is.
    """
    lowered = text.lower()
    if len(lowered) == len(text) and _FINAL_SIGMA_CONTEXT not in text:
        return lowered  # every code point mapped to exactly one: the same as one by one
    # Lowered on its own a capital sigma is always σ, and it is the only code point whose
    # lower case depends on its neighbours; with it replaced, lowering is the same code point
    # by code point as for the whole text, but for the dotted capital I, which stays. Whole
    # passes: a pass per code point took four times as long.
    text = text.replace(_FINAL_SIGMA_CONTEXT, "\u03c3")
    if _GROWS_WHEN_LOWERED not in text:
        return text.lower()
    return _GROWS_WHEN_LOWERED.join(part.lower() for part in text.split(_GROWS_WHEN_LOWERED))


_CONTROL_ESCAPES = {"t": "\t", "n": "\n", "r": "\r"}


@lru_cache(maxsize=None)  # the rules write the same few classes ([0-9], [a-z]) hundreds of times
def _class_chars(source: str) -> frozenset[str] | None:
    """The characters a class matches, or None for a negated class (nearly anything)."""
    if source.startswith("[^"):
        return None
    regex = re.compile(source)
    chars = {chr(code) for code in range(128) if regex.fullmatch(chr(code))}
    return frozenset(chars | {ch for ch in source if not ch.isascii()})


Chars = frozenset[str] | None  # the characters a piece can match; None: nearly any (a negated class)


def _overlap(branches: list[Chars]) -> bool:
    """Whether two alternatives can start with the same character."""
    if len(branches) < 2:
        return False
    seen: set[str] = set()
    for first in branches:
        if first is None or first & seen:
            return True
        seen |= first
    return False


Branches = list[tuple[int, int]]  # the (start, end) places of a group's branches in the source
_PLAIN_WORDS = re.compile(r"[a-z0-9' -]+")
# Characters that stand for themselves (atom's last case): no syntax, no `]` or `}` (refused).
_LITERAL_RUN = re.compile(r"[^()\[\]\\^$.*+?{}|]+")
_QUANTIFIERS = frozenset("*+?{")
# The longest run of a class that an alternative may start with when more follows it: each
# start in a long run of those characters reads that far before the match fails.
CLASS_RUN_BOUND = 63


def _union(left: Chars, right: Chars) -> Chars:
    return None if left is None or right is None else left | right


def _union_all(values: list[Chars]) -> Chars:
    return None if None in values else frozenset().union(*values)


def _apart(left: Chars, right: Chars) -> bool:
    """Whether no character is in both (unknown, so not, when either is nearly any)."""
    return left is not None and right is not None and not left & right


class _Shape(NamedTuple):  # a tuple: a long alternation makes tens of thousands of them
    """What the guard against slow searches knows of a piece, a sequence or an alternation."""

    unbounded: bool = False  # holds a repeat without an upper bound
    first: Chars = None  # the characters it starts with; None also when it may match nothing
    starts: Chars = frozenset()  # the characters it starts with when it matches something
    optional: bool = True  # it may match nothing
    chars: Chars = frozenset()
    length: int | None = 0  # how many characters it matches; None when that varies
    # Where it ends in a required piece (a character, a class or a run of one) whose characters
    # nothing before that piece matches: `separator` holds them, `before` the characters of the rest.
    # Repetitions of such a piece meet at fixed places: each ends where its separator's run ends.
    separator: Chars = None
    before: Chars = None
    # The same at its start: one required character whose characters nothing after it matches.
    leader: Chars = None
    after: Chars = None
    # A text can match it in more than one way: alternatives that can start alike (other than
    # different plain texts), or a piece of varying length followed by one that can take its characters.
    ambiguous: bool = False
    literal: str | None = None  # the plain text it matches, when that is all it matches

    def separated(self) -> bool:
        """Whether a text splits into repetitions of this in one way only: each ends in its separator
        and starts with something else, or each starts with its leader and holds none after it."""
        ends = self.separator is not None and _apart(self.first, self.separator) and _apart(self.before, self.separator)
        return ends or (self.leader is not None and _apart(self.after, self.leader))

    def repeated(self, low: int, high: int | None, single: bool) -> _Shape:
        """This piece under a quantifier; `single` when it is one character or class."""
        keeps_end = (single and low >= 1) or (low, high) == (1, 1)
        keeps_start = (low, high) == (1, 1)  # a run of leaders could hold two repetitions' starts
        return _Shape(
            unbounded=self.unbounded or high is None,
            first=None if low == 0 else self.first,
            starts=self.starts,
            optional=self.optional or low == 0,
            chars=self.chars,
            length=self.length * low if low == high and self.length is not None else None,
            separator=self.separator if keeps_end else None,
            before=self.before if keeps_end else None,
            leader=self.leader if keeps_start else None,
            after=self.after if keeps_start else None,
            ambiguous=self.ambiguous,
            literal=self.literal if (low, high) == (1, 1) else None,
        )


@lru_cache(maxsize=None)  # the rules write the same words many times
def _literal_shape(run: str) -> _Shape:
    last = frozenset(run[-1])
    rest = frozenset(run[:-1])
    lead = frozenset(run[0])
    tail = frozenset(run[1:])
    return _Shape(first=lead, starts=lead, optional=False, chars=frozenset(run), length=len(run),
                  separator=None if last & rest else last, before=rest,
                  leader=None if lead & tail else lead, after=tail, literal=run)


def _single_shape(chars: Chars, literal: str | None = None) -> _Shape:
    return _Shape(first=chars, starts=chars, optional=False, chars=chars, length=1,
                  separator=chars, before=frozenset(), leader=chars, after=frozenset(), literal=literal)


def _runs_into_next(pieces: list[_Shape]) -> bool:
    """Whether a piece of varying length is followed by one that can start with its characters,
    so that a text splits between the two in more than one way (as in [a-z]{1,9}[a-z]{1,9})."""
    for n, piece in enumerate(pieces):
        if piece.length is not None:
            continue
        follow: Chars = frozenset()
        for after in pieces[n + 1:]:
            follow = _union(follow, after.starts)
            if not after.optional:
                break
        if not _apart(piece.chars, follow) and follow != frozenset():
            return True
    return False


def _alternatives_agree(branches: list[_Shape]) -> bool:
    """Whether two alternatives can match the same text: two start alike and one of them is not a
    plain text, or a plain text is written twice."""
    texts = [branch.literal for branch in branches if branch.literal is not None]
    text_firsts: Chars = frozenset(text[0] for text in texts if text)
    others = [branch.first for branch in branches if branch.literal is None]
    return len(set(texts)) < len(texts) or _overlap([*others, text_firsts])


_ANCHOR = _Shape()


def _sequence_shape(pieces: list[_Shape]) -> _Shape:
    if len(pieces) == 1:
        return pieces[0]  # most branches of a long alternation are one plain text
    if not pieces:
        return _Shape(first=None)
    chars: Chars = frozenset()
    length: int | None = 0
    for piece in pieces[:-1]:
        chars = _union(chars, piece.chars)
        length = None if length is None or piece.length is None else length + piece.length
    last, lead = pieces[-1], pieces[0]
    before = _union(chars, last.before)
    separated = last.separator is not None and _apart(before, last.separator)
    after = lead.after
    for piece in pieces[1:]:
        after = _union(after, piece.chars)
    led = lead.leader is not None and _apart(after, lead.leader)
    starts: Chars = frozenset()
    for piece in pieces:
        starts = _union(starts, piece.starts)
        if not piece.optional:
            break
    return _Shape(
        unbounded=any(piece.unbounded for piece in pieces),
        first=lead.first,
        starts=starts,
        optional=all(piece.optional for piece in pieces),
        chars=_union(chars, last.chars),
        length=None if length is None or last.length is None else length + last.length,
        separator=last.separator if separated else None,
        before=before if separated else None,
        leader=lead.leader if led else None,
        after=after if led else None,
        ambiguous=any(piece.ambiguous for piece in pieces) or _runs_into_next(pieces),
        literal="".join(piece.literal for piece in pieces) if all(piece.literal is not None for piece in pieces) else None,
    )


def _alternation_shape(branches: list[_Shape]) -> _Shape:
    if len(branches) == 1:
        return branches[0]
    separator = _union_all([branch.separator for branch in branches])
    before = _union_all([branch.before for branch in branches])
    leader = _union_all([branch.leader for branch in branches])
    after = _union_all([branch.after for branch in branches])
    lengths = {branch.length for branch in branches}
    separated, led = _apart(separator, before), _apart(leader, after)
    return _Shape(
        unbounded=any(branch.unbounded for branch in branches),
        first=_union_all([branch.first for branch in branches]),
        starts=_union_all([branch.starts for branch in branches]),
        optional=any(branch.optional for branch in branches),
        chars=_union_all([branch.chars for branch in branches]),
        length=lengths.pop() if len(lengths) == 1 else None,
        separator=separator if separated else None,
        before=before if separated else None,
        leader=leader if led else None,
        after=after if led else None,
        ambiguous=any(branch.ambiguous for branch in branches) or _alternatives_agree(branches),
    )


class _Parser:
    """A recursive-descent check of the subset; also rewrites ``$`` for Python."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.out: list[str] = []
        self.bounded = False  # set by parse()

    def fail(self, message: str, column: int | None = None) -> PatternError:
        return PatternError(self.pos if column is None else column, message)

    def peek(self) -> str:
        return self.src[self.pos] if self.pos < len(self.src) else ""

    def parse(self) -> str:
        if not self.src:
            raise self.fail("the pattern is empty")
        shape, _, places, endings = self.alternation(depth=0)
        self.bounded = not shape.unbounded
        if self.pos < len(self.src):
            raise self.fail("unbalanced `)`: remove it or escape it as `\\)`")
        for branches in [places, *endings]:
            self.refuse_shadowed_ending(branches)
        return "".join(self.out)

    # Endings: the groups that end a piece, each as the places of its branches, outermost
    # first. The pattern's own branches and the groups that end it are checked for shadowing.

    def alternation(self, depth: int) -> tuple[_Shape, list[_Shape], Branches, list[Branches]]:
        """Parse `a|b|c`: its shape, each branch's shape and place, and the groups that end its branches."""
        begin = self.pos
        shape, endings = self.sequence(depth)
        shapes, places = [shape], [(begin, self.pos)]
        while self.peek() == "|":
            self.out.append("|")
            self.pos += 1
            begin = self.pos
            shape, more_endings = self.sequence(depth)
            shapes.append(shape)
            places.append((begin, self.pos))
            endings += more_endings
        return _alternation_shape(shapes), shapes, places, endings

    def sequence(self, depth: int) -> tuple[_Shape, list[Branches]]:
        pieces: list[_Shape] = []
        endings: list[Branches] = []
        only_classes = True  # every piece so far is a class (or there is none yet)
        while self.pos < len(self.src) and self.peek() not in "|)":
            start = self.pos
            end = self.literal_run_end()
            if end > start:  # plain characters, none repeated: as many one-character atoms would be
                self.out.append(self.src[start:end])
                self.pos = end
                pieces.append(_literal_shape(self.src[start:end]))
                only_classes = False
                endings = []
                continue
            is_class = self.peek() == "["
            atom, branches, atom_endings = self.atom(depth)
            counts = self.quantifier(atom is not _ANCHOR, start)
            more_follows = self.pos < len(self.src) and self.peek() not in "|)"
            endings = [] if more_follows else atom_endings
            if counts is None:
                pieces.append(atom)
            else:
                low, high = counts
                if is_class and only_classes and depth == 0 and more_follows:
                    self.refuse_long_class_run(high, start)
                self.refuse_ambiguous_repeat(atom, branches, high, start)
                pieces.append(atom.repeated(low, high, single=not branches and atom.length == 1))
            only_classes = only_classes and is_class
        return _sequence_shape(pieces), endings

    def refuse_long_class_run(self, high: int | None, start: int) -> None:
        """Refuse a class repeated many times where an alternative starts, with more after it:
        each start in a long run of those characters would read to the repeat's end, then fail."""
        if high is None:
            raise self.fail(
                "an alternative that starts with a class repeated without bound, with more after it, is"
                " tried again from every position of a long run of those characters (quadratic time); give"
                f" the repeat a bound such as {{1,{CLASS_RUN_BOUND}}}, or start with a fixed text",
                start,
            )
        if high > CLASS_RUN_BOUND:
            raise self.fail(
                f"an alternative that starts with a class repeated up to {high} times, with more after it,"
                f" reads up to {high} characters from every position of a long run of those characters;"
                f" keep the bound to {CLASS_RUN_BOUND} or less, or start with a fixed text",
                start,
            )

    def refuse_ambiguous_repeat(self, atom: _Shape, branches: list[_Shape], high: int | None, start: int) -> None:
        """Refuse a group repeated more than once that a text can split into repetitions in many
        ways: a backtracking engine (the browser's) tries every split before it gives up, and their
        number grows exponentially with the count, bounded or not."""
        if high is not None and high <= 1:
            return
        if high is None and atom.unbounded:
            raise self.fail(
                "a repeated group that itself repeats without bound can take"
                " exponential time on some messages; simplify the group",
                start,
            )
        if _overlap([branch.first for branch in branches]):
            raise self.fail(
                "the alternatives of this repeated group can start with the same character, which can"
                " take exponential time on some messages; make each alternative start differently",
                start,
            )
        if atom.ambiguous:
            raise self.fail(
                "a text can match one repetition of this group in more than one way (alternatives that"
                " start alike, or a repeat followed by a piece that takes the same characters), and a"
                " backtracking engine tries every combination (exponential time in the count); make the"
                " alternatives start differently, or separate the repeats",
                start,
            )
        # Alternatives of fixed lengths that start differently: the next character picks one, and its length.
        picked = len(branches) > 1 and all(branch.length is not None for branch in branches)
        if branches and atom.length is None and not picked and not atom.separated():
            raise self.fail(
                "this repeated group matches texts of different lengths and does not end in a character"
                " that nothing else in it matches, so a run of text splits into repetitions in many ways"
                " and a backtracking engine tries each (exponential time); end the group with a separator"
                " such as a space, as in (?:[a-z]{1,20} ){0,4}",
                start,
            )

    def literal_run_end(self) -> int:
        """Where a run of plain characters from here ends, short of one that a quantifier repeats.

        Rule patterns are mostly such runs (words and the spaces between them); taking
        them in one step, rather than one atom per character, halves a check's start."""
        run = _LITERAL_RUN.match(self.src, self.pos)
        if run is None:
            return self.pos
        end = run.end()
        return end - 1 if end < len(self.src) and self.src[end] in _QUANTIFIERS else end

    def atom(self, depth: int) -> tuple[_Shape, list[_Shape], list[Branches]]:
        """(its shape, the shapes of a group's branches, the groups that end it: a group itself,
        then those that end its branches)."""
        ch = self.peek()
        if ch == "(":
            if not self.src.startswith("(?:", self.pos):
                raise self.fail("only non-capturing groups `(?:...)` are allowed")
            self.out.append("(?:")
            self.pos += 3
            shape, branches, places, endings = self.alternation(depth + 1)
            if self.peek() != ")":
                raise self.fail("this group is never closed: add `)`")
            self.out.append(")")
            self.pos += 1
            return shape, branches, [places, *endings]
        if ch == "[":
            start = self.pos
            self.char_class()
            return _single_shape(_class_chars(self.src[start:self.pos])), [], []
        if ch == "\\":
            self.escape(ESCAPABLE)
            escaped = self.src[self.pos - 1]
            literal = _CONTROL_ESCAPES.get(escaped, escaped)
            return _single_shape(frozenset(literal), literal), [], []
        if ch == "^":
            self.out.append("^")
            self.pos += 1
            return _ANCHOR, [], []
        if ch == "$":
            # Python's `$` also matches before a final newline; `\Z` does not.
            self.out.append(r"\Z")
            self.pos += 1
            return _ANCHOR, [], []
        if ch == ".":
            raise self.fail("`.` differs between engines around line breaks; write an explicit class such as [^ ]")
        if ch in "*+?{":
            raise self.fail(f"`{ch}` has nothing to repeat: escape it as `\\{ch}` to match it")
        if ch in "]}":
            raise self.fail(f"unescaped `{ch}`: write `\\{ch}` to match it")
        self.out.append(ch)
        self.pos += 1
        return _single_shape(frozenset(ch), ch), [], []

    def refuse_shadowed_ending(self, places: Branches) -> None:
        """Refuse "(?:min|minutes)" where a pattern ends: both engines take the first alternative
        that fits, so "15 minutes" matches only "15 min", and a match that ends inside a word is
        dropped, silently. Put the longer word first, as in (?:minutes|min)."""
        words = [self.src[b:e] for b, e in places]
        for n, (b, _) in enumerate(places):
            earlier = words[n]
            if not _PLAIN_WORDS.fullmatch(earlier) or not earlier[-1].isalnum():
                continue
            longer = next((w for w in words[n + 1:] if w.startswith(earlier) and len(w) > len(earlier)
                           and w[len(earlier)].isalnum()), None)
            if longer is not None:
                raise self.fail(f"`{earlier}` comes before `{longer}` at the end of the pattern: the engines "
                                f"take the first that fits, so `{longer}` matches only `{earlier}` and the "
                                f"match, ending inside a word, is dropped; put `{longer}` first", b)

    def escape(self, allowed: set[str]) -> None:
        nxt = self.src[self.pos + 1] if self.pos + 1 < len(self.src) else ""
        if nxt in REFUSED_ESCAPES:
            raise self.fail(REFUSED_ESCAPES[nxt])
        if nxt not in allowed:
            what = f"`\\{nxt}`" if nxt else "a lone `\\` at the end"
            raise self.fail(f"{what} is not a portable escape; escape only syntax characters such as \\. or \\?")
        self.out.append("\\" + nxt)
        self.pos += 2

    def char_class(self) -> None:
        start = self.pos
        self.out.append("[")
        self.pos += 1
        if self.peek() == "^":
            self.out.append("^")
            self.pos += 1
        members = 0
        while True:
            ch = self.peek()
            if not ch:
                raise self.fail("this class is never closed: add `]`", start)
            if ch == "]":
                if members == 0:
                    raise self.fail("an empty class matches nothing", start)
                self.out.append("]")
                self.pos += 1
                return
            low = self.class_member(first=members == 0)
            members += 1
            if self.peek() == "-" and self.src[self.pos + 1 : self.pos + 2] not in ("]", ""):
                dash = self.pos
                self.out.append("-")
                self.pos += 1
                high = self.class_member()
                if not (low.isascii() and high.isascii()):
                    raise self.fail("class ranges must be ASCII, such as a-z or 0-9", dash)
                if ord(low) > ord(high):
                    raise self.fail(f"the range {low}-{high} is backwards", dash)

    def class_member(self, first: bool = False) -> str:
        ch = self.peek()
        nxt = self.src[self.pos + 1 : self.pos + 2]
        if ch == "\\":
            self.escape(ESCAPABLE_IN_CLASS)
            return self.src[self.pos - 1]
        if ch == "[":
            raise self.fail("write `\\[` inside a class")
        if ch == "-" and not (first or nxt == "]"):
            raise self.fail("a `-` inside a class is a literal only first or last; elsewhere write `\\-`")
        if ch in "&~|" and nxt == ch:
            raise self.fail(f"`{ch}{ch}` inside a class is a set operation in one engine; write it once")
        self.out.append(ch)
        self.pos += 1
        return ch

    def quantifier(self, can_repeat: bool, atom_start: int) -> tuple[int, int | None] | None:
        """The (least, most) repetitions it allows, with None for no upper bound; None without a quantifier."""
        ch = self.peek()
        if ch not in ("*", "+", "?", "{"):
            return None
        if not can_repeat:
            raise self.fail("`^` and `$` cannot be repeated")
        if ch == "{":
            match = re.compile(r"\{(\d+)(,(\d*))?\}").match(self.src, self.pos)
            if not match:
                raise self.fail("write a counted repeat as {n}, {n,} or {n,m}; escape `{` to match it")
            low, comma, high = match.group(1), match.group(2), match.group(3)
            if high and int(high) < int(low):
                raise self.fail(f"the repeat {match.group()} is backwards")
            self.out.append(match.group())
            self.pos = match.end()
            counts = (int(low), int(high) if high else None if comma else int(low))
        else:
            self.out.append(ch)
            self.pos += 1
            counts = {"*": (0, None), "+": (1, None), "?": (0, 1)}[ch]
        if self.peek() == "?":
            self.out.append("?")
            self.pos += 1
        if self.peek() in ("*", "+", "{") or (self.peek() == "?" and ch != "?"):
            raise self.fail("a quantifier cannot follow another quantifier")
        return counts


def portable_pattern(source: str, ignore_case: bool) -> PortablePattern:
    """Check ``source`` against the subset; raise PatternError where it leaves it."""
    if ignore_case:
        capital = next((i for i, ch in enumerate(source) if ch != lower_each(ch)), None)
        if capital is not None:
            raise PatternError(capital, "with ignore_case, write the pattern in small letters; it matches capitals too")
    parser = _Parser(source)
    python_source = parser.parse()
    compiled = PortablePattern(source, python_source, ignore_case, parser.bounded)
    try:  # the engine's own regex: Python's is only compiled where a test compares the two
        regex = compiled.compile_linear()
    except re2.error as err:  # pragma: no cover - the subset should rule this out
        raise PatternError(0, f"not a valid pattern: {err}") from None
    if regex.search("") is not None:
        raise PatternError(0, "the pattern matches an empty text; it would flag every message")
    return compiled


# --- a fast, Python-only pre-check -------------------------------------------
# Most messages contain none of the text a pattern needs, so before running
# a pattern we ask whether any of its required literals occurs at all. The
# literals are worked out from the compiled pattern: a set of strings such
# that every match contains at least one of them. When in doubt we return
# None and the pattern always runs; this only ever skips hopeless searches.

_MAX_SET = 256


def _product(left: set[str] | None, right: set[str] | None) -> set[str] | None:
    if left is None or right is None or len(left) * len(right) > _MAX_SET:
        return None
    return {a + b for a in left for b in right}


_COMMON_MARKS = set(" .,;:'\"!?()-\n")


def _chance(literal: str) -> float:
    """A rough guess of the chance that a message of a few hundred characters
    holds ``literal``: each letter divides it by 8, a space by 5, a mark
    that prose often uses by 30, any other mark by 300."""
    chance = 300.0
    for ch in literal:
        chance /= 5 if ch == " " else 8 if ch.isalnum() else 30 if ch in _COMMON_MARKS else 300
    return min(chance, 1.0)


def _best(candidates: list[set[str]]) -> set[str] | None:
    """The set that makes the pre-check cheapest on average: checking costs a
    little per literal, and a hit costs a run of the full pattern."""
    useful = [c for c in candidates if c and "" not in c]
    if not useful:
        return None

    def cost(literals: set[str]) -> float:
        check = 0.15 * len(literals) if len(literals) <= 6 else 1.0 + 0.03 * len(literals)
        return check + 5.0 * min(1.0, sum(map(_chance, literals)))

    return min(useful, key=lambda c: (cost(c), len(c)))


def _sequence(parts: list[tuple[set[str] | None, set[str] | None]]) -> tuple[set[str] | None, set[str] | None]:
    """(exact strings a sequence of pieces matches, or None; its required literals, or None)."""
    exact: set[str] | None = {""}
    for item_exact, _ in parts:
        exact = _product(exact, item_exact)
    candidates = [req for _, req in parts if req is not None]
    run: set[str] | None = {""}
    for item_exact, _ in parts:
        joined = _product(run, item_exact)
        if joined is None:
            if run is not None and run != {""}:
                candidates.append(run)
            run = item_exact if item_exact is not None else {""}
        else:
            run = joined
    if run and run != {""}:
        candidates.append(run)
    return exact, _best(candidates)


def _branches(results: list[tuple[set[str] | None, set[str] | None]]) -> tuple[set[str] | None, set[str] | None]:
    if len(results) == 1:
        return results[0]
    exact = None if any(e is None for e, _ in results) else set().union(*(e for e, _ in results))
    if exact is not None and len(exact) > _MAX_SET:
        exact = None
    required = None if any(r is None for _, r in results) else set().union(*(r for _, r in results))
    return exact, required


def _repeat(item: tuple[set[str] | None, set[str] | None], low: int, high: int | None) -> tuple[set[str] | None, set[str] | None]:
    inner_exact, inner_required = item
    if low == 0:
        return None, None
    exact = inner_exact if (low, high) == (1, 1) else None
    # Every match holds `low` repetitions in a row: x{3,} needs xxx.
    repeated = inner_exact
    for _ in range(low - 1):
        repeated = _product(repeated, inner_exact)
    if repeated and "" not in repeated:
        return exact, _best([repeated, inner_required] if inner_required else [repeated])
    return exact, inner_required


_COUNTED = re.compile(r"\{(\d+)(,(\d*))?\}\??")


class _LiteralAnalysis:
    """A second walk over a pattern that ``_Parser`` has accepted (so it needs no
    checks of its own), working out the literals every match must contain."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0

    def peek(self) -> str:
        return self.src[self.pos] if self.pos < len(self.src) else ""

    def alternation(self) -> tuple[set[str] | None, set[str] | None]:
        results = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            results.append(self.sequence())
        return _branches(results)

    def sequence(self) -> tuple[set[str] | None, set[str] | None]:
        parts = []
        while self.pos < len(self.src) and self.peek() not in "|)":
            parts.append(self.quantified(self.atom()))
        return _sequence(parts)

    def atom(self) -> tuple[set[str] | None, set[str] | None]:
        ch = self.peek()
        if ch == "(":
            self.pos += 3  # "(?:"
            inner = self.alternation()
            self.pos += 1  # ")"
            return inner
        if ch == "[":
            end = self.pos + 1
            while self.src[end] != "]":
                end += 2 if self.src[end] == "\\" else 1
            chars = _class_chars(self.src[self.pos:end + 1])
            self.pos = end + 1
            return (chars, chars) if chars and len(chars) <= 16 else (None, None)
        if ch == "\\":
            escaped = self.src[self.pos + 1]
            self.pos += 2
            if escaped == "Z":  # `$` as _Parser writes it for Python
                return {""}, None
            literal = _CONTROL_ESCAPES.get(escaped, escaped)
            return {literal}, {literal}
        self.pos += 1
        if ch == "^":
            return {""}, None
        return {ch}, {ch}

    def quantified(self, item: tuple[set[str] | None, set[str] | None]) -> tuple[set[str] | None, set[str] | None]:
        ch = self.peek()
        if ch in ("*", "+", "?"):
            self.pos += 1
            if self.peek() == "?":  # lazy
                self.pos += 1
            return _repeat(item, 0 if ch in "*?" else 1, 1 if ch == "?" else None)
        if ch == "{":
            match = _COUNTED.match(self.src, self.pos)
            self.pos = match.end()
            low = int(match.group(1))
            high = low if not match.group(2) else (int(match.group(3)) if match.group(3) else None)
            return _repeat(item, low, high)
        return item
