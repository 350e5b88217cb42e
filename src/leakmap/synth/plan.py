"""What a document says, before it is written in a file format.

Templates produce a ``Report`` (running text: rendered as PDF, DOCX or TXT) or a
``Sheet`` (a list: XLSX, CSV or TXT), each carrying the ``Exposure`` of every person it
really exposes. Renderers only lay the words out; they never decide who is exposed,
so a file's truth is exactly what its template said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from leakmap.synth.person import Person
from leakmap.vocabulary import Category


class Style(StrEnum):
    """How a block of text is set."""

    TITLE = "title"
    HEADING = "heading"
    BODY = "body"
    LABEL = "label"
    SMALL = "small"
    SIGNATURE = "signature"
    ADDRESS = "address"


@dataclass(frozen=True, slots=True)
class Text:
    """Lines set in one style."""

    lines: tuple[str, ...]
    style: Style = Style.BODY


@dataclass(frozen=True, slots=True)
class Grid:
    """A table inside a report (lab results, a label laid out in cells)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Barcode:
    """A Code 128 barcode of an identifier, drawn beside the label on PDFs."""

    value: str


Block = Text | Grid | Barcode
Cell = str | date | int


@dataclass(frozen=True, slots=True)
class Exposure:
    """One person exposed by a document, and what of theirs.

    ``families``/``given`` are the registry names the document printed (empty when the
    name is not printed), ``shows_patient_id`` whether the IPP is printed (text or
    barcode), ``age_on`` the day of the age printed ("44 ans"), if one is: together they
    decide whether a homonym could be told apart.
    """

    person: Person
    categories: frozenset[Category]
    families: tuple[str, ...]
    given: str
    shows_patient_id: bool = False
    age_on: date | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """A document of running text.

    ``label_in_header`` asks DOCX to put the first label block in the page header (as
    hospital templates do); ``running_header`` is repeated at the top of later PDF pages
    and must only repeat what the label already prints.
    """

    stem: str
    letterhead: tuple[str, ...]
    blocks: tuple[Block, ...]
    exposures: tuple[Exposure, ...]
    when: date
    label_in_header: bool = False
    running_header: str = ""


@dataclass(frozen=True, slots=True)
class Sheet:
    """A list of rows with a header, possibly under a few title lines."""

    stem: str
    title_lines: tuple[str, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    exposures: tuple[Exposure, ...]
    when: date


Plan = Report | Sheet


def exposure_of(
    person: Person,
    categories: set[Category] | frozenset[Category],
    *,
    families: tuple[str, ...] = (),
    given: str = "",
    shows_patient_id: bool = False,
    age_on: date | None = None,
) -> Exposure:
    """An exposure with exactly ``categories``: the caller lists what was printed (``name``
    only if a name was) and the health the document reveals (none for relatives, staff)."""
    return Exposure(
        person=person,
        categories=frozenset(categories),
        families=families,
        given=given,
        shows_patient_id=shows_patient_id,
        age_on=age_on,
    )
