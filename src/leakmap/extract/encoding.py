"""Bytes → text for CSV, TXT and mail bodies whose encoding nobody declared.

French hospital exports are UTF-8 or Windows-1252, sometimes DOS code page 850 or
Latin-1. ``charset-normalizer`` alone ranks Central European cp1250 first on short French
text ("Hélène" becomes "Hélčne"), so its candidates are re-ranked: UTF-8 (strict) first,
then the first plausible candidate among the Western encodings below, then Windows-1252.
"""

from __future__ import annotations

import codecs

import ftfy
from charset_normalizer import from_bytes

#: Western encodings preferred, in this order, among the plausible candidates.
WESTERN_ENCODINGS = ("cp1252", "cp850", "latin_1", "iso8859_15", "mac_roman")
#: What UTF-8 read as Windows-1252 leaves: "Ã©" for "é", "Â " for a no-break space, "â€™".
_MOJIBAKE_SIGNS = ("Ã", "Â", "â€")
#: What undecided non-UTF-8 text is read as.
FALLBACK_ENCODING = "cp1252"
#: Bytes looked at to choose the encoding; the whole text is then decoded with it.
SAMPLE_BYTES = 256 * 1024
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str:
    """The text, with undecodable bytes replaced (never raises) and mojibake mended."""
    return unmangled(data.decode(detect_encoding(data), errors="replace"))


def unmangled(text: str) -> str:
    """Text that was UTF-8 read as Windows-1252 and saved again (an export opened and
    re-saved in a spreadsheet, a mail relayed twice), mended with ``ftfy``: "LEFÃˆVRE
    HÃ©lÃ¨ne" is "LEFÈVRE Hélène". Text showing no sign of it is returned as it is."""
    if not any(sign in text for sign in _MOJIBAKE_SIGNS):
        return text
    return ftfy.fix_encoding(text)


def detect_encoding(data: bytes) -> str:
    """The encoding the bytes are most likely in (a Python codec name)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:SAMPLE_BYTES]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(sample) == len(data))
    except UnicodeDecodeError:
        return _ranked_guess(sample)
    return "utf-8"


def _ranked_guess(sample: bytes) -> str:
    """The first Western candidate; else Windows-1252 when it decodes; else the top guess.

    On a few accented words the detector's top guesses are CJK multibyte codecs; a
    French hospital's file that is not UTF-8 is far likelier to be Windows-1252.
    """
    matches = list(from_bytes(sample))
    for match in matches:
        for encoding in WESTERN_ENCODINGS:
            if encoding in match.could_be_from_charset:
                return encoding
    try:
        sample.decode(FALLBACK_ENCODING)
    except UnicodeDecodeError:
        return matches[0].encoding if matches else FALLBACK_ENCODING
    return FALLBACK_ENCODING
