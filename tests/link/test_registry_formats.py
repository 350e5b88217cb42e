"""Registry import: contract CSV, mapped CSV, FHIR Bundle/NDJSON, HL7 v2; problems at once.

Every person here is fictitious.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from leakmap.errors import RegistryError
from leakmap.link.registry_csv import load_registry
from leakmap.link.registry_formats import load_registry_any

pytestmark = pytest.mark.usefixtures("english_messages")  # asserts English messages

MAPPING = """
delimiter = ";"
encoding = "latin-1"

[columns]
patient_id = "IPP"
family_name = "NOM"
birth_name = "NOM_NAISSANCE"
given_names = ["PRENOM", "PRENOM2"]
birth_date = "DDN"
sex = "SEXE"
postcode = "CP"

[dates]
birth_date = ["%d/%m/%Y", "%Y%m%d"]

[sex]
M = ["1", "H"]
F = ["2"]
"""


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_contract_csv_reads_as_the_contract_loader_does(registry_csv: Path) -> None:
    assert load_registry_any(registry_csv) == load_registry(registry_csv)


def test_repeated_names_and_dates_are_stored_once(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "r.csv",
        "patient_id,family_name,given_names,birth_date\n"
        "1,Kerboul,Anne,1970-01-01\n2,Kerboul,Anne,1970-01-01\n",
    )
    first, second = load_registry_any(path)
    assert first.family_name is second.family_name
    assert first.birth_date is second.birth_date


def test_mapped_csv_with_french_dates_codes_and_two_given_columns(tmp_path: Path) -> None:
    mapping = _write(tmp_path / "map.toml", MAPPING)
    path = _write(
        tmp_path / "export.csv",
        "IPP;NOM;NOM_NAISSANCE;PRENOM;PRENOM2;DDN;SEXE;CP\n"
        "501;Le Hénaff;Quéré;Anne;Soizic;03/04/1950;2;29200\n"
        "502;Tanguy;;Yann;;19610707;1;\n",
        encoding="latin-1",
    )
    anne, yann = load_registry_any(path, mapping=mapping)
    assert (anne.family_name, anne.birth_name, anne.given_names) == (
        "Le Hénaff",
        "Quéré",
        "Anne Soizic",
    )
    assert (anne.birth_date, anne.sex, anne.postcode) == (date(1950, 4, 3), "F", "29200")
    assert (yann.given_names, yann.birth_date, yann.sex) == ("Yann", date(1961, 7, 7), "M")


def test_mapped_csv_lists_every_problem_with_its_row(tmp_path: Path) -> None:
    mapping = _write(tmp_path / "map.toml", MAPPING)
    path = _write(
        tmp_path / "export.csv",
        "IPP;NOM;NOM_NAISSANCE;PRENOM;PRENOM2;DDN;SEXE;CP\n"
        "501;Kerboul;;Anne;;31/02/1950;2;\n"
        ";Tanguy;;Yann;;01/01/1960;9;\n"
        "501;Guivarch;;Paul;;01/01/1960;1;\n",
        encoding="latin-1",
    )
    with pytest.raises(RegistryError) as raised:
        load_registry_any(path, mapping=mapping)
    problems = raised.value.problems
    assert any("row 2: birth_date is not %d/%m/%Y or %Y%m%d" in p for p in problems)
    assert any("row 3: patient_id is empty" in p for p in problems)
    assert any("row 3: sex must be F or M" in p for p in problems)
    assert any("row 4: patient_id duplicated" in p for p in problems)
    assert not any(word in str(raised.value) for word in ("Kerboul", "Tanguy", "Yann", "501"))


def test_a_mapped_column_missing_from_the_header_is_named(tmp_path: Path) -> None:
    mapping = _write(tmp_path / "map.toml", MAPPING)
    path = _write(tmp_path / "export.csv", "IPP;NOM;PRENOM\n1;Kerboul;Anne\n")
    with pytest.raises(RegistryError, match="header lacks NOM_NAISSANCE, PRENOM2, DDN"):
        load_registry_any(path, mapping=mapping)


def test_every_mistake_of_a_mapping_is_reported_at_once(tmp_path: Path) -> None:
    mapping = _write(
        tmp_path / "map.toml",
        'delimiter = ";;"\ncolour = "blue"\n[columns]\nnom = "NOM"\nfamily_name = 3\n'
        '[dates]\nbirth_date = "dd/mm/yyyy"\n',
    )
    with pytest.raises(RegistryError) as raised:
        load_registry_any(_write(tmp_path / "r.csv", "a\n1\n"), mapping=mapping)
    text = "\n".join(raised.value.problems)
    for expected in ("unknown key 'colour'", "'nom' is not a field", "family_name must be",
                     "patient_id is not mapped", "strptime formats", "delimiter must be"):  # fmt: skip
        assert expected in text


def _fhir_patient(ipp: str, *, nir: str = "", birth: str = "1950-04-03") -> dict[str, object]:
    identifiers: list[dict[str, object]] = [
        {"type": {"coding": [{"code": "MR"}]}, "system": "urn:oid:1.2.250.1.999", "value": ipp}
    ]
    if nir:
        identifiers.append({"system": "urn:oid:1.2.250.1.213.1.4.8", "value": nir})
    return {
        "resourceType": "Patient",
        "identifier": identifiers,
        "name": [
            {"use": "usual", "family": "Le Hénaff", "given": ["Anne", "Soizic"]},
            {"use": "official", "family": "Quéré", "given": ["Anne", "Soizic"]},
        ],
        "gender": "female",
        "birthDate": birth,
        "address": [
            {"use": "home", "line": ["3 rue de Siam"], "postalCode": "29200", "city": "Brest"}
        ],
        "telecom": [
            {"system": "phone", "value": "0298000000"},
            {"system": "email", "value": "Anne@Example.org"},
        ],  # fmt: skip
    }


@pytest.mark.parametrize("indent", [None, 2])
def test_fhir_bundle_patients(tmp_path: Path, indent: int | None) -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": _fhir_patient("601", nir="250042912345678")},
            {"resource": {"resourceType": "Organization", "name": "CH"}},
            {"resource": _fhir_patient("602")},
        ],
    }
    path = _write(tmp_path / "patients.json", json.dumps(bundle, indent=indent))
    anne, other = load_registry_any(path)
    assert (anne.patient_id, anne.family_name, anne.birth_name) == ("601", "Le Hénaff", "Quéré")
    assert (anne.given_names, anne.birth_date, anne.sex) == ("Anne Soizic", date(1950, 4, 3), "F")
    assert (anne.nir, anne.postcode, anne.city, anne.email) == (
        "250042912345678", "29200", "Brest", "anne@example.org",
    )  # fmt: skip
    assert other.patient_id == "602" and other.nir == ""


def test_fhir_ndjson_with_the_ipp_system_from_the_mapping(tmp_path: Path) -> None:
    resource = _fhir_patient("ignored")
    resource["identifier"] = [{"system": "urn:oid:1.2.250.1.42", "value": "701"}]
    path = _write(tmp_path / "patients.ndjson", json.dumps(resource) + "\n")
    mapping = _write(tmp_path / "m.toml", '[columns]\npatient_id = "x"\nfamily_name = "y"\n'
                     'given_names = "z"\n[fhir]\nipp_system = "urn:oid:1.2.250.1.42"\n')  # fmt: skip
    (patient,) = load_registry_any(path, mapping=mapping)
    assert patient.patient_id == "701"


def test_fhir_problems_name_the_resource(tmp_path: Path) -> None:
    no_ipp = _fhir_patient("801")
    no_ipp["identifier"] = []
    lines = [_fhir_patient("800"), no_ipp, _fhir_patient("802", birth="1950-02-30")]
    path = _write(tmp_path / "p.ndjson", "\n".join(json.dumps(r) for r in lines))
    with pytest.raises(RegistryError) as raised:
        load_registry_any(path)
    text = "\n".join(raised.value.problems)
    assert "resource 2: identifier: no IPP found" in text
    assert "resource 3: birth_date is not YYYY-MM-DD" in text
    assert "Hénaff" not in text


HL7 = (
    "\x0bMSH|^~\\&|PAS|CH|LEAKMAP|CH|20260101||ADT^A04|1|P|2.5\r"
    "PID|1||901^^^CH^PI~250042912345678^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO^INS||"
    "LE HENAFF^ANNE^SOIZIC^^^^D~QUERE^ANNE^^^^^L||19500403|F|||3 RUE DE SIAM^^BREST^^29200||"
    "0298000000^PRN^PH~^NET^Internet^anne@example.org\r\x1c\r"
    "\x0bMSH|^~\\&|PAS|CH|LEAKMAP|CH|20260102||ADT^A04|2|P|2.5\r"
    "PID|1||902^^^CH^PI||KERBOUL\\S\\GUEN^PAUL||19610707|M\r\x1c\r"
    "\x0bMSH|^~\\&|PAS|CH|LEAKMAP|CH|20260103||ADT^A08|3|P|2.5\r"
    "PID|1||902^^^CH^PI||KERBOUL^PAUL^^^^^L||19610708|M\r\x1c\r"
)


def test_hl7_adt_messages(tmp_path: Path) -> None:
    path = tmp_path / "adt.hl7"
    path.write_bytes(HL7.encode("latin-1"))
    anne, paul = load_registry_any(path)
    assert (anne.patient_id, anne.family_name, anne.birth_name) == ("901", "LE HENAFF", "QUERE")
    assert (anne.given_names, anne.birth_date, anne.nir) == (
        "ANNE SOIZIC",
        date(1950, 4, 3),
        "250042912345678",
    )
    assert (anne.city, anne.postcode, anne.phone, anne.email) == (
        "BREST", "29200", "0298000000", "anne@example.org",
    )  # fmt: skip
    assert (paul.patient_id, paul.family_name, paul.birth_date) == (
        "902",
        "KERBOUL",
        date(1961, 7, 8),
    )


def test_hl7_escapes_are_resolved(tmp_path: Path) -> None:
    path = tmp_path / "adt.hl7"
    path.write_bytes(HL7.split("\x0bMSH|^~\\&|PAS|CH|LEAKMAP|CH|20260103")[0].encode("latin-1"))
    _, paul = load_registry_any(path)
    assert paul.family_name == "KERBOUL^GUEN"


def test_hl7_problems_name_the_message(tmp_path: Path) -> None:
    text = (
        "MSH|^~\\&|PAS|CH|LEAKMAP|CH|20260101||ADT^A04|1|P|2.5\rPID|1||||KERBOUL^PAUL||1961\r"
        "MSH|^~\\&|PAS|CH|LEAKMAP|CH|20260101||ADT^A04|2|P|2.5\rPID|1||903^^^CH^PI||TANGUY^YANN||19610707|X\r"
    )
    path = _write(tmp_path / "adt.txt", text)
    with pytest.raises(RegistryError) as raised:
        load_registry_any(path)
    text = "\n".join(raised.value.problems)
    assert "message 1: patient_id is empty" in text
    assert "message 1: birth_date is not YYYYMMDD" in text
    assert "message 2: sex must be F or M" not in text  # X is not mapped: left empty
    assert "KERBOUL" not in text


def test_missing_registry_file(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="no such file"):
        load_registry_any(tmp_path / "absent.csv")
