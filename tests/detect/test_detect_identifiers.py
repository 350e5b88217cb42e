"""Identifier detectors: a table of hits and near misses per detector."""

from __future__ import annotations

from datetime import date

import pytest

from leakmap.detect.dates import find_dates
from leakmap.detect.identifiers import (
    find_addresses,
    find_emails,
    find_hospital_ids,
    find_ibans,
    find_nirs,
    find_phones,
    nir_key_is_valid,
)
from leakmap.detect.identifiers.place import Place
from leakmap.detect.text import fold

TODAY = date(2026, 11, 29)
PLACE = Place(1, block=0)


@pytest.mark.parametrize(
    ("nir", "valid"),
    [
        ("165037511234558", False),
        ("279082A12345622", None),
        ("185057800608491", True),
        ("185057800608492", False),
    ],
)
def test_nir_key_is_valid_table(nir: str, valid: bool | None) -> None:
    body = nir[:13].replace("2A", "19").replace("2B", "18")
    expected = 97 - int(body) % 97 == int(nir[13:]) if valid is None else valid
    assert nir_key_is_valid(nir) is expected


def _nir(body: str) -> str:
    digits = body.replace("2A", "19").replace("2B", "18")
    return body + f"{97 - int(digits) % 97:02d}"


@pytest.mark.parametrize(
    "written",
    [
        "N° SS : {a} {b} {c} {d} {e} {f} {k}",
        "NIR {a}{b}{c}{d}{e}{f}{k}",
        "sécurité sociale {a}.{b}.{c}.{d}.{e}.{f}.{k}",
    ],
)
def test_find_nirs_hits_in_common_layouts(written: str) -> None:
    nir = _nir("1850578006084")
    parts = dict(
        a=nir[0], b=nir[1:3], c=nir[3:5], d=nir[5:7], e=nir[7:10], f=nir[10:13], k=nir[13:]
    )
    found = find_nirs(written.format(**parts), PLACE)
    assert [i.value for i in found] == [nir]


def test_find_nirs_corsica_and_bad_key() -> None:
    corsican = _nir("279082A123456")
    assert [i.value for i in find_nirs(f"NIR {corsican}", PLACE)] == [corsican]
    wrong = corsican[:-2] + f"{(int(corsican[-2:]) + 1) % 97:02d}"
    assert find_nirs(f"NIR {wrong}", PLACE) == []


@pytest.mark.parametrize(
    ("text", "birth"),
    [
        ("Née le 12/03/1965", True),
        ("né(e) le : 12.03.65", True),
        ("DDN : 12-03-1965", True),
        ("Date de naissance : 12 mars 1965", True),
        ("date de naissance 1965-03-12", True),
        ("Examen du 12/03/2022", False),
        ("Hospitalisée le 12/03/2022 pour bilan", False),
        ("Née le 01/01/1950, hospitalisée le 12/03/1965", None),
    ],
)
def test_find_dates_tells_birth_dates_from_other_dates(text: str, birth: bool | None) -> None:
    found = find_dates(text, fold(text), today=TODAY)
    if birth is None:  # the second date is not a birth date
        assert [d.is_birth for d in found] == [True, False]
    else:
        assert [d.is_birth for d in found] == [birth]
        assert found[0].value.month == 3


@pytest.mark.parametrize("text", ["31/02/1980", "12/13/1980", "version 1.2.3", "tel 01 02 03"])
def test_find_dates_near_misses(text: str) -> None:
    assert find_dates(text, fold(text), today=TODAY) == []


def test_find_hospital_ids_labels_and_registry_ids() -> None:
    text = "IPP : 10000001   NDA: 220012345\nréférence 10000002 et 55555555"
    found = find_hospital_ids(
        text, PLACE, ipp_patterns=(r"\d{8}",), nda_patterns=(r"\d{9}",), registry_ids={"10000002"}
    )
    assert sorted((i.kind.value, i.value) for i in found) == [
        ("ipp", "10000001"),
        ("ipp", "10000002"),
        ("nda", "220012345"),
    ]


def test_find_phones_and_emails() -> None:
    text = "Tél. 06 12 34 56 78, fixe +33 1 23 45 67 89 ; mail marie.dupont@example.org"
    assert [i.value for i in find_phones(text, PLACE)] == ["+33612345678", "+33123456789"]
    assert [i.value for i in find_emails(text, PLACE)] == ["marie.dupont@example.org"]
    assert find_phones("IPP 12345678", PLACE) == []


def test_find_ibans_checks_the_key() -> None:
    good = "FR76 3000 6000 0112 3456 7890 189"
    assert [i.value for i in find_ibans(f"IBAN : {good}", PLACE)] == [good.replace(" ", "")]
    assert find_ibans("IBAN : FR76 3000 6000 0112 3456 7890 188", PLACE) == []


def test_find_addresses_street_then_postcode() -> None:
    text = "Mme DUPONT\n3 rue des Lilas\n75011 Paris"
    kinds = [i.kind.value for i in find_addresses(text, PLACE)]
    assert kinds == ["address", "postcode"]
    assert find_addresses("Résultat 75011 Paris", PLACE) == []
