"""Archives the generator writes: stable bytes, and real ZipCrypto encryption."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from leakmap.synth.zip_writer import encrypted_zip, restamp_zip, stable_zip

MEMBERS = [("CR/biopsie.pdf", b"%PDF-1.4 fictitious" * 50), ("liste.csv", "NOM;PRÉNOM\n".encode())]


def test_synth_encrypted_zip_opens_with_the_password_only() -> None:
    data = encrypted_zip(MEMBERS, password=b"kerval2022", rng=random.Random(1))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert [info.filename for info in archive.infolist()] == [name for name, _ in MEMBERS]
        assert all(info.flag_bits & 0x1 for info in archive.infolist())
        for name, content in MEMBERS:
            assert archive.read(name, pwd=b"kerval2022") == content
        with pytest.raises(RuntimeError, match="password required"):
            archive.read(MEMBERS[0][0])
        with pytest.raises(RuntimeError, match="Bad password"):
            archive.read(MEMBERS[0][0], pwd=b"wrong")


def test_synth_stable_zip_is_the_same_bytes_every_time() -> None:
    assert stable_zip(MEMBERS) == stable_zip(MEMBERS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # stamped with the current time
        for name, content in MEMBERS:
            archive.writestr(name, content)
    assert restamp_zip(buffer.getvalue()) == stable_zip(MEMBERS)
