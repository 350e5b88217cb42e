"""HL7 CDA R2 documents (DMP, C-CDA) read as their patient's row, relatives' rows, and text:
the INS and the IPP by OID, birth and used names by qualifier, birthTime, the author a
clinician. Every person and number here is fictitious (the NIR has a valid key)."""

from __future__ import annotations

import csv
from pathlib import Path

from leakmap.extract.hl7 import PATIENT_SHEET, RELATIVE_SHEET
from leakmap.extract.markup import extract_xml
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus

NIR = "296123502230970"
SETTINGS = ScanSettings(workers=1)

DMP = f"""<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <realmCode code="FR"/>
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <id root="1.2.250.1.999.1.2" extension="DOC-77"/>
  <code code="11502-2" codeSystem="2.16.840.1.113883.6.1" displayName="CR d'examens biologiques"/>
  <title>Compte rendu de biologie médicale</title>
  <effectiveTime value="20220512093000+0200"/>
  <recordTarget>
    <patientRole>
      <id root="1.2.250.1.213.1.4.8" extension="{NIR}"/>
      <id root="1.2.250.1.999.1.1" extension="14898201"/>
      <addr use="H"><streetAddressLine>141 rue Jean Jaurès</streetAddressLine>
        <postalCode>59000</postalCode><city>Lille</city></addr>
      <telecom value="tel:0536496388" use="MC"/>
      <telecom value="mailto:m.b@exemple.fr"/>
      <patient>
        <name>
          <given qualifier="BR">Manon Claire</given>
          <given qualifier="CL">Manon</given>
          <family qualifier="BR">MOREL</family>
          <family qualifier="SP">BRUN</family>
        </name>
        <administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/>
        <birthTime value="19961215"/>
      </patient>
    </patientRole>
  </recordTarget>
  <author>
    <time value="20220512093000+0200"/>
    <assignedAuthor>
      <id root="1.2.250.1.71.4.2.1" extension="810000000001"/>
      <code code="SM26" displayName="Médecine générale"/>
      <assignedPerson><name><prefix>Dr</prefix><given>Jean</given><family>LAMBERT</family></name></assignedPerson>
      <representedOrganization><name>Laboratoire du Parc</name></representedOrganization>
    </assignedAuthor>
  </author>
  <legalAuthenticator>
    <time value="20220512"/>
    <assignedEntity><assignedPerson><name><given>Jean</given><family>LAMBERT</family></name></assignedPerson></assignedEntity>
  </legalAuthenticator>
  <component><structuredBody><component><section>
    <code code="18719-5" codeSystem="2.16.840.1.113883.6.1" displayName="Chimie"/>
    <title>Résultats</title>
    <text><table><tr><th>Examen</th><th>Résultat</th></tr><tr><td>Hémoglobine</td><td>12,1 g/dL</td></tr></table>
      <paragraph>Sérologie VIH négative.</paragraph></text>
    <entry><observation classCode="OBS" moodCode="EVN">
      <code code="718-7" displayName="Hémoglobine [Masse/Volume] Sang"/>
      <value xsi:type="PQ" value="12.1" unit="g/dL"/>
    </observation></entry>
  </section></component></structuredBody></component>
</ClinicalDocument>
"""

C_CDA = """<?xml version="1.0"?>
<ClinicalDocument xmlns="urn:hl7-org:v3">
  <realmCode code="US"/>
  <title>Continuity of Care Document</title>
  <recordTarget><patientRole>
    <patient><name use="L"><given>Anne</given><family>Leroy</family></name>
      <birthTime value="197506150000"/></patient>
  </patientRole></recordTarget>
  <component><structuredBody><component><section>
    <title>Problems</title><text><list><item>Type 2 diabetes mellitus</item></list></text>
  </section></component></structuredBody></component>
</ClinicalDocument>
"""


def _rows(xml: str) -> tuple[list[dict[str, str]], list[dict[str, str]], str]:
    parts = extract_xml(xml.encode(), SETTINGS)
    patients = [dict(row.cells) for row in parts.rows if row.sheet == PATIENT_SHEET]
    relatives = [dict(row.cells) for row in parts.rows if row.sheet == RELATIVE_SHEET]
    return patients, relatives, parts.blocks[0].text if parts.blocks else ""


def test_a_dmp_document_gives_one_patient_row_with_ins_ipp_names_and_birth() -> None:
    patients, relatives, text = _rows(DMP)
    assert relatives == []
    assert patients == [
        {
            "IPP": "14898201",
            "NOM": "BRUN",
            "PRENOM": "Manon Claire",
            "NOM DE NAISSANCE": "MOREL",
            "DDN": "15/12/1996",
            "SEXE": "F",
            "ADRESSE": "141 rue Jean Jaurès",
            "CP": "59000",
            "VILLE": "Lille",
            "TEL": "0536496388",
            "EMAIL": "m.b@exemple.fr",
            "NIR": NIR,
        }
    ]
    lines = text.splitlines()
    assert lines[0] == "Compte rendu de biologie médicale du 12/05/2022"
    assert "Auteur : Dr Jean LAMBERT" in lines  # a clinician's cue before the name
    assert "Validé par : Jean LAMBERT" in lines
    assert "Établissement : Laboratoire du Parc" in lines
    assert "Hémoglobine | 12,1 g/dL" in lines and "Sérologie VIH négative." in lines
    assert "Hémoglobine [Masse/Volume] Sang" in lines
    assert "MOREL" not in text and NIR not in text  # the patient is in the row


