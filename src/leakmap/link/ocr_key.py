"""Names as OCR misreads them: one key for ``MART1N``, ``MARTlN`` and ``MARTIN``.

Scanned documents are read by Tesseract, which confuses look-alike characters (1 and I,
0 and O, "rn" and "m"). A name read that way is the same name; both linkers compare such
keys ("ocr" level in Splink, ``close`` in the Python linker).
"""

from __future__ import annotations

from functools import lru_cache

#: Single characters OCR engines confuse, and the one each is read as here.
OCR_FROM, OCR_TO = "0158Z2L", "OISBZZI"
#: Letter pairs OCR reads as one letter, mapped to that letter.
OCR_PAIRS = (("RN", "M"), ("VV", "W"), ("CL", "D"), ("II", "U"))
_TABLE = str.maketrans(OCR_FROM, OCR_TO)


@lru_cache(maxsize=1 << 18)  # the linker asks for a registry name's key once per candidate pair
def ocr_key(key: str) -> str:
    """A folded name with OCR look-alikes merged: ``MART1N``, ``MARTlN`` and ``MARTIN`` agree."""
    text = key.replace(" ", "").translate(_TABLE)
    for pair, letter in OCR_PAIRS:
        text = text.replace(pair, letter)
    return text
