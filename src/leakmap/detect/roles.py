"""Whose name is this: a patient, a clinician or staff member, or a third party?

Decided from the words just before the name on its line (titles: Dr, Pr, Interne, IDE,
"Cher confrère", "Validé par") and just after it ("(Interne)", ", radiologue"), and from
relationship words ("mère", "personne à prévenir"). A name with none of these is
``unknown``: grouping treats it as a possible patient.
"""

from __future__ import annotations

import re

from leakmap.detect.findings import Role

_CLINICIAN_BEFORE = re.compile(
    r"(?:\b(?:DR|DRS|DOCTEUR|DOCTEURS|PR|PROFESSEUR|INTERNE|EXTERNE|IDE|IBODE|IADE|INFIRMIER|INFIRMIERE|"
    r"SAGE FEMME|CHEF DE SERVICE|CHEF DE CLINIQUE|MEDECIN(?: TRAITANT| REFERENT| SENIOR)?|PRATICIEN|"
    r"ANESTHESISTE|CHIRURGIEN|OPERATEUR|AIDE OPERATOIRE|SECRETAIRE|SECRETARIAT|CADRE(?: DE SANTE)?|"
    r"PHARMACIEN|BIOLOGISTE|RADIOLOGUE|PATHOLOGISTE|MANIPULATEUR|MANIPULATRICE|KINE|PSYCHOLOGUE|"
    r"PSYCHIATRE|GYNECOLOGUE|OBSTETRICIEN|ASSISTANT|ASSISTANTE|CONFRERE|CONSOEUR|VALIDE PAR|SIGNE PAR|"
    r"SIGNE|DICTE PAR|REDIGE PAR|PRESCRIPTEUR|PRESCRIT PAR|DEMANDEUR|CORRESPONDANT|ADRESSE PAR|"
    r"MEDECIN DEMANDEUR|COPIE A|SENIOR|RESIDENT|EXAMINATEUR|REFERENT|AUTEUR|"
    r"RESPONSABLE|DIRECTEUR|DIRECTRICE)\b)\s*$"
)
_CLINICIAN_AFTER = re.compile(
    r"^\s*(?:\(?\s*(?:INTERNE|EXTERNE|IDE|MEDECIN|PRATICIEN|RADIOLOGUE|PATHOLOGISTE|ANESTHESISTE|"
    r"CHIRURGIEN|BIOLOGISTE|SAGE FEMME|SECRETAIRE|CHEF DE SERVICE|PH|PU PH|CCA|DR|PSYCHIATRE|"
    r"GYNECOLOGUE|CARDIOLOGUE|GASTRO ENTEROLOGUE|ONCOLOGUE|INFIRMIER|INFIRMIERE|CADRE)\b)"
)
#: Kinship and close-relation words (folded), the same as the contact patterns read.
_KIN_WORDS = (
    r"MERE|PERE|FILS|FILLE|CONJOINT|CONJOINTE|EPOUX|EPOUSE|MARI|COMPAGNON|COMPAGNE|"
    r"CONCUBIN|CONCUBINE|FRERE|SOEUR|SOUR|PARENT|PARENTS|TUTEUR|TUTRICE|CURATEUR|CURATRICE|"
    r"ONCLE|TANTE|NEVEU|NIECE|COUSIN|COUSINE|GENDRE|BELLE FILLE|BEAU FILS|BEAU PERE|"
    r"BELLE MERE|PETIT FILS|PETITE FILLE|AIDANT|AIDANTE|GRAND MERE|GRAND PERE|VOISIN|VOISINE|"
    r"AMI|AMIE"
)
_THIRD_PARTY_BEFORE = re.compile(
    rf"(?:\b(?:{_KIN_WORDS}|PERSONNE A PREVENIR|A PREVENIR|PERSONNE DE CONFIANCE|CONTACT|"
    r"REPRESENTANT LEGAL)\b)"
    r"\s*(?:DE LA PATIENTE|DU PATIENT|[A-Z]{0,3})?\s*$"
)
#: "Catherine ROUX (nièce)": the word right after the name (its brackets fold to spaces),
#: not "Léa MARTIN, fille de Mme MARTIN", where the name is the patient's own, nor "MARTIN
#: épouse DURAND", a married name: "épouse" counts only when nothing but a number follows.
_THIRD_PARTY_AFTER = re.compile(
    rf"^\s*(?:(?!EPOUSE|EPOUX)(?:{_KIN_WORDS})\b(?!\s+(?:DE|DU|D|DES)\b)"
    r"|(?:EPOUSE|EPOUX)\s*(?:$|[0-9]))"
)
#: A quality document's signature table: its header line names only these steps
#: ("Rédaction  Vérification  Approbation"), the line under it the staff who did them.
_SIGNATURE_HEADER = re.compile(
    r"^(?:\s*(?:REDACTION|REDIGE PAR|REDACTEURS?|VERIFICATION|VERIFIE PAR|APPROBATION|"
    r"APPROUVE PAR|VALIDATION|VALIDE PAR|AUTEURS?|RELECTURE|RELU PAR|VISA|DIFFUSION)\b\s*:?)+\s*$"
)
_BEFORE_WINDOW = 40
_AFTER_WINDOW = 30


def role_of(folded: str, start: int, end: int) -> tuple[Role, str]:
    """The role of the name at ``folded[start:end]``, with the cue that decided it."""
    line_start = folded.rfind("\n", 0, start) + 1
    before = " ".join(folded[max(line_start, start - _BEFORE_WINDOW) : start].split())
    after = " ".join(folded[end : end + _AFTER_WINDOW].split("\n")[0].split())
    if match := _CLINICIAN_BEFORE.search(before):
        return Role.CLINICIAN, match.group().strip()
    if match := _CLINICIAN_AFTER.search(after):
        return Role.CLINICIAN, match.group().strip()
    if match := _THIRD_PARTY_BEFORE.search(before):
        return Role.THIRD_PARTY, match.group().strip()
    if match := _THIRD_PARTY_AFTER.search(after):
        return Role.THIRD_PARTY, match.group().strip()
    if line_start > 0:
        above = folded[folded.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
        if _SIGNATURE_HEADER.match(above):
            return Role.CLINICIAN, "signature table"
    return Role.UNKNOWN, ""
