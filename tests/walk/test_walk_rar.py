"""RAR archives, read with libarchive: members walked like a ZIP's, under the same limits.

Every archive is a RAR 4 "store" archive built by ``rar_writer`` (no free RAR writer
exists); every name and content is fictitious.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

from rar_writer import HEADERS_ENCRYPTED, PASSWORD, rar5_bytes, rar_bytes

from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind, Reason
from leakmap.walk.dump import walk_dump
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.limits import ExpansionBudget
from leakmap.walk.member_file import member_file
from leakmap.walk.rar_archives import SOLID_RAR4, open_rar

NOTE = "Patient LEFICTIF Gaston, né le 02/03/1951, IPP 40512377 : bilan hépatique.".encode()


def walk(tmp_path: Path, name: str, data: bytes, **limits: int) -> dict[str, LeakedFile]:
    root = tmp_path / "dump"
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(data)
    return {str(f.path): f for f in walk_dump(root, ScanSettings(workers=1, **limits))}


def test_rar_members_are_read_like_zip_members(tmp_path: Path) -> None:
    files = walk(tmp_path, "export.rar", rar_bytes({"CR/bilan.txt": NOTE, "vide.txt": b""}))
    assert list(files) == ["export.rar", "export.rar!/CR/bilan.txt", "export.rar!/vide.txt"]
    archive, note, empty = files.values()
    assert archive.kind is FileKind.RAR and archive.problem is None and archive.source is not None
    assert note.content == NOTE and note.kind is FileKind.TXT and note.problem is None
    assert empty.content == b"" and empty.problem is None


def test_rar_nested_in_a_rar_chains_its_path(tmp_path: Path) -> None:
    inner = rar_bytes({"c.txt": NOTE})
    files = walk(tmp_path, "a.rar", rar_bytes({"b.rar": inner}))
    assert list(files) == ["a.rar", "a.rar!/b.rar", "a.rar!/b.rar!/c.txt"]
    assert files["a.rar!/b.rar"].kind is FileKind.RAR
    assert files["a.rar!/b.rar!/c.txt"].content == NOTE


def test_rar_encrypted_member_has_no_bytes(tmp_path: Path) -> None:
    files = walk(tmp_path, "locked.rar", rar_bytes({"secret.txt": NOTE}, member_flags=PASSWORD))
    member = files["locked.rar!/secret.txt"]
    assert member.problem is Reason.ENCRYPTED and member.content is None and member.sha256 == ""
    assert files["locked.rar"].problem is None


def test_rar_with_encrypted_headers_is_encrypted(tmp_path: Path) -> None:
    data = rar_bytes({"secret.txt": NOTE}, archive_flags=HEADERS_ENCRYPTED)
    files = walk(tmp_path, "locked.rar", data)
    assert list(files) == ["locked.rar"] and files["locked.rar"].problem is Reason.ENCRYPTED


def test_truncated_rar_is_corrupt_with_the_reason(tmp_path: Path) -> None:
    data = rar_bytes({"a.txt": NOTE * 20, "b.txt": NOTE})
    files = walk(tmp_path, "cut.rar", data[: len(data) // 2])
    assert list(files) == ["cut.rar", "cut.rar!/a.txt"]  # b.txt's header lies past the cut
    for file in files.values():
        assert (file.problem, file.problem_detail) == (Reason.CORRUPT, "truncated")


def test_truncated_rar_keeps_the_members_before_the_cut(tmp_path: Path) -> None:
    data = rar_bytes({"a.txt": NOTE, "b.txt": NOTE * 20, "c.txt": NOTE})
    files = walk(tmp_path, "cut.rar", data[: len(data) - len(NOTE) * 10])
    assert list(files) == ["cut.rar", "cut.rar!/a.txt", "cut.rar!/b.txt"]
    assert files["cut.rar"].problem is Reason.CORRUPT
    assert files["cut.rar!/a.txt"].content == NOTE and files["cut.rar!/a.txt"].problem is None
    assert files["cut.rar!/b.txt"].problem is Reason.CORRUPT


def test_damaged_header_costs_its_member_the_others_get_rows(tmp_path: Path) -> None:
    data = rar_bytes({"a.txt": NOTE, "b.txt": NOTE, "c.txt": NOTE}, bad_header_crc=frozenset({"b.txt"}))  # fmt: skip
    files = walk(tmp_path, "crc.rar", data)
    assert list(files) == ["crc.rar", "crc.rar!/a.txt", "crc.rar!/b.txt", "crc.rar!/c.txt"]
    assert files["crc.rar"].problem_detail == "crc error"
    assert files["crc.rar!/a.txt"].content == NOTE
    assert (files["crc.rar!/b.txt"].problem, files["crc.rar!/b.txt"].problem_detail) == (Reason.CORRUPT, "crc error")  # fmt: skip
    assert files["crc.rar!/c.txt"].problem_detail == "after a damaged member"


def test_solid_rar4_lists_every_member_without_unrar(tmp_path: Path) -> None:
    data = rar_bytes({"a.txt": NOTE, "CR/b.txt": NOTE, "c.txt": NOTE}, solid=True)
    files = walk(tmp_path, "solid.rar", data)
    assert list(files) == ["solid.rar", "solid.rar!/a.txt", "solid.rar!/CR/b.txt", "solid.rar!/c.txt"]  # fmt: skip
    assert files["solid.rar"].problem is None
    assert files["solid.rar!/a.txt"].content == NOTE  # the first member is not solid
    for path in ("solid.rar!/CR/b.txt", "solid.rar!/c.txt"):
        assert (files[path].problem, files[path].problem_detail) == (Reason.UNSUPPORTED, SOLID_RAR4)  # fmt: skip


def test_rar5_and_solid_rar5_are_read(tmp_path: Path) -> None:
    for solid in (False, True):
        files = walk(tmp_path / str(solid), "v5.rar", rar5_bytes({"a.txt": NOTE, "b.txt": NOTE * 2}, solid=solid))  # fmt: skip
        assert files["v5.rar"].kind is FileKind.RAR and files["v5.rar"].problem is None
        assert files["v5.rar!/a.txt"].content == NOTE
        assert files["v5.rar!/b.txt"].content == NOTE * 2


def test_member_whose_data_fails_is_corrupt_and_the_next_are_read() -> None:
    """libarchive checks a stored RAR member's CRC nowhere, and no free tool compresses
    RAR, so this runs the same libarchive code on a ZIP whose middle member's deflate
    stream is damaged."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in ("a.txt", "b.txt", "c.txt"):
            archive.writestr(name, NOTE * 20)
    data = bytearray(buffer.getvalue())
    second = data.find(b"PK\x03\x04", 4) + 30 + len("b.txt")
    data[second + 2 : second + 6] = b"\xff\xff\xff\xff"
    container = member_file(LeakPath(("x.zip",)), bytes(data))
    archive_file, members = open_rar(container, ExpansionBudget(ScanSettings(workers=1)))
    files = {str(m.path): m for m in members}
    assert archive_file.problem is None and list(files) == ["x.zip!/a.txt", "x.zip!/b.txt", "x.zip!/c.txt"]  # fmt: skip
    assert files["x.zip!/a.txt"].content == NOTE * 20 == files["x.zip!/c.txt"].content
    assert files["x.zip!/b.txt"].problem is Reason.CORRUPT and files["x.zip!/b.txt"].content is None


