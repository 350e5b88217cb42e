"""One-word given names take a shortcut through ``compare_given_words``: same levels."""

from __future__ import annotations

import itertools

import jellyfish

from leakmap.link.comparisons import _FUZZY_GIVEN, compare_given_words
from leakmap.link.ocr_key import ocr_key

_WORDS = ("MARIE", "MARIA", "MARIO", "JEAN", "JEANNE", "JEANNINE", "JEANNI", "LEA", "LIA",
          "THOMAS", "THORNAS", "MADELEINE", "MADE1EINE", "ANNE", "ANN", "PAUL", "PAULE", "")  # fmt: skip


def _plain(mention: tuple[str, ...], given: tuple[str, ...], first: str) -> str:
    """The general definition, every test spelled out."""
    if not mention:
        return "missing"
    joined = " ".join(mention)
    if joined == " ".join(given) or joined == first or joined.startswith(first + " "):
        return "exact"
    if set(mention) & set(given):
        return "partial"
    if given and (
        jellyfish.jaro_winkler_similarity(joined, first or given[0]) >= _FUZZY_GIVEN
        or ocr_key(mention[0]) == ocr_key(given[0])
    ):
        return "close"
    return "disagree"


def test_one_word_each_gives_the_plain_level() -> None:
    words = [w for w in _WORDS if w]
    firsts = ("", "JEAN MARIE", *words)  # a first name as the registry keeps it, or none
    for word, theirs, first in itertools.product(words, words, firsts):
        assert compare_given_words((word,), (theirs,), first) == _plain((word,), (theirs,), first)
    # Longer names still take the general path.
    assert compare_given_words(("JEAN", "MARIE"), ("JEAN",), "JEAN") == "exact"
    assert compare_given_words(("MARIE",), ("JEAN", "MARIE"), "JEAN MARIE") == "partial"
