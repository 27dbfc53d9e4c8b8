"""How alike two messages are, and every pair of texts that are too alike.

Sameness is the Jaccard similarity of the texts' lower-cased word 3-shingles.
Near-duplicates are found with prefix filtering (Bayardo et al., "Scaling up
all pairs similarity search", 2007): order every shingle from rarest to most
common; two sets with similarity >= t must share a shingle within the first
``n - ceil(t * n) + 1`` of each, so only texts that share a rare shingle are
ever compared. This is exact: it can skip work, never a pair at or above t.
Thresholds are fractions so that float rounding cannot shorten a prefix.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Collection, Hashable, Sequence

from connecting.engine.scanning import ScannedText

THRESHOLD = Fraction(4, 5)
# A shingle is its words joined by single spaces: words never hold a space,
# so two shingles are equal exactly when their words are, and a string
# (whose hash Python keeps) is cheaper to count and compare than a tuple.
Shingle = str


def shingles_of_keys(keys: Sequence[str], size: int = 3) -> frozenset[Shingle]:
    """Word shingles; a text shorter than ``size`` words is one shingle of all of them."""
    if len(keys) < size:
        return frozenset([" ".join(keys)]) if keys else frozenset()
    return frozenset(map(" ".join, zip(*(keys[offset:] for offset in range(size)))))


def shingles(text: str) -> frozenset[Shingle]:
    return shingles_of_keys(ScannedText(text).keys)


def jaccard(a: frozenset, b: frozenset) -> Fraction:
    if not a and not b:
        return Fraction(0)
    inter = len(a & b)
    return Fraction(inter, len(a) + len(b) - inter)


def similarity(text_a: str, text_b: str) -> float:
    return float(jaccard(shingles(text_a), shingles(text_b)))


def _ceil(fraction: Fraction, n: int) -> int:
    return -(-fraction.numerator * n // fraction.denominator)


def similar_pairs(sets: Sequence[Collection], threshold: Fraction = THRESHOLD) -> list[tuple[int, int, Fraction]]:
    """Every pair (i, j), i < j, whose similarity is at least ``threshold``.

    Each of ``sets`` holds distinct shingles: a frozenset, or a tuple, which takes a
    quarter of the memory; sets are built only for the few pairs that are compared."""
    frequency: Counter[Hashable] = Counter()
    for shingle_set in sets:
        frequency.update(shingle_set)
    # The global order puts shingles found in one set only first (they can
    # never be shared, so their order among themselves is immaterial), then
    # the shared ones from rarest to most common; the stable sort breaks ties
    # by first appearance, the same for every set.
    shared = sorted((shingle for shingle, count in frequency.items() if count > 1), key=frequency.__getitem__)
    rank = {shingle: position for position, shingle in enumerate(shared)}
    shared_set = rank.keys()
    order = sorted((index for index, s in enumerate(sets) if s), key=lambda index: len(sets[index]))
    index_of: dict[int, list[int]] = {}
    found: list[tuple[int, int, Fraction]] = []
    num, den = threshold.numerator, threshold.denominator
    for x in order:
        x_set = sets[x]
        size = len(x_set)
        prefix_length = size - _ceil(threshold, size) + 1
        common = shared_set & x_set  # one pass in C
        unshared = size - len(common)
        if unshared >= prefix_length:
            continue  # the whole prefix is shingles no other set has
        ranked = [rank[s] for s in common]
        ranked.sort()
        candidates: set[int] = set()
        for token in ranked[: prefix_length - unshared]:
            for y in index_of.get(token, ()):
                # Sizes only grow along `order`; a much smaller set cannot reach the threshold.
                if len(sets[y]) * den >= num * size:
                    candidates.add(y)
            index_of.setdefault(token, []).append(x)
        if candidates:
            x_set = frozenset(x_set)
        for y in candidates:
            score = jaccard(x_set, frozenset(sets[y]))
            if score >= threshold:
                found.append((min(x, y), max(x, y), score))
    found.sort()
    return found
