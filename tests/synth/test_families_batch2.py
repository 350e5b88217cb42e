"""The second batch of export families (issue 16 point 8), read back with their formats' own
libraries (pypdfium2, email, zipfile + ElementTree, csv), never with leakmap's readers:
each is deterministic for a seed and its truth names exactly the patients it prints.
"""

from __future__ import annotations

import csv
import email
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from email import policy

import pypdfium2
import pytest
from family_cases import fold, items, new_cast

from leakmap.synth.casting import Cast
from leakmap.synth.families import (
    FAMILY_NAMES,
    fiche_patient_txt,
    lab_batch_pdf,
    label_sheet_pdf,
    mail_pasted_list,
    ods_two_row_header,
    xml_vendor_export,
)
from leakmap.synth.person import Role
from leakmap.vocabulary import Category

BATCH2 = {"lab_batch_pdf": lab_batch_pdf.make, "mail_pasted_list": mail_pasted_list.make,
          "ods_two_row_header": ods_two_row_header.make, "xml_vendor_export": xml_vendor_export.make,
          "label_sheet_pdf": label_sheet_pdf.make, "fiche_patient_txt": fiche_patient_txt.make}  # fmt: skip
_ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _pdf_text(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def test_batch2_families_come_after_the_first_thirteen() -> None:
    assert FAMILY_NAMES[:13][-1] == "consult_xlsx_days"
    assert FAMILY_NAMES[13:] == tuple(BATCH2)


@pytest.mark.parametrize("name", sorted(BATCH2))
def test_batch2_family_is_deterministic_and_exposes_patients_with_health(name: str) -> None:
    first = items(new_cast(), BATCH2[name], 3, seed=9)
    again = items(new_cast(), BATCH2[name], 3, seed=9)
    assert [(i.name, i.data) for i in first] == [(i.name, i.data) for i in again]
    for item in first:
        patients = [e for e in item.exposures if e.person.role is Role.PATIENT]
        assert patients, item.name
        for exposure in patients:
            assert {Category.NAME, Category.HEALTH} <= exposure.categories


def test_lab_batch_pdf_prints_each_patient_banner_and_page_footers(cast: Cast) -> None:
    sensitive = 0
    for item in items(cast, lab_batch_pdf.make, 8):
        pages = _pdf_text(item.data)
        text = fold("\n".join(pages))
        assert len(pages) >= len(item.exposures)
        assert all(re.search(r"Page \d/\d", page) for page in pages)
        firsts = [page for page in pages if re.search(r"Page 1/\d", page)]
        assert len(firsts) == len(item.exposures)  # one report per patient, counted from page 1
        for page, exposure in zip(firsts, item.exposures, strict=True):
            assert fold(exposure.given) in fold(page) and "Prescripteur : " in page
        for exposure in item.exposures:
            person = exposure.person
            assert f"{person.birth_date:%d/%m/%Y}" in text
            assert (f"IPP : {person.patient_id}" in text) is exposure.shows_patient_id
            assert Category.LABORATORY in exposure.categories
            sensitive += len(exposure.categories - {Category.LABORATORY, Category.HEALTH, Category.NAME, Category.BIRTH_DATE, Category.HOSPITAL_ID, Category.ADDRESS}) > 0  # fmt: skip
    assert sensitive


def test_mail_pasted_list_lines_are_the_patients_and_staff_are_not_exposed(cast: Cast) -> None:
    attached = 0
    for item in items(cast, mail_pasted_list.make, 10):
        message = email.message_from_bytes(item.data, policy=policy.default)
        assert "@ch-kerval.example" in message["From"] and message["To"]
        body = message.get_body(("plain",)).get_content()
        pasted = [line for line in body.splitlines() if line.startswith("- ")]
        assert len(pasted) == len(item.exposures)
        for line, exposure in zip(pasted, item.exposures, strict=True):
            assert exposure.person.role is Role.PATIENT
            assert fold(exposure.given) in fold(line)
            assert (f"{exposure.person.birth_date:%d/%m/}" in line) is (Category.BIRTH_DATE in exposure.categories)  # fmt: skip
            assert Category.PHONE not in exposure.categories or re.search(r"\d\d", line.split(",", 1)[-1])  # fmt: skip
        for part in message.iter_attachments():
            attached += 1
            rows = list(csv.reader(io.StringIO(part.get_content().decode("cp1252") if isinstance(part.get_content(), bytes) else part.get_content()), delimiter=";"))  # fmt: skip
            assert rows[0][0] == "Nom" and len(rows) - 1 == len(item.exposures)
            (member,) = item.members
            assert member.name == part.get_filename() and member.exposures == item.exposures
    assert attached


def test_ods_has_a_two_row_header_and_date_cells_in_some_files(cast: Cast) -> None:
    kinds = set()
    for item in items(cast, ods_two_row_header.make, 10):
        archive = zipfile.ZipFile(io.BytesIO(item.data))
        assert archive.namelist()[0] == "mimetype" and archive.read("mimetype") == ods_two_row_header.MIMETYPE.encode()  # fmt: skip
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        root = ET.fromstring(archive.read("content.xml"))
        rows = root.findall(f".//{{{_ODF_TABLE}}}table-row")
        spans = [c.get(f"{{{_ODF_TABLE}}}number-columns-spanned") for c in rows[1]]
        assert spans[0] == "3"
        texts = ["".join(c.itertext()) for c in rows[2]]
        assert texts[:3] == ["Nom", "Prénom", "Date naiss."]
        data = rows[3:]
        assert len(data) == len(item.exposures)
        for row, exposure in zip(data, item.exposures, strict=True):
            cells = list(row)
            assert fold("".join(cells[1].itertext())) == fold(exposure.given)
            kinds.add(cells[3].get(f"{{{_ODF_OFFICE}}}value-type"))
            if cells[2].get(f"{{{_ODF_OFFICE}}}date-value"):
                assert cells[2].get(f"{{{_ODF_OFFICE}}}date-value") == f"{exposure.person.birth_date:%Y-%m-%d}"  # fmt: skip
    assert kinds == {"date", "string"}


def test_xml_patients_are_the_exposed_and_the_gp_is_not(cast: Cast) -> None:
    for item in items(cast, xml_vendor_export.make, 8):
        root = ET.fromstring(item.data)
        assert root.tag == "Export"
        patients = root.findall("Patient")
        assert len(patients) == len(item.exposures)
        for element, exposure in zip(patients, item.exposures, strict=True):
            person = exposure.person
            assert element.get("ipp") == person.patient_id and exposure.shows_patient_id
            assert fold(element.findtext("Identite/NomUsuel", "")) == fold(person.family_name)
            assert (element.findtext("Identite/DateNaissance") == f"{person.birth_date:%Y-%m-%d}") is (Category.BIRTH_DATE in exposure.categories)  # fmt: skip
            assert element.findall("Sejours/Sejour/Diagnostic")
            gp = element.findtext("MedecinTraitant/Nom")
            assert gp is None or all(fold(gp) != fold(e.person.family_name) or e.person.role is Role.PATIENT for e in item.exposures)  # fmt: skip


def test_label_sheets_are_3_by_8_of_one_or_many_patients(cast: Cast) -> None:
    single = many = 0
    for item in items(cast, label_sheet_pdf.make, 10):
        pages = _pdf_text(item.data)
        text = "\n".join(pages)
        ipps = re.findall(r"IPP (\d+)", text)
        assert {e.person.patient_id for e in item.exposures} == set(ipps)
        assert all(e.shows_patient_id for e in item.exposures)
        if len(item.exposures) == 1:
            single += 1
            assert len(ipps) == 24 * len(pages)
        else:
            many += 1
        for exposure in item.exposures:
            assert f"Né(e) le {exposure.person.birth_date:%d/%m/%Y} ({exposure.person.sex.value})" in text  # fmt: skip
    assert single and many


def _blocks(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8") if data.decode("latin-1").count("Ã") > 2 else data.decode("latin-1")
    records: list[dict[str, str]] = []
    for chunk in re.split(r"^[=*]{20,}\r?$", text, flags=re.M)[1:]:
        fields = dict(m.groups() for m in re.finditer(r"^([A-Z() ]+?) \.{3,} :\s?(.*?)\r?$", chunk, flags=re.M))  # fmt: skip
        if fields:
            records.append(fields)
    return records


def test_fiche_patient_blocks_are_patients_and_relatives_are_unregistered(cast: Cast) -> None:
    relatives = 0
    for item in items(cast, fiche_patient_txt.make, 8):
        patients = [e for e in item.exposures if e.person.role is Role.PATIENT]
        blocks = _blocks(item.data)
        assert len(blocks) == len(patients)
        for block, exposure in zip(blocks, patients, strict=True):
            person = exposure.person
            assert block["PRENOM(S)"].startswith(fold(exposure.given))
            assert block["NE(E) LE"] in (
                f"{person.birth_date:%d%m%Y}",
                f"{person.birth_date:%d/%m/%y}",
            )
            assert block["SEXE"] == person.sex.value
        for exposure in item.exposures:
            if exposure.person.role is Role.RELATIVE:
                relatives += 1
                assert exposure.categories <= {Category.NAME, Category.PHONE}
    assert relatives
