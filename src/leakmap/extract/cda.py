"""HL7 CDA R2 documents (the French DMP's, the US C-CDA) → patient and relative rows, text.

A CDA names its patient in ``recordTarget/patientRole``: ids by OID (the INS under
1.2.250.1.213.1.4.8 and its siblings, the hospital's IPP under any other root), address
and telecoms, then ``patient``: name parts (``family`` qualified ``BR`` is the birth
name, ``SP`` or none the name in use), sex, ``birthTime``. Each patient becomes one row
under the headers an HL7 v2 PID segment gives (``hl7.patient_cells``), and each guardian,
relative informant or contact participant one row like an NK1 segment, its tie to the
patient in "LIEN", so detection reads them as it reads an ADT feed. Read element by
element, the same document would scatter one person over several rows and take the
signing doctor for a second person.

Everyone else a CDA names (author, legal authenticator, performer, recipient...) is staff:
a text line under the word a French letter puts before a clinician ("Auteur : Dr Jean
MARTIN"), which detection reads as a clinician, not a person exposed. The body (section
titles and narrative, the entries' coded names and original text) is the rest of the
text block: the health part.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Iterator
from xml.etree.ElementTree import Element

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.hl7 import PATIENT_SHEET, RELATIVE_SHEET, hl7_date
from leakmap.extract.hl7_segments import INS_OIDS
from leakmap.extract.parts import ExtractedParts

CDA_NAMESPACE = "urn:hl7-org:v3"
_ROOT = "ClinicalDocument"
_SEX = {"M": "M", "F": "F"}
#: The word before a staff member's name in the text, per participation.
_STAFF_LABELS = {
    "author": "Auteur",
    "legalAuthenticator": "Validé par",
    "authenticator": "Signé par",
    "performer": "Praticien",
    "dataEnterer": "Secrétariat",
    "custodian": "Établissement",
    "informationRecipient": "Correspondant",
    "responsibleParty": "Responsable",
    "encounterParticipant": "Praticien",
    "participant": "Médecin traitant",
    "informant": "Praticien",
    "authorization": "Responsable",
}
#: The entity classes of a participant who is a health professional, not a relative.
_ORGANISATION = "Établissement"
_PROVIDER_CLASSES = frozenset({"PROV", "ASSIGNED", "LIC", "EMP", "QUAL"})
_BLOCK_TAGS = frozenset({"paragraph", "item", "tr", "caption", "list", "table", "br", "title"})
_CELL_TAGS = frozenset({"td", "th"})
_NAME_PARTS = frozenset({"family", "given", "prefix", "suffix"})
_NAME_ORDER = ("prefix", "given", "family", "suffix")


def is_clinical_document(root: Element) -> bool:
    """Whether an XML document is a CDA: root ``ClinicalDocument`` in the HL7 v3
    namespace, or in none (documents a sender stripped of it)."""
    namespace, _, local = root.tag.rpartition("}")
    return local == _ROOT and namespace.lstrip("{") in ("", CDA_NAMESPACE)


def extract_cda(root: Element) -> ExtractedParts:
    """Patient and relative rows, staff and body as text, from a parsed CDA."""
    rows: list[TableRow] = []
    for target in _children(root, "recordTarget"):
        for role in _children(target, "patientRole"):
            rows.append(TableRow(PATIENT_SHEET, len(rows) + 1, patient_cells(role)))
            for patient in _children(role, "patient"):
                for guardian in _children(patient, "guardian"):
                    cells = relative_cells(guardian, _first(guardian, "guardianPerson"))
                    rows.append(TableRow(RELATIVE_SHEET, len(rows) + 1, cells))
    lines = _header_lines(root)
    for kind, element in _walk(root):
        if kind == "relative":
            entity = _first(element, "relatedEntity") or _first(element, "associatedEntity")
            person = _first(entity, "relatedPerson") or _first(entity, "associatedPerson")
            rows.append(TableRow(RELATIVE_SHEET, len(rows) + 1, relative_cells(entity, person)))
        elif kind == "staff":
            lines += _staff_lines(element)
        else:
            lines += _content_lines(element)
    text = "\n".join(_unique_lines(lines))
    return ExtractedParts(blocks=(TextBlock(1, text),) if text else (), rows=tuple(rows))


def patient_cells(role: Element) -> tuple[tuple[str, str], ...]:
    """A ``patientRole``'s identity under the headers ``hl7.patient_cells`` gives a PID."""
    patient = _first(role, "patient")
    family, given, birth_name, whole = _person_name(patient)
    street, postcode, city = _address(role)
    phone, email = _telecoms(role)
    ipp, nir = _identifiers(role)
    gender = _first(patient, "administrativeGenderCode")
    born = _first(patient, "birthTime")
    return (
        ("IPP", ipp),
        ("NOM PRENOM", whole) if whole else ("NOM", family),
        ("PRENOM", given),
        ("NOM DE NAISSANCE", birth_name),
        ("DDN", hl7_date(born.get("value", "")) if born is not None else ""),
        ("SEXE", _SEX.get(gender.get("code", "").upper(), "") if gender is not None else ""),
        ("ADRESSE", street),
        ("CP", postcode),
        ("VILLE", city),
        ("TEL", phone),
        ("EMAIL", email),
        ("NIR", nir),
    )


