"""A minimal RAR 4 writer for tests: "store" method, correct CRCs, optional flags.

No free program writes RAR (the format's compressor is proprietary), so the tests build
archives byte by byte from the published RAR 4 technical note: a marker block, an archive
header, one file header per member followed by its stored bytes, an end-of-archive block.
Only the store method (0x30) is written; that is all libarchive needs to read members back.
``rar5_bytes`` does the same from the RAR 5 technical note (variable-length integers,
CRC-32 headers). Flags make the hostile cases: solid (RAR 4 file flag ``0x10``; RAR 5
archive flag), a damaged header CRC.
"""

from __future__ import annotations

import struct
import zlib

MARKER = b"Rar!\x1a\x07\x00"
#: File header flags: data encrypted with a password; "long block" (sizes follow).
PASSWORD = 0x0004
LONG_BLOCK = 0x8000
#: Archive header flag: the block headers themselves are encrypted (``rar -hp``).
HEADERS_ENCRYPTED = 0x0080
#: Archive header flag: a solid archive; file header flag: this member continues the
#: previous one's compression state (every member after the first, in a solid RAR 4).
SOLID_ARCHIVE = 0x0008
SOLID_MEMBER = 0x0010
_UNIX = 3
_DOS_TIME = 0x5A2A6000
_STORE = 0x30


def _block(kind: int, flags: int, body: bytes) -> bytes:
    """A block: its header's CRC (low 16 bits of CRC-32 from the type on), type, flags, size."""
    header = struct.pack("<BHH", kind, flags, 7 + len(body)) + body
    return struct.pack("<H", zlib.crc32(header) & 0xFFFF) + header


def rar_bytes(
    members: dict[str, bytes],
    *,
    archive_flags: int = 0,
    member_flags: int = 0,
    solid: bool = False,
    bad_header_crc: frozenset[str] = frozenset(),
) -> bytes:
    """A RAR 4 archive storing ``members`` (name → bytes) uncompressed; ``solid`` flags
    the archive and every member after the first; members in ``bad_header_crc`` get a
    header CRC that does not match."""
    parts = [MARKER, _block(0x73, archive_flags | (SOLID_ARCHIVE * solid), bytes(6))]
    for number, (name, data) in enumerate(members.items()):
        raw_name = name.encode()
        fields = struct.pack(
            "<LLBLLBBHL",
            len(data), len(data), _UNIX, zlib.crc32(data), _DOS_TIME, 29, _STORE,
            len(raw_name), 0o100644,
        )  # fmt: skip
        flags = LONG_BLOCK | member_flags | (SOLID_MEMBER if solid and number else 0)
        block = _block(0x74, flags, fields + raw_name)
        if name in bad_header_crc:
            block = bytes([block[0] ^ 0xFF]) + block[1:]
        parts.append(block + data)
    parts.append(_block(0x7B, 0x4000, b""))
    return b"".join(parts)


RAR5_SIGNATURE = b"Rar!\x1a\x07\x01\x00"


def _vint(number: int) -> bytes:
    """RAR 5's variable-length integer: 7 bits a byte, low first, high bit = more."""
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _block5(kind: int, fields: bytes, *, data_size: int | None = None) -> bytes:
    """A RAR 5 block: CRC-32 of what follows it, header size, type, flags, fields."""
    flags = 0x0002 if data_size is not None else 0  # a data area follows
    body = _vint(kind) + _vint(flags) + (_vint(data_size) if data_size is not None else b"")
    sized = _vint(len(body + fields)) + body + fields
    return struct.pack("<I", zlib.crc32(sized)) + sized


def rar5_bytes(members: dict[str, bytes], *, solid: bool = False) -> bytes:
    """A RAR 5 archive storing ``members`` uncompressed; ``solid`` sets the archive flag."""
    parts = [RAR5_SIGNATURE, _block5(1, _vint(0x0004 if solid else 0))]
    for name, data in members.items():
        raw_name = name.encode()
        fields = (
            _vint(0x0004) + _vint(len(data)) + _vint(0o100644) + struct.pack("<I", zlib.crc32(data))
            + _vint(0) + _vint(1) + _vint(len(raw_name)) + raw_name
        )  # fmt: skip
        parts.append(_block5(2, fields, data_size=len(data)) + data)
    parts.append(_block5(5, _vint(0)))
    return b"".join(parts)
