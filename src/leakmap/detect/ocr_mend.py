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
#: A 0, 1, 5 or 8 touching a letter: the only places worth a look, found by the regex
#: engine rather than word by word (most text has none).
_TOUCHING = re.compile(r"[0158](?:(?<=[^\W\d_][0158])|(?=[^\W\d_]))")
_MAX_DIGITS = 2  # more digits than this and the word is a code, not a misread name
_MIN_LETTERS = 3
#: A chunk holding any of these is an address, a path or a file name, not prose.
_NOT_PROSE = re.compile(r"[@/\\_]|\.\w")


def mend_ocr_digits(text: str) -> str:
    """``text`` with OCR's digits-for-letters mended inside words; ``text`` itself when
    there is nothing to mend (the common case: callers may test identity)."""
    mended: list[tuple[int, int, str]] = []
    searched_to = 0
    for hit in _TOUCHING.finditer(text):
        if hit.start() < searched_to:
            continue  # inside a word already looked at
        start, end = _word_around(text, hit.start())
        searched_to = end
        word = text[start:end]
        if _is_misread_name(word) and not _NOT_PROSE.search(_chunk(text, start, end)):
            lower = sum(c.islower() for c in word) > sum(c.isupper() for c in word)
            mended.append((start, end, word.translate(_LOWER if lower else _UPPER)))
    if not mended:
        return text
    parts, last = [], 0
    for start, end, word in mended:
        parts += [text[last:start], word]
        last = end
    return "".join(parts) + text[last:]


def _is_misread_name(word: str) -> bool:
    """Letters with one or two of 0, 1, 5, 8 among them, not first ("1ère" is a number)."""
    digits = sum(c.isdigit() for c in word)
    return (
        0 < digits <= _MAX_DIGITS
        and len(word) - digits >= _MIN_LETTERS
        and not word[0].isdigit()
        and all(c in "0158" for c in word if c.isdigit())
    )


def _word_around(text: str, position: int) -> tuple[int, int]:
    """The run of letters and digits holding ``text[position]``."""
    start, end = position, position + 1
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _chunk(text: str, start: int, end: int) -> str:
    """The whitespace-delimited chunk around ``text[start:end]``."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]
