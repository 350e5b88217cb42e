"""A lab worklist printed as text: each patient gets the health terms of their own line.

Real text file, real scan into a real encrypted case; every person is fictitious. One row
is for a person no detector can name (not in the registry, no label): the tumour markers
on that row are nobody's, not every listed patient's. A two-line entry (the analyses on
the line under the name) still gives its terms to its patient.
"""

from __future__ import annotations

import csv
from pathlib import Path

from leakmap.scan import scan
from leakmap.settings import ScanSettings

WORKLIST = """Laboratoire - liste de travail du 26 janvier 2021

N demande   IPP       Nom patient       Prénom         DDN        Analyses
---------------------------------------------------------------------------------------
2101269916  10000001  DUPONT            Marie Claire   12/03/1965 HbA1c, glycémie
2101265524  10000003  DURAND            Jeanne         05/11/1948 TSH
2101262491            KERHERVE          Gwenaelle      27/06/1923 Marqueurs tumoraux (suivi cancer du sein) CA 15-3
2101265728  10000004  LE GOFF           Yann           03/03/1971 Bilan lipidique
2101261093  10000005  MOREAU-VASSEUR    Jean-Pierre    30/01/1959 INR
2101263951  10000009  ZARKOVIC          Milan          10/10/1990 Bilan pré-greffe
            suivi chimiothérapie, bilan d'extension carcinome
"""


def test_a_worklist_row_without_a_named_person_gives_its_terms_to_nobody(
    tmp_path: Path, registry_csv: Path
) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "liste_labo.txt").write_text(WORKLIST, encoding="cp1252")
    case = tmp_path / "case"
    scan(
        dump, registry=registry_csv, case_dir=case, settings=ScanSettings(workers=1, use_ner=False)
    )
    with (case / "affected.csv").open(encoding="utf-8", newline="") as handle:
        categories = {
            r["patient_id"]: set(r["categories"].split(";")) for r in csv.DictReader(handle)
        }
    assert {"10000001", "10000003", "10000004", "10000005", "10000009"} <= set(categories)
    for patient in ("10000001", "10000003", "10000004", "10000005"):
        assert "laboratory" in categories[patient], patient
        assert "oncology" not in categories[patient], patient
    assert "oncology" in categories["10000009"], "the line under his name is his"
