"""The registry mapping (``--registry-map map.toml``): how a hospital's export reads.

Hospitals export their patient index as they can: other column names, several given-name
columns, French dates, sex as 1/2, semicolons, Latin-1. A mapping says so once::

    delimiter = ";"              # optional, default ","
    encoding = "latin-1"         # optional, default UTF-8 (with or without BOM)

    [columns]                    # contract field = export column (or a list, joined by a space)
    patient_id = "IPP"
    family_name = "NOM_USAGE"
    birth_name = "NOM_NAISSANCE"
    given_names = ["PRENOM", "PRENOM2"]
    birth_date = "DATE_NAIS"
    sex = "SEXE"

    [dates]                      # strptime formats, tried in order
    birth_date = ["%d/%m/%Y", "%Y%m%d"]

    [sex]                        # export codes of each sex
    M = ["1", "H"]
    F = ["2"]

    [fhir]                       # FHIR: the system of the hospital's IPP identifier
    ipp_system = "urn:oid:1.2.250.1.999.1.1"

    [hl7]                        # HL7 v2: the assigning authority of the IPP in PID-3
    ipp_authority = "HOSP"

Every mistake in the mapping is reported at once, like those of the registry.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from leakmap.errors import RegistryError

#: The contract's registry columns, in the contract's order.
FIELDS = (
    "patient_id", "family_name", "birth_name", "given_names", "birth_date", "sex",
    "address", "postcode", "city", "phone", "email", "nir",
)  # fmt: skip
_SECTIONS = {"delimiter", "encoding", "columns", "dates", "sex", "fhir", "hl7"}


@dataclass(frozen=True, slots=True)
class RegistryMapping:
    """How to read an export: source columns per field, date formats, codes, options."""

    columns: tuple[tuple[str, tuple[str, ...]], ...] = tuple((f, (f,)) for f in FIELDS)
    date_formats: tuple[str, ...] = ()
    sex_codes: tuple[tuple[str, str], ...] = ()
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    fhir_ipp_system: str = ""
    hl7_ipp_authority: str = ""

    def sources(self, name: str) -> tuple[str, ...]:
        """The export columns that make up field ``name`` (empty when not mapped)."""
        return dict(self.columns).get(name, ())

    def parse_date(self, text: str) -> date:
        """A birth date in one of the mapped formats (ISO without any); ``ValueError`` else."""
        if not self.date_formats:
            return date.fromisoformat(text)
        for form in self.date_formats:
            try:
                return datetime.strptime(text, form).date()
            except ValueError:
                continue
        raise ValueError("no date format matches")

    @property
    def date_hint(self) -> str:
        """The accepted date formats, for messages."""
        return " or ".join(self.date_formats) if self.date_formats else "YYYY-MM-DD"

    def sex_of(self, code: str) -> str:
        """The contract's F/M for an export code (the code itself when not mapped)."""
        return dict(self.sex_codes).get(code.strip(), code)


def read_mapping(path: Path) -> RegistryMapping:
    """The mapping in ``path``; ``RegistryError`` lists every problem of the file."""
    source = path.name
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise RegistryError([f"{source}: cannot read the registry mapping"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RegistryError([f"{source}: not valid TOML ({error}); fix the mapping"]) from None
    problems: list[str] = [
        f"{source}: unknown key '{key}'; use {', '.join(sorted(_SECTIONS))}"
        for key in document
        if key not in _SECTIONS
    ]
    columns = _columns(document.get("columns", {}), source, problems)
    formats = _formats(document.get("dates", {}), source, problems)
    sex_codes = _sex_codes(document.get("sex", {}), source, problems)
    options = {key: document.get(key, "") for key in ("delimiter", "encoding")}
    _check_options(options, source, problems)
    if problems:
        raise RegistryError(problems)
    return RegistryMapping(
        columns=columns,
        date_formats=formats,
        sex_codes=sex_codes,
        delimiter=str(options["delimiter"] or ","),
        encoding=str(options["encoding"] or "utf-8-sig"),
        fhir_ipp_system=str(_table(document, "fhir").get("ipp_system", "")),
        hl7_ipp_authority=str(_table(document, "hl7").get("ipp_authority", "")),
    )


def _table(document: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = document.get(key, {})
    return value if isinstance(value, dict) else {}


def _columns(
    table: object, source: str, problems: list[str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(table, dict) or not table:
        problems.append(f"{source}: [columns] is missing; map at least patient_id")
        return ()
    columns = []
    for name, value in table.items():
        names = (value,) if isinstance(value, str) else value
        if name not in FIELDS:
            problems.append(f"{source} [columns]: '{name}' is not a field; use {', '.join(FIELDS)}")
        elif not isinstance(names, list | tuple) or not all(
            isinstance(n, str) and n for n in names
        ):
            problems.append(f"{source} [columns]: {name} must be a column name or a list of them")
        else:
            columns.append((name, tuple(names)))
    for name in ("patient_id", "family_name", "given_names"):
        if name not in table:
            problems.append(f"{source} [columns]: {name} is not mapped; every patient needs one")
    return tuple(columns)


def _formats(table: object, source: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(table, dict):
        problems.append(f"{source}: [dates] must be a table")
        return ()
    unknown = [name for name in table if name != "birth_date"]
    if unknown:
        problems.append(f"{source} [dates]: only birth_date has a format, not {unknown[0]}")
    value = table.get("birth_date", [])
    formats = [value] if isinstance(value, str) else value
    if not isinstance(formats, list) or not all(isinstance(f, str) and "%" in f for f in formats):
        problems.append(f"{source} [dates]: birth_date must be strptime formats like '%d/%m/%Y'")
        return ()
    return tuple(formats)


def _sex_codes(table: object, source: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict):
        problems.append(f"{source}: [sex] must be a table")
        return ()
    codes = []
    for sex, values in table.items():
        listed = [values] if isinstance(values, str) else values
        if sex not in ("F", "M") or not isinstance(listed, list):
            problems.append(f"{source} [sex]: use F = [codes] and M = [codes]")
            continue
        codes.extend((str(code), sex) for code in listed)
    return tuple(codes)


def _check_options(options: Mapping[str, object], source: str, problems: list[str]) -> None:
    delimiter = options["delimiter"]
    if delimiter and (not isinstance(delimiter, str) or len(delimiter) != 1):
        problems.append(f"{source}: delimiter must be one character, like ';'")
    encoding = options["encoding"]
    if encoding:
        try:
            "".encode(str(encoding))
        except LookupError:
            problems.append(f"{source}: encoding is not one Python knows; try 'latin-1'")
