"""A minimal OLE compound file writer, for the legacy formats the generator produces.

Word 97 documents, Outlook messages and password-protected Office files are OLE
compound files; no free library writes arbitrary ones, so this writes version 3 files
(512-byte sectors) directly. Every stream is padded to 4096 bytes so that none goes to
the mini stream, which keeps the writer to the FAT, the directory and the data.
"""

from __future__ import annotations

import struct

SECTOR = 512
MIN_STREAM = 4096
_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_FAT_SECTOR = 0xFFFFFFFD
_NONE = 0xFFFFFFFF
_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_FAT_SLOTS = 109


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE file holding ``streams`` (``"storage/stream"`` paths make storages)."""
    entries = _entries(streams)
    data, fat = b"", []
    for entry in entries:
        if entry["type"] == 2:
            body = entry["data"].ljust(MIN_STREAM, b"\x00")
            body += b"\x00" * (-len(body) % SECTOR)
            entry["start"] = len(fat)
            count = len(body) // SECTOR
            fat += [len(fat) + i + 1 for i in range(count - 1)] + [_END]
            data += body
    directory = b"".join(_entry_bytes(entry) for entry in entries)
    directory += b"\x00" * (-len(directory) % SECTOR)
    directory_start = len(fat)
    count = len(directory) // SECTOR
    fat += [len(fat) + i + 1 for i in range(count - 1)] + [_END]
    fat_sectors = 1
    while 128 * fat_sectors < len(fat) + fat_sectors:
        fat_sectors += 1
    fat_ids = list(range(len(fat), len(fat) + fat_sectors))
    fat += [_FAT_SECTOR] * fat_sectors
    fat += [_FREE] * (128 * fat_sectors - len(fat))
    header = _header(directory_start, fat_ids)
    return header + data + directory + struct.pack(f"<{len(fat)}I", *fat)


def _entries(streams: dict[str, bytes]) -> list[dict]:
    """Root, storages and streams, each storage's children chained as right siblings."""
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "children": [], "start": _END}]
    index = {"": 0}
    for path, payload in streams.items():
        parent = ""
        parts = path.split("/")
        for depth, part in enumerate(parts):
            key = "/".join(parts[: depth + 1])
            if key not in index:
                is_stream = depth == len(parts) - 1
                index[key] = len(entries)
                entries.append({"name": part, "type": 2 if is_stream else 1, "children": [],
                                "data": payload if is_stream else b"", "start": _END})  # fmt: skip
                entries[index[parent]]["children"].append(index[key])
            parent = key
    for entry in entries:
        children = entry["children"]
        entry["child"] = children[0] if children else _NONE
        for left, right in zip(children, children[1:], strict=False):
            entries[left]["right"] = right
    return entries


def _entry_bytes(entry: dict) -> bytes:
    name = entry["name"].encode("utf-16-le")[:62] + b"\x00\x00"
    size = len(entry.get("data", b"")) if entry["type"] == 2 else 0
    return (
        name.ljust(64, b"\x00")
        + struct.pack("<HBB", len(name), entry["type"], 1)
        + struct.pack("<III", _NONE, entry.get("right", _NONE), entry["child"])
        + bytes(16 + 4 + 8 + 8)
        + struct.pack("<IQ", entry["start"], max(size, MIN_STREAM) if size else 0)
    )


def _header(directory_start: int, fat_ids: list[int]) -> bytes:
    slots = fat_ids[:_HEADER_FAT_SLOTS] + [_FREE] * (_HEADER_FAT_SLOTS - len(fat_ids))
    return (
        _MAGIC
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIII", 0, len(fat_ids), directory_start, 0)
        + struct.pack("<IIIII", MIN_STREAM, _END, 0, _END, 0)
        + struct.pack(f"<{_HEADER_FAT_SLOTS}I", *slots)
    )