def test_a_c_cda_with_only_a_name_and_a_birth_time() -> None:
    patients, _, text = _rows(C_CDA)
    assert [(p["NOM"], p["PRENOM"], p["DDN"], p["IPP"], p["NIR"]) for p in patients] == [
        ("Leroy", "Anne", "15/06/1975", "", "")
    ]
    assert "Type 2 diabetes mellitus" in text.splitlines()


def test_without_namespace_and_with_only_the_birth_name() -> None:
    xml = (
        "<ClinicalDocument><recordTarget><patientRole>"
        '<id root="1.2.250.1.999.1.1" extension="10000009"/>'
        '<patient><name><family qualifier="BR">ZARKOVIC</family><given>Milan</given></name>'
        '<administrativeGenderCode code="M"/><birthTime value="19901010"/></patient>'
        "</patientRole></recordTarget></ClinicalDocument>"
    )
    (patient,), _, _ = _rows(xml)
    assert (patient["IPP"], patient["NOM"], patient["NOM DE NAISSANCE"]) == (
        "10000009",
        "ZARKOVIC",
        "",
    )
    assert (patient["DDN"], patient["SEXE"]) == ("10/10/1990", "M")


def test_a_guardian_and_a_contact_are_relatives_the_family_doctor_is_staff() -> None:
    xml = (
        '<ClinicalDocument xmlns="urn:hl7-org:v3"><recordTarget><patientRole>'
        '<id root="1.2.250.1.999.1.1" extension="10000004"/>'
        "<patient><name><family>LE GOFF</family><given>Yann</given></name>"
        '<birthTime value="20150303"/>'
        '<guardian><code code="MTH" displayName="Mère"/><telecom value="tel:0600000000"/>'
        "<guardianPerson><name><given>Anne</given><family>LE GOFF</family></name></guardianPerson>"
        "</guardian></patient></patientRole></recordTarget>"
        '<participant typeCode="IND"><associatedEntity classCode="ECON">'
        "<associatedPerson><name><given>Paul</given><family>MOREL</family></name></associatedPerson>"
        '</associatedEntity></participant><participant typeCode="INF">'
        '<associatedEntity classCode="PROV"><associatedPerson><name><given>Claire</given>'
        "<family>FABRE</family></name></associatedPerson></associatedEntity></participant>"
        "</ClinicalDocument>"
    )
    patients, relatives, text = _rows(xml)
    assert [p["NOM"] for p in patients] == ["LE GOFF"]
    assert [(r["NOM"], r["PRENOM"], r["LIEN"], r["TEL"]) for r in relatives] == [
        ("LE GOFF", "Anne", "Mère", "0600000000"),
        ("MOREL", "Paul", "ECON", ""),
    ]
    assert "Médecin traitant : Claire FABRE" in text.splitlines()


def test_names_spread_over_two_name_elements_and_a_relative_informant() -> None:
    xml = (
        '<ClinicalDocument xmlns="urn:hl7-org:v3"><recordTarget><patientRole>'
        '<patient><name use="L"><given>Eve</given><family qualifier="SP">Durand</family></name>'
        '<name use="SRCH"><given>Eve</given><family qualifier="BR">Martin</family></name>'
        '<birthTime value="19481105"/></patient></patientRole></recordTarget>'
        '<informant><relatedEntity classCode="PRS"><code code="SPS" displayName="Époux"/>'
        "<relatedPerson><name><given>Luc</given><family>Durand</family></name></relatedPerson>"
        "</relatedEntity></informant><informant><assignedEntity><assignedPerson><name>"
        "<given>Harold</given><family>Hippo</family><suffix>M.D.</suffix></name>"
        "</assignedPerson></assignedEntity></informant></ClinicalDocument>"
    )
    (patient,), relatives, text = _rows(xml)
    assert (patient["NOM"], patient["NOM DE NAISSANCE"], patient["PRENOM"]) == (
        "Durand",
        "Martin",
        "Eve",
    )
    assert [(r["NOM"], r["PRENOM"], r["LIEN"]) for r in relatives] == [("Durand", "Luc", "Époux")]
    assert text.splitlines() == ["Praticien : Harold Hippo M.D."]


def test_a_malformed_cda_is_still_read_as_partial_text() -> None:
    parts = extract_xml(DMP[: DMP.index("</recordTarget>")].encode(), SETTINGS)
    assert parts.status is ReadStatus.PARTIAL
    assert "BRUN" in parts.blocks[0].text


def _csv(path: Path, key: str) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


def test_a_scan_notifies_the_cda_patient_and_not_its_author(
    tmp_path: Path, registry_csv: Path
) -> None:
    dump = tmp_path / "dump" / "DMP"
    dump.mkdir(parents=True)
    (dump / "CDA_000123.cda").write_text(
        DMP.replace(NIR, "275061500000000")
        .replace("14898201", "10000008")
        .replace("MOREL", "LEROY")
        .replace("BRUN", "LEROY")
        .replace("Manon Claire", "Anne")
        .replace('<given qualifier="CL">Manon</given>', "")
        .replace("19961215", "19750615"),
        encoding="utf-8",
    )
    scan(tmp_path / "dump", registry=registry_csv, case_dir=tmp_path / "case", settings=SETTINGS)
    affected = _csv(tmp_path / "case" / "affected.csv", "patient_id")
    assert list(affected) == ["10000008"]
    assert affected["10000008"]["decision"] == "notify"
    categories = set(affected["10000008"]["categories"].split(";"))
    assert {"name", "birth_date", "hospital_id", "health"} <= categories
    unregistered = _csv(tmp_path / "case" / "unregistered.csv", "family_name")
    assert "LAMBERT" not in unregistered  # the author is a clinician, not a person exposed
