"""Word shingles of a document's text, sampled: the text fingerprint.

Why sampled shingles rather than one MinHash per document: a 30 % excerpt shares only
30 % of a full document's shingles (its Jaccard similarity is low, its containment high),
and the hospital's letters share their boilerplate. Keeping every shingle whose hash is
0 modulo ``SAMPLE_ONE_IN`` keeps the same shingles in every copy, whatever its length,
so containment is measured directly, and boilerplate (shingles many case documents hold)
can be left out of the score at match time.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from leakmap.fingerprint.records import RECIPE

#: Words per shingle: 3 survives OCR noise (one misread word spoils 3 shingles) and is
#: rare enough across documents to point at one.
SHINGLE_WORDS = 3
#: One shingle in this many is kept (those whose hash is 0 modulo it). 2, not 4 as in
#: ``leakmap.fingerprint.v1``: a 30 % excerpt of a short letter keeps twice as many, and
#: on the bench (44 letters, 300 files of another hospital) excerpts found went from 42
#: to 44, crops (OCR) from 41 to 43, with no false match.
SAMPLE_ONE_IN = 2
#: What each recipe kept: v1's shingles are those of v2 that are 0 modulo 4.
_SAMPLE_OF_RECIPE = {"leakmap.fingerprint.v1": 4, RECIPE: SAMPLE_ONE_IN}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words_of(text: str) -> list[str]:
    """Lower-case words without accents: what survives re-extraction and re-typing."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(plain)


def shingle_hashes(words: list[str]) -> list[int]:
    """The 64-bit hash of every run of ``SHINGLE_WORDS`` words, in order."""
    if len(words) < SHINGLE_WORDS:
        return [_hash(" ".join(words))] if words else []
    return [
        _hash(" ".join(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)
    ]


def sampled(hashes: Iterable[int]) -> tuple[int, ...]:
    """The kept shingles, sorted and distinct."""
    return tuple(sorted({h for h in hashes if h % SAMPLE_ONE_IN == 0}))


def sample_one_in(recipe: str) -> int:
    """One shingle in how many a fingerprint of this recipe kept (an unknown, newer
    recipe is taken as the current one: its shingles are compared as they are)."""
    return _SAMPLE_OF_RECIPE.get(recipe, SAMPLE_ONE_IN)


def text_fingerprint(
    texts: Iterable[str], *, within_lines: bool = False
) -> tuple[tuple[int, ...], int]:
    """(sampled shingles, shingle count) of a document's texts, block by block.

    A case document's shingles run across its lines (a copy may break them elsewhere).
    A queried file's are taken ``within_lines``: a subset of those, which is all a
    cropped page can show whole (its cut lines join the end of one line to a half word).
    """
    hashes: list[int] = []
    for text in texts:
        for piece in text.splitlines() if within_lines else (text,):
            words = words_of(piece)
            if not within_lines or len(words) >= SHINGLE_WORDS:
                hashes.extend(shingle_hashes(words))
    return sampled(hashes), len(hashes)


def _hash(shingle: str) -> int:
    digest = hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1  # 63 bits: fits SQLite and JSON readers
