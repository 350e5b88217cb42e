"""Reviewer accounts and their sessions, kept in the case store.

Why in the case: an account opens the case's personal data, so it lives, is encrypted at
rest, and is destroyed with the case. Passwords are stored as Argon2id hashes
(argon2-cffi's defaults, the RFC 9106 low-memory profile). A session is a random token
held in the reviewer's cookie; only its SHA-256 is stored, so a copy of the database
opens no session. Sessions expire after a period without a request (sliding expiry).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from leakmap.errors import LeakmapError
from leakmap.store.case import Case

MIN_PASSWORD_LENGTH = 12
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_TOKEN_BYTES = 32

_TABLES = """
CREATE TABLE IF NOT EXISTS reviewers (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'read_only')),
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS review_sessions (
    token_hash TEXT PRIMARY KEY,
    reviewer TEXT NOT NULL REFERENCES reviewers (name),
    csrf_token TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL
);
"""


class ReviewerRole(StrEnum):
    """What an account may do: decide (``reviewer``) or only look (``read_only``)."""

    REVIEWER = "reviewer"
    READ_ONLY = "read_only"


class AccountError(LeakmapError):
    """An account cannot be created as asked (bad name, short password, name taken)."""


@dataclass(frozen=True, slots=True)
class Reviewer:
    """A person with an account on this case."""

    name: str
    role: ReviewerRole
    created: str

    @property
    def can_decide(self) -> bool:
        """Whether this account may record decisions and sampling answers."""
        return self.role is ReviewerRole.REVIEWER


@dataclass(frozen=True, slots=True)
class ReviewSession:
    """A logged-in browser: who, the CSRF token its forms must carry, until when."""

    reviewer: Reviewer
    csrf_token: str
    expires: datetime


def ensure_user_tables(case: Case) -> None:
    """Create the account and session tables if this case has none yet."""
    case.connection.executescript(_TABLES)


def add_user(
    case: Case, name: str, password: str, *, role: ReviewerRole = ReviewerRole.REVIEWER
) -> Reviewer:
    """Create an account; raises ``AccountError`` on a bad name, short password or duplicate."""
    ensure_user_tables(case)
    if not _NAME.fullmatch(name):
        raise AccountError(
            "account names are 1-64 letters, digits, '.', '_' or '-', starting with a letter "
            "or digit; choose another name"
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password is shorter than {MIN_PASSWORD_LENGTH} characters")
    reviewer = Reviewer(name, role, _now().isoformat(timespec="seconds"))
    db = case.connection
    with db:
        if db.execute("SELECT 1 FROM reviewers WHERE name = ?", (name,)).fetchone():
            raise AccountError(f"account {name!r} exists already on this case")
        db.execute(
            "INSERT INTO reviewers (name, password_hash, role, created) VALUES (?, ?, ?, ?)",
            (name, _hasher().hash(password), role.value, reviewer.created),
        )
    return reviewer


def verify_user(case: Case, name: str, password: str) -> Reviewer | None:
    """The account when ``password`` is its password, else ``None``.

    An unknown name costs the same hash verification as a wrong password, so response
    times do not tell which account names exist.
    """
    row = case.connection.execute(
        "SELECT name, password_hash, role, created FROM reviewers WHERE name = ?", (name,)
    ).fetchone()
    stored = row[1] if row else _dummy_hash()
    try:
        _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if _hasher().check_needs_rehash(stored):
        with case.connection:
            case.connection.execute(
                "UPDATE reviewers SET password_hash = ? WHERE name = ?",
                (_hasher().hash(password), name),
            )
    return Reviewer(row[0], ReviewerRole(row[2]), row[3])


def list_users(case: Case) -> list[Reviewer]:
    """Every account of the case, by name."""
    ensure_user_tables(case)
    rows = case.connection.execute("SELECT name, role, created FROM reviewers ORDER BY name")
    return [Reviewer(r[0], ReviewerRole(r[1]), r[2]) for r in rows]


def start_session(
    case: Case, reviewer: Reviewer, *, minutes: int, now: datetime | None = None
) -> tuple[str, ReviewSession]:
    """A new session for ``reviewer``: the token for the cookie, and the session."""
    now = now or _now()
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    session = ReviewSession(
        reviewer, secrets.token_urlsafe(_TOKEN_BYTES), now + timedelta(minutes=minutes)
    )
    with case.connection:
        case.connection.execute("DELETE FROM review_sessions WHERE expires < ?", (now.isoformat(),))
        case.connection.execute(
            "INSERT INTO review_sessions (token_hash, reviewer, csrf_token, created, expires) "
            "VALUES (?, ?, ?, ?, ?)",
            (_digest(token), reviewer.name, session.csrf_token, now.isoformat(),
             session.expires.isoformat()),
        )  # fmt: skip
    return token, session


def session_of(
    case: Case, token: str, *, minutes: int, now: datetime | None = None
) -> ReviewSession | None:
    """The live session of a cookie token, its expiry pushed back; ``None`` when expired."""
    now = now or _now()
    row = case.connection.execute(
        "SELECT s.csrf_token, s.expires, r.name, r.role, r.created FROM review_sessions s "
        "JOIN reviewers r ON r.name = s.reviewer WHERE s.token_hash = ?",
        (_digest(token),),
    ).fetchone()
    if row is None or datetime.fromisoformat(row[1]) <= now:
        return None
    expires = now + timedelta(minutes=minutes)
    with case.connection:
        case.connection.execute(
            "UPDATE review_sessions SET expires = ? WHERE token_hash = ?",
            (expires.isoformat(), _digest(token)),
        )
    return ReviewSession(Reviewer(row[2], ReviewerRole(row[3]), row[4]), row[0], expires)


def end_session(case: Case, token: str) -> None:
    """Forget a session (logout)."""
    with case.connection:
        case.connection.execute(
            "DELETE FROM review_sessions WHERE token_hash = ?", (_digest(token),)
        )


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_urlsafe(_TOKEN_BYTES))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)
