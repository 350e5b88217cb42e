"""Load a patient registry in whatever form the hospital has it.

``load_registry_any`` decides by content, not by name alone:

- HL7 v2 ADT messages (the file starts with ``MSH``) → ``registry_hl7``;
- FHIR R4 JSON (a Bundle, NDJSON one Patient per line, or one bare Patient resource)
  → ``registry_fhir``;
- anything else is CSV: the contract's layout, or another through ``--registry-map``
  (``registry_mapping``) → ``registry_csv_mapped``.

Whatever the format, every problem is reported at once in one ``RegistryError`` (row,
resource or message number, column, what to fix; never a person's name or a value), and
the file is streamed: memory follows the number of patients kept, each repeated name or
date stored once.
"""

from __future__ import annotations

from pathlib import Path

from leakmap.errors import RegistryError
from leakmap.i18n import _
from leakmap.link.registry import Patient
from leakmap.link.registry_csv_mapped import read_csv_registry
from leakmap.link.registry_fhir import read_fhir_registry
from leakmap.link.registry_hl7 import looks_like_hl7, read_hl7_registry
from leakmap.link.registry_mapping import RegistryMapping, read_mapping

_JSON_SUFFIXES = (".json", ".ndjson", ".jsonl")


def load_registry_any(path: Path, *, mapping: Path | None = None) -> list[Patient]:
    """Every patient of the registry at ``path``; ``RegistryError`` lists all problems.

    ``mapping`` is a TOML file (see ``registry_mapping``) for a CSV in another layout; it
    may also name the IPP's FHIR system or HL7 assigning authority.
    """
    if not path.is_file():
        raise RegistryError(
            [_("{file}: no such file; give the registry with --registry").format(file=path.name)]
        )
    layout = read_mapping(mapping) if mapping is not None else RegistryMapping()
    if looks_like_hl7(path):
        return read_hl7_registry(path, ipp_authority=layout.hl7_ipp_authority)
    if _looks_like_json(path):
        return read_fhir_registry(path, ipp_system=layout.fhir_ipp_system)
    return read_csv_registry(path, layout, explicit=mapping is not None)


def _looks_like_json(path: Path) -> bool:
    """A JSON suffix, or a first character that opens a JSON object."""
    if path.suffix.lower() in _JSON_SUFFIXES:
        return True
    with path.open("rb") as handle:
        return handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
