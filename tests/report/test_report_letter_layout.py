"""Letters as La Poste and the CNIL expect, read back from the PDFs a real ``notify`` wrote.

A real case (registry snapshot and exposures through the store API) is notified by
``leakmap notify`` as a subprocess; the address block of each PDF, read with pdfium, must
hold at most six lines of at most 38 characters, none wrapped, with the civil title the
person's age and sex call for. Every person is fictitious.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from report_people import FILLED_CASE_TOML, LETTER_DAY, exposure, pdf_text

from leakmap.link.registry import Patient
from leakmap.report.case_info import load_case_info
from leakmap.report.kit import write_complaint_kits
from leakmap.report.letters import write_letters
from leakmap.report.postal_lines import fit_name, window_lines
from leakmap.store import Case
from leakmap.vocabulary import Category as C

KEY = "4c1f8e2a9d7b3e6f0a5c8d1e7b4f2a9c6e3d0b8f5a2c7e4d1b9f6a3c0e8d5b2f"
LONG_ADDRESS = (
    "Résidence Les Hauts de Bellevue Sud, Bâtiment C escalier 2, "
    "145 avenue du Maréchal de Lattre de Tassigny"
)


def _patient(pid, family, given, born, sex, address, postcode, city):
    return Patient(pid, family, "", given, born, sex, address, postcode, city, "", "", "")


PATIENTS = [
    _patient("30000001", "Leclerc", "Louise", date(2016, 5, 4), "F", LONG_ADDRESS, "74000",
             "Annecy"),
    _patient("30000002", "de La Tour d'Auvergne-Lauraguais", "Jean-Baptiste Marie Emmanuel",
             date(1950, 1, 2), "M", "12 boulevard du Général Leclerc", "42000", "Saint-Étienne"),
    _patient("30000003", "Morel", "Camille", date(1985, 7, 8), "", "3 rue Haute", "67000",
             "Strasbourg"),
    _patient("30000004", "Martin", "Louise", date(1979, 3, 4), "F", "8 place du Marché",
             "44000", "Nantes"),
]  # fmt: skip


def _leakmap(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEAKMAP_KEY": KEY, "LEAKMAP_QUIET": "1"}
    return subprocess.run(
        [sys.executable, "-m", "leakmap", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _case(directory: Path, case_toml: str) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEAKMAP_KEY", KEY)
        with Case.open(directory) as case:
            case.replace_patients(PATIENTS)
            exposures = [exposure(p.patient_id, C.ADDRESS, C.HEALTH, C.IMAGING) for p in PATIENTS]
            case.replace_results(attributions=[], exposures=exposures, unregistered=[])
    (directory / "case.toml").write_text(case_toml, encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def notified(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The letters of a final case, written by ``leakmap notify``."""
    case_dir = _case(tmp_path_factory.mktemp("case"), FILLED_CASE_TOML)
    result = _leakmap("notify", str(case_dir))
    assert result.returncode == 0, result.stderr
    return case_dir / "letters"


def _pdf_lines(path: Path) -> list[str]:
    return [" ".join(line.split()) for line in pdf_text(path).splitlines()]


