"""Every default and limit of a scan, in one place.

The effective settings (and rule versions) are written into the case by every scan, so that
``leakmap report`` re-links with the same thresholds and a reviewer can see which ones made a
``notify`` decision. A later wave is scanned with the options given to it.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field

MIB = 1024 * 1024

#: Versions of the rule sets, recorded with the results they produce.
RULE_VERSIONS = {
    "detect.identifiers": "identifiers.v1",
    "detect.names": "registry-names.v1",
    "detect.health": "health-lexicon.v1",
    "detect.ner": "spacy-ner.v2",
    "group": "mention-window.v1",
    "group.staff": "staff-roles.v1",
    "group.shared_contacts": "shared-contacts.v1",
    "link": "fellegi-sunter.v1",
    "link.test_records": "test-records.v1",
    "severity": "enisa-2013.v1",
}


def _default_workers() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """Limits and thresholds of one scan; all sizes in bytes, all times in seconds."""

    workers: int = field(default_factory=_default_workers)
    #: A single leaked file (or archive member) larger than this is not parsed.
    max_file_bytes: int = 512 * MIB
    #: Archives nested deeper than this are not opened further.
    max_archive_depth: int = 8
    #: Uncompressed bytes one archive may expand to, all members together.
    max_archive_expanded_bytes: int = 2048 * MIB
    #: Compression ratio above which a member is treated as a bomb.
    max_compression_ratio: int = 200
    #: Members one archive may hold.
    max_archive_members: int = 100_000
    #: Memory one worker may take for parsing, above what it inherits from the scan
    #: (``RLIMIT_AS``): a file that needs more is ``out_of_memory``. 0: no cap.
    worker_memory_bytes: int = 1024 * MIB
    #: Wall-clock time one file's extraction and detection may take.
    per_file_timeout_s: float = 300.0
    #: Attribution probability at or above which a patient is notified without review.
    notify_threshold: float = 0.90
    #: Attribution probability at or above which a patient goes to review.
    review_threshold: float = 0.30
    #: A mention that may be a registry patient but whose name fits several, the evidence
    #: unable to separate them (a bare "MARTIN Jean"), sends every one to review, up to
    #: this many; above it nobody is listed (a family name alone fits hundreds).
    max_listed_homonyms: int = 30
    #: Which linker computes Bayes factors: "python" (blocking + comparisons in this
    #: process, with swapped-name and address levels, estimates from the leak), "splink"
    #: (Splink on DuckDB, EM), or "auto": python up to 500,000 patients and 50,000
    #: mentions, Splink above (where the Python linker's time and memory grow too large).
    linker: str = "auto"
    #: Run per-file work on Ray instead of this machine's process pool: a cluster's
    #: address ("auto" joins the cluster this machine belongs to, "ray://host:10001" one
    #: reached through Ray Client) or "local" (a private Ray instance, for trying it out).
    #: Empty: the local process pool. ``workers`` then counts Ray actors.
    ray_address: str = ""
    #: Read lines that announce a person no other detector named with spaCy's French NER.
    use_ner: bool = True
    #: Regular expressions of the hospital's patient ids (IPP), tried with label context.
    ipp_patterns: tuple[str, ...] = (r"\d{6,11}",)
    #: Regular expressions of stay numbers (NDA).
    nda_patterns: tuple[str, ...] = (r"\d{7,12}",)
    #: The staff directory (``--staff``) the case's staff came from, by file name; its
    #: members are stored in the case and used by every later wave and re-link. Empty:
    #: none was given.
    staff_directory: str = ""
    #: A name bare (no patient evidence) in running text on at least this many files...
    staff_min_documents: int = 5
    #: ...and this share of the files naming anybody, beside at least
    #: ``staff_min_other_people`` other people named there, is staff (see
    #: ``group/staff_roles.py``). ``staff_min_documents`` 0 turns the frequency rule off.
    staff_document_share: float = 0.002
    staff_min_other_people: int = 2
    #: Regular expressions of the IPPs the hospital keeps for test records
    #: (``--test-pattern``), searched in ``patient_id`` (anchor them: ``^9999``). Those
    #: patients, and those the marker table ``data/test_records.toml`` names ("TEST",
    #: "ZZTEST", "PATIENT FICTIF"...), are never notified: see ``test_records.csv``.
    test_patterns: tuple[str, ...] = ()
    #: Write the case's outputs (CSVs, letters, kits, regulator files) encrypted with age
    #: (``--encrypt-outputs``). Once a scan turns it on, the case keeps it: its age
    #: identity is stored in the database and every later scan, ``report`` and ``notify``
    #: seals too (``store.output_keys``); ``leakmap export`` decrypts.
    encrypt_outputs: bool = False

    def as_record(self) -> dict[str, object]:
        """The settings as plain values, to store in the case."""
        record = asdict(self)
        record["rule_versions"] = dict(RULE_VERSIONS)
        return record
