"""Splink scoring on real DuckDB: homonyms, married names, slips, term frequencies, IPP."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from leakmap.detect.findings import Location, Role
from leakmap.group.mention import PersonMention
from leakmap.link.ocr_key import ocr_key
from leakmap.link.registry import Patient
from leakmap.link.splink_scoring import ScoredCandidate, score_pairs
from leakmap.link.splink_tables import _ocr_sql
from leakmap.vocabulary import Category

TODAY = date(2026, 6, 1)


def _mention(
    index: int,
    family: str,
    given: str,
    birth: date | None = None,
    *,
    ipp: str = "",
    birth_name: str = "",
    age: int | None = None,
) -> PersonMention:
    return PersonMention(
        document="leak/a.pdf",
        sha256=f"{index:064x}",
        index=index,
        family_name=family,
        given_names=given,
        birth_name=birth_name,
        birth_date=birth,
        ipp=ipp,
        nda="",
        nir="",
        phone="",
        email="",
        postcode="",
        role=Role.PATIENT,
        location=Location(1),
        categories=frozenset({Category.NAME}),
        age=age,
    )


def _patient(pid: str, family: str, given: str, birth: date, *, birth_name: str = "") -> Patient:
    return Patient(pid, family, birth_name, given, birth, "F", "", "", "", "", "", "")


#: Fictitious registry: homonyms, a married name, particles, compound names.
REGISTRY = [
    _patient("10000001", "Dupont", "Marie Claire", date(1965, 3, 12)),
    _patient("10000002", "Dupont", "Marie", date(1971, 7, 4)),
    _patient("10000003", "Durand", "Jeanne", date(1948, 11, 5), birth_name="Martin"),
    _patient("10000004", "Le Goff", "Yann", date(1971, 3, 3)),
    _patient("10000005", "Moreau-Vasseur", "Jean-Pierre", date(1959, 1, 30)),
    _patient("10000006", "Petitjean", "Hélène", date(1980, 2, 29)),
    _patient("10000007", "Petitjean", "Hélène", date(1980, 2, 29)),
    _patient("10000008", "Leroy", "Anne", date(1975, 6, 15)),
]
#: One mention per case, scored together once (Splink's set-up dominates a small run).
CASES = {
    "exact": _mention(1, "DUPONT", "Marie Claire", date(1965, 3, 12)),
    "homonyms": _mention(2, "Petitjean", "Hélène", date(1980, 2, 29)),
    "ipp": _mention(3, "PETITJEAN", "Hélène", date(1980, 2, 29), ipp="10000007"),
    "married": _mention(4, "MARTIN", "Jeanne", date(1948, 11, 5)),
    "swapped": _mention(5, "DUPONT", "Marie", date(1971, 4, 7)),
    "ocr": _mention(6, "DUP0NT", "Marie", date(1971, 7, 4)),
    "compound": _mention(7, "Moreau-Vasseur", "Pierre", date(1959, 1, 30)),
    "age": _mention(8, "LE GOFF", "Yann", age=55),
}


@pytest.fixture(scope="module")
def scored() -> dict[str, list[ScoredCandidate]]:
    """Each case's candidates, best first."""
    found = score_pairs(list(CASES.values()), REGISTRY, train=False, reference_date=TODAY)
    return {case: found.get(mention.key, []) for case, mention in CASES.items()}


def _score(mentions: list[PersonMention], patients: list[Patient]) -> list[list[ScoredCandidate]]:
    found = score_pairs(mentions, patients, train=False, reference_date=TODAY)
    return [found.get(m.key, []) for m in mentions]


def test_exact_name_and_birth_date_ranks_the_patient_first(
    scored: dict[str, list[ScoredCandidate]],
) -> None:
    candidates = scored["exact"]
    assert candidates[0].patient_id == "10000001"
    assert candidates[0].agreements == (
        "family_name:exact",
        "given_names:exact",
        "birth_date:exact",
    )
    assert candidates[0].match_weight > candidates[1].match_weight + 10


def test_homonyms_share_the_same_weight(scored: dict[str, list[ScoredCandidate]]) -> None:
    candidates = scored["homonyms"]
    assert {c.patient_id for c in candidates[:2]} == {"10000006", "10000007"}
    assert candidates[0].match_weight == pytest.approx(candidates[1].match_weight)


def test_ipp_is_decisive_between_homonyms(scored: dict[str, list[ScoredCandidate]]) -> None:
    candidates = scored["ipp"]
    assert candidates[0].patient_id == "10000007"
    assert "ipp:exact" in candidates[0].agreements
    assert candidates[0].match_weight > candidates[1].match_weight + 15


