"""What a fingerprint holds: typed records that pickle (workers) and store (codec)."""

from __future__ import annotations

from dataclasses import dataclass

#: The version of the fingerprint recipe, recorded with every fingerprint. v2 keeps one
#: shingle in 2 (v1: one in 4, a subset of v2's); an index holding v1 fingerprints
#: compares every text on v1's shingles (``FingerprintIndex``), so an older case still
#: matches as it did until it is re-scanned.
RECIPE = "leakmap.fingerprint.v2"


@dataclass(frozen=True, slots=True)
class PageFingerprint:
    """Perceptual hashes of one page image: the page's ink, whole and by region.

    ``hashes`` are 256-bit pHashes as integers; the first is the whole inked area, the
    others its regions (``page_hashes.REGIONS``), so that a crop still finds its page.
    ``rendered`` is true for a text page drawn by pdfium, false for a scan's own image.
    """

    page: int
    hashes: tuple[int, ...]
    rendered: bool = False


@dataclass(frozen=True, slots=True)
class DocumentFingerprint:
    """Everything a document is recognised by, without a word of its text.

    ``shingles`` is the sampled set of 64-bit hashes of its word 3-grams (one in
    ``text_shingles.SAMPLE_ONE_IN``): a copy, an excerpt or an OCR reading of the same
    text shares most of its sampled shingles. ``shingle_count`` counts all shingles.
    """

    sha256: str
    shingles: tuple[int, ...] = ()
    shingle_count: int = 0
    pages: tuple[PageFingerprint, ...] = ()
    recipe: str = RECIPE
