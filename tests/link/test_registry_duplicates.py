"""Which registry records are another record's person: hits and near misses."""

from __future__ import annotations

from datetime import date

import pytest

from leakmap.detect.findings import Location, Role
from leakmap.group.mention import PersonMention
from leakmap.link.attribution import Attribution, Candidate
from leakmap.link.registry import Patient
from leakmap.link.registry_duplicates import find_duplicate_records, merge_duplicate_records
from leakmap.vocabulary import Decision


def _patient(pid: str, family: str, given: str, born: str = "1957-09-14", birth: str = "") -> Patient:  # fmt: skip
    return Patient(pid, family, birth, given, date.fromisoformat(born), "F", *[""] * 6)


KEPT = _patient("1", "LE ROUX", "Annick")


@pytest.mark.parametrize(
    ("duplicate", "survivor"),
    [
        (_patient("2", "LE ROUX", "Annick DOUBLON"), "1"),
        (_patient("2", "LE ROUX (doublon)", "Annick"), "1"),
        (_patient("2", "LE ROUX", "Annick", birth="FUSIONNÉ avec IPP 1"), "1"),
        (_patient("2", "ZZ FUSIONNE 1", "X", born="1900-01-01"), "1"),  # names its survivor
        (_patient("2", "LE ROUX", "Annick - NE PAS UTILISER"), "1"),
        # near misses: no marker; a marker but another birth day; another given name
        (_patient("2", "LE ROUX", "Annick"), None),
        (_patient("2", "LE ROUX", "Annick DOUBLON", born="1957-09-15"), None),
        (_patient("2", "LE ROUX", "Maryvonne DOUBLON"), None),
    ],
)
def test_a_marked_record_finds_its_survivor(duplicate: Patient, survivor: str | None) -> None:
    found = find_duplicate_records([KEPT, duplicate])
    assert (found["2"].survivor if "2" in found else None) == survivor


def test_candidates_of_one_person_add_up() -> None:
    mention = PersonMention("a.csv", "e" * 64, 0, "LE ROUX", "Annick", "", None, "", "", "", "", "", "",
                      Role.UNKNOWN, Location(page=1), frozenset())  # fmt: skip
    agree = ("family_name:exact", "given_names:exact")
    split = Attribution(mention, "2", 0.5, Decision.REVIEW,
                        (Candidate("2", 0.5, 20.0, agree), Candidate("1", 0.49, 20.0, agree)))  # fmt: skip
    duplicates = find_duplicate_records([KEPT, _patient("2", "LE ROUX", "Annick DOUBLON")])
    (merged,) = merge_duplicate_records([split], duplicates, notify_threshold=0.9)
    assert (merged.patient_id, merged.decision) == ("1", Decision.NOTIFY)
    assert [c.patient_id for c in merged.candidates] == ["1"]
