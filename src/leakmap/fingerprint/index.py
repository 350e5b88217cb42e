"""The case's fingerprints, indexed at match time, and what a queried file matches.

Text: an inverted index from sampled shingle to the documents that hold it. Each shingle
weighs its rarity in the case (``log((N + 1) / (df + 0.5))``): the hospital's boilerplate,
held by every letter, weighs nothing, and the words the case has never seen (names,
dates, another hospital's address) weigh the most. A queried text comes from a document
when the document holds nearly all of the text's weight (a copy, an excerpt: measured,
they hold >= 0.97 of it, while another hospital's letter on the same template and
phrases holds at most 0.82), or when the text holds nearly all of the document's weight
(the leaked pages with new pages around them); and in both cases only on enough rare
evidence (``MIN_EVIDENCE_SHINGLES``): a short note whose one sentence the case also holds is not
enough to name a document.

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
from leakmap.fingerprint.text_shingles import SAMPLE_ONE_IN, sample_one_in

#: A text matches a document when the document holds this share (0..1) of its weight;
#: an OCR reading's misread words are weight no document holds, so it needs less.
TEXT_MATCH = 0.9
OCR_TEXT_MATCH = 0.5
#: Documents scoring this much under the best one are not named (a reading that a letter
#: holds whole and another in part is the first one's).
TEXT_MARGIN = 0.1
#: A text also comes from a document when it holds this share of the document's weight
#: (a leaked document with new pages around it holds all of it). Not 0.85: another
#: hospital's service notes and blank forms (the same sentence or form under another
#: signatory or header) held 0.88 to 0.94 of a case note's weight on the bench.
DOCUMENT_HELD = 0.95
#: ...and in both cases only when the shared shingles weigh at least as much as this
#: many (unsampled) shingles that a single case document holds: the template alone is
#: never evidence, nor is one stock sentence.
MIN_EVIDENCE_SHINGLES = 10
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
        # A case fingerprinted (in part) by an older recipe kept fewer shingles: every text,
        # the queried ones too, is then compared on those alone, or the older documents
        # would seem to miss what they never kept.
        self._sample = max((sample_one_in(f.recipe) for f in fingerprints), default=SAMPLE_ONE_IN)
        kept = [self._kept(f.shingles) for f in fingerprints]
        postings: defaultdict[int, list[int]] = defaultdict(list)
        for number, shingles in enumerate(kept):
            for shingle in shingles:
                postings[shingle].append(number)
        self._postings = dict(postings)
        # A text the case holds several times (a report as PDF, as DOCX, in a mail) is one
        # text: rarity counts distinct texts, or its copies would make it boilerplate.
        texts = {shingles: n for n, shingles in enumerate(kept)}
        text_of = [texts[shingles] for shingles in kept]
        self._text_of = tuple(text_of)
        self._total = len(texts)
        self._weights = {
            h: self._weight(len({text_of[d] for d in ds})) for h, ds in self._postings.items()
        }
        self._unique_weight = self._weight(1)
        self._document_weight = [sum(self._weights[s] for s in shingles) for shingles in kept]
        self._min_evidence = MIN_EVIDENCE_SHINGLES / self._sample * self._unique_weight - 1e-9
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

    def _kept(self, shingles: Sequence[int]) -> tuple[int, ...]:
        """The shingles every fingerprint of the case kept (all, when one recipe)."""
        if self._sample == SAMPLE_ONE_IN:
            return tuple(shingles)
        return tuple(s for s in shingles if s % self._sample == 0)

    def _weight(self, texts: int) -> float:
        """A shingle held by ``texts`` distinct case texts: rare weighs most, unseen more."""
        return math.log((self._total + 1) / (texts + 0.5))

    def match_text(self, shingles: Sequence[int], *, ocr: bool = False) -> tuple[TextMatch, ...]:
        """Case documents this text comes from, best first (``ocr``: a noisy reading)."""
        shingles = self._kept(shingles)
        if not shingles:
            return ()
        held: defaultdict[int, float] = defaultdict(float)
        unseen = self._weight(0)
        total = 0.0
        for shingle in shingles:
            weight = self._weights.get(shingle, unseen)
            total += weight
            for document in self._postings.get(shingle, ()):
                held[document] += weight
        if not held:
            return ()
        scores = sorted(((w / total, d) for d, w in held.items()), reverse=True)
        needed = max(OCR_TEXT_MATCH if ocr else TEXT_MATCH, scores[0][0] - TEXT_MARGIN)
        return tuple(
            TextMatch(d, round(score, 3))
            for score, d in scores
            if held[d] >= self._min_evidence
            and (score >= needed or held[d] >= DOCUMENT_HELD * self._document_weight[d])
        )[:TOP_DOCUMENTS]

    def one_text(self, matches: Sequence[TextMatch]) -> bool:
        """Whether the matched documents are all one text (a report kept as PDF and as
        DOCX): a partial reading that names them has found where it comes from, while
        one that names several texts has read only what they share."""
        return len({self._text_of[m.document] for m in matches}) == 1

    def novelty(self, shingles: Sequence[int]) -> TextNovelty:
        """How many of the text's sampled shingles no case document holds."""
        shingles = self._kept(shingles)
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
