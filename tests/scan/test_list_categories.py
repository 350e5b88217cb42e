"""A lab worklist in a text file: each patient gets the health terms of their own entry.

Real text files, real scans into real encrypted cases; every person is fictitious. Once
as a table with aligned columns (read as rows), once as a bulleted list (read as lines
of running text). One entry is for a person not in the registry: the tumour markers on
it are not every listed patient's. A two-line entry (the analyses on the line under the
name) still gives its terms to its patient.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

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

BULLETS = """Laboratoire - prélèvements du 26 janvier 2021
- 2101269916 IPP 10000001 DUPONT Marie Claire 12/03/1965 : HbA1c, glycémie
- 2101265524 IPP 10000003 DURAND Jeanne 05/11/1948 : TSH
- 2101262491 KERHERVE Gwenaelle 27/06/1923 : Marqueurs tumoraux (suivi cancer du sein)
- 2101265728 IPP 10000004 LE GOFF Yann 03/03/1971 : Bilan lipidique
- 2101261093 IPP 10000005 MOREAU-VASSEUR Jean-Pierre 30/01/1959 : INR
- 2101263951 IPP 10000009 ZARKOVIC Milan 10/10/1990 : Bilan pré-greffe
  suivi chimiothérapie, bilan d'extension carcinome
"""


@pytest.mark.parametrize("listing", [WORKLIST, BULLETS], ids=["aligned", "bulleted"])
def test_a_worklist_entry_gives_its_terms_to_its_own_patient(
    tmp_path: Path, registry_csv: Path, listing: str
) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "liste_labo.txt").write_text(listing, encoding="cp1252")
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