def relative_cells(entity: Element | None, person: Element | None) -> tuple[tuple[str, str], ...]:
    """A guardian, relative or contact under the headers ``hl7.relative_cells`` gives an
    NK1; "LIEN" is never empty, since detection reads a filled one as a third party."""
    family, given, _, whole = _person_name(person)
    street, postcode, city = _address(entity)
    phone, _ = _telecoms(entity)
    return (
        ("NOM", family or whole),
        ("PRENOM", given),
        ("LIEN", _relation(entity)),
        ("ADRESSE", street),
        ("CP", postcode),
        ("VILLE", city),
        ("TEL", phone),
    )


def _relation(entity: Element | None) -> str:
    """The tie to the patient: the code's display name, else the code, else the class."""
    if entity is None:
        return "contact"
    code = _first(entity, "code")
    if code is not None and (code.get("displayName") or code.get("code")):
        return (code.get("displayName") or code.get("code", "")).strip()
    return entity.get("classCode") or _local(entity.tag)


def _identifiers(role: Element) -> tuple[str, str]:
    """The IPP (the first id under a root that is not the INS's) and the NIR (the INS id
    whose root comes first in ``INS_OIDS``: the INS-NIR before the test ones)."""
    ipp, ins = "", {}
    for element in _children(role, "id"):
        root, value = element.get("root", "").strip(), element.get("extension", "").strip()
        if not value:
            continue
        if root in INS_OIDS:
            ins.setdefault(root, value)
        elif not ipp:
            ipp = value
    nir = next((ins[oid] for oid in INS_OIDS if oid in ins), "")
    return ipp, nir


def _person_name(person: Element | None) -> tuple[str, str, str, str]:
    """Family name in use, given names, birth name, and the whole name when the name is
    written as plain text rather than in parts. With several names (legal, alias), each
    part comes from the first name that has it."""
    used = birth = given = whole = ""
    for name in _children(person, "name") if person is not None else ():
        parts = [child for child in name if _local(child.tag) in _NAME_PARTS]
        if not parts:
            whole = whole or _text(name)
            continue
        these: dict[str, list[str]] = {"used": [], "birth": [], "given": []}
        for part in parts:
            value, tag = _text(part), _local(part.tag)
            qualifiers = set(part.get("qualifier", "").upper().split())
            if value and tag == "family":
                these["birth" if "BR" in qualifiers else "used"].append(value)
            elif value and tag == "given":
                these["given"].append(value)
        used = used or " ".join(_unique(these["used"]))
        birth = birth or " ".join(_unique(these["birth"]))
        given = given or _given_names(these["given"])
    if not used:  # only the birth name: it is the name in use too
        used, birth = birth, ""
    return used, given, birth, whole if not (used or given) else ""


def _given_names(values: list[str]) -> str:
    """All given names once, in order: the INS's list of birth given names ("Marie Claire")
    and the given name in use ("Marie") are one person's, not three names."""
    words: list[str] = []
    for value in values:
        if not all(word in words for word in value.split()):
            words += [word for word in value.split() if word not in words]
    return " ".join(words)


def _address(entity: Element | None) -> tuple[str, str, str]:
    """Street, postcode and city of the first address (the home one when several)."""
    if entity is None:
        return "", "", ""
    addresses = list(_children(entity, "addr"))
    home = [a for a in addresses if {"H", "HP"} & set(a.get("use", "").split())]
    for addr in home + addresses:
        if not len(addr):
            return _text(addr), "", ""
        street = ", ".join(
            _text(part)
            for part in addr
            if _local(part.tag) in ("streetAddressLine", "houseNumber", "streetName")
            and _text(part)
        )
        return street, _text(_first(addr, "postalCode")), _text(_first(addr, "city"))
    return "", "", ""


def _telecoms(entity: Element | None) -> tuple[str, str]:
    """The first phone (``tel:``) and the first e-mail (``mailto:``)."""
    phone = email = ""
    for telecom in _children(entity, "telecom") if entity is not None else ():
        scheme, _, value = telecom.get("value", "").strip().partition(":")
        if scheme.lower() == "tel" and not phone:
            phone = value.strip()
        elif scheme.lower() == "mailto" and not email:
            email = value.strip()
    return phone, email


def _header_lines(root: Element) -> list[str]:
    """The document's title and date first, where detection looks for a document's date."""
    title = _text(_first(root, "title"))
    effective = _first(root, "effectiveTime")
    day = hl7_date(effective.get("value", "")) if effective is not None else ""
    return [f"{title} du {day}" if title and day else title or day]


def _walk(element: Element) -> Iterator[tuple[str, Element]]:
    """The document's elements as ``("staff" | "relative" | "content", element)``, the
    patient's own (``recordTarget``) left out: rows hold it. A participation element
    comes whole; content is every other element, one at a time."""
    for child in element:
        tag = _local(child.tag)
        if tag == "recordTarget":
            continue
        if tag in _STAFF_LABELS and _is_person_participation(child):
            yield ("relative" if _is_relative(child) else "staff"), child
            continue
        yield "content", child
        if tag != "text" and not _is_organisation(child):  # read whole by ``_content_lines``
            yield from _walk(child)


