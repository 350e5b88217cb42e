"""The dump as a whole: order, paths, disk files, a single archive, hostile inputs."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakmap.errors import DumpNotFound
from leakmap.i18n import speaking
from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind, Reason
from leakmap.walk.dump import walk_dump
from leakmap.walk.leaked_file import LeakPath

SETTINGS = ScanSettings(workers=1)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def mail_bytes() -> bytes:
    message = EmailMessage()
    message["From"] = "a@hopital.example"
    message["To"] = "b@hopital.example"
    message["Subject"] = "CR"
    message.set_content("Ci-joint.")
    message.add_attachment(b"NOM;DDN;IPP\nDURAND;05/11/1948;1\n", maintype="text", subtype="csv",
                           filename="liste.csv")  # fmt: skip
    return message.as_bytes()


def test_walk_is_sorted_relative_and_streams_disk_files(tmp_path: Path) -> None:
    (tmp_path / "b" / "a").mkdir(parents=True)
    (tmp_path / "b" / "a" / "z.txt").write_text("note")
    (tmp_path / "b" / "c.txt").write_text("note")
    (tmp_path / "a.txt").write_text("autre note")
    (tmp_path / "B.txt").write_text("note")
    files = list(walk_dump(tmp_path, SETTINGS))
    assert [str(f.path) for f in files] == ["B.txt", "a.txt", "b/a/z.txt", "b/c.txt"]
    for file in files:
        assert file.source is not None and file.content is None and file.problem is None
        assert file.sha256 == hashlib.sha256(file.source.read_bytes()).hexdigest()
        assert file.size == file.source.stat().st_size and file.kind is FileKind.TXT
    assert files[0].path == LeakPath(("B.txt",))


def test_walk_twice_gives_the_same_rows(tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_bytes(zip_bytes({f"{n}.txt": b"n" for n in "qwertyuiop"}))
    (tmp_path / "m.eml").write_bytes(mail_bytes())
    first = [(str(f.path), f.sha256) for f in walk_dump(tmp_path, SETTINGS)]
    assert first == [(str(f.path), f.sha256) for f in walk_dump(tmp_path, SETTINGS)]
    assert [p for p, _ in first][:3] == ["m.eml", "m.eml!/liste.csv", "x.zip"]


def test_dump_may_be_a_single_archive(tmp_path: Path) -> None:
    leak = tmp_path / "leak.zip"
    leak.write_bytes(zip_bytes({"export/liste.txt": b"note"}))
    assert [str(f.path) for f in walk_dump(leak, SETTINGS)] == [
        "leak.zip",
        "leak.zip!/export/liste.txt",
    ]


def test_missing_dump_raises(tmp_path: Path) -> None:
    with pytest.raises(DumpNotFound, match="fichier ou dossier introuvable"):  # French default
        list(walk_dump(tmp_path / "nope", SETTINGS))
    with speaking("en"), pytest.raises(DumpNotFound, match="no such file"):
        list(walk_dump(tmp_path / "nope", SETTINGS))


def test_links_and_special_files_are_listed_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.txt").write_text("not part of the leak")
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "link.txt").symlink_to(outside / "private.txt")
    (dump / "linked_dir").symlink_to(outside, target_is_directory=True)
    os.mkfifo(dump / "pipe")
    files = {str(f.path): f for f in walk_dump(dump, SETTINGS)}
    assert set(files) == {"link.txt", "linked_dir", "pipe"}
    assert all(f.problem is Reason.UNSUPPORTED and f.sha256 == "" for f in files.values())
    assert files["link.txt"].problem_detail == "symbolic link"
    assert files["pipe"].problem_detail == "not a regular file"


def test_folder_names_holding_the_separator(tmp_path: Path) -> None:
    (tmp_path / "urgent!").mkdir()
    (tmp_path / "urgent!" / "cr.txt").write_text("note")
    [file] = walk_dump(tmp_path, SETTINGS)
    assert str(file.path) == "urgent!_/cr.txt" and LeakPath.parse(str(file.path)) == file.path


def test_large_files_are_marked_but_large_archives_opened(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"x" * 5000)
    (tmp_path / "big.zip").write_bytes(zip_bytes({f"{n}.txt": os.urandom(900) for n in range(6)}))
    files = {
        str(f.path): f for f in walk_dump(tmp_path, ScanSettings(workers=1, max_file_bytes=1000))
    }
    assert files["big.txt"].problem is Reason.TOO_LARGE and files["big.txt"].sha256
    assert files["big.zip"].problem is None and files["big.zip!/5.txt"].problem is None


def test_empty_files(tmp_path: Path) -> None:
    (tmp_path / "vide.pdf").write_bytes(b"")
    [file] = walk_dump(tmp_path, SETTINGS)
    assert file.kind is FileKind.EMPTY and file.sha256 == hashlib.sha256(b"").hexdigest()


_SEEDS = {"zip": zip_bytes({"a/b.txt": b"note" * 30, "c.zip": zip_bytes({"d.txt": b"x"})}),
          "eml": mail_bytes()}  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.sampled_from(sorted(_SEEDS)),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
    cut=st.integers(0, 10_000),
)
def test_damaged_containers_never_stop_the_walk(
    tmp_path: Path, seed: str, edits: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(_SEEDS[seed])
    for position, value in edits:
        data[position % len(data)] = value
    leak = tmp_path / f"leak.{seed}"
    leak.write_bytes(bytes(data[: max(1, cut)] if cut < len(data) else data))
    for file in walk_dump(leak, SETTINGS):
        assert file.problem is not None or file.sha256
