"""JSON exports → table rows when they are lists of records, else their values as text.

An API export of patients is a list of objects (``[{"nom": ..., "ddn": ...}, ...]``), or
one object holding such a list (``{"patients": [...]}``): each record becomes one row
keyed by its (flattened) keys, so that 300 patients give 300 rows. Anything else is
written out as ``key: value`` lines, which keeps a label next to its value.

FHIR comes three ways: a Bundle (its ``entry`` list is the records), NDJSON (one resource
a line, the bulk-data export) and a single resource (a bare ``Patient``): that one is one
record, the person's row, not a document whose ``name`` list would be taken for the
table. NDJSON lines are split on newlines only (a JSON string may hold U+2028 or U+0085,
which ``str.splitlines`` also breaks on), and a line that does not parse (a file cut
short) costs that line: the rest is read and the file is ``partial``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.encoding import decode_text
from leakmap.extract.parts import ExtractedParts
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus, Reason

#: Nesting followed when flattening a record (``adresse.ville``); deeper values are text.
MAX_FLATTEN_DEPTH = 6
#: Sheet name of a single FHIR resource's row.
RESOURCE_SHEET = "resource"


def extract_json(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Records as rows (one table per list of records); everything else as text lines."""
    value, bad_lines = _loads(decode_text(data))
    rows: list[TableRow] = []
    lines: list[str] = []
    for name, records in _record_lists(value, "json"):
        for record in attach_to_subjects(records):
            cells = tuple((key, text) for key, text in _flatten(record, "", 0))
            rows.append(TableRow(name, len(rows) + 1, cells))
    if not rows:
        lines = [f"{key}: {text}" if key else text for key, text in _flatten(value, "", 0)]
    blocks = (TextBlock(1, "\n".join(lines)),) if lines else ()
    if bad_lines:
        reason = f"{Reason.CORRUPT.value}: {bad_lines} line(s) not JSON"
        return ExtractedParts(blocks, tuple(rows), status=ReadStatus.PARTIAL, reason=reason)
    return ExtractedParts(blocks=blocks, rows=tuple(rows))


def _loads(text: str) -> tuple[object, int]:
    """A JSON document, or NDJSON (one JSON value a line: FHIR bulk exports) as a list,
    with the count of NDJSON lines that did not parse."""
    try:
        return json.loads(text), 0
    except json.JSONDecodeError:
        lines = [line for line in text.split("\n") if line.strip()]
        if len(lines) < 2:  # noqa: PLR2004
            raise
    values: list[object] = []
    for line in lines:
        try:
            values.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    if not values:
        raise json.JSONDecodeError("no line is JSON", text[:1], 0)
    return values, len(lines) - len(values)


#: The clinical words of a resource about a patient: its codes' texts and displays, its
#: values written as text, a report's conclusion, its category's and class's codes.
_CLINICAL_KEYS = frozenset({"text", "display", "valueString", "conclusion", "code"})
#: Keys under which a code is a terminology's number (LOINC "14334-7"), not a word.
_CODE_SYSTEMS = ("code.coding", "valueCodeableConcept.coding")
#: A patient reference: "Patient/4436490", or a server's full URL ending so.
_PATIENT_REF = "Patient/"


