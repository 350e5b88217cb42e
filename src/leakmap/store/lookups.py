"""The lookup log: every hotline question asked of the case, granted or refused.

Why a log: the lookup answers whether a named person was exposed, so whoever asks many
questions is enumerating; the log lets the data protection officer see who asked how
many, when, and with what outcome. Why only a keyed hash of the question: the log must
not become a second list of names and birth dates. The question is hashed with
HMAC-SHA256 under a random secret kept in the (encrypted) case, made at the first lookup;
the same question always gives the same hash, so repeated questions show, and a copy of
the log alone cannot be tested against guessed names. The secret is the case's, not the
case key, so ``rekey`` leaves earlier hashes comparable.

The table is append-only (triggers refuse UPDATE and DELETE), like the review audit log.
A lookup takes no writer lock (the hotline must answer while the review app holds the
case): each line is one short insert, serialised by SQLite's own busy wait.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from leakmap.store.case import Case

_SECRET_META = "lookup_log_secret"
_SECRET_BYTES = 32

_TABLES = """
CREATE TABLE IF NOT EXISTS lookup_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    outcome TEXT NOT NULL,
    query_hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS lookup_log_no_update BEFORE UPDATE ON lookup_log
BEGIN SELECT RAISE(ABORT, 'lookup_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS lookup_log_no_delete BEFORE DELETE ON lookup_log
BEGIN SELECT RAISE(ABORT, 'lookup_log is append-only'); END;
"""


@dataclass(frozen=True, slots=True)
class LookupLogEntry:
    """One lookup: when (ISO 8601 UTC), by which OS account, its outcome, the question's hash.

    ``outcome`` is ``affected``, ``not found``, ``ambiguous`` or ``refused``.
    """

    id: int
    at: str
    operator: str
    outcome: str
    query_hash: str


def record_lookup(case: Case, *, question: str, outcome: str, operator: str) -> int:
    """Append one lookup to the log (the question hashed, never stored); returns its id."""
    db = case.connection
    db.executescript(_TABLES)
    digest = hmac.new(_secret(case), question.encode(), hashlib.sha256).hexdigest()
    with db:
        cursor = db.execute(
            "INSERT INTO lookup_log (at, operator, outcome, query_hash) VALUES (?, ?, ?, ?)",
            (datetime.now(UTC).isoformat(timespec="seconds"), operator, outcome, digest),
        )
    return int(cursor.lastrowid or 0)


def load_lookup_log(case: Case) -> list[LookupLogEntry]:
    """Every logged lookup, oldest first (empty when no lookup was ever made)."""
    db = case.connection
    db.executescript(_TABLES)
    rows = db.execute("SELECT id, at, operator, outcome, query_hash FROM lookup_log ORDER BY id")
    return [LookupLogEntry(*row) for row in rows]


def _secret(case: Case) -> bytes:
    stored = case.get_meta(_SECRET_META)
    if stored is None:
        stored = secrets.token_hex(_SECRET_BYTES)
        case.set_meta(_SECRET_META, stored)
    return bytes.fromhex(stored)
