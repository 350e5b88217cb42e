"""The contract's closed vocabularies, and nothing else.

Every word here is written exactly as ``shared/contract.md`` spells it: these values end up
in ``affected.csv``, ``documents.csv`` and in the letters, and scripts downstream compare
them as strings. A test checks this module against the contract.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """What of a person a leaked document exposes (contract: "Category vocabulary")."""

    # identity
    NAME = "name"
    BIRTH_DATE = "birth_date"
    ADDRESS = "address"
    PHONE = "phone"
    EMAIL = "email"
    NATIONAL_ID = "national_id"
    HOSPITAL_ID = "hospital_id"
    BANK = "bank"
    # health
    HEALTH = "health"
    PATHOLOGY = "pathology"
    IMAGING = "imaging"
    LABORATORY = "laboratory"
    GYNECOLOGY_OBSTETRICS = "gynecology_obstetrics"
    ONCOLOGY = "oncology"
    MENTAL_HEALTH = "mental_health"
    SEXUAL_HEALTH = "sexual_health"
    ADDICTION = "addiction"
    GENETICS = "genetics"
    DEATH = "death"


IDENTITY_CATEGORIES = frozenset(
    {
        Category.NAME,
        Category.BIRTH_DATE,
        Category.ADDRESS,
        Category.PHONE,
        Category.EMAIL,
        Category.NATIONAL_ID,
        Category.HOSPITAL_ID,
        Category.BANK,
    }
)
HEALTH_CATEGORIES = frozenset(set(Category) - IDENTITY_CATEGORIES)


def format_categories(categories: frozenset[Category] | set[Category]) -> str:
    """Write categories the contract's way: ``;``-separated, in vocabulary order."""
    order = list(Category)
    return ";".join(c.value for c in sorted(categories, key=order.index))


def parse_categories(text: str) -> frozenset[Category]:
    """Read a ``;``-separated category cell back; unknown words raise ``ValueError``."""
    return frozenset(Category(word) for word in text.split(";") if word)


class Decision(StrEnum):
    """What to do with an attribution of a leak mention to a registry patient."""

    NOTIFY = "notify"
    REVIEW = "review"


class Severity(StrEnum):
    """ENISA 2013 severity levels, lowest first."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class ReadStatus(StrEnum):
    """How much of a leaked file leakmap could read."""

    READ = "read"
    PARTIAL = "partial"
    UNREADABLE = "unreadable"


class FileKind(StrEnum):
    """What a leaked file is, decided from its content, not its name."""

    PDF = "pdf"
    DOCX = "docx"
    PPTX = "pptx"
    XLSX = "xlsx"
    CSV = "csv"
    TXT = "txt"
    EML = "eml"
    ZIP = "zip"
    IMAGE = "image"
    DOC = "doc"
    XLS = "xls"
    XLSB = "xlsb"
    MSG = "msg"
    OLE = "ole"
    ODT = "odt"
    ODS = "ods"
    RTF = "rtf"
    HTML = "html"
    XML = "xml"
    JSON = "json"
    HL7 = "hl7"
    #: HPRIM Santé (and ASTM E1394) laboratory records: ``H|~^\\&|``, ``P|``, ``OBX|``...
    HPRIM = "hprim"
    #: An iCalendar agenda (RFC 5545) and a vCard address book (RFC 6350).
    ICS = "ics"
    VCF = "vcf"
    SQL = "sql"
    DICOM = "dicom"
    SEVEN_ZIP = "7z"
    TAR = "tar"
    GZIP = "gz"
    BZIP2 = "bz2"
    XZ = "xz"
    RAR = "rar"
    EMPTY = "empty"
    UNKNOWN = "unknown"


#: Archives: read as a stream of members, never loaded whole (a dump may be one 50 GB zip).
ARCHIVE_KINDS = frozenset(
    {FileKind.ZIP, FileKind.TAR, FileKind.SEVEN_ZIP, FileKind.RAR, FileKind.GZIP,
     FileKind.BZIP2, FileKind.XZ}
)  # fmt: skip


class Reason(StrEnum):
    """Why a leaked file is not fully read: the ``reason`` column of ``documents.csv``."""

    EMPTY = "empty"
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    UNSUPPORTED = "unsupported_format"
    TOO_LARGE = "too_large"
    TOO_DEEP = "nested_too_deep"
    ARCHIVE_BOMB = "archive_bomb"
    UNSAFE_NAME = "unsafe_member_name"
    TIMEOUT = "timeout"
    CRASHED = "parser_crashed"
    OUT_OF_MEMORY = "out_of_memory"
    NO_TEXT = "no_text_layer"
    SOME_PAGES_FAILED = "some_pages_failed"
    DUPLICATE = "duplicate"
    CANNOT_OPEN = "cannot_open"
    XML_ENTITIES = "xml_entity_expansion"
