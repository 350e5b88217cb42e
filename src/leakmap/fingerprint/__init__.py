"""Fingerprints of leaked documents, to recognise them when they come back re-encoded.

Computed at scan time in the worker (``fingerprint_file``), stored in the case
(``store/fingerprints.py``), compared at match time (``FingerprintIndex``). Three kinds:
the file's sha256 (exact copies), sampled word shingles of the text (re-extraction, OCR
noise, excerpts: ``text_shingles.py``) and perceptual hashes of page images, whole and by
region (screenshots, photos, crops: ``page_hashes.py``).
"""

from __future__ import annotations

from leakmap.fingerprint.compute import fingerprint_file  # noqa: F401
from leakmap.fingerprint.records import DocumentFingerprint, PageFingerprint

__all__ = ["DocumentFingerprint", "PageFingerprint", "fingerprint_file"]
