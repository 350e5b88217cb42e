"""The case store: encrypted at rest, key checked, one writer, lossless records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leakmap.detect.findings import Location, Role
from leakmap.errors import CaseKeyError, CaseLocked
from leakmap.group.mention import PersonMention
from leakmap.store import Case, codec
from leakmap.vocabulary import Category


def _mention(family: str, index: int = 0) -> PersonMention:
    return PersonMention(
        document="a.zip!/cr.pdf", sha256="ab" * 32, index=index, family_name=family,
        given_names="Marie", birth_name="", birth_date=date(1965, 3, 12), ipp="10000001", nda="",
        nir="", phone="", email="", postcode="", role=Role.UNKNOWN,
        location=Location(page=1, block=0, start=3, end=9),
        categories=frozenset({Category.NAME, Category.PATHOLOGY}),
    )  # fmt: skip


def test_case_is_encrypted_at_rest(tmp_path: Path) -> None:
    with Case.open(tmp_path) as case:
        case.set_meta("marker", "ZORGLUB-PLAINTEXT")
    raw = (tmp_path / "case.db").read_bytes()
    assert b"ZORGLUB" not in raw and b"SQLite format" not in raw


@pytest.mark.usefixtures("english_messages")  # asserts English messages
def test_wrong_or_missing_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Case.open(tmp_path).close()
    with pytest.raises(CaseKeyError, match="does not open this case"):
        Case.open(tmp_path, key="9e2b7d4a1f8c5e3b0d6a9f2c7e4b1d8a5f3c0e7b4d9a6f1c8e5b2d7a4f0c3e9b")
    monkeypatch.delenv("LEAKMAP_KEY")
    with pytest.raises(CaseKeyError, match="LEAKMAP_KEY"):
        Case.open(tmp_path)


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    with Case.open(tmp_path), pytest.raises(CaseLocked):
        Case.open(tmp_path)
    Case.open(tmp_path).close()


def test_mentions_round_trip_through_the_case(tmp_path: Path) -> None:
    mention = _mention("DUPONT")
    with Case.open(tmp_path) as case:
        case.connection.execute(
            "INSERT INTO mentions (key, sha256, record) VALUES (?, ?, ?)",
            (mention.key, mention.sha256, codec.dumps(mention)),
        )
        case.connection.commit()
    with Case.open(tmp_path, writer=False) as case:
        assert case.load_mentions(PersonMention) == [mention]


@given(st.text(max_size=40), st.integers(min_value=0, max_value=10_000))
def test_codec_round_trip(family: str, index: int) -> None:
    mention = _mention(family, index)
    assert codec.loads(PersonMention, codec.dumps(mention)) == mention
