"""Registry problems in the user's language: a French DPO reads each row's problem in French."""

from __future__ import annotations

from pathlib import Path

import pytest

from leakmap.i18n import speaking
from leakmap.link.registry_formats import load_registry_any
from leakmap.link.registry_problems import RegistryProblemsError

HEADER = "patient_id,family_name,birth_name,given_names,birth_date,sex,address,postcode,city,phone,email,nir\n"  # fmt: skip


def _bad_registry(path: Path) -> Path:
    path.write_text(HEADER + "40000001,,,Zoé,1971-13-45,X,,,,,,\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["ligne 2", "family_name est vide", "sex doit valoir F ou M"]),
        ("en", ["row 2", "family_name is empty", "sex must be F or M"]),
    ],
)
def test_every_problem_of_a_row_in_the_users_language(
    tmp_path: Path, language: str, expected: list[str]
) -> None:
    registry = _bad_registry(tmp_path / "registry.csv")
    with speaking(language), pytest.raises(RegistryProblemsError) as raised:
        load_registry_any(registry)
    text = "\n".join(raised.value.lines())
    for words in expected:
        assert words in text, text
    assert "Zoé" not in text  # a problem never quotes a value
