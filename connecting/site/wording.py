"""What a rule found, in words a reader understands: "the words 'FREE e-book'", not offsets.

The engine reports places as code-point spans, which tools need and readers do
not. The pages describe each place by what it holds. The result is plain data
(a lead-in and the quoted texts); the templates quote and escape it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Sequence

# A place longer than this is not quoted whole: the page shows how it starts (and ends).
QUOTED_LENGTH = 60
# Words quoted from the start or the end of a long place.
EDGE_WORDS = 6


@dataclass(frozen=True)
class Found:
    """How a page says where a rule found something: ``lead`` then each of ``quotes``, then ``tail``."""

    lead: str
    quotes: tuple[str, ...] = ()
    tail: str = ""


def _kind_of(quotes: Sequence[str]) -> str:
    """What the quoted texts are, as a noun: emoji and runs of marks are not words."""
    text = "".join(quotes)
    if any(ch.isalnum() for ch in text):
        return "word" if len(quotes) == 1 and len(text.split()) == 1 else "words"
    if any(unicodedata.category(ch) == "So" for ch in text):
        return "emoji"
    return "mark" if len(text) == 1 else "marks"


def _start_of(text: str) -> str:
    words = text.split()
    return " ".join(words[:EDGE_WORDS]) + ("…" if len(words) > EDGE_WORDS else "")


def describe(text: str, spans: Sequence[Sequence[int]], limit: int = 3) -> Found:
    """Where a finding is, in words: ``spans`` are (start, end) code-point offsets into ``text``.

    The first ``limit`` places are quoted; a place that is the whole message, or
    runs on to its end, or is too long to quote, is described instead.
    """
    places = [text[start:end] for start, end, *_ in spans if end > start]
    if not places:
        return Found("the message as a whole")
    if len(places) == 1:
        start, end = spans[0][0], spans[0][1]
        place = places[0]
        if not text[:start].strip() and not text[end:].strip():
            return Found("the whole message")
        # A length limit's place starts where the limit falls, often inside a word: say so.
        cut = "…" if start and text[start - 1].isalnum() and place[:1].isalnum() else ""
        if (cut or len(place) > QUOTED_LENGTH) and not text[end:].strip():
            return Found("everything from", (cut + _start_of(place),), "to the end")
        if len(place) > QUOTED_LENGTH:
            return Found("the passage that starts", (cut + _start_of(place),))
    shown = tuple(" ".join(place.split()) for place in places[:limit])
    more = len(places) - len(shown)
    tail = f"and {more} more place{'s' if more > 1 else ''}" if more else ""
    return Found(f"the {_kind_of(shown)}", shown, tail)
