"""Legacy Office files in OLE compound storage: Word 97–2003 text, and encrypted Office.

A ``.doc`` keeps its text in pieces listed by a piece table (the ``Clx`` in the ``0Table``
or ``1Table`` stream, found through the FIB at the head of ``WordDocument``); each piece
is cp1252 bytes or UTF-16. Reading those pieces is all a scan needs, and is done here in
pure Python. A password-protected Word file (FIB flag ``fEncrypted``) and any OOXML file
saved with a password (an OLE file holding ``EncryptedPackage``) are ``encrypted``.
"""

from __future__ import annotations

import io
import re
import struct

import olefile

from leakmap.extract.document import TextBlock
from leakmap.extract.parts import ExtractedParts, Unreadable
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Reason

_FLAGS_AT = 0x0A
_ENCRYPTED_FLAG = 0x0100
_TABLE_1_FLAG = 0x0200
_CLX_AT = 0x01A2
_COMPRESSED_PIECE = 0x40000000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Word's special characters: paragraph, cell end, line break, page break.
_WORD_MARKS = str.maketrans({"\r": "\n", "\x07": "\t", "\x0b": "\n", "\x0c": "\n"})


def extract_doc(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """The document's text, from its piece table."""
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        word = ole.openstream("WordDocument").read()
        flags = struct.unpack_from("<H", word, _FLAGS_AT)[0]
        if flags & _ENCRYPTED_FLAG:
            raise Unreadable(Reason.ENCRYPTED, "password-protected Word document")
        table_name = "1Table" if flags & _TABLE_1_FLAG else "0Table"
        table = ole.openstream(table_name).read()
    fc_clx, lcb_clx = struct.unpack_from("<II", word, _CLX_AT)
    text = "".join(word_pieces(word, table[fc_clx : fc_clx + lcb_clx]))
    text = _CONTROL.sub("", text.translate(_WORD_MARKS)).strip()
    if not text:
        raise Unreadable(Reason.NO_TEXT, "Word document without text")
    return ExtractedParts(blocks=(TextBlock(1, text),))


def extract_ole(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """An OLE file of no kind read here: encrypted OOXML says so, anything else is unsupported."""
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        if ole.exists("EncryptedPackage"):
            raise Unreadable(Reason.ENCRYPTED, "password-protected Office document")
    raise Unreadable(Reason.UNSUPPORTED, "OLE compound file")


def word_pieces(word: bytes, clx: bytes) -> list[str]:
    """The text of each piece listed in the ``Clx`` (property runs before it skipped)."""
    position = 0
    while position < len(clx) and clx[position] == 0x01:
        position += 3 + struct.unpack_from("<H", clx, position + 1)[0]
    if position >= len(clx) or clx[position] != 0x02:
        raise ValueError("no piece table")
    size = struct.unpack_from("<I", clx, position + 1)[0]
    plc = clx[position + 5 : position + 5 + size]
    count = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces = []
    for index in range(count):
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * index + 2)[0]
        length = cps[index + 1] - cps[index]
        if fc & _COMPRESSED_PIECE:
            start = (fc & ~_COMPRESSED_PIECE) // 2
            pieces.append(word[start : start + length].decode("cp1252", errors="replace"))
        else:
            pieces.append(word[fc : fc + 2 * length].decode("utf-16-le", errors="replace"))
    return pieces
