"""What a column holds, from headers as exports write them."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from importlib import resources

import pytest

from leakmap.detect.columns import HEADERS_FILE, Column, column_of, parse_header_vocabulary
from leakmap.detect.identifiers.place import Place
from leakmap.detect.rows import detect_row
from leakmap.extract.json_records import extract_json
from leakmap.settings import ScanSettings


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Nom", Column.FAMILY),
        ("dateNaissance", Column.BIRTH_DATE),  # camelCase
        ("patient.nom", Column.FAMILY),  # flattened from a nested record
        ("resource.name.given", Column.GIVEN),
        ("resource.birthDate", Column.BIRTH_DATE),
        # Someone else's name is never the subject's.
        ("Nom du médecin", Column.STAFF),
        ("medecin.nom", Column.STAFF),
        ("Nom du contact", Column.OTHER),
        ("contact.nom", Column.OTHER),
        ("Nom de la mère", Column.OTHER),
        # A flattened address (FHIR's address.line, vendors' ADR_*), its parts that are no place.
        ("address.home.line", Column.ADDRESS),
        ("address.home.postalCode", Column.POSTCODE),
        ("address.home.city", Column.CITY),
        ("address.home.use", Column.OTHER),
        ("address.home.country", Column.OTHER),
        ("ADR_PAT", Column.ADDRESS),
        ("CP_PAT", Column.POSTCODE),
        # An e-mail address is no postal one.
        ("Adresse e-mail", Column.EMAIL),
        ("ADR_MAIL", Column.EMAIL),
    ],
)
def test_a_header_names_its_column(header: str, column: Column) -> None:
    assert column_of(header) is column


def test_a_fhir_bundle_in_the_leak_gives_its_patient_not_its_contact() -> None:
    bundle = {
        "resourceType": "Bundle",
        "entry": [{"resource": {
            "resourceType": "Patient",
            "name": [{"family": "KERGOAT", "given": ["Yvonne", "Marie"]}],
            "birthDate": "1948-03-07",
            "contact": [{"name": {"family": "LE GALL", "given": ["Paul"]}}],
        }}],
    }  # fmt: skip
    (row,) = extract_json(json.dumps(bundle).encode(), ScanSettings(workers=1)).rows
    identifiers, names = detect_row(row, Place(1, row=1), today=date(2026, 11, 29))
    assert [(n.family_name, n.given_names) for n in names] == [("KERGOAT", "Yvonne Marie")]
    assert [(i.kind.value, i.value) for i in identifiers] == [("birth_date", "1948-03-07")]


def test_a_vendors_header_is_a_line_of_data() -> None:
    """The header vocabulary is data: a hospital's odd header ("ZZ_PATRO") is one line of
    ``column_headers.toml``, no code."""
    text = resources.files("leakmap").joinpath("data", HEADERS_FILE).read_text(encoding="utf-8")
    document = tomllib.loads(text)
    assert column_of("ZZ_PATRO") is Column.OTHER
    document["rules"].insert(0, {"column": "family", "exact": ["ZZ PATRO"], "prefixes": []})
    vocabulary = parse_header_vocabulary(document)
    assert vocabulary.rules[0] == (Column.FAMILY, frozenset({"ZZ PATRO"}), ())
    with pytest.raises(ValueError, match="no_such_role"):
        parse_header_vocabulary({**document, "rules": [{"column": "no_such_role"}]})
