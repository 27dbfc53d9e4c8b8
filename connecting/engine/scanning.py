"""Messages split into words once, and phrases matched on those words.

Every rule kind that reads words shares one ``ScannedText`` per message, and
every phrase of every rule sits in one ``PhraseIndex``, so a message is
scanned once however many phrases the ruleset holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from connecting.engine import textclass
from connecting.engine.patterns import lower_each

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
        for index in [index for index, key in enumerate(keys) if key in anchors]:
            for phrase, position, owner in self._by_anchor[keys[index]]:
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
