"""``leakmap lookup`` says no more than the letter (issue 18 points 1 and 2).

A minor's care that is confidential from the parents holds their letter; the hotline must
not read it out either. People found in the leak who are in no registry (a relative, a
staff member who got a letter) are answered by the same full-identity rule. The case is
a real encrypted case written through the store; the CLI runs as a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from report_people import EXPOSURES, PATIENTS, exposure

from leakmap.assess.exposure import UnregisteredPerson
from leakmap.store import Case
from leakmap.vocabulary import Category as C

RELATIVE = UnregisteredPerson(
    "Garnier", "Paulette", date(1950, 1, 2), frozenset({C.NAME, C.HEALTH}), ("a.pdf",), ()
)
NURSE = UnregisteredPerson(
    "Mercier", "Odile", date(1985, 7, 14), frozenset({C.NAME, C.PHONE}), ("rh.xlsx",), (),
    staff=True,
)  # fmt: skip
#: Inès Roussel (20000003), born 2009-01-20: a minor until 2027-01-20.
MINOR = ["--family-name", "Roussel", "--given-names", "Inès", "--birth-date", "2009-01-20"]


@pytest.fixture
def lookup_case(tmp_path: Path) -> Path:
    """A real case: the minor's exposure adds imaging to her gynecological care."""
    case_dir = tmp_path / "case"
    minor = exposure("20000003", C.GYNECOLOGY_OBSTETRICS, C.SEXUAL_HEALTH, C.HEALTH, C.IMAGING)
    others = [e for e in EXPOSURES if e.patient_id != "20000003"]
    with Case.open(case_dir) as case:
        case.replace_patients(PATIENTS.values())
        case.replace_results(
            attributions=[], exposures=[*others, minor], unregistered=[RELATIVE, NURSE]
        )
    return case_dir


def _lookup(case_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leakmap", "lookup", str(case_dir), *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
        timeout=60,
    )


def test_lookup_withholds_a_minors_confidential_care(lookup_case: Path) -> None:
    if date.today() >= date(2027, 1, 20):
        pytest.skip("the fictitious minor has come of age")
    result = _lookup(lookup_case, *MINOR)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("concerné (un relecteur le confirme encore)")
    assert "imagerie" in out  # what the letter would say is said
    for withheld in ("gynéco", "obstétri", "sexuel", "IST", "VIH", "grossesse"):
        assert withheld.casefold() not in out.casefold()


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (["Garnier", "Paulette", "1950-01-02"], "concerné (un relecteur le confirme encore)"),
        (["Mercier", "Odile", "14/07/1985"], "concerné\n"),
        (["Mercier", "Odile", "1985-07-15"], "non trouvé\n"),
        (["Mercier", "Odette", "1985-07-14"], "non trouvé\n"),
    ],
)
def test_lookup_answers_unregistered_people_and_staff_by_full_identity(
    lookup_case: Path, person: list[str], expected: str
) -> None:
    family, given, born = person
    result = _lookup(
        lookup_case, "--family-name", family, "--given-names", given, "--birth-date", born
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(expected)
