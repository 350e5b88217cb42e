"""Hostile archives: CRC errors, truncation, an overlapping-file zip bomb, deep nesting,
symlinks, absolute and ``../`` names, split volumes, in zip, 7z, tar and gzip."""

from __future__ import annotations

import gzip
import importlib.util
import io
import stat
import struct
import tarfile
import zipfile
import zlib
from pathlib import Path
from types import ModuleType

import py7zr

from leakmap.synth.render_formats import seven_zip, tar_archive
from leakmap.synth.render_legacy import outlook_message

#: The RAR writer of the walk's tests (no free program writes RAR), loaded from its file.
_RAR_WRITER = Path(__file__).parents[1] / "walk" / "rar_writer.py"


def _rar_writer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rar_writer", _RAR_WRITER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: Fictitious content of the members.
NOTE = b"Note FICTIVE du patient TESTCORPUS, consultation du 01/02/2020.\n"
#: Member names that must never be written or followed outside the archive.
UNSAFE_NAMES = ("../../etc/evil.txt", "/etc/absolute.txt", "C:\\Windows\\win.txt", "a/../../up.txt")


def zip_of(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_crc_error() -> bytes:
    """Two stored members; the first one's bytes changed after its CRC was written."""
    data = zip_of(
        {"TESTCORPUS_Fictif_VIH.txt": NOTE, "good.txt": NOTE + b"2"}, compression=zipfile.ZIP_STORED
    )
    at = data.index(NOTE)
    return data[:at] + b"X" + data[at + 1 :]


def zip_truncated() -> bytes:
    data = zip_of({f"doc{i}.txt": NOTE * 20 for i in range(5)})
    return data[: len(data) * 2 // 3]


def zip_overlap_bomb(*, files: int = 300, kernel_mib: int = 10) -> bytes:
    """Fifield's full-overlap construction: one compressed kernel, ``files`` central
    directory entries all pointing at it (each names itself in its own local header,
    the headers quoted inside the kernel's stream would be the next step, not needed
    to show the expansion: 300 x 10 MiB = 3 GiB from a few kilobytes)."""
    kernel = bytes(kernel_mib << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = compressor.compress(kernel) + compressor.flush()
    crc = zlib.crc32(kernel)
    name = b"k.txt"
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(packed), len(kernel), len(name), 0
    )
    body = local + name + packed
    central = bytearray()
    for index in range(files):
        member = f"{index:04d}.txt".encode() if index else name
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(packed), len(kernel),
            len(member), 0, 0, 0, 0, 0, 0,
        ) + member  # fmt: skip
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, files, files, len(central), len(body), 0)
    return body + bytes(central) + end


def zip_nested(depth: int) -> bytes:
    """``depth`` zips one inside the other (deeper than the walk's limit)."""
    data, name = NOTE, "note.txt"
    for level in range(depth):
        data, name = zip_of({name: data}), f"level{level}.zip"
    return data


def zip_self_containing() -> bytes:
    """A zip whose only member is a copy of a zip holding a copy of it, and so on:
    the quine's effect (every level the same) within the nesting limit."""
    data = zip_of({"again.zip": zip_of({"again.zip": zip_of({"again.zip": NOTE})})})
    return zip_of({"again.zip": data, "again2.zip": data})


