"""ZIP archives: nesting, hostile members, limits. Every archive is built by the test."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind, Reason
from leakmap.walk.dump import walk_dump
from leakmap.walk.leaked_file import LeakedFile
from leakmap.walk.member_names import UniqueNames, safe_member_name

NOTE = "Patiente PETITJEAN Hélène, échographie obstétricale.".encode()


def zip_bytes(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zipcrypto_bytes(name: str, data: bytes, password: bytes) -> bytes:
    """A one-member archive encrypted with traditional PKWARE encryption (ZipCrypto)."""
    crc = zlib.crc32(data)
    keys = [0x12345678, 0x23456789, 0x34567890]

    def crc_byte(value: int, byte: int) -> int:
        return zlib.crc32(bytes([byte]), value ^ 0xFFFFFFFF) ^ 0xFFFFFFFF

    def update(byte: int) -> None:
        keys[0] = crc_byte(keys[0], byte)
        keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = crc_byte(keys[2], keys[1] >> 24)

    def encrypt(plain: bytes) -> bytes:
        out = bytearray()
        for byte in plain:
            temp = (keys[2] | 2) & 0xFFFF
            out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            update(byte)
        return bytes(out)

    for byte in password:
        update(byte)
    header = random.Random(3).randbytes(11) + bytes([crc >> 24])
    payload = encrypt(header + data)
    raw_name = name.encode()
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x1, 0, 0, 0x21, crc, len(payload),
                        len(data), len(raw_name), 0) + raw_name + payload  # fmt: skip
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x1, 0, 0, 0x21, crc,
                          len(payload), len(data), len(raw_name), 0, 0, 0, 0, 0, 0) + raw_name  # fmt: skip
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local), 0)
    return local + central + end


def walk(tmp_path: Path, name: str, data: bytes, **limits: int) -> dict[str, LeakedFile]:
    root = tmp_path / "dump"
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(data)
    return {str(f.path): f for f in walk_dump(root, ScanSettings(workers=1, **limits))}


def test_nested_archives_chain_their_paths(tmp_path: Path) -> None:
    inner = zip_bytes({"c.txt": NOTE})
    files = walk(tmp_path, "a.zip", zip_bytes({"dossiers/": b"", "dossiers/b.zip": inner}))
    assert list(files) == ["a.zip", "a.zip!/dossiers/b.zip", "a.zip!/dossiers/b.zip!/c.txt"]
    outer, middle, note = files.values()
    assert outer.source is not None and outer.content is None and outer.kind is FileKind.ZIP
    assert middle.content == inner and middle.kind is FileKind.ZIP
    assert note.content == NOTE and note.kind is FileKind.TXT and note.problem is None
    assert note.sha256 == hashlib.sha256(NOTE).hexdigest() and note.size == len(NOTE)


def test_zipcrypto_member_is_encrypted_without_bytes(tmp_path: Path) -> None:
    data = zipcrypto_bytes("secret.txt", NOTE, b"hopital")
    assert zipfile.ZipFile(io.BytesIO(data)).read("secret.txt", pwd=b"hopital") == NOTE
    files = walk(tmp_path, "locked.zip", data)
    member = files["locked.zip!/secret.txt"]
    assert member.problem is Reason.ENCRYPTED
    assert member.content is None and member.source is None and member.sha256 == ""
    assert files["locked.zip"].problem is None


def test_highly_compressed_member_is_a_bomb_never_read(tmp_path: Path) -> None:
    data = zip_bytes({"bomb.txt": bytes(20 * 1024 * 1024), "ok.txt": NOTE})
    assert len(data) < 100_000
    files = walk(tmp_path, "bomb.zip", data)
    bomb = files["bomb.zip!/bomb.txt"]
    assert bomb.problem is Reason.ARCHIVE_BOMB and bomb.content is None
    assert files["bomb.zip!/ok.txt"].content == NOTE


def test_small_compressible_members_are_not_bombs(tmp_path: Path) -> None:
    files = walk(tmp_path, "blank.zip", zip_bytes({"blank.txt": b" " * 100_000}))
    assert files["blank.zip!/blank.txt"].problem is None


def test_expanded_bytes_cap_spans_nested_archives(tmp_path: Path) -> None:
    rng = random.Random(5)
    chunk = {f"part{i}.bin": rng.randbytes(40_000) for i in range(3)}
    nested = zip_bytes({"inner.zip": zip_bytes(chunk, method=zipfile.ZIP_STORED)})
    # the inner archive's own bytes (about 120 kB) count as expanded too
    files = walk(tmp_path, "wave.zip", nested, max_archive_expanded_bytes=220_000)
    parts = [files[f"wave.zip!/inner.zip!/part{i}.bin"] for i in range(3)]
    assert [p.problem for p in parts] == [None, None, Reason.ARCHIVE_BOMB]
    assert parts[2].problem_detail == "expanded size over the archive cap"


def test_header_that_lies_about_size_is_read_no_further(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"liar.txt": bytes(5 * 1024 * 1024)}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        position = data.find(signature) + offset
        data[position : position + 4] = struct.pack("<L", 1000)
    member = walk(tmp_path, "liar.zip", bytes(data))["liar.zip!/liar.txt"]
    assert member.problem is Reason.CORRUPT and member.content is None


def test_member_over_the_file_size_cap_is_too_large(tmp_path: Path) -> None:
    data = zip_bytes({"big.bin": random.Random(1).randbytes(5000), "small.txt": NOTE})
    files = walk(tmp_path, "big.zip", data, max_file_bytes=1000)
    assert files["big.zip!/big.bin"].problem is Reason.TOO_LARGE
    assert files["big.zip!/small.txt"].content == NOTE


def test_archive_with_more_members_than_the_cap(tmp_path: Path) -> None:
    data = zip_bytes({f"n{i}.txt": NOTE for i in range(5)})
    files = walk(tmp_path, "many.zip", data, max_archive_members=3)
    assert list(files) == ["many.zip"]
    assert files["many.zip"].problem is Reason.ARCHIVE_BOMB


def test_member_cap_counts_nested_members(tmp_path: Path) -> None:
    inner = zip_bytes({"x.txt": NOTE, "y.txt": NOTE})
    data = zip_bytes({"inner.zip": inner, "z.txt": NOTE, "w.txt": NOTE})
    files = walk(tmp_path, "outer.zip", data, max_archive_members=4)
    assert [str(p).removeprefix("outer.zip!/") for p in files][1:] == [
        "inner.zip", "inner.zip!/x.txt", "inner.zip!/y.txt", "z.txt", "w.txt",
    ]  # fmt: skip
    assert [f.problem for f in files.values()][:-1] == [None] * 5
    assert files["outer.zip!/w.txt"].problem is Reason.ARCHIVE_BOMB  # the 5th member
    assert files["outer.zip!/w.txt"].problem_detail == "member cap reached"


def test_members_nested_too_deep(tmp_path: Path) -> None:
    level3 = zip_bytes({"d.txt": NOTE})
    data = zip_bytes({"b.zip": zip_bytes({"c.zip": level3})})
    files = walk(tmp_path, "a.zip", data, max_archive_depth=2)
    assert files["a.zip!/b.zip!/c.zip"].problem is None
    deep = files["a.zip!/b.zip!/c.zip!/d.txt"]
    assert deep.problem is Reason.TOO_DEEP and deep.content is None


def test_member_names_that_leave_the_archive(tmp_path: Path) -> None:
    data = zip_bytes({"../evil.txt": NOTE, "/etc/cron.txt": NOTE, "ok/../../x.txt": NOTE})
    files = walk(tmp_path, "evil.zip", data)
    assert list(files) == [
        "evil.zip",
        "evil.zip!/evil.txt",
        "evil.zip!/etc/cron.txt",
        "evil.zip!/ok/x.txt",
    ]
    for path in list(files)[1:]:
        assert files[path].problem_detail == Reason.UNSAFE_NAME and files[path].content == NOTE
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "dump" / "evil.txt").exists()


def test_repeated_member_names_are_told_apart(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("scan.pdf", b"one")
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("scan.pdf", b"two")
    files = walk(tmp_path, "dup.zip", buffer.getvalue())
    assert files["dup.zip!/scan.pdf"].content == b"one"
    assert files["dup.zip!/scan (2).pdf"].content == b"two"


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04" + bytes(100), zip_bytes({"a.txt": NOTE * 50})[:120]]
)
def test_corrupt_archive_is_yielded_corrupt(tmp_path: Path, data: bytes) -> None:
    files = walk(tmp_path, "broken.zip", data)
    assert list(files) == ["broken.zip"]
    assert files["broken.zip"].problem is Reason.CORRUPT
    assert files["broken.zip"].problem_detail == "BadZipFile"


def test_corrupt_member_does_not_spoil_the_others(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"bad.txt": NOTE * 40, "good.txt": NOTE}))
    start = data.find(b"PK\x03\x04") + 30 + len("bad.txt")
    data[start + 5 : start + 25] = bytes(range(20))
    files = walk(tmp_path, "mixed.zip", bytes(data))
    assert files["mixed.zip!/bad.txt"].problem is Reason.CORRUPT
    assert files["mixed.zip!/good.txt"].content == NOTE


@pytest.mark.parametrize(
    ("raw", "name", "unsafe"),
    [
        ("dir/report.pdf", "dir/report.pdf", False),
        ("../evil.txt", "evil.txt", True),
        ("a/../../b.txt", "a/b.txt", True),
        ("/abs/x.pdf", "abs/x.pdf", True),
        ("C:\\Windows\\x.pdf", "Windows/x.pdf", True),
        ("dossier\\cr.pdf", "dossier/cr.pdf", False),
        ("./x.pdf", "x.pdf", False),
        ("odd!/name.pdf", "odd!_/name.pdf", False),
        ("line\nbreak.txt", "line_break.txt", False),
        ("..", "unnamed", True),
    ],
)
def test_safe_member_name(raw: str, name: str, unsafe: bool) -> None:
    assert safe_member_name(raw) == (name, unsafe)


def test_unique_names() -> None:
    names = UniqueNames()
    claimed = [
        names.claim(n)
        for n in (
            "scan.pdf",
            "scan.pdf",
            "scan.pdf",
            "README",
            "README",
            "d/x.tar.gz",
            "d/x.tar.gz",
        )
    ]
    assert claimed == [
        "scan.pdf",
        "scan (2).pdf",
        "scan (3).pdf",
        "README",
        "README (2)",
        "d/x.tar.gz",
        "d/x.tar (2).gz",
    ]


def test_tar_links_and_devices_get_rows_and_are_never_followed(tmp_path: Path) -> None:
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        data = b"Mme LEROY Anne, nee le 15/06/1975"
        info = tarfile.TarInfo("cr.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
        for name, kind in (("lien", tarfile.SYMTYPE), ("dur", tarfile.LNKTYPE),
                           ("fifo", tarfile.FIFOTYPE)):  # fmt: skip
            special = tarfile.TarInfo(name)
            special.type, special.linkname = kind, "/etc/passwd"
            archive.addfile(special)
    (tmp_path / "lot.tar").write_bytes(buffer.getvalue())
    files = {str(f.path): f for f in walk_dump(tmp_path, ScanSettings(workers=1))}
    assert set(files) == {"lot.tar", "lot.tar!/cr.txt", "lot.tar!/lien", "lot.tar!/dur",
                          "lot.tar!/fifo"}  # fmt: skip
    assert files["lot.tar!/lien"].problem is Reason.UNSUPPORTED
    assert files["lot.tar!/lien"].problem_detail == "symbolic link, not followed"
    assert files["lot.tar!/dur"].problem_detail == "hard link, not followed"
    assert files["lot.tar!/lien"].content is None
