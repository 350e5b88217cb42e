"""Registry CSV: every problem reported at once, with its row."""

from __future__ import annotations

from pathlib import Path

import pytest

from leakmap.errors import RegistryError
from leakmap.link.registry_csv import load_registry


def test_load_registry_reads_the_contract_layout(registry_csv: Path) -> None:
    patients = load_registry(registry_csv)
    assert len(patients) == 9
    assert patients[2].birth_name == "Martin" and patients[0].given_names == "Marie Claire"


def test_load_registry_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "patient_id,family_name,birth_name,given_names,birth_date,sex,address,postcode,city,phone,email,nir\n"
        "1,Dupont,,Marie,31/02/1980,F,,,,,,\n"
        "2,,,Jean,1980-01-01,X,,,,,,\n"
        "1,Martin,,Paul,1970-01-01,M,,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    problems = error.value.problems
    assert any("row 2: birth_date" in p for p in problems)
    assert any("row 3: family_name is empty" in p for p in problems)
    assert any("row 3: sex" in p for p in problems)
    assert any("row 4: patient_id duplicated" in p for p in problems)
    assert "Dupont" not in str(error.value)


def test_load_registry_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,name\n1,x\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="header lacks patient_id"):
        load_registry(path)
