"""HL7 v2 as French interfaces write it (IHE PAM France): INS in PID-3, names by type,
phones in PID-13's components, any declared separators, any segment break."""

from __future__ import annotations

from leakmap.extract.hl7 import extract_hl7
from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind
from leakmap.walk.sniff_text import text_kind

NIR = "296123502230970"  # fictitious, with a valid key
PAM = "\r".join(
    [
        "MSH|^~\\&|DPI|CHU|PAM|CHU|20220512093000||ADT^A01^ADT_A01|M1|P|2.5^FRA^2.5|||||FRA|8859/1",
        "EVN||20220512093000",
        f"PID|||14898201^^^CHU&1.2.250.1.999.1&ISO^PI~{NIR}^^^ASIP-SANTE-INS-NIR"
        "&1.2.250.1.213.1.4.8&ISO^INS||BRUN^Manon^^^^^D~MOREL^Manon^Claire^^^^L||199612150000|F"
        "|||141 rue Jean Jaurès^^Lille^^59000^FRA^H||^PRN^PH^^^^^^^^^0536496388~^NET^Internet^m.b@exemple.fr",
        "NK1|1|MOREL^Paul|FTH^Père|^^Lille^^59000|^PRN^PH^^^^^^^^^0600000000",
        "PV1||I|CARDIO^^^CHU",
    ]
)


def test_a_pam_france_admission_gives_the_ins_the_birth_name_and_the_contacts() -> None:
    parts = extract_hl7(PAM.encode("latin-1"), ScanSettings(workers=1))
    patient, relative = parts.rows
    cells = dict(patient.cells)
    assert (cells["IPP"], cells["NIR"]) == ("14898201", NIR)
    assert (cells["NOM"], cells["PRENOM"], cells["NOM DE NAISSANCE"]) == ("BRUN", "Manon", "MOREL")
    assert (cells["DDN"], cells["SEXE"]) == ("15/12/1996", "F")
    assert (cells["TEL"], cells["EMAIL"]) == ("0536496388", "m.b@exemple.fr")
    assert dict(relative.cells)["NOM"] == "MOREL"
    assert dict(relative.cells)["TEL"] == "0600000000"
    assert "CARDIO" in cells["CLINIQUE"]  # the visit is the patient's


def test_declared_separators_and_line_breaks_are_followed() -> None:
    message = "\n".join(
        [
            "MSH#@~\\&#LAB#CHU#DPI#CHU#20220512##ORU@R01#M7#P#2.5",
            "PID###14898201@@@CHU@PI##BRUN@Manon##19961215#F",
            "OBX#1#NM#HB@Hémoglobine##12.1#g/dL",
        ]
    )
    assert text_kind(message, truncated=False) is FileKind.HL7
    parts = extract_hl7(message.encode(), ScanSettings(workers=1))
    cells = dict(parts.rows[0].cells)
    assert (cells["IPP"], cells["NOM"], cells["PRENOM"], cells["DDN"]) == (
        "14898201", "BRUN", "Manon", "15/12/1996"
    )  # fmt: skip
    assert "Hémoglobine" in cells["CLINIQUE"]


def test_a_feeds_wards_and_results_are_each_message_s_own_patient_s() -> None:
    feed = "\r".join(
        [
            "MSH|^~\\&|DPI|CHU|PAM|CHU|20220826133927||ADT^A01|M1|P|2.5",
            "PID|||10956615^^^CHU^PI||SIMON^BENOIT||19800813|M",
            "PV1|1|I|1110^173^1^CHU^^^^^Médecine interne",
            "MSH|^~\\&|DPI|CHU|PAM|CHU|20220826063534||ADT^A03|M2|P|2.5",
            "PID|||21425874^^^CHU^PI||BERNARD^HORTENSE||19580315|F",
            "PV1|1|I|1710^237^1^CHU^^^^^Maladies infectieuses - CeGIDD",
        ]
    )
    first, second = (
        dict(row.cells) for row in extract_hl7(feed.encode(), ScanSettings(workers=1)).rows
    )
    assert "Médecine interne" in first["CLINIQUE"] and "CeGIDD" not in first["CLINIQUE"]
    assert "CeGIDD" in second["CLINIQUE"]
