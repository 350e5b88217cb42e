"""Shared fixtures: a case key, a small fictitious registry, a tiny generated hospital.

Every person here is fictitious.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from leakmap.link.registry import Patient

REGISTRY_HEADER = [
    "patient_id",
    "family_name",
    "birth_name",
    "given_names",
    "birth_date",
    "sex",
    "address",
    "postcode",
    "city",
    "phone",
    "email",
    "nir",
]

# Fictitious patients: homonyms, married names, particles, compound given names.
PATIENTS = [
    ("10000001", "Dupont", "", "Marie Claire", "1965-03-12", "F", "3 rue des Lilas", "75011", "Paris", "0612345678", "", ""),
    ("10000002", "Dupont", "", "Marie", "1971-07-04", "F", "", "69003", "Lyon", "", "", ""),
    ("10000003", "Durand", "Martin", "Jeanne", "1948-11-05", "F", "", "", "", "", "", ""),
    ("10000004", "Le Goff", "", "Yann", "1971-03-03", "M", "", "29200", "Brest", "", "yann.legoff@example.org", ""),
    ("10000005", "Moreau-Vasseur", "", "Jean-Pierre", "1959-01-30", "M", "", "", "", "", "", ""),
    ("10000006", "Petitjean", "", "Hélène", "1980-02-29", "F", "", "", "", "", "", ""),
    ("10000007", "Petitjean", "", "Hélène", "1980-02-29", "F", "", "", "", "", "", ""),
    ("10000008", "Leroy", "", "Anne", "1975-06-15", "F", "", "", "", "", "", ""),
    ("10000009", "Zarkovic", "", "Milan", "1990-10-10", "M", "", "", "", "", "", ""),
]  # fmt: skip


@pytest.fixture(autouse=True)
def case_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with a case key set."""
    key = "4c1f8e2a9d7b3e6f0a5c8d1e7b4f2a9c6e3d0b8f5a2c7e4d1b9f6a3c0e8d5b2f"
    monkeypatch.setenv("LEAKMAP_KEY", key)
    monkeypatch.setenv("LEAKMAP_QUIET", "1")
    return key


@pytest.fixture
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """leakmap speaks English to this test (``LEAKMAP_LANGUAGE=en``, subprocesses too).

    For tests whose assertions quote English messages; leakmap's default is French
    (tests/i18n checks it). Letters follow the user's language unless ``notify
    --language`` is given.
    """
    monkeypatch.setenv("LEAKMAP_LANGUAGE", "en")


@pytest.fixture
def registry_csv(tmp_path: Path) -> Path:
    """A registry CSV in the contract layout."""
    path = tmp_path / "registry.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTRY_HEADER)
        writer.writerows(PATIENTS)
    return path


@pytest.fixture
def patients() -> list[Patient]:
    """The fictitious registry as records."""
    return [
        Patient(
            p[0],
            p[1],
            p[2],
            p[3],
            date.fromisoformat(p[4]),
            p[5],
            p[6],
            p[7],
            p[8],
            p[9],
            p[10],
            p[11],
        )
        for p in PATIENTS
    ]


@pytest.fixture
def small_dump(tmp_path: Path) -> tuple[Path, dict[str, set[str]]]:
    """A dump with one file of each kind, and the patient ids each path exposes."""
    from dumps import build_small_dump

    root = tmp_path / "dump"
    return root, build_small_dump(root)
