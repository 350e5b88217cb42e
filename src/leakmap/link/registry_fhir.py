"""Read a registry of FHIR R4 Patient resources: a Bundle (JSON), NDJSON, or one resource.

A Bundle is read entry by entry (``ijson``), NDJSON line by line: a file of millions of
patients is never held whole. A file holding one bare resource (a ``Patient`` exported
alone, pretty-printed) is told by its top-level ``resourceType``, found by streaming too,
and is a registry of that one patient. Each Patient resource becomes the contract's fields:

- ``patient_id``: the identifier whose ``system`` is the mapping's ``[fhir] ipp_system``,
  else the first identifier typed ``MR`` (medical record number) or ``PI``;
- ``nir``: the identifier of an INS system (``urn:oid:1.2.250.1.213.1.4.8`` INS-NIR,
  ``...4.10`` INS-NIR of test, and the NIA ``...4.9``);
- names: ``usual`` is the name in use (a married name), ``official`` the birth name in
  the French profile, ``maiden`` a birth name; given names joined by spaces;
- ``birthDate`` (a partial date, year or year-month only, leaves it empty), ``gender``,
  the first (home) ``address``, the first phone and e-mail of ``telecom``.

Problems are noted by resource number (1-based, in file order).
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import ijson

from leakmap.i18n import _
from leakmap.link.registry import Patient
from leakmap.link.registry_fields import SeenIds, SharedValues, patient_of
from leakmap.link.registry_problems import RegistryProblems

INS_SYSTEMS = frozenset(
    {
        "urn:oid:1.2.250.1.213.1.4.8",
        "urn:oid:1.2.250.1.213.1.4.9",
        "urn:oid:1.2.250.1.213.1.4.10",
    }
)
_RECORD_TYPES = ("MR", "PI")
_GENDER = {"female": "F", "male": "M"}
#: Bytes of the first line read to tell NDJSON from a Bundle.
_PEEK = 1 << 20

Resource = Mapping[str, Any]


def read_fhir_registry(path: Path, *, ipp_system: str = "") -> list[Patient]:
    """Every patient of a FHIR Bundle or NDJSON file; ``RegistryError`` lists all problems."""
    problems = RegistryProblems(path.name)
    patients: list[Patient] = []
    seen = SeenIds()
    shared = SharedValues()
    try:
        for number, resource in enumerate(_resources(path, problems), start=1):
            where = _("resource {number}").format(number=number)
            fields = _fields(resource, where, problems, ipp_system)
            if fields is None:
                continue
            repeated = seen.is_repeated(fields["patient_id"], where, problems)
            patient = patient_of(fields, where, problems, shared=shared)  # every problem of it
            if patient is not None and not repeated:
                patients.append(patient)
            if problems.too_many:
                break
    except (ijson.JSONError, UnicodeDecodeError):
        problems.add_file(_("not valid JSON; export the Bundle or NDJSON again"))
    if not patients and not problems.count:
        problems.add_file(_("holds no Patient resource; give a Bundle of Patients or NDJSON"))
    problems.raise_if_any()
    return patients


def is_ndjson(path: Path) -> bool:
    """NDJSON by its first line being a whole resource other than a Bundle, or by its name
    when that line is not the opening of a pretty-printed document (a lone ``{``).

    At most ``_PEEK`` bytes are read: a Bundle written on one line is never loaded whole.
    """
    with path.open(encoding="utf-8", errors="replace") as handle:
        first = handle.readline(_PEEK).strip().lstrip("\ufeff")
    try:
        resource = json.loads(first)
    except ValueError:
        return path.suffix.lower() in (".ndjson", ".jsonl") and first not in ("{", "[")
    return isinstance(resource, dict) and resource.get("resourceType") != "Bundle"


def _resources(path: Path, problems: RegistryProblems) -> Iterator[Resource]:
    if is_ndjson(path):
        yield from _ndjson(path, problems)
        return
    kind = _top_level_type(path)
    with _open_json(path) as handle:
        if kind and kind != "Bundle":
            yield from ijson.items(handle, "", use_float=True)  # one resource: small
        else:
            yield from ijson.items(handle, "entry.item.resource", use_float=True)


def _top_level_type(path: Path) -> str:
    """The ``resourceType`` of the document itself (not of its entries), streamed."""
    with _open_json(path) as handle:
        for prefix, event, value in ijson.parse(handle):
            if prefix == "resourceType" and event == "string":
                return str(value)
    return ""


def _open_json(path: Path) -> BinaryIO:
    """The file opened for ijson, past a UTF-8 byte-order mark (Windows exports add one)."""
    handle = path.open("rb")
    if handle.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
        handle.seek(0)
    return handle


def _ndjson(path: Path, problems: RegistryProblems) -> Iterator[Resource]:
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError:
                problems.add(
                    _("line {number}").format(number=line_number),
                    _("not a JSON object; fix the line"),
                )


def _fields(
    resource: Resource, where: str, problems: RegistryProblems, ipp_system: str
) -> dict[str, str] | None:
    """The contract fields of a Patient resource (``None`` for other resource types)."""
    if not isinstance(resource, dict) or resource.get("resourceType") != "Patient":
        return None
    identifiers = [i for i in resource.get("identifier", []) if isinstance(i, dict)]
    patient_id = _ipp(identifiers, ipp_system)
    if not patient_id:
        hint = f"system {ipp_system}" if ipp_system else "type MR; or set [fhir] ipp_system"
        problems.add(where, _("identifier: no IPP found (looked for {hint})").format(hint=hint))
    family, birth_name, given = _names(resource.get("name", []))
    address = _address(resource.get("address", []))
    return {
        "patient_id": patient_id,
        "family_name": family,
        "birth_name": birth_name,
        "given_names": given,
        "birth_date": _full_date(str(resource.get("birthDate", ""))),
        "sex": _GENDER.get(str(resource.get("gender", "")), ""),
        "nir": next(
            (str(i.get("value", "")) for i in identifiers if i.get("system") in INS_SYSTEMS), ""
        ),
        "phone": _telecom(resource.get("telecom", []), "phone"),
        "email": _telecom(resource.get("telecom", []), "email"),
        **address,
    }


def _ipp(identifiers: list[dict[str, Any]], ipp_system: str) -> str:
    if ipp_system:
        return next(
            (str(i.get("value", "")) for i in identifiers if i.get("system") == ipp_system), ""
        )
    for identifier in identifiers:
        codings = identifier.get("type", {}).get("coding", [])
        if any(c.get("code") in _RECORD_TYPES for c in codings if isinstance(c, dict)):
            return str(identifier.get("value", ""))
    return ""


def _names(names: object) -> tuple[str, str, str]:
    """(family name in use, birth name, given names) from ``name[]`` by ``use``."""
    by_use: dict[str, dict[str, Any]] = {}
    for name in names if isinstance(names, list) else []:
        if isinstance(name, dict):
            by_use.setdefault(str(name.get("use", "official")), name)
    in_use = by_use.get("usual") or by_use.get("official") or next(iter(by_use.values()), {})
    birth = by_use.get("maiden") or by_use.get("official") or {}
    family = str(in_use.get("family", ""))
    birth_name = str(birth.get("family", ""))
    given_from = in_use if in_use.get("given") else birth
    given = " ".join(str(g) for g in given_from.get("given", []))
    return family, "" if birth_name == family else birth_name, given


def _full_date(text: str) -> str:
    """A FHIR date when it is a whole day (``YYYY-MM-DD``); partial dates give nothing."""
    return text if len(text) == len("YYYY-MM-DD") else ""


def _address(addresses: object) -> dict[str, str]:
    listed = [a for a in addresses if isinstance(a, dict)] if isinstance(addresses, list) else []
    chosen = next((a for a in listed if a.get("use") == "home"), listed[0] if listed else {})
    return {
        "address": " ".join(str(line) for line in chosen.get("line", [])),
        "postcode": str(chosen.get("postalCode", "")),
        "city": str(chosen.get("city", "")),
    }


def _telecom(telecoms: object, system: str) -> str:
    listed = telecoms if isinstance(telecoms, list) else []
    return next(
        (
            str(t.get("value", ""))
            for t in listed
            if isinstance(t, dict) and t.get("system") == system
        ),
        "",
    )
