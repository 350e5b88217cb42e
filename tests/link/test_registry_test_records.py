"""Registry test records: the marker table's hits and near misses, the hospital's IPP
patterns, and how attributions to a test record are set apart after linkage.

Every person here is fictitious; the marker table is the package's own TOML file.
"""

from __future__ import annotations

from datetime import date

import pytest

from leakmap.errors import ScanCannotRun
from leakmap.link.attribution import Attribution, Candidate
from leakmap.link.registry import Patient
from leakmap.link.registry_test_records import (
    RegistryTestRecord,
    SeenTestRecord,
    find_test_records,
    load_marker_table,
    set_apart_test_records,
    why_test_record,
)
from leakmap.vocabulary import Decision
from mentions import mention


def _patient(family: str, given: str, born: str = "1970-05-04", *, pid: str = "10000100", birth_name: str = "") -> Patient:  # fmt: skip
    return Patient(pid, family, birth_name, given, date.fromisoformat(born), "F", "", "", "", "", "", "")  # fmt: skip


HITS = [
    ("TEST", "Patient", "1970-05-04", "name:TEST"),
    ("Patient", "Test", "1970-05-04", "name:TEST"),
    ("ZZTEST", "Jean", "1980-01-01", "name:ZZTEST"),
    ("ZZZ", "Marie", "1980-01-01", "name:/ZZ[A-Z0-9]*/"),
    ("ZZDUPONT", "Marie", "1980-01-01", "name:/ZZ[A-Z0-9]*/"),
    ("XXXX", "Yyyy", "1980-01-01", "name:/X{2,}/"),
    ("TEST01", "Paul", "1980-01-01", "name:/TEST[0-9]+/"),
    ("PATIENT", "FICTIF", "1970-05-04", "name:FICTIF"),
    ("Dupont-Test", "Anne", "1970-05-04", "name:TEST"),
    ("Fictive", "Élodie", "1970-05-04", "name:FICTIVE"),
    ("Essai", "Paul", "1970-05-04", "name:ESSAI"),
    ("DOUBLON NE PAS UTILISER", "Luc", "1970-05-04", "name:DOUBLON"),
    ("NE PAS", "UTILISER", "1970-05-04", "phrase:NE PAS UTILISER"),
    ("Ne-pas-utiliser", "Luc", "1970-05-04", "phrase:NE PAS UTILISER"),
    ("DEMO", "Patient", "1970-05-04", "phrase:PATIENT DEMO"),
    ("ANONYME", "Test", "1970-05-04", "name:TEST"),
    ("ANONYME", "X", "1900-01-01", "name:ANONYME+birth_date:1900-01-01"),
    ("Demo", "Jean", "1899-12-31", "name:DEMO+birth_date:1899-12-31"),
    ("PATIENT", "RECETTE", "1970-05-04", "phrase:PATIENT RECETTE"),  # a go-live's test record
    ("INCONNU", "X", "1900-01-01", "name:INCONNU+birth_date:1900-01-01"),
]

NEAR_MISSES = [
    ("TESTU", "Marie"),  # a real family name: whole words only
    ("TESTE", "Paul"),  # another
    ("Contesti", "Jean"),
    ("Fictivelli", "Anna"),
    ("Doublonneau", "Luc"),
    ("ANONYME", "Paul"),  # an unknown patient admitted under a placeholder is real
    ("X", "Homme"),
    ("Demo", "Ilir"),  # "Demo" is a real family name
    ("Patient", "Marc"),
    ("Azzouz", "Karim"),  # ZZ inside a word is no prefix
    ("Dupont", "Marie"),
    ("Recette", "Paul"),  # weak alone: a rare family name
    ("INCONNU", "Marie"),  # an unknown patient admitted under a placeholder is real
]


@pytest.mark.parametrize(("family", "given", "born", "reason"), HITS)
def test_marker_table_hits(family: str, given: str, born: str, reason: str) -> None:
    assert why_test_record(_patient(family, given, born), table=load_marker_table()) == reason


@pytest.mark.parametrize(("family", "given"), NEAR_MISSES)
def test_marker_table_near_misses_are_patients(family: str, given: str) -> None:
    assert why_test_record(_patient(family, given), table=load_marker_table()) is None


@pytest.mark.parametrize(("family", "given"), NEAR_MISSES)
def test_dummy_birth_date_alone_marks_nobody(family: str, given: str) -> None:
    if family in (
        "ANONYME",
        "X",
        "Demo",
        "Patient",
        "Recette",
        "INCONNU",
    ):  # weak: the date completes them
        return
    patient = _patient(family, given, "1900-01-01")
    assert why_test_record(patient, table=load_marker_table()) is None


def test_birth_name_is_read_too() -> None:
    patient = _patient("Martin", "Julie", birth_name="ZZTEST")
    assert why_test_record(patient, table=load_marker_table()) == "name:ZZTEST"


def test_ipp_pattern_is_searched_in_patient_id() -> None:
    real = _patient("Martin", "Julie", pid="99990012")
    other = _patient("Martin", "Julie", pid="10999901")
    found = find_test_records([real, other], test_patterns=[r"^9999"])
    assert found == {"99990012": RegistryTestRecord("99990012", "patient_id:/^9999/")}


def test_bad_ipp_patterns_are_all_reported_without_their_patients() -> None:
    with pytest.raises(ScanCannotRun) as raised:
        find_test_records([_patient("Martin", "Julie")], test_patterns=["^99(", "ok", "[9"])
    message = str(raised.value)
    assert "--test-pattern #1 '^99('" in message and "--test-pattern #3 '[9'" in message
    assert "Martin" not in message


def _attribution(pid: str, decision: Decision, *others: tuple[str, float], document: str = "a.csv") -> Attribution:  # fmt: skip
    candidates = (Candidate(pid, 0.95, 9.0, ()),) + tuple(Candidate(p, q, 1.0, ()) for p, q in others)  # fmt: skip
    seen = mention(family_name="TEST", given_names="Patient", document=document)
    return Attribution(seen, pid, 0.95, decision, candidates)


RECORDS = {"99999001": RegistryTestRecord("99999001", "name:TEST")}


def test_attributions_to_a_test_record_are_set_apart() -> None:
    kept, seen = set_apart_test_records(
        [
            _attribution("99999001", Decision.NOTIFY, document="b.csv"),
            _attribution("99999001", Decision.NOTIFY, document="a.csv"),
            _attribution("10000001", Decision.NOTIFY),
        ],
        RECORDS,
    )
    assert [a.patient_id for a in kept] == ["10000001"]
    assert seen == [SeenTestRecord("99999001", "name:TEST", ("a.csv", "b.csv"))]


def test_review_keeps_real_homonyms_without_the_test_record() -> None:
    kept, seen = set_apart_test_records(
        [
            _attribution("99999001", Decision.REVIEW, ("10000001", 0.4), ("10000002", 0.5)),
            _attribution("10000003", Decision.REVIEW, ("99999001", 0.4)),
        ],
        RECORDS,
    )
    assert [(a.patient_id, a.decision, a.confidence) for a in kept] == [
        ("10000002", Decision.REVIEW, 0.5),
        ("10000003", Decision.REVIEW, 0.95),
    ]
    assert {c.patient_id for a in kept for c in a.candidates} == {"10000001", "10000002", "10000003"}  # fmt: skip
    assert [s.patient_id for s in seen] == ["99999001"]


def test_no_test_records_changes_nothing() -> None:
    attributions = [_attribution("10000001", Decision.NOTIFY)]
    assert set_apart_test_records(attributions, {}) == (attributions, [])