def _is_person_participation(element: Element) -> bool:
    """Whether a participation names a person or an organisation (a body entry's
    ``participant`` may be a drug or a device: its name is content)."""
    return any(
        _local(e.tag) in ("assignedPerson", "assignedAuthor", "assignedEntity", "relatedEntity",
                          "associatedEntity", "informationRecipient", "intendedRecipient",
                          "assignedCustodian", "representedCustodianOrganization")
        for e in element.iter()
    )  # fmt: skip


def _is_relative(element: Element) -> bool:
    """An informant who is a relative, or a contact participant (next of kin, emergency
    contact, guardian, caregiver): not a health professional."""
    if _local(element.tag) == "informant":
        return _first(element, "relatedEntity") is not None
    if _local(element.tag) != "participant":
        return False
    entity = _first(element, "associatedEntity")
    if entity is None or entity.get("classCode", "").upper() in _PROVIDER_CLASSES:
        return False
    person = _first(entity, "associatedPerson")
    prefix = _text(_first(_first(person, "name"), "prefix")) if person is not None else ""
    return not prefix.upper().rstrip(".").startswith(("DR", "PR"))


def _staff_lines(element: Element) -> list[str]:
    """A staff member's name, their organisation's and their speciality, under the
    participation's word."""
    label = _STAFF_LABELS[_local(element.tag)]
    lines = []
    for parent in element.iter():
        for name in parent:
            if _local(name.tag) != "name":
                continue
            parts = [(_local(p.tag), _text(p)) for p in name if _local(p.tag) in _NAME_PARTS]
            if parts:  # "Dr Jean LAMBERT" whatever order the parts came in
                words = [v for order in _NAME_ORDER for tag, v in parts if tag == order and v]
                lines.append(f"{label} : {' '.join(_unique(words))}")
            elif _is_organisation(parent):
                lines.append(f"{_ORGANISATION} : {_text(name)}")
            else:
                lines.append(f"{label} : {_text(name)}")
    for code in element.iter():
        if _local(code.tag) in ("code", "functionCode") and code.get("displayName"):
            lines.append(f"{label} : {code.get('displayName', '').strip()}")
    return [line for line in lines if not line.endswith(": ")]


def _is_organisation(element: Element) -> bool:
    return _local(element.tag).endswith(("Organization", "Organisation"))


def _content_lines(element: Element) -> list[str]:
    """What one body or header element says: a title or narrative block, an original
    text, a coded value's display name, a string value, a drug's or device's name."""
    tag = _local(element.tag)
    lines = []
    if element.get("displayName"):
        lines.append(element.get("displayName", "").strip())
    if _is_organisation(element):
        lines += [f"{_ORGANISATION} : {_text(n)}" for n in _children(element, "name")]
    elif tag == "text" and element.get("representation", "").upper() == "B64":
        lines += _embedded_text(element)
    elif tag in ("text", "title"):
        lines += _narrative(element)
    elif tag in ("originalText", "name", "value") and not len(element):
        lines.append(_text(element))
    return [line for line in lines if line]


def _embedded_text(element: Element) -> list[str]:
    """A non-XML body given as base64 plain text (an N1 document's text); a PDF or an
    image in base64 is not read here."""
    if not element.get("mediaType", "text/plain").startswith("text/"):
        return []
    try:
        data = base64.b64decode("".join((element.text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        return []
    return [line.strip() for line in data.decode("utf-8", "replace").splitlines() if line.strip()]


def _narrative(element: Element) -> list[str]:
    """A narrative block as lines: a paragraph, list item or table row a line each, the
    cells of a row separated."""
    chunks: list[str] = []

    def visit(node: Element) -> None:
        tag = _local(node.tag)
        chunks.append("\n" if tag in _BLOCK_TAGS else " | " if tag in _CELL_TAGS else "")
        chunks.append(node.text or "")
        for child in node:
            visit(child)
            chunks.append(child.tail or "")
        chunks.append("\n" if tag in _BLOCK_TAGS else "")

    visit(element)
    lines = (" ".join(line.split()).strip(" |") for line in "".join(chunks).split("\n"))
    return [line for line in lines if line]


def _unique_lines(lines: Iterable[str]) -> list[str]:
    """Each line once: the legal authenticator is often the author, a display name the
    section title."""
    return [line for line in dict.fromkeys(lines) if line]


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _children(element: Element | None, name: str) -> Iterator[Element]:
    """Direct children named ``name`` in the HL7 namespace or in none."""
    if element is None:
        return
    for child in element:
        if _local(child.tag) == name:
            yield child


def _first(element: Element | None, name: str) -> Element | None:
    return next(_children(element, name), None)


def _text(element: Element | None) -> str:
    """All the text under an element, spaces collapsed."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _local(tag: str) -> str:
    """An element's name without its namespace (``{urn:hl7-org:v3}id`` is ``id``)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