def zip_with_symlink() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("passwd_link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("note.txt", NOTE)
    return buffer.getvalue()


def zip_unsafe_names() -> bytes:
    return zip_of({**{name: NOTE for name in UNSAFE_NAMES}, "ok.txt": NOTE})


def zip_split_volumes() -> tuple[bytes, bytes]:
    """``.z01`` and ``.zip`` of a split archive: the first holds the spanning marker and
    the start of the data, the last the rest and the central directory."""
    data = b"PK\x07\x08" + zip_of({f"doc{i}.txt": NOTE * 50 for i in range(4)})
    cut = len(data) // 2
    return data[:cut], data[cut:]


def seven_zip_crc_error() -> bytes:
    """A stored-less 7z whose packed stream has one byte flipped."""
    data = bytearray(seven_zip({"note.txt": NOTE * 40, "other.txt": NOTE}))
    data[40] ^= 0xFF
    return bytes(data)


def seven_zip_stored_crc_error() -> bytes:
    """A 7z of stored members, one changed after its CRC was written: py7zr raises its own
    ``CrcError`` (found by tests/fuzz on a mutated 7z)."""
    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w", filters=[{"id": py7zr.FILTER_COPY}]) as archive:
        archive.writestr(NOTE * 10, "first.txt")
        archive.writestr(NOTE + b"2", "second.txt")
    data = bytearray(buffer.getvalue())
    data[data.index(NOTE)] ^= 0xFF
    return bytes(data)


def seven_zip_truncated() -> bytes:
    data = seven_zip({f"doc{i}.txt": NOTE * 30 + bytes([i]) for i in range(4)})
    return data[: len(data) * 2 // 3]


def seven_zip_split() -> tuple[bytes, bytes]:
    data = seven_zip({f"doc{i}.txt": NOTE * 30 + bytes([i]) for i in range(4)})
    return data[: len(data) // 2], data[len(data) // 2 :]


def tar_links_and_names() -> bytes:
    """Symlink and hard link out of the archive, absolute and ``../`` names, a device."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for name, kind, target in (
            ("link_passwd", tarfile.SYMTYPE, "/etc/passwd"),
            ("hard_shadow", tarfile.LNKTYPE, "../../etc/shadow"),
            ("dev_null", tarfile.CHRTYPE, ""),
            ("fifo", tarfile.FIFOTYPE, ""),
        ):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            archive.addfile(info)
        for name in (*UNSAFE_NAMES, "ok.txt"):
            info = tarfile.TarInfo(name)
            info.size = len(NOTE)
            archive.addfile(info, io.BytesIO(NOTE))
    return buffer.getvalue()


def tar_bad_checksum() -> bytes:
    data = bytearray(tar_archive({"note.txt": NOTE, "second.txt": NOTE}, compression=""))
    data[148:156] = b"0000000\0"  # the header checksum field
    return bytes(data)


def tar_gz_crc_error() -> bytes:
    """A gzip whose trailer CRC is wrong (the data decompresses, the check fails)."""
    data = bytearray(tar_archive({"note.txt": NOTE}, compression="gz"))
    data[-8] ^= 0xFF
    return bytes(data)


def gzip_truncated() -> bytes:
    return gzip.compress(NOTE * 2000, mtime=0)[:300]


def rar_archives() -> dict[str, bytes]:
    """RAR 4: a member's data changed after its CRC, headers encrypted, a bad header CRC,
    a truncated solid archive."""
    rar = _rar_writer()
    members = {"TESTCORPUS_cr.txt": NOTE * 10, "second.txt": NOTE}
    crc = bytearray(rar.rar_bytes(members))
    at = crc.index(NOTE)
    crc[at] ^= 0xFF
    solid = rar.rar_bytes({f"doc{i}.txt": NOTE * 10 for i in range(4)}, solid=True)
    return {
        "rar_crc_error.rar": bytes(crc),
        "rar_headers_encrypted.rar": rar.rar_bytes(members, archive_flags=rar.HEADERS_ENCRYPTED),
        "rar_bad_header_crc.rar": rar.rar_bytes(members, bad_header_crc=frozenset({"second.txt"})),
        "rar_solid_truncated.rar": solid[: len(solid) * 2 // 3],
    }


def msg_nested(depth: int = 5) -> bytes:
    """An Outlook message attaching a message attaching a message..."""
    data = outlook_message(sender="Dr Fictif", to="Secr", subject="fond", body="CR FICTIF",
                           attachments={"cr.txt": NOTE})  # fmt: skip
    for level in range(depth):
        data = outlook_message(
            sender="Dr Fictif", to="Secr", subject=f"niveau {level}", body="Fwd",
            attachments={f"fwd{level}.msg": data},
        )  # fmt: skip
    return data


ANY = frozenset({"read", "partial", "unreadable"})
UNREADABLE = frozenset({"unreadable"})


def hostile_archives() -> dict[str, tuple[bytes, frozenset[str], tuple[str, ...]]]:
    """``name → (bytes, statuses allowed, members that must have a row of their own)``."""
    z01, zip_last = zip_split_volumes()
    seven_first, seven_second = seven_zip_split()
    return {
        "zip_crc_error.zip": (zip_crc_error(), ANY, ("TESTCORPUS_Fictif_VIH.txt", "good.txt")),
        "zip_truncated.zip": (zip_truncated(), ANY, ()),
        "zip_overlap_bomb.zip": (zip_overlap_bomb(), ANY, ()),
        "zip_nested_12.zip": (zip_nested(12), ANY, ("level10.zip",)),
        "zip_self_containing.zip": (zip_self_containing(), ANY, ("again.zip", "again2.zip")),
        "zip_symlink.zip": (zip_with_symlink(), ANY, ("note.txt",)),
        "zip_unsafe_names.zip": (zip_unsafe_names(), ANY, ("ok.txt",)),
        "split.z01": (z01, ANY, ()),
        "split.zip": (zip_last, ANY, ()),
        "seven_crc_error.7z": (seven_zip_crc_error(), ANY, ()),
        "seven_truncated.7z": (seven_zip_truncated(), ANY, ()),
        "seven_stored_crc_error.7z": (seven_zip_stored_crc_error(), ANY, ()),
        "seven_split.7z.001": (seven_first, ANY, ()),
        "seven_split.7z.002": (seven_second, ANY, ()),
        "tar_links_and_names.tar": (tar_links_and_names(), ANY, ("ok.txt",)),
        "tar_bad_checksum.tar": (tar_bad_checksum(), ANY, ()),
        "tar_gz_crc_error.tar.gz": (tar_gz_crc_error(), ANY, ()),
        "gzip_truncated.txt.gz": (gzip_truncated(), ANY, ()),
        "rar_garbage.rar": (b"Rar!\x1a\x07\x00" + bytes(range(256)) * 4, ANY, ()),
        **{name: (data, ANY, ()) for name, data in rar_archives().items()},
        "outlook_nested.msg": (msg_nested(), ANY, ("fwd4.msg",)),
    }
