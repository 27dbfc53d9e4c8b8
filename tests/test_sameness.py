"""Near-duplicate search is exact: it finds what comparing every pair finds, and nothing else."""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import combinations

import pytest

from connecting.engine import sameness


def brute_force(sets, threshold):
    return sorted((i, j, sameness.jaccard(sets[i], sets[j])) for i, j in combinations(range(len(sets)), 2)
                  if sameness.jaccard(sets[i], sets[j]) >= threshold)


@pytest.mark.parametrize("seed", range(12))
def test_prefix_filtering_finds_exactly_what_all_pairs_finds(seed: int) -> None:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(40)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf-like
    texts = []
    for _ in range(150):
        if texts and rng.random() < 0.3:  # a near copy of an earlier text
            words = texts[rng.randrange(len(texts))].split()
            for _ in range(rng.randrange(3)):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choices(vocabulary, weights, k=rng.randrange(1, 25))))
    sets = [sameness.shingles(text) for text in texts]
    as_tuples = [tuple(shingles) for shingles in sets]  # as a check keeps them, to save memory
    for threshold in (Fraction(4, 5), Fraction(1, 2), Fraction(9, 10)):
        assert sameness.similar_pairs(sets, threshold) == brute_force(sets, threshold)
        assert sameness.similar_pairs(as_tuples, threshold) == brute_force(sets, threshold)


def test_the_measure_is_jaccard_of_lowercased_word_3_shingles() -> None:
    a = "Hi Ana, loved your talk on pricing"
    b = "hi ana loved your talk on PRICING!"
    assert sameness.similarity(a, b) == 1.0
    # 5 shingles each, 4 shared: 4 / 6
    assert sameness.similarity("one two three four five six seven", "one two three four five six eight") == pytest.approx(4 / 6)


def test_the_threshold_is_inclusive_and_exact() -> None:
    # Sets of 5 sharing 4 and of 4 inside 5: 4/6 and exactly 4/5.
    a = frozenset({1, 2, 3, 4, 5})
    b = frozenset({1, 2, 3, 4})
    assert sameness.similar_pairs([a, b]) == [(0, 1, Fraction(4, 5))]
    assert sameness.similar_pairs([a, frozenset({1, 2, 3, 6, 7})]) == []


def test_short_texts_are_one_shingle() -> None:
    assert sameness.shingles("Thank you!") == frozenset({"thank you"})
    assert sameness.shingles("One two, three four") == frozenset({"one two three", "two three four"})
    assert sameness.shingles("🙂") == frozenset()
