"""The registry's test and dummy records: patients the hospital's staff made up.

Real registries hold them ("TEST Patient", "ZZTEST Jean", "PATIENT FICTIF") under IPPs
kept for tests (here ``99999xxx``), and they turn up in leaked worklists. They are drawn
with their own ``random.Random`` (from the seed), appended to the registry and listed in
one leaked file of their own, so every other byte a seed gives stays as it was. The truth
lists them under ``test_records``, never as exposed patients: a scan must not notify them.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

from leakmap.synth.leaked import LeakedItem

#: The IPP range this hospital keeps for its test records.
RESERVED_IPP_PREFIX = "99999"
#: Family name, given names, birth date, sex: how staff name the patients they make up.
_DUMMIES = (
    ("TEST", "Patient", "1990-01-01", "M"),
    ("ZZTEST", "Jean", "1980-05-05", "M"),
    ("PATIENT", "FICTIF", "1975-01-01", "F"),
    ("TEST", "TEST", "2000-01-01", "F"),
    ("DOUBLON NE PAS UTILISER", "Marie", "1962-03-03", "F"),
    ("ZZZ", "Essai", "1900-01-01", "F"),
)
LIST_NAME = "Identitovigilance/dossiers_test_a_purger.csv"


def draw_dummy_patients(seed: int) -> tuple[tuple[str, ...], ...]:
    """3 to 6 registry rows (contract layout) of made-up patients, under reserved IPPs."""
    rng = random.Random(f"test_records/{seed}")
    chosen = rng.sample(_DUMMIES, rng.randint(3, len(_DUMMIES)))
    numbers = rng.sample(range(1000), len(chosen))
    return tuple(
        (f"{RESERVED_IPP_PREFIX}{n:03d}", family, "", given, born, sex, "", "", "", "", "", "")
        for n, (family, given, born, sex) in zip(numbers, chosen, strict=True)
    )


def append_to_registry(registry: Path, rows: tuple[tuple[str, ...], ...]) -> None:
    """Add the rows at the end of ``registry.csv`` (written first, so its bytes stay)."""
    with registry.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def dummy_list(rows: tuple[tuple[str, ...], ...]) -> LeakedItem:
    """The identity-vigilance list of test records to purge: a leaked file naming nobody."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["IPP", "Nom", "Prénom", "Date de naissance", "Motif"])
    for row in rows:
        born = "/".join(reversed(row[4].split("-")))
        writer.writerow([row[0], row[1], row[3], born, "Dossier de test à supprimer"])
    return LeakedItem(LIST_NAME, "csv", buffer.getvalue().encode("utf-8"))


def add_to_truth(truth: Path, rows: tuple[tuple[str, ...], ...]) -> None:
    """List the test records' ids under ``test_records`` in ``truth.json`` (same layout
    as ``TruthBook.write``), apart from the exposed patients."""
    data = json.loads(truth.read_text(encoding="utf-8"))
    data["test_records"] = sorted(row[0] for row in rows)
    truth.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
