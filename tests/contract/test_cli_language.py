"""One language per user on the CLI: French by default, English on request, never both.

``leakmap`` runs as a subprocess on a real case (one tiny fictitious dump, scanned once):
the refusal of a folder that is not a case, the scan's summary and the hotline's
``lookup`` answer, in French by default, in English with ``--language en``,
``LEAKMAP_LANGUAGE=en`` or the case's ``language = "en"``, the option winning.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

_KEY = "4c1f8e2a9d7b3e6f0a5c8d1e7b4f2a9c6e3d0b8f5a2c7e4d1b9f6a3c0e8d5b2f"
#: A fictitious registry, in the contract's layout.
_REGISTRY = [
    ["patient_id", "family_name", "birth_name", "given_names", "birth_date", "sex", "address",
     "postcode", "city", "phone", "email", "nir"],
    ["10000001", "Dupont", "", "Marie Claire", "1965-03-12", "F", "3 rue des Lilas", "75011",
     "Paris", "", "", ""],
    ["10000008", "Leroy", "", "Anne", "1975-06-15", "F", "", "", "", "", "", ""],
]  # fmt: skip
_DUPONT = ["--family-name", "DUPONT", "--given-names", "Marie Claire", "--birth-date", "12/03/1965"]


def _leakmap(*argv: str, language: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEAKMAP_KEY": _KEY, "LEAKMAP_QUIET": "1"}
    env.pop("LEAKMAP_LANGUAGE", None)
    if language is not None:
        env["LEAKMAP_LANGUAGE"] = language
    return subprocess.run(
        [sys.executable, "-m", "leakmap", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A case scanned from one report about a registry patient; its scan's stdout."""
    root = tmp_path_factory.mktemp("language")
    (root / "dump").mkdir()
    (root / "dump" / "cr.txt").write_text(
        "Compte rendu. Patiente : DUPONT Marie Claire, née le 12/03/1965. Diabète de type 2.\n",
        encoding="utf-8",
    )
    with (root / "registry.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(_REGISTRY)
    case = root / "case"
    done = _leakmap("scan", str(root / "dump"), "--registry", str(root / "registry.csv"),
                    "--out", str(case), "--workers", "1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return case, done.stdout


def test_cli_language_refusal_is_french_by_default_and_english_on_request(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pas_un_dossier"
    folder.mkdir()
    french = _leakmap("report", str(folder))
    assert french.returncode == 2
    assert (
        f"{folder} : pas un dossier leakmap (pas de case.db) ; donnez un dossier" in french.stderr
    )
    assert "not a leakmap case" not in french.stderr
    for english in (
        _leakmap("--language", "en", "report", str(folder)),
        _leakmap("report", str(folder), language="en"),
    ):
        assert english.returncode == 2
        assert f"{folder}: not a leakmap case (no case.db there)" in english.stderr
        assert "pas un dossier" not in english.stderr
    option_wins = _leakmap("--language", "fr", "report", str(folder), language="en")
    assert "pas un dossier leakmap" in option_wins.stderr


def test_cli_language_scan_summary_and_next_steps_in_french(scanned: tuple[Path, str]) -> None:
    case, summary = scanned
    assert summary.splitlines()[0] == f"leakmap scan — dossier {case} (vague 1)"
    assert ["patients", "à", "notifier", "1"] in [line.split() for line in summary.splitlines()]
    assert "étapes suivantes :" in summary and f"  4. leakmap report {case}" in summary
    own = [line for line in summary.splitlines() if line[:2] == "  " and line[2:3] not in " "]
    labels = [line.split()[0] for line in own]  # the summary's own lines, not the stage table
    assert "durée" in labels and "résultats" in labels
    for english in ("patients to notify", "next steps", "unregistered people"):
        assert english not in summary, english
    assert "took" not in labels and "outputs" not in labels


def test_cli_language_lookup_answers_in_one_language(scanned: tuple[Path, str]) -> None:
    case, _ = scanned
    french = _leakmap("lookup", str(case), *_DUPONT)
    assert french.returncode == 0, french.stderr
    first, categories = french.stdout.splitlines()
    assert first in ("concerné", "concerné (un relecteur le confirme encore)")
    assert "informations sur la santé" in categories and "date de naissance" in categories
    english = _leakmap("--language", "en", "lookup", str(case), *_DUPONT)
    first, categories = english.stdout.splitlines()
    assert first in ("affected", "affected (a reviewer is still confirming it)")
    assert "information about health" in categories and "date of birth" in categories
    assert "informations" not in english.stdout and "concerné" not in english.stdout
    assert _leakmap("lookup", str(case), *_DUPONT[:2]).stderr == (
        "leakmap: donnez le nom de famille, un prénom et la date de naissance "
        "(ou l'IPP et la date de naissance)\n"
    )


def test_cli_language_case_setting_then_the_users_choice(
    scanned: tuple[Path, str], tmp_path: Path
) -> None:
    case = tmp_path / "case"
    shutil.copytree(scanned[0], case)
    case_toml = case / "case.toml"
    text = case_toml.read_text(encoding="utf-8") if case_toml.exists() else ""
    assert 'language = "fr"' in text or not text  # the template says French
    text = text.replace('language = "fr"', 'language = "en"') if text else 'language = "en"\n'
    case_toml.write_text(text, encoding="utf-8")
    by_case = _leakmap("lookup", str(case), *_DUPONT)
    assert by_case.stdout.startswith("affected") and "information about health" in by_case.stdout
    by_user = _leakmap("--language", "fr", "lookup", str(case), *_DUPONT)
    assert by_user.stdout.startswith("concerné") and "informations sur la santé" in by_user.stdout
    by_env = _leakmap("lookup", str(case), *_DUPONT, language="fr")
    assert by_env.stdout.startswith("concerné")
