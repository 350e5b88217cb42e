"""Old Excel files written by hand: bare BIFF2, BIFF3, BIFF4 worksheets and a BIFF5 workbook."""

from __future__ import annotations

import struct
from collections.abc import Sequence

_EOF = struct.pack("<HH", 0x000A, 0)
_WORKSHEET = 0x0010
_GLOBALS = 0x0005
#: BOF record opcodes by BIFF version (the byte above 0x09 is the version).
_BOF = {2: 0x0009, 3: 0x0209, 4: 0x0409, 5: 0x0809}


def _record(opcode: int, body: bytes) -> bytes:
    return struct.pack("<HH", opcode, len(body)) + body


def _bof(version: int, stream: int) -> bytes:
    if version == 5:
        return _record(0x0809, struct.pack("<HHHH", 0x0500, stream, 2412, 1993))
    if version == 2:
        return _record(0x0009, struct.pack("<HH", 0, stream))
    return _record(_BOF[version], struct.pack("<HHH", 0, stream, 0))


def _cell(version: int, row: int, col: int, value: str | float) -> bytes:
    if version == 2:
        attrs = b"\x00\x00\x00"
        if isinstance(value, str):
            text = value.encode("cp1252")
            return _record(0x0004, struct.pack("<HH", row, col) + attrs + bytes([len(text)]) + text)
        return _record(0x0003, struct.pack("<HH", row, col) + attrs + struct.pack("<d", value))
    if isinstance(value, str):
        text = value.encode("cp1252")
        return _record(0x0204, struct.pack("<HHHH", row, col, 0, len(text)) + text)
    return _record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def _cells(version: int, grid: Sequence[Sequence[str | float]]) -> bytes:
    return b"".join(
        _cell(version, r, c, value) for r, row in enumerate(grid) for c, value in enumerate(row)
    )


def biff_worksheet(version: int, grid: Sequence[Sequence[str | float]]) -> bytes:
    """A BIFF2, 3 or 4 worksheet file (one sheet, no workbook globals), as Excel 2-4 saved."""
    codepage = _record(0x0042, struct.pack("<H", 1252))
    return _bof(version, _WORKSHEET) + codepage + _cells(version, grid) + _EOF


def biff5_workbook(sheet_name: str, grid: Sequence[Sequence[str | float]]) -> bytes:
    """A BIFF5 workbook stream (Excel 5/95): globals naming one sheet, then that sheet."""
    name = sheet_name.encode("cp1252")
    codepage = _record(0x0042, struct.pack("<H", 1252))
    sheet_record_len = 4 + 4 + 2 + 1 + len(name)
    globals_len = len(_bof(5, _GLOBALS)) + len(codepage) + sheet_record_len + len(_EOF)
    boundsheet = _record(0x0085, struct.pack("<IBB", globals_len, 0, 0) + bytes([len(name)]) + name)
    sheet = _bof(5, _WORKSHEET) + _cells(5, grid) + _EOF
    return _bof(5, _GLOBALS) + codepage + boundsheet + _EOF + sheet
