"""What a table column holds, read from its header ("DDN", "Nom de naissance", "IPP").

Rows of patient lists (worklists, OR planning, exports) carry one person each; their
headers say which cell is which, in many spellings. The order of the rules matters:
"Nom de naissance" is a birth *name*, "Date de naissance" a birth *date*.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from leakmap.detect.text import name_key


class Column(StrEnum):
    """The meaning of a table column."""

    FAMILY = "family"
    BIRTH_NAME = "birth_name"
    GIVEN = "given"
    FULL_NAME = "full_name"
    BIRTH_DATE = "birth_date"
    IPP = "ipp"
    NDA = "nda"
    NIR = "nir"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    POSTCODE = "postcode"
    CITY = "city"
    IBAN = "iban"
    AGE = "age"
    SEX = "sex"
    #: A relative's or contact's tie to the patient ("LIEN": Père, Voisine; HL7 NK1-3).
    RELATION = "relation"
    DATE = "date"
    STAFF = "staff"
    OTHER = "other"


# (column, exact headers, header prefixes), tried in order.
_RULES: tuple[tuple[Column, frozenset[str], tuple[str, ...]], ...] = (
    (Column.STAFF, frozenset({"MEDECIN", "CHIRURGIEN", "OPERATEUR", "PRESCRIPTEUR", "ANESTHESISTE",
                              "INTERNE", "IDE", "DEMANDEUR", "MEDECIN TRAITANT", "PRATICIEN", "AIDE"}),
     ("MEDECIN ", "CHIRURGIEN", "PRESCRIPTEUR", "ANESTHESISTE", "OPERATEUR", "INFIRMI", "SECRETAIRE")),
    (Column.BIRTH_NAME, frozenset({"NEE", "NOM DE NAISSANCE", "NOM JEUNE FILLE", "BIRTH NAME",
                                   "MAIDEN NAME", "NOM NAISSANCE"}),
     ("NOM DE NAISSANCE", "NOM DE JEUNE", "NOM JF", "NOM NAISS")),
    (Column.BIRTH_DATE, frozenset({"DDN", "DATE DE NAISSANCE", "NAISSANCE", "NE LE", "NE E LE",
                                   "NEE LE", "DOB", "DATE NAISSANCE", "BIRTH DATE", "DATE OF BIRTH",
                                   "D N", "DATE NAIS", "DT NAISS", "BIRTHDATE"}),
     ("DATE DE NAISS", "DATE NAISS", "DT NAISS", "DDN", "NE LE", "NE E", "DOB")),
    (Column.GIVEN, frozenset({"PRENOM", "PRENOMS", "FIRST NAME", "GIVEN NAME", "GIVEN NAMES", "GIVEN",
                              "FORENAME", "FIRSTNAME", "PRENOM PATIENT", "PRENOM DU PATIENT"}),
     ("PRENOM",)),
    (Column.FULL_NAME, frozenset({"PATIENT", "PATIENTE", "NOM PRENOM", "NOM ET PRENOM", "IDENTITE",
                                  "NAME", "SALARIE", "AGENT", "NOM PRENOM PATIENT", "PATIENT NAME",
                                  "NOM COMPLET", "BENEFICIAIRE", "NOM ET PRENOMS", "NOM PRENOMS"}),
     ("NOM PRENOM", "NOM ET PRENOM", "IDENTITE", "NOM PRN", "NOM PREN")),
    (Column.FAMILY, frozenset({"NOM", "NOM USUEL", "NOM D USAGE", "NOM MARITAL", "NOM PATIENT",
                               "NOM DU PATIENT", "LAST NAME", "SURNAME", "FAMILY NAME",
                               "NOM DE FAMILLE", "LASTNAME", "NOM UTILISE", "FAMILY"}),
     ("NOM ",)),
    (Column.IPP, frozenset({"IPP", "NIP", "N NIP", "N IPP", "NO IPP", "ID PATIENT", "N PATIENT", "NUMERO PATIENT",
                            "MRN", "PID", "IDENTIFIANT", "IDENTIFIANT PATIENT", "N DOSSIER",
                            "DOSSIER", "NUM PATIENT", "PATIENT ID", "NUMERO IPP"}),
     ("IPP", "NIP ", "ID PAT", "NUM PAT", "NUMERO DE DOSSIER")),
    (Column.NDA, frozenset({"NDA", "N SEJOUR", "SEJOUR", "VENUE", "N VENUE", "EPISODE",
                            "N ADMISSION", "NUMERO DE SEJOUR", "NO SEJOUR", "NUM SEJOUR"}),
     ("NDA", "N SEJ", "NUM SEJ", "NUMERO DE SEJ")),
    (Column.NIR, frozenset({"NIR", "N SS", "NSS", "N SECU", "SECU", "NUMERO DE SECURITE SOCIALE",
                            "INSEE", "MATRICULE INSEE", "N SECURITE SOCIALE", "SSN", "NO SS"}),
     ("NIR", "N SECU", "NUMERO DE SECU", "SECURITE SOCIALE")),
    (Column.PHONE, frozenset({"TEL", "TELEPHONE", "PORTABLE", "MOBILE", "PHONE", "TEL PORTABLE",
                              "TEL DOMICILE", "N TEL"}), ("TEL", "TELEPHONE", "PORTABLE")),
    (Column.EMAIL, frozenset({"EMAIL", "E MAIL", "MAIL", "COURRIEL", "ADRESSE MAIL", "ADRESSE E MAIL",
                              "ADRESSE EMAIL", "ADRESSE ELECTRONIQUE", "EMAIL ADDRESS", "E MAIL ADDRESS"}),
     ("EMAIL", "E MAIL", "COURRIEL", "MAIL")),
    (Column.POSTCODE, frozenset({"CP", "CODE POSTAL", "POSTCODE", "ZIP", "CODE POSTAL PATIENT"}),
     ("CODE POSTAL",)),
    (Column.CITY, frozenset({"VILLE", "COMMUNE", "CITY", "LOCALITE"}), ("VILLE",)),
    (Column.ADDRESS, frozenset({"ADRESSE", "ADDRESS", "RUE", "ADRESSE POSTALE", "DOMICILE"}),
     ("ADRESSE",)),
    (Column.IBAN, frozenset({"IBAN", "RIB", "BIC IBAN"}), ("IBAN",)),
    (Column.AGE, frozenset({"AGE", "AGE ANS"}), ()),
    (Column.RELATION, frozenset({"LIEN", "LIEN DE PARENTE", "PARENTE", "RELATION", "RELATIONSHIP",
                                 "LIEN AVEC LE PATIENT", "QUALITE DU CONTACT", "TYPE DE CONTACT"}),
     ("LIEN ", "RELATIONSHIP", "PARENTE")),
)  # fmt: skip


@lru_cache(maxsize=4096)
def column_of(header: str) -> Column:
    """The meaning of a column from its header; ``OTHER`` when none applies.

    A name column of someone else than the row's subject is not the subject's name: "Nom
    du médecin" is staff, "Nom du contact" a third party's (read as ``OTHER``), never the
    patient's family name. Headers written camelCase ("dateNaissance") or flattened from
    nested records ("resource.name.family", "patient.nom") are read by their words and by
    their last parts. Cached: every row of a table asks again about the same few headers.
    """
    key = name_key(_CAMEL.sub(" ", header))
    column = _by_rules(key)
    if column is Column.OTHER and "." in header:
        parts = [name_key(_CAMEL.sub(" ", part)) for part in header.split(".")]
        for start in range(1, len(parts)):
            column = _by_rules(" ".join(parts[start:]))
            if column is not Column.OTHER:
                whose = {word for part in parts[:start] for word in part.split()}
                return _whose(column, whose)
        return Column.OTHER
    return _whose(column, set(key.split()))


def _by_rules(key: str) -> Column:
    for column, exact, prefixes in _RULES:
        if key in exact or key.startswith(prefixes):
            return column
    return _by_words(key)


def _by_words(key: str) -> Column:
    """A header no rule knows, read by its words: vendors abbreviate and glue them in any
    order ("PRN_PAT", "PAT_DDN", "DT_NAIS", "NOM_PRN", "SEXE_PAT", "DT_ENT")."""
    words = set(key.split())
    for column, word_sets in _WORD_RULES:
        if all(words & word_set for word_set in word_sets):
            if column in _PLACES and words & _NOT_A_PLACE:
                return Column.OTHER
            return column
    return Column.OTHER


_PLACES = frozenset({Column.ADDRESS, Column.POSTCODE, Column.CITY})


_FAMILY_WORDS = frozenset({"NOM", "LASTNAME", "SURNAME", "FAMILY", "FAMILYNAME", "PATRONYME", "NOMUSUEL", "NOMPAT"})  # fmt: skip
_GIVEN_WORDS = frozenset({"PRENOM", "PRENOMS", "PRN", "PREN", "PNOM", "FIRSTNAME", "FORENAME", "GIVEN", "GIVENNAME", "PRENOMPAT"})  # fmt: skip
_BIRTH_WORDS = frozenset({"NAIS", "NAISS", "NAISSANCE", "DDN", "DOB", "BIRTH", "NE", "NEE", "BIRTHDATE", "DTNAIS", "DATNAIS", "DNAIS", "DTNAISS", "DATENAIS", "DATENAISS"})  # fmt: skip
#: With a family-name word, a birth name's ("NOM_JF", FHIR FR Core's official name).
_MAIDEN_WORDS = frozenset({"JF", "JEUNE", "MAIDEN", "NAIS", "NAISS", "NAISSANCE", "BIRTH", "OFFICIAL", "MAIDENNAME"})  # fmt: skip
_DATE_WORDS = frozenset({"DATE", "DT", "DAT", "DTE", "DATETIME", "DTHR", "JOUR", "DAY"})
_FAMILY_OR_NOM = _FAMILY_WORDS | {"NOM"}
#: (column, word sets each of which the header must share a word with), tried in order.
_WORD_RULES: tuple[tuple[Column, tuple[frozenset[str], ...]], ...] = (
    (Column.IPP, (frozenset({"IPP", "NIP", "MRN", "PATID", "NUMIPP"}),)),
    (Column.NIR, (frozenset({"NIR", "INS", "NSS", "SSN", "MATRINS", "INSEE"}),)),
    (Column.BIRTH_NAME, (_FAMILY_OR_NOM, _MAIDEN_WORDS)),
    (Column.BIRTH_DATE, (_BIRTH_WORDS,)),
    (Column.FULL_NAME, (frozenset({"NOM"}), _GIVEN_WORDS)),
    (Column.GIVEN, (_GIVEN_WORDS,)),
    (Column.FAMILY, (_FAMILY_WORDS,)),
    (Column.SEX, (frozenset({"SEXE", "SEX", "GENRE", "GENDER", "CIVILITE", "CIV", "CIVILITY"}),)),
    (Column.PHONE, (frozenset({"TEL", "TELEPHONE", "PHONE", "PORTABLE", "MOBILE", "GSM"}),)),
    (Column.EMAIL, (frozenset({"EMAIL", "MAIL", "COURRIEL"}),)),
    # Flattened records ("address.home.postalCode", "ADR_CP", "patient.adresse.ligne").
    (Column.POSTCODE, (frozenset({"POSTAL", "POSTALCODE", "POSTCODE", "ZIP", "ZIPCODE", "CP"}),)),
    (Column.CITY, (frozenset({"VILLE", "COMMUNE", "CITY", "LOCALITE"}),)),
    (Column.ADDRESS, (frozenset({"ADRESSE", "ADDRESS", "ADDR", "ADR", "RUE", "STREET", "VOIE"}),)),
    (Column.DATE, (_DATE_WORDS,)),
)
#: Parts of a flattened address that are no place: its use ("home"), type, country, period.
_NOT_A_PLACE = frozenset({"USE", "TYPE", "COUNTRY", "PAYS", "PERIOD", "START", "END", "SYSTEM"})


def _whose(column: Column, words: set[str]) -> Column:
    """A name column's meaning given the other words of its header."""
    if column not in _NAME_COLUMNS:
        return column
    if words & _STAFF_WORDS:
        return Column.STAFF
    if words & _OTHER_PERSON_WORDS:
        return Column.OTHER
    return column


_NAME_COLUMNS = frozenset({Column.FAMILY, Column.GIVEN, Column.FULL_NAME, Column.BIRTH_NAME})
_STAFF_WORDS = frozenset(
    {"MEDECIN", "CHIRURGIEN", "PRESCRIPTEUR", "ANESTHESISTE", "OPERATEUR", "PRATICIEN",
     "INFIRMIER", "INFIRMIERE", "SECRETAIRE", "INTERNE", "PRACTITIONER", "GENERALPRACTITIONER",
     "DOCTOR", "PHYSICIAN", "NURSE", "AUTHOR", "AUTEUR", "PERFORMER", "REDACTEUR", "MED", "PRAT",
     "PRESC", "OPE", "ANESTH", "CHIR", "INTERVENANT", "RESPONSABLE MEDICAL", "SOIGNANT", "REFERENT"}
)  # fmt: skip
_OTHER_PERSON_WORDS = frozenset(
    {"CONTACT", "PREVENIR", "CONFIANCE", "PROCHE", "TUTEUR", "CURATEUR", "URGENCE", "PERE",
     "MERE", "CONJOINT", "RELATED", "EMERGENCY", "GUARDIAN", "RESPONSABLE", "ORGANIZATION"}
)  # fmt: skip
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")
