"""Digits OCR put in a word: "MART1N", "R0UX", "Made1eine" are read as names again.

Tesseract reads a worn or small-print letter as the digit it looks like (I as 1, O as 0,
S as 5, B as 8). Registry names, name patterns and NER look for letters: "R0UX Daniel"
becomes "UX Daniel", "MART1N" nothing at all. Name detection therefore reads a copy of
the text where, in a word of letters with one or two such digits, each digit is the letter
it stands for. The copy has the same length (offsets hold); identifiers, dates and e-mail
addresses are read from the text as it is ("dupont1@…", "pT1cN0", "HbA1c" never reach a
registry name anyway).
"""

from __future__ import annotations

import re

_UPPER = str.maketrans("0158", "OISB")
_LOWER = str.maketrans("0158", "olsb")
#: A run of letters and digits (no underscore), with the non-space text around it.
_WORD = re.compile(r"[^\W_]+")
_MAX_DIGITS = 2  # more digits than this and the word is a code, not a misread name
_MIN_LETTERS = 3
#: A chunk holding any of these is an address, a path or a file name, not prose.
_NOT_PROSE = re.compile(r"[@/\\_]|\.\w")


def mend_ocr_digits(text: str) -> str:
    """``text`` with OCR's digits-for-letters mended inside words; ``text`` itself when
    there is nothing to mend (the common case: callers may test identity)."""
    if not any(c in text for c in "0158"):
        return text
    parts: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        word = match.group()
        digits = sum(c.isdigit() for c in word)
        if not digits or digits > _MAX_DIGITS or len(word) - digits < _MIN_LETTERS:
            continue
        if any(c.isdigit() and c not in "0158" for c in word) or word[0].isdigit():
            continue
        if _NOT_PROSE.search(_chunk(text, match.start(), match.end())):
            continue
        lower = sum(c.islower() for c in word) > sum(c.isupper() for c in word)
        parts += [text[last : match.start()], word.translate(_LOWER if lower else _UPPER)]
        last = match.end()
    if not parts:
        return text
    return "".join(parts) + text[last:]


def _chunk(text: str, start: int, end: int) -> str:
    """The whitespace-delimited chunk around ``text[start:end]``."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]
