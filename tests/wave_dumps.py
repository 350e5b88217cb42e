"""Two waves of a fictitious leak as real CSV lists, for the wave tests (scan, notify).

Every person is in the test registry of ``conftest.PATIENTS``; all fictitious.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from conftest import PATIENTS, REGISTRY_HEADER

DUPONT, LE_GOFF, ZARKOVIC = "10000001", "10000004", "10000009"
HEADER = ["IPP", "Nom", "Prénom", "Date de naissance", "Examen"]


def write_list(path: Path, *rows: list[str]) -> None:
    """A leaked lab list (``;``-separated, as hospital exports are)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([HEADER, *rows])


def two_wave_dumps(root: Path) -> tuple[Path, Path, Path]:
    """A registry, the first wave (two people) and a second one: the first wave's lab list
    republished as is, a new person's HIV test, and a psychiatric note on a known person."""
    registry = root / "registry.csv"
    with registry.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([REGISTRY_HEADER, *PATIENTS])
    first, second = root / "dump1", root / "dump2"
    write_list(first / "labo.csv", [DUPONT, "DUPONT", "Marie Claire", "12/03/1965", "Glycémie"])
    write_list(first / "rdv.csv", [LE_GOFF, "LE GOFF", "Yann", "03/03/1971", "Consultation"])
    (second / "repost").mkdir(parents=True)
    shutil.copy(first / "labo.csv", second / "repost" / "labo.csv")
    write_list(second / "serologie.csv", [ZARKOVIC, "ZARKOVIC", "Milan", "10/10/1990", "Sérologie VIH"])  # fmt: skip
    write_list(second / "psy.csv", [LE_GOFF, "LE GOFF", "Yann", "03/03/1971", "Épisode dépressif, CMP"])  # fmt: skip
    return registry, first, second
