"""Reviewers' decisions, their audit log and quality-check samples, in the case store.

Tables (created by ``ensure_review_tables``):

- ``review_decisions``: the latest decision per mention; what ``leakmap report`` lays over
  the linker's attributions (``link.overrides``).
- ``review_originals``: each reviewed mention's attribution as the linker first made it,
  so a reviewer can revisit a decision with every original candidate in view even after
  ``report`` rewrote the stored attributions.
- ``audit_log``: append-only (triggers refuse UPDATE and DELETE): who decided what, when,
  and the attribution before and after.
- ``sampling_rounds`` and ``sampling``: random draws of ``notify`` patients for blind
  confirmation; an answer, once given, cannot be changed.

Logs and messages name mention keys and patient ids, never a person's name.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from leakmap.detect.findings import DocumentFindings
from leakmap.link.attribution import Attribution
from leakmap.link.overrides import OverrideAction
from leakmap.link.registry import Patient
from leakmap.store import codec
from leakmap.store.case import Case
from leakmap.vocabulary import Decision, Severity

_REPORTED_META = "review_decisions_reported_through"

_TABLES = """
CREATE TABLE IF NOT EXISTS review_decisions (
    mention_key TEXT PRIMARY KEY,
    action TEXT NOT NULL,
    patient_id TEXT,
    rejected TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS review_originals (
    mention_key TEXT PRIMARY KEY,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    action TEXT NOT NULL,
    mention_key TEXT NOT NULL,
    patient_id TEXT,
    before TEXT NOT NULL,
    after TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TABLE IF NOT EXISTS sampling_rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seed INTEGER NOT NULL,
    population INTEGER NOT NULL,
    size INTEGER NOT NULL,
    reviewer TEXT NOT NULL,
    drawn_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sampling (
    round_id INTEGER NOT NULL REFERENCES sampling_rounds (id),
    position INTEGER NOT NULL,
    patient_id TEXT NOT NULL,
    mention_key TEXT NOT NULL,
    answer TEXT CHECK (answer IN ('correct', 'incorrect')),
    reviewer TEXT,
    answered_at TEXT,
    PRIMARY KEY (round_id, position)
);
CREATE TRIGGER IF NOT EXISTS sampling_answer_once BEFORE UPDATE ON sampling
WHEN OLD.answer IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a sampling answer is final'); END;
CREATE TRIGGER IF NOT EXISTS sampling_no_delete BEFORE DELETE ON sampling
BEGIN SELECT RAISE(ABORT, 'sampling draws are kept'); END;
"""


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    """A reviewer's latest decision about one mention (see ``link.overrides``).

    ``at`` is an ISO 8601 UTC timestamp. ``rejected`` accumulates the patients rejected
    for the mention by successive ``reject`` decisions.
    """

    mention_key: str
    action: OverrideAction
    patient_id: str | None
    reviewer: str
    at: str
    rejected: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit log; ``before``/``after`` are the attribution's JSON states."""

    id: int
    at: str
    reviewer: str
    action: str
    mention_key: str
    patient_id: str | None
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class SamplingRound:
    """A quality-check draw: ``size`` of ``population`` notify patients, with its seed."""

    id: int
    seed: int
    population: int
    size: int
    reviewer: str
    drawn_at: str


@dataclass(frozen=True, slots=True)
class SampleDraw:
    """One drawn patient, the mention shown as evidence, and the blind answer if given."""

    round_id: int
    position: int
    patient_id: str
    mention_key: str
    answer: str | None
    reviewer: str | None
    answered_at: str | None


def ensure_review_tables(case: Case) -> None:
    """Create the review tables and their triggers if this case has none yet."""
    case.connection.executescript(_TABLES)


# -- decisions and the audit log ----------------------------------------------------------


def save_review_decision(
    case: Case,
    decision: ReviewDecision,
    *,
    original: Attribution,
    before: Attribution,
    after: Attribution,
) -> int:
    """Record a decision and its audit line in one transaction; returns the audit id."""
    db = case.connection
    with db:
        db.execute(
            "INSERT OR IGNORE INTO review_originals (mention_key, record) VALUES (?, ?)",
            (decision.mention_key, codec.dumps(original)),
        )
        db.execute(
            "INSERT OR REPLACE INTO review_decisions "
            "(mention_key, action, patient_id, rejected, reviewer, at) VALUES (?, ?, ?, ?, ?, ?)",
            (decision.mention_key, decision.action.value, decision.patient_id,
             json.dumps(list(decision.rejected)), decision.reviewer, decision.at),
        )  # fmt: skip
        cursor = db.execute(
            "INSERT INTO audit_log (at, reviewer, action, mention_key, patient_id, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (decision.at, decision.reviewer, decision.action.value, decision.mention_key,
             decision.patient_id, attribution_state(before), attribution_state(after)),
        )  # fmt: skip
        return int(cursor.lastrowid or 0)


def attribution_state(attribution: Attribution) -> str:
    """What the audit log keeps of an attribution: the verdict and the candidates' ids."""
    return json.dumps(
        {
            "patient_id": attribution.patient_id,
            "decision": attribution.decision.value if attribution.decision else None,
            "confidence": round(attribution.confidence, 4),
            "candidates": [c.patient_id for c in attribution.candidates],
        },
        separators=(",", ":"),
    )


def load_review_decisions(case: Case) -> dict[str, ReviewDecision]:
    """The latest decision of every reviewed mention, by mention key.

    A case that was never reviewed has no review tables yet: it has no decisions either.
    """
    if not _has_table(case, "review_decisions"):
        return {}
    rows = case.connection.execute(
        "SELECT mention_key, action, patient_id, reviewer, at, rejected FROM review_decisions"
    )
    return {
        r[0]: ReviewDecision(r[0], OverrideAction(r[1]), r[2], r[3], r[4], tuple(json.loads(r[5])))
        for r in rows
    }


def load_review_originals(case: Case) -> dict[str, Attribution]:
    """The linker's first attribution of every reviewed mention, by mention key."""
    rows = case.connection.execute("SELECT mention_key, record FROM review_originals")
    return {key: codec.loads(Attribution, record) for key, record in rows}


def load_audit_log(
    case: Case, *, mention_key: str | None = None, limit: int = -1
) -> list[AuditEntry]:
    """Audit lines, newest first: all, or one mention's; at most ``limit`` (-1: no limit)."""
    rows = case.connection.execute(
        "SELECT id, at, reviewer, action, mention_key, patient_id, before, after FROM audit_log "
        "WHERE ? IS NULL OR mention_key = ? ORDER BY id DESC LIMIT ?",
        (mention_key, mention_key, limit),
    )
    return [AuditEntry(*row) for row in rows]


def mark_decisions_reported(case: Case) -> None:
    """Note that the outputs now reflect every decision logged so far."""
    row = case.connection.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()
    case.set_meta(_REPORTED_META, int(row[0]))


def unreported_decision_count(case: Case) -> int:
    """Decisions logged since the outputs were last rewritten (``leakmap report``)."""
    through = case.get_meta(_REPORTED_META) or 0
    row = case.connection.execute("SELECT COUNT(*) FROM audit_log WHERE id > ?", (through,))
    return int(row.fetchone()[0])


# -- what the review app reads -------------------------------------------------------------


def load_attributions_to_review(case: Case) -> list[Attribution]:
    """Stored attributions whose decision is ``review``."""
    rows = case.connection.execute(
        "SELECT record FROM attributions WHERE decision = ? ORDER BY key", (Decision.REVIEW.value,)
    )
    return [codec.loads(Attribution, r[0]) for r in rows]


def load_attribution(case: Case, mention_key: str) -> Attribution | None:
    """The stored attribution of one mention, or ``None``."""
    row = case.connection.execute(
        "SELECT record FROM attributions WHERE key = ?", (mention_key,)
    ).fetchone()
    return codec.loads(Attribution, row[0]) if row else None


def load_patient(case: Case, patient_id: str) -> Patient | None:
    """One registry patient of the case's registry snapshot, or ``None``."""
    row = case.connection.execute(
        "SELECT record FROM patients WHERE patient_id = ?", (patient_id,)
    ).fetchone()
    return codec.loads(Patient, row[0]) if row else None


def load_document_findings(case: Case, sha256: str) -> DocumentFindings | None:
    """The findings of one content (every identifier and name, with locations)."""
    row = case.connection.execute(
        "SELECT findings FROM contents WHERE sha256 = ?", (sha256,)
    ).fetchone()
    return codec.loads(DocumentFindings, row[0]) if row else None


def load_severities(case: Case) -> dict[str, Severity]:
    """Each exposed patient's severity, as last assessed."""
    rows = case.connection.execute(
        "SELECT patient_id, json_extract(record, '$.severity.severity') FROM exposures"
    )
    return {pid: Severity(level) for pid, level in rows}


def load_notify_patients(case: Case) -> dict[str, tuple[str, ...]]:
    """Patients whose stored exposure is ``notify``, with their mention keys."""
    rows = case.connection.execute(
        "SELECT patient_id, json_extract(record, '$.mention_keys') FROM exposures "
        "WHERE json_extract(record, '$.decision') = ? ORDER BY patient_id",
        (Decision.NOTIFY.value,),
    )
    return {pid: tuple(json.loads(keys)) for pid, keys in rows}


def document_sources(case: Case, sha256: str) -> list[tuple[str, str]]:
    """(leak path, dump of its wave) of every path that carries this content."""
    rows = case.connection.execute(
        "SELECT d.path, w.dump FROM documents d JOIN waves w ON w.wave = d.wave "
        "WHERE d.sha256 = ? ORDER BY d.path",
        (sha256,),
    )
    return [(path, dump) for path, dump in rows]


# -- quality-check sampling ------------------------------------------------------------------


def record_sampling_round(
    case: Case,
    *,
    seed: int,
    population: int,
    draws: Sequence[tuple[str, str]],
    reviewer: str,
) -> int:
    """Store a round and its draws ((patient id, mention key) in drawn order); its id."""
    db = case.connection
    with db:
        cursor = db.execute(
            "INSERT INTO sampling_rounds (seed, population, size, reviewer, drawn_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (seed, population, len(draws), reviewer, _now()),
        )
        round_id = int(cursor.lastrowid or 0)
        db.executemany(
            "INSERT INTO sampling (round_id, position, patient_id, mention_key) VALUES (?, ?, ?, ?)",
            [(round_id, i, pid, key) for i, (pid, key) in enumerate(draws, start=1)],
        )
    return round_id


def load_sampling_rounds(case: Case) -> list[SamplingRound]:
    """Every sampling round, newest first."""
    rows = case.connection.execute(
        "SELECT id, seed, population, size, reviewer, drawn_at FROM sampling_rounds "
        "ORDER BY id DESC"
    )
    return [SamplingRound(*row) for row in rows]


def load_sample_draws(case: Case, round_id: int) -> list[SampleDraw]:
    """The draws of one round, in drawn order."""
    rows = case.connection.execute(
        "SELECT round_id, position, patient_id, mention_key, answer, reviewer, answered_at "
        "FROM sampling WHERE round_id = ? ORDER BY position",
        (round_id,),
    )
    return [SampleDraw(*row) for row in rows]


def record_sample_answer(
    case: Case, round_id: int, position: int, *, correct: bool, reviewer: str
) -> bool:
    """Record a blind answer; ``False`` when the draw is unknown or already answered."""
    with case.connection:
        cursor = case.connection.execute(
            "UPDATE sampling SET answer = ?, reviewer = ?, answered_at = ? "
            "WHERE round_id = ? AND position = ? AND answer IS NULL",
            ("correct" if correct else "incorrect", reviewer, _now(), round_id, position),
        )
    return bool(cursor.rowcount)


def _has_table(case: Case, name: str) -> bool:
    row = case.connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
