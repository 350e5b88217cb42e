"""A minimal RAR 4 writer for tests: "store" method, correct CRCs, optional flags.

No free program writes RAR (the format's compressor is proprietary), so the tests build
archives byte by byte from the published RAR 4 technical note: a marker block, an archive
header, one file header per member followed by its stored bytes, an end-of-archive block.
Only the store method (0x30) is written; that is all libarchive needs to read members back.
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
_UNIX = 3
_DOS_TIME = 0x5A2A6000
_STORE = 0x30


def _block(kind: int, flags: int, body: bytes) -> bytes:
    """A block: its header's CRC (low 16 bits of CRC-32 from the type on), type, flags, size."""
    header = struct.pack("<BHH", kind, flags, 7 + len(body)) + body
    return struct.pack("<H", zlib.crc32(header) & 0xFFFF) + header


def rar_bytes(members: dict[str, bytes], *, archive_flags: int = 0, member_flags: int = 0) -> bytes:
    """A RAR 4 archive storing ``members`` (name → bytes) uncompressed."""
    parts = [MARKER, _block(0x73, archive_flags, bytes(6))]
    for name, data in members.items():
        raw_name = name.encode()
        fields = struct.pack(
            "<LLBLLBBHL",
            len(data), len(data), _UNIX, zlib.crc32(data), _DOS_TIME, 29, _STORE,
            len(raw_name), 0o100644,
        )  # fmt: skip
        parts.append(_block(0x74, LONG_BLOCK | member_flags, fields + raw_name) + data)
    parts.append(_block(0x7B, 0x4000, b""))
    return b"".join(parts)
