"""``leakmap lookup`` answers one caller only, and logs every question (issue 17, point 5).

The case is a real encrypted case written through the store: the report tests' fictitious
patients and exposures, plus namesakes of Élodie Vasseur (one not affected, born another
day; one affected, with another given name). The CLI runs as a subprocess for the
refusal and the answers a hotline operator sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from report_people import EXPOSURES, PATIENTS, exposure

from leakmap.cli import cli
from leakmap.i18n import translations
from leakmap.link.registry import Patient
from leakmap.report.lookup import (
    LOOKUP_REFUSAL,
    CallerQuery,
    CallerStatus,
    LookupRefused,
    answer_caller,
)
from leakmap.store import Case
from leakmap.store.lookups import load_lookup_log
from leakmap.vocabulary import Category as C

NAMESAKES = {
    "20000007": Patient("20000007", "Vasseur", "", "Élodie", date(1980, 3, 3), "F",
                        "", "", "", "", "", ""),
    "20000008": Patient("20000008", "Vasseur", "", "Paul", date(1972, 4, 9), "M",
                        "", "", "", "", "", ""),
}  # fmt: skip
REGISTRY = {**PATIENTS, **NAMESAKES}
CASE_EXPOSURES = [*EXPOSURES, exposure("20000008", C.MENTAL_HEALTH, C.HEALTH)]
STRONG_KEY = "5f0c9a3e7b21d4c8a6e0f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6"
ELODIE = ["--family-name", "Vasseur", "--given-names", "Elodie"]

#: The refusal as a French-speaking user reads it (leakmap's default language).
_FRENCH_REFUSAL = translations("fr").gettext(LOOKUP_REFUSAL)


@pytest.fixture
def lookup_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real case holding the registry and the exposures, as a scan leaves them."""
    monkeypatch.setenv("LEAKMAP_KEY", STRONG_KEY)
    case_dir = tmp_path / "case"
    with Case.open(case_dir) as case:
        case.replace_patients(REGISTRY.values())
        case.replace_results(attributions=[], exposures=CASE_EXPOSURES, unregistered=[])
    return case_dir


def _lookup(case_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, in its own process (exit code and stderr as users get them)."""
    return subprocess.run(
        [sys.executable, "-m", "leakmap", "lookup", str(case_dir), *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
        timeout=60,
    )


def _ask(case_dir: Path, *args: str) -> Result:
    """The same command in this process (cheaper than a subprocess per question)."""
    return CliRunner().invoke(cli, ["lookup", str(case_dir), *args])


def _outcomes(case_dir: Path) -> list[str]:
    with Case.open(case_dir, writer=False) as case:
        return [entry.outcome for entry in load_lookup_log(case)]


def test_lookup_refuses_a_surname_alone(lookup_case: Path) -> None:
    result = _lookup(lookup_case, "--family-name", "Vasseur")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"leakmap: {_FRENCH_REFUSAL}"]
    assert _outcomes(lookup_case) == ["refused"]


@pytest.mark.parametrize(
    "args",
    [
        ELODIE,
        ["--family-name", "Vasseur", "--birth-date", "1972-04-09"],
        ["--given-name", "Elodie", "--birth-date", "1972-04-09"],
        ["--ipp", "20000001"],
        ["--family-name", "--", "--given-names", "Elodie", "--birth-date", "1972-04-09"],
    ],
)
def test_lookup_refuses_anything_less_than_one_person(lookup_case: Path, args: list[str]) -> None:
    result = _ask(lookup_case, *args)
    assert isinstance(result.exception, LookupRefused)
    assert str(result.exception) == _FRENCH_REFUSAL and result.output == ""
    assert _outcomes(lookup_case) == ["refused"]


def test_lookup_full_identity_answers_for_that_person_alone(lookup_case: Path) -> None:
    result = _lookup(lookup_case, *ELODIE, "--birth-date", "09/04/1972")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "concerné"  # French by default, the wording as the categories
    assert "informations de suivi en cancérologie" in lines[1]
    assert "santé mentale" not in result.stdout  # Paul Vasseur's, same birth date
    for other in ("2000000", "notif", "review", "vérifier", "Paul", "1980"):
        assert other not in result.stdout


def test_lookup_namesake_with_another_birth_date_is_not_found(lookup_case: Path) -> None:
    for born in ("1972-04-10", "1972-09-04", "1980-03-03"):  # 1980: a registry patient
        result = _ask(lookup_case, *ELODIE, "--birth-date", born)
        assert (result.exit_code, result.output) == (0, "non trouvé\n"), born


def test_lookup_by_ipp_needs_the_birth_date_to_match(lookup_case: Path) -> None:
    ipp = ["--ipp", "20000001"]
    assert _ask(lookup_case, *ipp, "--birth-date", "1972-04-09").output.startswith("concerné\n")
    assert _ask(lookup_case, *ipp, "--birth-date", "1972-04-08").output == "non trouvé\n"
    assert _ask(lookup_case, "--ipp", "20000007", "--birth-date", "1980-03-03").output == (
        "non trouvé\n"  # a registry patient, not affected: told the same as a stranger
    )


def test_lookup_log_holds_outcomes_and_keyed_hashes_never_the_name(lookup_case: Path) -> None:
    asked = [
        [*ELODIE, "--birth-date", "1972-04-09"],
        [*ELODIE, "--birth-date", "1972-04-09"],
        [*ELODIE, "--birth-date", "1972-04-10"],
        ["--family-name", "Vasseur"],
    ]
    for args in asked:
        _ask(lookup_case, *args)
    with Case.open(lookup_case, writer=False) as case:
        log = load_lookup_log(case)
        rows = case.connection.execute("SELECT * FROM lookup_log").fetchall()
    assert [e.outcome for e in log] == ["affected", "affected", "not found", "refused"]
    assert log[0].query_hash == log[1].query_hash != log[2].query_hash
    assert all(len(e.query_hash) == 64 and e.operator and e.at for e in log)
    stored = repr(rows).lower()
    for said in ("vasseur", "elodie", "1972"):
        assert said not in stored


def test_lookup_ambiguous_identity_names_no_one() -> None:
    twin = Patient("20000009", "Vasseur", "", "Élodie", date(1972, 4, 9), "F",
                   "", "", "", "", "", "")  # fmt: skip
    query = CallerQuery("Vasseur", "Élodie", date(1972, 4, 9))
    answer = answer_caller(
        query, exposures=CASE_EXPOSURES, patients={**REGISTRY, twin.patient_id: twin}
    )
    assert answer.status is CallerStatus.AMBIGUOUS and answer.categories == frozenset()
    with pytest.raises(LookupRefused):
        answer_caller(CallerQuery("Vasseur", "", date(1972, 4, 9)), exposures=[], patients={})


def test_lookup_answers_and_logs_while_a_writer_holds_the_case(lookup_case: Path) -> None:
    with Case.open(lookup_case) as writer:  # as the review app holds it all day
        result = _ask(lookup_case, *ELODIE, "--birth-date", "1972-04-09")
        assert result.output.startswith("concerné\n")
        assert [entry.outcome for entry in load_lookup_log(writer)] == ["affected"]
