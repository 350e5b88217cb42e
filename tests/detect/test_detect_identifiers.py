"""Identifier detectors: a table of hits and near misses per detector."""

from __future__ import annotations

from datetime import date

import pytest

from leakmap.detect.dates import find_dates
from leakmap.detect.identifiers import (
    find_addresses,
    find_cards,
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
        ("MARTIN Paule  |  DN 12/03/1965", True),
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


@pytest.mark.parametrize(
    ("text", "cards"),
    [
        ("Carte Visa 4111 1111 1111 1111 exp. 09/27", ["4111111111111111"]),
        ("Paiement CB : 5555555555554444", ["5555555555554444"]),
        ("carte bancaire 4111-1111-1111-1111", ["4111111111111111"]),
        ("Référence commande 4111111111111111", []),  # a run of digits needs a card word
        ("Carte Visa 4111 1111 1111 1112", []),  # Luhn fails
    ],
)
def test_find_cards_table(text: str, cards: list[str]) -> None:
    assert [c.value for c in find_cards(text, PLACE)] == cards


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("C6 11/06/20 C7 15/07/20", [("2020-06-11", False), ("2020-07-15", False)]),
        ("Date de naissance : 0 7 0 8 1 9 8 3", [("1983-08-07", True)]),
        ("Consultation du 09/01/2032", [("2032-01-09", False)]),
        ("Tél 1 2 3 4 5 6 7 8 9 0", []),
    ],
)
def test_find_dates_glued_boxed_and_shifted(text: str, found: list[tuple[str, bool]]) -> None:
    dates = find_dates(text, fold(text), today=TODAY)
    assert [(d.value.isoformat(), d.is_birth) for d in dates] == found


@pytest.mark.parametrize(
    ("text", "postcodes"),
    [
        ("18 rue des Lilas, 33000, Bordeaux CEDEX", ["33000"]),
        ("Lieu-dit Kerhuel, 56000 Vannes", ["56000"]),
        ("CP : 13005   Ville : Marseille", ["13005"]),
        ("Le patient réside à Lorient (56100) chez sa sœur.", ["56100"]),
        ("Résultat : 75011 UI/L, contrôle dans 15 jours.", []),
    ],
)
def test_find_addresses_postcode_forms(text: str, postcodes: list[str]) -> None:
    found = find_addresses(text, PLACE)
    assert [i.value for i in found if i.kind.value == "postcode"] == postcodes


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("Tél. domicile : O2.98.44.12.30", ["+33298441230"]),
        ("Portable : 06 39 98 76 54", ["+33639987654"]),
        ("Tél : +33 6 39 98 44 61", ["+33639984461"]),
        ("Lot 0639987654321", []),
        ("Tél : 0639987654", ["+33639987654"]),
        ("Tel. portable: 0739987654", ["+33739987654"]),
        ("Mobile +33639987654", ["+33639987654"]),
        ("Dossier 0639987654", []),
    ],
)
def test_find_phones_ocr_zero_and_unallocated_ranges(text: str, phones: list[str]) -> None:
    assert [p.value for p in find_phones(text, PLACE)] == phones


def test_find_phones_packed_in_a_phone_column_only() -> None:
    assert [p.value for p in find_phones("0639987654", PLACE, phone_column=True)] == [
        "+33639987654"
    ]
    assert find_phones("0639987654", PLACE) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("N° IPP 3162 3406", [("ipp", "31623406")]),
        ("IPP 80-012-345", [("ipp", "80012345")]),
        ("lors de la visite 2405678123 du 12/04/2024", [("nda", "2405678123")]),
        ("Numéro d'hospitalisation : 241234567", [("nda", "241234567")]),
        ("Prescription n° 45 - lot 123456789", []),
    ],
)
def test_find_hospital_ids_grouped_and_visit_labels(
    text: str, found: list[tuple[str, str]]
) -> None:
    ids = find_hospital_ids(
        text, PLACE, ipp_patterns=(r"\d{6,11}",), nda_patterns=(r"\d{7,12}",), registry_ids=set()
    )
    assert [(i.kind.value, i.value) for i in ids] == found


@pytest.mark.parametrize(
    "text",
    [
        "Tél : 06 12 34 56 78",
        "Portable 0612345678.",
        "tel: 01.42.15.93.30, fixe",
        "(01 42 15 93 30)",
        "Tél. 04 72 11 22 33\n",
        "appeler le 08 00 12 34 56 ou le 09 12 34 56 78",
        "N° 3 01 42 15 93 30",
        "01-42-15-93-30 puis 1",
        "+33 1 42 15 93 30",
    ],
)
def test_plain_french_numbers_are_what_libphonenumber_finds(text: str) -> None:
    """Plainly written French numbers are checked against the French numbering plan
    without libphonenumber's matcher: the same numbers, at the same places."""
    import phonenumbers

    expected = {
        (m.start, m.end, phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164))
        for m in phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.VALID)
    }
    found = {(p.location.start, p.location.end, p.value) for p in find_phones(text, PLACE)}
    assert found == expected
