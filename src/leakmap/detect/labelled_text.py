"""Text labelled inline, the eds-pseudo way: ``[Jean](PRENOM) [DUPONT](NOM) né le [12/03/1965](DATE_NAISSANCE)``.

Detection is measured against such text: the eds-pseudo template file (AP-HP's fictitious
French clinical sentences) and leakmap's own hand-written hard cases
(``tests/data/detection_snippets.tsv``). Parsing gives the plain text a detector sees and
the labelled spans it should find. The people a labelled text names can stand in for a
registry, to measure detection the way a scan with a registry runs.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Label(StrEnum):
    """The eds-pseudo entity labels, and leakmap's bank labels (``IBAN``, ``CARTE``)."""

    NOM = "NOM"
    PRENOM = "PRENOM"
    DATE_NAISSANCE = "DATE_NAISSANCE"
    DATE = "DATE"
    IPP = "IPP"
    NDA = "NDA"
    SECU = "SECU"
    TEL = "TEL"
    MAIL = "MAIL"
    ADRESSE = "ADRESSE"
    ZIP = "ZIP"
    VILLE = "VILLE"
    HOPITAL = "HOPITAL"
    IBAN = "IBAN"
    CARTE = "CARTE"


#: Misspellings found in the wild, read as the label they mean.
_ALIASES = {"ADDRESSE": Label.ADRESSE}
_ANNOTATION = re.compile(r"\[([^\[\]]+)\]\(([A-Za-z_]+)\)")
#: A given name and a family name this far apart (characters) are one person's.
_PERSON_GAP = 40


@dataclass(frozen=True, slots=True)
class LabelledSpan:
    """A labelled stretch of plain text: ``text == plain[start:end]``."""

    label: Label
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class LabelledText:
    """Plain text with its labelled spans; ``source`` names the file and line or id."""

    text: str
    spans: tuple[LabelledSpan, ...]
    source: str = ""


@dataclass(frozen=True, slots=True)
class LabelledPerson:
    """A person named in labelled text, shaped like a registry patient for ``NameIndex``."""

    patient_id: str
    family_name: str
    birth_name: str = ""
    given_names: str = ""


def parse_labelled(annotated: str, *, source: str = "") -> LabelledText:
    """Strip the ``[text](LABEL)`` marks, keeping each span's offsets in the plain text.

    Raises ``ValueError`` naming ``source`` and the label when a label is unknown.
    """
    plain: list[str] = []
    spans: list[LabelledSpan] = []
    length = 0
    position = 0
    for match in _ANNOTATION.finditer(annotated):
        before = annotated[position : match.start()]
        plain.append(before)
        length += len(before)
        inner = match.group(1)
        spans.append(
            LabelledSpan(_label(match.group(2), source), length, length + len(inner), inner)
        )
        plain.append(inner)
        length += len(inner)
        position = match.end()
    plain.append(annotated[position:])
    return LabelledText("".join(plain), tuple(spans), source)


def read_templates(path: Path) -> list[LabelledText]:
    """The eds-pseudo template file: one labelled text per paragraph (blank-line separated)."""
    texts = []
    line = 1
    for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
        if paragraph.strip():
            texts.append(parse_labelled(paragraph.strip("\n"), source=f"{path.name}:{line}"))
        line += paragraph.count("\n") + 2
    return texts


def read_snippets(path: Path) -> list[LabelledText]:
    """The snippet TSV (``id``, ``case``, ``text``): one labelled text per row.

    A literal ``\\n`` in ``text`` is a line break, so that forms written on several lines
    ("Nom : X" above "Prénom : Y") fit on one row.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        parse_labelled(row["text"].replace("\\n", "\n"), source=f"{path.name}:{row['id']}")
        for row in rows
    ]


def people_of(texts: list[LabelledText]) -> list[LabelledPerson]:
    """Each family name with the nearest given name beside it, and each labelled IPP.

    Stands in for the hospital's registry: the people are exactly the ones the texts name,
    and the IPPs are the patient ids the registry would hold.
    """
    people: list[LabelledPerson] = []
    for text in texts:
        given = [s for s in text.spans if s.label is Label.PRENOM]
        for span in text.spans:
            if span.label is Label.NOM:
                nearest = _nearest(span, given)
                first = nearest.text if nearest is not None else ""
                people.append(LabelledPerson(f"P{len(people)}", span.text, "", first))
            elif span.label is Label.IPP:
                people.append(LabelledPerson(span.text, ""))
    return people


def _nearest(span: LabelledSpan, candidates: list[LabelledSpan]) -> LabelledSpan | None:
    def gap(other: LabelledSpan) -> int:
        return max(other.start - span.end, span.start - other.end)

    close = [c for c in candidates if gap(c) <= _PERSON_GAP]
    return min(close, key=gap, default=None)


def _label(word: str, source: str) -> Label:
    if word in _ALIASES:
        return _ALIASES[word]
    try:
        return Label(word)
    except ValueError:
        raise ValueError(f"{source}: unknown label {word!r}; use one of {list(Label)}") from None