def _blocks(letters: Path) -> dict[str, list[str]]:
    with (letters / "print_shop.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["pdf"]: [row[f"line{i}"] for i in range(1, 7) if row[f"line{i}"]] for row in rows}


def test_letter_layout_window_block_fits_the_norm_and_never_wraps(notified):
    blocks = _blocks(notified)
    assert len(blocks) == len(PATIENTS)
    for pdf, block in blocks.items():
        assert 2 <= len(block) <= 6
        assert all(len(line) <= 38 for line in block), block
        lines = _pdf_lines(notified / pdf)
        for line in block:
            assert line in lines, (pdf, line)  # whole, on its own line: not wrapped


def test_letter_layout_child_is_written_to_through_the_legal_representatives(notified):
    block = _blocks(notified)["30000001.pdf"]
    assert block[:2] == ["Aux représentants légaux de l'enfant", "Louise LECLERC"]
    assert block[-1] == "74000 ANNECY"
    assert block[-2].startswith("145 AV du MAL de Lattre")  # abbreviated per the norm
    text = " ".join(_pdf_lines(notified / "30000001.pdf"))
    assert "Madame Louise LECLERC" not in text
    assert "Madame, Monsieur," in text


def test_letter_layout_civil_title_by_sex_and_neutral_when_unknown(notified):
    blocks = _blocks(notified)
    assert blocks["30000004.pdf"][0] == "Madame Louise MARTIN"
    assert blocks["30000003.pdf"][0] == "Camille MOREL"
    assert blocks["30000002.pdf"] == [
        "M. J. DE LA TOUR D'AUVERGNE-LAURAGUAIS",
        "12 boulevard du Général Leclerc",
        "42000 SAINT ETIENNE",
    ]
    assert "Madame," in _pdf_lines(notified / "30000004.pdf")
    assert "Madame, Monsieur," in _pdf_lines(notified / "30000003.pdf")
    assert "Monsieur," in _pdf_lines(notified / "30000002.pdf")


def test_letter_layout_dpo_block_comes_from_case_toml(notified):
    text = " ".join(_pdf_lines(notified / "30000004.pdf"))
    assert "Délégué à la protection des données : Paul DELORME, dpo@hopital-du-lac.invalid" in text
    assert "NE PAS ENVOYER" not in text


@pytest.mark.usefixtures("english_messages")  # asserts English messages
def test_letter_layout_unknown_case_key_is_refused_with_the_closest_key(tmp_path):
    toml = FILLED_CASE_TOML.replace("hotline_phone =", "hotline_phon =")
    case_dir = _case(tmp_path / "case", toml)
    result = _leakmap("notify", str(case_dir))
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert "unknown key breach.hotline_phon (did you mean breach.hotline_phone?)" in result.stderr
    assert not (case_dir / "letters").exists()


def test_letter_layout_final_case_with_example_values_names_each_field(tmp_path):
    toml = tmp_path / "template.toml"
    load_case_info(tmp_path, today=LETTER_DAY)  # writes the shipped template
    shipped = (tmp_path / "case.toml").read_text(encoding="utf-8")
    toml.write_text(shipped.replace("example = true", "example = false"), encoding="utf-8")
    case_dir = _case(tmp_path / "case", toml.read_text(encoding="utf-8"))
    result = _leakmap("notify", str(case_dir))
    assert result.returncode != 0
    for field in ("hospital.name", "dpo.email", "breach.hotline_phone", "breach.discovered_on"):
        assert field in result.stderr
    assert not (case_dir / "letters").exists()


def test_letter_layout_english_letter_carries_the_english_stamp(tmp_path):
    info = load_case_info(tmp_path, today=LETTER_DAY)
    patients = {p.patient_id: p for p in PATIENTS}
    write_letters(tmp_path, [exposure("30000004", C.ADDRESS)], patients, info, language="en")
    text = pdf_text(tmp_path / "letters" / "30000004.pdf")
    assert "TEMPLATE — DO NOT SEND" in text
    assert "MODÈLE" not in text
    assert "Ms Louise MARTIN" in text


@pytest.mark.parametrize(
    ("address", "lines"),
    [
        ("3 rue Haute", ["3 rue Haute"]),
        ("Chez M. Roux, 3 rue Haute", ["Chez M. Roux", "3 rue Haute"]),
        ("Bât. B, 3 rue Haute, BP 12", ["Bât. B", "3 rue Haute", "BP 12"]),
        ("Lieu-dit Les Granges", ["Lieu-dit Les Granges"]),
        ("3 rue Haute, Bât. B, CS 40012", ["Bât. B", "3 rue Haute", "CS 40012"]),
    ],
)
def test_letter_layout_address_parts_take_their_own_lines(address, lines):
    block = window_lines(["Camille MOREL"], address=address, postcode="01000", city="Bourg")
    assert list(block) == ["Camille MOREL", *lines, "01000 BOURG"]


def test_letter_layout_too_many_complements_are_merged_into_six_lines():
    block = window_lines(
        ["Aux ayants droit de", "Paul ROUX"],
        address="Chez Mme Blanc, Résidence du Lac, Bâtiment 4, 7 rue Basse, BP 8",
        postcode="73000",
        city="Chambéry",
    )
    assert len(block) == 6
    assert block[2] == "Chez Mme Blanc RES du Lac BAT 4"
    assert block[-1] == "73000 CHAMBERY"


def test_letter_layout_long_names_shorten_the_title_then_the_given_names():
    assert fit_name("Madame", "Anne", "DURAND") == "Madame Anne DURAND"
    long_name = fit_name("Madame", "Marie-Christine Anne", "DE CASTELBAJAC-MONTESQUIOU")
    assert long_name == "Mme M. DE CASTELBAJAC-MONTESQUIOU"
    assert fit_name("Monsieur", "Jean Luc", "MARTIN") == "Monsieur Jean Luc MARTIN"


def test_letter_layout_complaint_kit_gives_the_attack_times(tmp_path):
    (tmp_path / "case.toml").write_text(FILLED_CASE_TOML, encoding="utf-8")
    info = load_case_info(tmp_path, today=LETTER_DAY)
    patients = {p.patient_id: p for p in PATIENTS}
    write_complaint_kits(tmp_path, [exposure("30000004", C.ADDRESS)], patients, info)
    text = " ".join((tmp_path / "complaint_kits" / "30000004.txt").read_text("utf-8").split())
    assert "Début de l'attaque : 1er mars 2025 à 22:10" in text
    assert "Fin de l'attaque : 3 mars 2025 à 12:30" in text
    assert "Découverte par l'hôpital : 3 mars 2025 à 08:05" in text