def attach_to_subjects(records: list[dict[str, object]]) -> list[dict[str, object]]:
    """FHIR resources about a patient, moved into that patient's record.

    A Bundle (or a bulk export) lists the Patient and, beside it, the Observations,
    Conditions, Encounters and reports whose ``subject`` points at it: read one record
    at a time, "Lithémie" is nobody's. Each such resource's clinical words go in a
    ``clinique`` field of its patient's record (then read as that row's health), and the
    resource leaves the list. Resources pointing at no patient of the list stay records.
    """
    resources = [_resource(record) for record in records]
    patients: dict[str, int] = {}
    for index, (record, resource) in enumerate(zip(records, resources, strict=True)):
        if resource.get("resourceType") == "Patient":
            if isinstance(identifier := resource.get("id"), str | int):
                patients[f"{_PATIENT_REF}{identifier}"] = index
            if isinstance(full_url := record.get("fullUrl"), str):
                patients[full_url] = index
    if not patients:
        return records
    words: dict[int, list[str]] = defaultdict(list)
    moved: set[int] = set()
    for index, resource in enumerate(resources):
        owner = patients.get(_subject_of(resource))
        if owner is not None and owner != index:
            words[owner] += _clinical_words(resource)
            moved.add(index)
    return [
        {**record, "clinique": " / ".join(words[index])} if index in words else record
        for index, record in enumerate(records)
        if index not in moved
    ]


def _resource(record: dict[str, object]) -> dict[str, object]:
    inner = record.get("resource")
    return inner if isinstance(inner, dict) else record


def _subject_of(resource: dict[str, object]) -> str:
    """The patient a resource is about (its ``subject`` or ``patient`` reference)."""
    for key in ("subject", "patient"):
        target = resource.get(key)
        reference = target.get("reference") if isinstance(target, dict) else None
        if isinstance(reference, str):
            at = reference.rfind(_PATIENT_REF)
            return reference[at:] if at >= 0 else reference
    return ""


def _clinical_words(resource: dict[str, object]) -> list[str]:
    found = [str(resource.get("resourceType", ""))]
    for key, text in _flatten(resource, "", 0):
        last = key.rsplit(".", 1)[-1]
        if last not in _CLINICAL_KEYS or not text.strip():
            continue
        if last == "code" and (key.startswith(_CODE_SYSTEMS) or any(c.isdigit() for c in text)):
            continue  # a LOINC or SNOMED number says nothing to a reader
        found.append(text.strip())
    return [word for word in dict.fromkeys(found) if word]


def _record_lists(value: object, name: str) -> Iterator[tuple[str, list[dict[str, object]]]]:
    """Lists of objects, at the top or one level down; a lone FHIR resource is one."""
    if _is_records(value):
        yield name, value  # type: ignore[misc]
    elif _is_fhir_resource(value):
        yield RESOURCE_SHEET, [value]  # type: ignore[list-item]
    elif isinstance(value, dict):
        for key, inner in value.items():
            if _is_records(inner):
                yield str(key), inner


def _is_fhir_resource(value: object) -> bool:
    """A FHIR resource other than a Bundle (whose entries are the records)."""
    if not isinstance(value, dict):
        return False
    kind = value.get("resourceType")
    return isinstance(kind, str) and kind.isalpha() and kind != "Bundle"


def _is_records(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _flatten(value: object, prefix: str, depth: int) -> Iterator[tuple[str, str]]:
    """``(dotted key, text)`` for every scalar; lists of scalars are joined."""
    if isinstance(value, dict) and depth < MAX_FLATTEN_DEPTH:
        for key, inner in value.items():
            yield from _flatten(inner, f"{prefix}.{key}" if prefix else str(key), depth + 1)
    elif isinstance(value, list) and depth < MAX_FLATTEN_DEPTH:
        if all(not isinstance(v, dict | list) for v in value):
            yield prefix, " ".join(_scalar(v) for v in value)
        else:
            for inner in value:
                yield from _flatten(inner, _use_of(inner, prefix), depth + 1)
    elif not isinstance(value, dict | list):
        yield prefix, _scalar(value)
    else:
        yield prefix, json.dumps(value, ensure_ascii=False)


def _use_of(item: object, prefix: str) -> str:
    """A repeated element keyed by its ``use`` ("name.usual", "name.official"), as FHIR
    (and FR Core's usual and birth names) tells one repetition from another."""
    if isinstance(item, dict) and isinstance(use := item.get("use"), str) and use.isalpha():
        return f"{prefix}.{use}"
    return prefix


def _scalar(value: object) -> str:
    return "" if value is None else str(value)
