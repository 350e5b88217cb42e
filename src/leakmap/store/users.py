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
from leakmap.i18n import _
from leakmap.store.case import Case

MIN_PASSWORD_LENGTH = 12
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_TOKEN_BYTES = 32

_TABLES = """
CREATE TABLE IF NOT EXISTS reviewers (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'read_only')),
    created TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'removed'))
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


class AccountStatus(StrEnum):
    """Whether an account may log in.

    ``removed`` keeps the name as a tombstone (no password): the audit trail names its
    decisions by account name, so the name is never given to someone else.
    """

    ACTIVE = "active"
    DISABLED = "disabled"
    REMOVED = "removed"


class AccountError(LeakmapError):
    """An account cannot be created as asked (bad name, short password, name taken)."""


@dataclass(frozen=True, slots=True)
class Reviewer:
    """A person with an account on this case."""

    name: str
    role: ReviewerRole
    created: str
    status: AccountStatus = AccountStatus.ACTIVE

    @property
    def is_active(self) -> bool:
        """Whether this account may log in and keep its sessions."""
        return self.status is AccountStatus.ACTIVE

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
    """Create the account and session tables if this case has none yet.

    Accounts made before ``status`` existed get it, as ``active``.
    """
    db = case.connection
    db.executescript(_TABLES)
    columns = {row[1] for row in db.execute("PRAGMA table_info(reviewers)")}
    if "status" not in columns:
        with db:
            db.execute("ALTER TABLE reviewers ADD COLUMN status TEXT NOT NULL DEFAULT 'active'")


def add_user(
    case: Case, name: str, password: str, *, role: ReviewerRole = ReviewerRole.REVIEWER
) -> Reviewer:
    """Create an account; raises ``AccountError`` on a bad name, short password or duplicate."""
    ensure_user_tables(case)
    if not _NAME.fullmatch(name):
        raise AccountError(
            _(
                "account names are 1-64 letters, digits, '.', '_' or '-', starting with a "
                "letter or digit; choose another name"
            )
        )
    _check_password_length(password)
    reviewer = Reviewer(name, role, _now().isoformat(timespec="seconds"))
    db = case.connection
    with db:
        row = db.execute("SELECT status FROM reviewers WHERE name = ?", (name,)).fetchone()
        if row and row[0] == AccountStatus.REMOVED:
            raise AccountError(
                _(
                    "account {name} was removed; the audit trail keeps that name for its "
                    "decisions, so choose another name"
                ).format(name=repr(name))
            )
        if row:
            raise AccountError(
                _("account {name} exists already on this case").format(name=repr(name))
            )
        db.execute(
            "INSERT INTO reviewers (name, password_hash, role, created) VALUES (?, ?, ?, ?)",
            (name, _hasher().hash(password), role.value, reviewer.created),
        )
    return reviewer


def set_password(case: Case, name: str, password: str) -> None:
    """Give an account a new password and end its sessions (``leakmap user passwd``)."""
    _check_password_length(password)
    account(case, name)
    with case.connection:
        case.connection.execute(
            "UPDATE reviewers SET password_hash = ? WHERE name = ?",
            (_hasher().hash(password), name),
        )
        _end_sessions_of(case, name)


def set_account_status(case: Case, name: str, status: AccountStatus) -> Reviewer:
    """Disable, enable or remove an account; a disabled or removed one loses its sessions.

    Removing keeps the row as a tombstone without a password, and every decision, audit
    line and sampling answer the account recorded stays as it was.
    """
    found = account(case, name)
    with case.connection:
        case.connection.execute("UPDATE reviewers SET status = ? WHERE name = ?", (status, name))
        if status is AccountStatus.REMOVED:
            case.connection.execute(
                "UPDATE reviewers SET password_hash = '' WHERE name = ?", (name,)
            )
        if status is not AccountStatus.ACTIVE:
            _end_sessions_of(case, name)
    return Reviewer(found.name, found.role, found.created, status)


def has_active_accounts(case: Case) -> bool:
    """Whether anyone can log into the workbench of this case."""
    return any(account.is_active for account in list_users(case))


def account(case: Case, name: str) -> Reviewer:
    """The account ``name`` (not removed); raises ``AccountError`` saying how to list them."""
    ensure_user_tables(case)
    found = next((u for u in list_users(case) if u.name == name), None)
    if found is None or found.status is AccountStatus.REMOVED:
        raise AccountError(
            _("no account {name} on this case; `leakmap user list CASE` shows the accounts").format(
                name=repr(name)
            )
        )
    return found


def _end_sessions_of(case: Case, name: str) -> None:
    case.connection.execute("DELETE FROM review_sessions WHERE reviewer = ?", (name,))


def _check_password_length(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("the password is shorter than {length} characters").format(length=MIN_PASSWORD_LENGTH)
        )


@dataclass(frozen=True, slots=True)
class PasswordCheck:
    """The outcome of one Argon2 verification: a match, and a fresh hash when one is due."""

    matches: bool
    new_hash: str | None = None


def stored_password_hash(case: Case, name: str) -> tuple[str | None, Reviewer | None]:
    """The hash to verify a login against and its account.

    ``(None, None)`` for no such name or a removed account. A disabled account comes back
    with its hash: the login says it is disabled only after the right password.
    """
    row = case.connection.execute(
        "SELECT name, password_hash, role, created, status FROM reviewers WHERE name = ?",
        (name,),
    ).fetchone()
    if row is None or row[4] == AccountStatus.REMOVED:
        return None, None
    return row[1], Reviewer(row[0], ReviewerRole(row[2]), row[3], AccountStatus(row[4]))


def check_password(stored: str | None, password: str) -> PasswordCheck:
    """Argon2 verification alone: no database, safe to run in a worker thread.

    Why apart from the store: it costs tens to hundreds of milliseconds of CPU, so the
    review app runs it off its event loop (``review.login_throttle``), where guessing
    clients cannot slow the reviewers' pages. ``stored`` of ``None`` (an unknown name) is
    checked against a dummy hash, so it costs what a wrong password costs and response
    times do not tell which account names exist.
    """
    if stored is None:
        stored = _dummy_hash()
    try:
        _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return PasswordCheck(matches=False)
    rehash = _hasher().check_needs_rehash(stored)
    return PasswordCheck(matches=True, new_hash=_hasher().hash(password) if rehash else None)


def save_rehashed_password(case: Case, name: str, check: PasswordCheck) -> None:
    """Store the fresh hash a successful check made, if it made one."""
    if check.new_hash is None:
        return
    with case.connection:
        case.connection.execute(
            "UPDATE reviewers SET password_hash = ? WHERE name = ?", (check.new_hash, name)
        )


def verify_user(case: Case, name: str, password: str) -> Reviewer | None:
    """The account when ``password`` is its password, else ``None`` (all in this thread)."""
    stored, reviewer = stored_password_hash(case, name)
    check = check_password(stored, password)
    if reviewer is None or not check.matches or not reviewer.is_active:
        return None
    save_rehashed_password(case, name, check)
    return reviewer


def list_users(case: Case) -> list[Reviewer]:
    """Every account of the case, by name (removed ones too, marked so)."""
    ensure_user_tables(case)
    rows = case.connection.execute(
        "SELECT name, role, created, status FROM reviewers ORDER BY name"
    )
    return [Reviewer(r[0], ReviewerRole(r[1]), r[2], AccountStatus(r[3])) for r in rows]


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
        "JOIN reviewers r ON r.name = s.reviewer WHERE s.token_hash = ? AND r.status = 'active'",
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
