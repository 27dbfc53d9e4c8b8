"""The one character classification that every rule kind relies on.

Python's ``\\w`` and ``\\b`` are Unicode-aware while JavaScript's are ASCII-only,
so no rule may use them. Rule kinds ask these predicates instead, and the build
exports the same classification as code-point ranges for the browser engine.

- a *word character* is a letter, a digit or a combining mark, so "café" is
  one word whether its accent is composed or decomposed;
- an *emoji* is a pictographic code point from the ranges below; the joiners
  and modifiers that glue emoji together belong to no word and break no run.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Pictographic blocks (Unicode 14). Kept explicit because Python has no emoji
# property and the browser must use the very same list.
EMOJI_RANGES: tuple[tuple[int, int], ...] = (
    (0x2600, 0x27BF),    # miscellaneous symbols, dingbats
    (0x2B00, 0x2BFF),    # arrows and stars such as the white star
    (0x1F000, 0x1F2FF),  # mahjong, cards, enclosed alphanumerics
    (0x1F300, 0x1F5FF),  # pictographs
    (0x1F600, 0x1F64F),  # emoticons
    (0x1F680, 0x1F6FF),  # transport and map symbols
    (0x1F900, 0x1FAFF),  # supplemental pictographs
)
# Two regional indicator letters make one flag.
REGIONAL_INDICATORS: tuple[int, int] = (0x1F1E6, 0x1F1FF)
# Zero-width joiner, variation selectors, skin tones and tags: part of an
# emoji sequence, never counted on their own.
EMOJI_GLUE_RANGES: tuple[tuple[int, int], ...] = (
    (0x200D, 0x200D),
    (0xFE0E, 0xFE0F),
    (0x1F3FB, 0x1F3FF),
    (0xE0020, 0xE007F),
)


# Combining marks live only in these planes: the basic and supplementary
# multilingual planes, and the variation selectors of plane 14. Planes 2-13
# (ideographs, unassigned) and 15-16 (private use) hold none; a test checks
# this against a scan of every code point.
MARK_PLANES = ((0x0000, 0x1FFFF), (0xE0000, 0xEFFFF))


def _ranges_where(predicate, planes=((0, 0x10FFFF),)) -> tuple[tuple[int, int], ...]:
    """Code-point ranges, within ``planes``, where ``predicate`` holds."""
    found: list[tuple[int, int]] = []
    for low, high in planes:
        start = None
        for code in range(low, high + 1):
            if predicate(chr(code)):
                if start is None:
                    start = code
            elif start is not None:
                found.append((start, code - 1))
                start = None
        if start is not None:
            found.append((start, high))
    return tuple(found)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


@lru_cache(maxsize=1)
def mark_ranges() -> tuple[tuple[int, int], ...]:
    return _ranges_where(_is_mark, MARK_PLANES)


@lru_cache(maxsize=1)
def _word_regex() -> re.Pattern[str]:
    # Python's [^\W_] is exactly str.isalnum(); marks are added explicitly.
    return re.compile(f"(?:[^\\W_]|[{class_of(mark_ranges())}])+")


def class_of(ranges) -> str:
    """The inside of a regular-expression class holding these code-point ranges."""
    return "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or _is_mark(ch)


def fold(text: str) -> str:
    """The form two words are compared in: lower case, accents composed."""
    lowered = text.lower()
    return lowered if lowered.isascii() else unicodedata.normalize("NFC", lowered)


# In ASCII text the word characters are exactly these: a much faster scan.
_ASCII_WORD = re.compile("[A-Za-z0-9]+")


def _regex_for(text: str) -> re.Pattern[str]:
    return _ASCII_WORD if text.isascii() else _word_regex()


def word_texts(text: str) -> list[str]:
    """The words of a text, in order, found in one regular-expression scan."""
    return _regex_for(text).findall(text)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each word starts and ends, in code points."""
    return [match.span() for match in _regex_for(text).finditer(text)]
