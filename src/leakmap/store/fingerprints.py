"""The documents' fingerprints in the case (``leakmap.fingerprint``), one row per content.

Kept in a table of its own, created on first use (as ``store/reviews.py`` does), inside
the case's SQLCipher database: encrypted with the case key like everything else. A
fingerprint holds hashes only, never a word of the document.
"""

from __future__ import annotations

from leakmap.fingerprint.records import DocumentFingerprint
from leakmap.store import codec
from leakmap.store.case import Case

_TABLE = """
CREATE TABLE IF NOT EXISTS fingerprints (
    sha256 TEXT PRIMARY KEY,
    record TEXT NOT NULL
);
"""


def ensure_fingerprint_table(case: Case) -> None:
    """Create the table in a case that has none yet (a case from before fingerprints)."""
    case.connection.executescript(_TABLE)


def record_fingerprint(case: Case, fingerprint: DocumentFingerprint) -> None:
    """Store (or replace) one content's fingerprint, committed at once."""
    ensure_fingerprint_table(case)
    with case.connection:
        case.connection.execute(
            "INSERT OR REPLACE INTO fingerprints (sha256, record) VALUES (?, ?)",
            (fingerprint.sha256, codec.dumps(fingerprint)),
        )


def load_fingerprints(case: Case) -> list[DocumentFingerprint]:
    """Every stored fingerprint, in sha256 order (empty for a case without the table)."""
    exists = case.connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fingerprints'"
    ).fetchone()
    if not exists:
        return []
    rows = case.connection.execute("SELECT record FROM fingerprints ORDER BY sha256")
    return [codec.loads(DocumentFingerprint, text) for (text,) in rows]