def test_rar_member_names_that_leave_the_archive(tmp_path: Path) -> None:
    data = rar_bytes({"../evil.txt": NOTE, "/etc/cron.txt": NOTE})
    files = walk(tmp_path, "evil.rar", data)
    assert list(files) == ["evil.rar", "evil.rar!/evil.txt", "evil.rar!/etc/cron.txt"]
    for path in list(files)[1:]:
        assert files[path].problem_detail == Reason.UNSAFE_NAME and files[path].content == NOTE
    assert not (tmp_path / "evil.txt").exists()


def test_rar_limits_members_size_and_depth(tmp_path: Path) -> None:
    many = walk(tmp_path / "a", "many.rar", rar_bytes({f"n{i}.txt": NOTE for i in range(5)}), max_archive_members=3)  # fmt: skip
    assert list(many) == ["many.rar"] and many["many.rar"].problem is Reason.ARCHIVE_BOMB
    big = rar_bytes({"big.bin": random.Random(1).randbytes(5000), "small.txt": NOTE})
    sized = walk(tmp_path / "b", "big.rar", big, max_file_bytes=1000)
    assert sized["big.rar!/big.bin"].problem is Reason.TOO_LARGE
    assert sized["big.rar!/small.txt"].content == NOTE
    deep = walk(tmp_path / "c", "a.rar", rar_bytes({"b.rar": rar_bytes({"c.txt": NOTE})}), max_archive_depth=1)  # fmt: skip
    assert deep["a.rar!/b.rar!/c.txt"].problem is Reason.TOO_DEEP


def test_scan_over_a_rar_writes_its_documents_rows(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "fuite.rar").write_bytes(rar_bytes({"CR/bilan.txt": NOTE, "secret.txt": NOTE}))
    (dump / "verrou.rar").write_bytes(rar_bytes({"x.txt": NOTE}, member_flags=PASSWORD))
    settings = ScanSettings(workers=1, use_ner=False)
    scan(dump, registry=None, case_dir=tmp_path / "case", settings=settings)
    with (tmp_path / "case" / "documents.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["path"]: (r["kind"], r["status"], r["reason"].split(":")[0]) for r in csv.DictReader(handle)}  # fmt: skip
    assert rows["fuite.rar!/CR/bilan.txt"] == ("txt", "read", "")
    assert rows["fuite.rar"][0] == "rar" and rows["fuite.rar"][1] != "unreadable"
    assert rows["verrou.rar!/x.txt"][1:] == ("unreadable", "encrypted")
