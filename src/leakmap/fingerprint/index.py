"""The case's fingerprints, indexed at match time, and what a queried file matches.

Text: an inverted index from sampled shingle to the documents that hold it. A queried
text's score against a document is the share of its shingles' weight that the document
holds, each shingle weighed by its rarity in the case (``log((N + 1) / (df + 0.5))``):
the hospital's boilerplate, held by every letter, weighs nothing, and the words the case
has never seen (names, dates, another hospital's address) weigh the most. So a letter of
another hospital, on the same template, scores low, and a 30 % excerpt of a case letter
scores near 1.

Pages: every stored pHash (whole inked area and regions) in one array of 64-bit words; a queried page
image's hash is compared with all of them at once (XOR and popcount in numpy).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from leakmap.fingerprint.page_hashes import HASH_BITS
from leakmap.fingerprint.records import DocumentFingerprint

#: A text matches a document from this score (0..1) up...
TEXT_MATCH = 0.5
#: ...and when at least ``RARE_SHINGLES`` of the shingles it shares with the document are
#: held by no more than ``RARE_DOCUMENTS`` case documents: a name, a date, a reference.
#: Without them what it shares is the template (a blank form of another hospital).
RARE_SHINGLES = 2
RARE_DOCUMENTS = 2
#: A text scoring under ``TEXT_MATCH`` still comes in part from a document when it
#: shares this many rare shingles with it (a leaked page with new pages around it).
PART_RARE_SHINGLES = 10
#: A page image matches a stored page within this many differing bits of 256...
PAGE_MATCH_BITS = 52
#: ...and only when the next other document is at least this many bits further away
#: (the hospital's letters look alike from afar: a close second means no answer).
PAGE_MARGIN_BITS = 12
#: Queried text counts as new data when this share of its shingles is in no case
#: document and they are at least ``NEW_TEXT_MIN_SHINGLES`` (sampled) of them.
NEW_TEXT_SHARE = 0.3
NEW_TEXT_MIN_SHINGLES = 8
#: Documents kept per queried file, best first.
TOP_DOCUMENTS = 3


@dataclass(frozen=True, slots=True)
class TextMatch:
    """A case document a queried text comes from: its index in the case and the score."""

    document: int
    score: float


@dataclass(frozen=True, slots=True)
class PageMatch:
    """A case page a queried image shows: document index, page, differing bits."""

    document: int
    page: int
    bits: int

    @property
    def score(self) -> float:
        """1 for the same hash, 0 at a quarter of the bits differing."""
        return max(0.0, 1 - self.bits / (HASH_BITS / 4))


@dataclass(frozen=True, slots=True)
class TextNovelty:
    """How much of a queried text the case has never seen (sampled shingles)."""

    shingles: int
    unseen: int

    @property
    def is_new_data(self) -> bool:
        """Enough of the text is in no case document to be data the case does not hold."""
        return self.unseen >= NEW_TEXT_MIN_SHINGLES and self.unseen >= NEW_TEXT_SHARE * max(
            1, self.shingles
        )


class FingerprintIndex:
    """Read-only index over the fingerprints of a case's documents (their order is kept)."""

    def __init__(self, fingerprints: Sequence[DocumentFingerprint]) -> None:
        self.sha256 = tuple(f.sha256 for f in fingerprints)
        self._by_sha = {sha: i for i, sha in enumerate(self.sha256)}
        postings: defaultdict[int, list[int]] = defaultdict(list)
        for number, fingerprint in enumerate(fingerprints):
            for shingle in fingerprint.shingles:
                postings[shingle].append(number)
        self._postings = dict(postings)
        # A text the case holds several times (a report as PDF, as DOCX, in a mail) is one
        # text: rarity counts distinct texts, or its copies would make it boilerplate.
        texts = {f.shingles: n for n, f in enumerate(fingerprints)}
        text_of = [texts[f.shingles] for f in fingerprints]
        self._texts = {h: len({text_of[d] for d in ds}) for h, ds in self._postings.items()}
        self._total = len(texts)
        hashes, owners = [], []
        for number, fingerprint in enumerate(fingerprints):
            for page in fingerprint.pages:
                hashes.extend(page.hashes)
                owners.extend([(number, page.page)] * len(page.hashes))
        self._hashes = _as_words(hashes)
        self._owners = np.array(owners, dtype=np.int64).reshape(-1, 2)

    def __len__(self) -> int:
        return len(self.sha256)

    def exact(self, sha256: str) -> int | None:
        """The document with these very bytes, if the case holds it."""
        return self._by_sha.get(sha256)

    def match_text(self, shingles: Sequence[int]) -> tuple[TextMatch, ...]:
        """Case documents holding enough of this text's weight, best first."""
        if not shingles:
            return ()
        held: defaultdict[int, float] = defaultdict(float)
        rare: defaultdict[int, int] = defaultdict(int)
        total = 0.0
        for shingle in shingles:
            documents = self._postings.get(shingle, ())
            texts = self._texts.get(shingle, 0)
            weight = math.log((self._total + 1) / (texts + 0.5))
            total += weight
            for document in documents:
                held[document] += weight
                rare[document] += texts <= RARE_DOCUMENTS
        scores = sorted(((w / total, d) for d, w in held.items() if total > 0), reverse=True)
        return tuple(
            TextMatch(d, round(score, 3))
            for score, d in scores
            if rare[d] >= RARE_SHINGLES and (score >= TEXT_MATCH or rare[d] >= PART_RARE_SHINGLES)
        )[:TOP_DOCUMENTS]

    def novelty(self, shingles: Sequence[int]) -> TextNovelty:
        """How many of the text's sampled shingles no case document holds."""
        unseen = sum(1 for s in shingles if s not in self._postings)
        return TextNovelty(len(shingles), unseen)

    def match_page(self, page_hash: int) -> PageMatch | None:
        """The case page this image shows, when one is close and no other is as close."""
        if self._hashes.size == 0:
            return None
        differing = np.bitwise_xor(self._hashes, _as_words([page_hash]))
        bits = np.bitwise_count(differing).sum(axis=1, dtype=np.int64)
        best = int(np.argmin(bits))
        document, page = (int(v) for v in self._owners[best])
        if bits[best] > PAGE_MATCH_BITS:
            return None
        others = bits[self._owners[:, 0] != document]
        if others.size and int(others.min()) - int(bits[best]) < PAGE_MARGIN_BITS:
            return None
        return PageMatch(document, page, int(bits[best]))


_WORDS = HASH_BITS // 64


def _as_words(hashes: Sequence[int]) -> np.ndarray:
    """Page hashes as rows of 64-bit words, for XOR and popcount in numpy."""
    raw = b"".join(h.to_bytes(HASH_BITS // 8, "big") for h in hashes)
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64).reshape(-1, _WORDS)