def test_married_name_links_through_the_birth_name(
    scored: dict[str, list[ScoredCandidate]],
) -> None:
    candidates = scored["married"]
    assert candidates[0].patient_id == "10000003"
    assert "family_name:birth_name" in candidates[0].agreements


def test_day_and_month_swapped_is_its_own_level(scored: dict[str, list[ScoredCandidate]]) -> None:
    candidates = scored["swapped"]
    assert candidates[0].patient_id == "10000002"
    assert "birth_date:swapped" in candidates[0].agreements


def test_ocr_slip_in_the_family_name_still_links(scored: dict[str, list[ScoredCandidate]]) -> None:
    candidates = scored["ocr"]
    assert candidates[0].patient_id == "10000002"
    assert "family_name:ocr" in candidates[0].agreements


def test_compound_given_name_written_in_part(scored: dict[str, list[ScoredCandidate]]) -> None:
    candidates = scored["compound"]
    assert candidates[0].patient_id == "10000005"
    assert "given_names:partial" in candidates[0].agreements


def test_age_without_birth_date_is_compared(scored: dict[str, list[ScoredCandidate]]) -> None:
    candidates = scored["age"]
    assert candidates[0].patient_id == "10000004"
    assert "birth_date:age" in candidates[0].agreements


def test_a_rare_name_says_more_than_a_common_one() -> None:
    martins = [
        Patient(f"2{i:07d}", "Martin", "", f"Prenom{i}", date(1950, 1, 1 + i % 28), "M",
                "", "", "", "", "", "")
        for i in range(40)
    ]  # fmt: skip
    rare = Patient("30000001", "Zarkovic", "", "Milan", date(1990, 10, 10), "M",
                   "", "", "", "", "", "")  # fmt: skip
    common = Patient("30000002", "Martin", "", "Milan", date(1991, 11, 11), "M",
                     "", "", "", "", "", "")  # fmt: skip
    mentions = [
        _mention(1, "ZARKOVIC", "Milan", date(1990, 10, 10)),
        _mention(2, "MARTIN", "Milan", date(1991, 11, 11)),
    ]
    rare_hit, common_hit = (c[0] for c in _score(mentions, [*martins, rare, common]))
    assert (rare_hit.patient_id, common_hit.patient_id) == ("30000001", "30000002")
    assert rare_hit.match_weight > common_hit.match_weight + 4


def test_trained_model_still_ranks_the_patient_first() -> None:
    families = ["Martin", "Bernard", "Kerboul", "Le Goff", "Tanguy", "Guivarch", "Nicolas"]
    givens = ["Marie", "Jean", "Anne", "Yann", "Louise", "Paul", "Soizic", "Gaël"]
    registry = [
        Patient(f"4{i:07d}", families[i % 7], "", givens[(i // 7) % 8],
                date(1930 + i % 80, 1 + i % 12, 1 + i % 28), "F", "", "29200", "Brest",
                "", "", "")
        for i in range(600)
    ]  # fmt: skip
    mentions = [
        _mention(i, p.family_name.upper(), p.given_names, p.birth_date)
        for i, p in enumerate(registry[:60])
    ]
    found = score_pairs(mentions, registry, train=True, reference_date=TODAY)
    right = sum(
        found[m.key][0].patient_id == p.patient_id
        for m, p in zip(mentions, registry[:60], strict=True)
    )
    assert right == len(mentions)


def test_nothing_is_written_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _score([_mention(1, "DUPONT", "Marie", date(1971, 7, 4))], REGISTRY)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["MART1N", "LE GOFF", "CLAIRE", "VVALTER", "HERNANDEZ", "5IMON"])
def test_ocr_key_in_sql_agrees_with_python(name: str) -> None:
    sql = _ocr_sql("?")
    (row,) = duckdb.connect().execute(f"SELECT {sql}", [name]).fetchall()
    assert row[0] == ocr_key(name)


def test_no_mentions_no_pairs() -> None:
    assert score_pairs([], REGISTRY) == {}


def test_training_on_a_tiny_registry_falls_back_to_the_priors() -> None:
    mentions = [CASES["exact"], _mention(9, "NOBODY", "Zed", date(2001, 1, 1))]
    found = score_pairs(mentions, REGISTRY, train=True, reference_date=TODAY)
    assert found[CASES["exact"].key][0].patient_id == "10000001"
    assert mentions[1].key not in found
