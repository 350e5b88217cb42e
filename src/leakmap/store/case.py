"""The case: one SQLCipher database in CASE, encrypted at rest, one writer at a time.

Why SQLCipher rather than DuckDB's encryption: DuckDB writes encrypted files only with
its httpfs extension loaded (OpenSSL), and that extension is downloaded at run time —
impossible on an air-gapped incident-response machine. SQLCipher (AES-256, HMAC per page)
ships inside the ``sqlcipher3-binary`` wheel. DuckDB still runs the linkage, in memory.

Durability: every leaked content is committed in one transaction together with its
mentions and the rows of every path that carries it, so a scan killed at any instant
resumes from the last committed file, with nothing lost and nothing twice.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import sqlcipher3

from leakmap.errors import CaseError, CaseKeyError, CaseLocked
from leakmap.i18n import _
from leakmap.private_files import PRIVATE_FILE_MODE, make_private, private_dir, protect_tree
from leakmap.report.output_files import (
    CASE_FILE,
    CASE_TEMPLATES,
    KITS_DIR,
    LETTERS_DIR,
    RECIPIENT_FILE,
    REGULATOR_DIR,
    WAVES_DIR,
)
from leakmap.store import codec
from leakmap.store.document_path import DocumentPath
from leakmap.store.key_strength import MAKE_A_KEY, weak_key_reason
from leakmap.store.output_keys import restore_recipient_file
from leakmap.store.schema import SCHEMA_VERSION, TABLES

KEY_VARIABLE = "LEAKMAP_KEY"
DB_NAME = "case.db"
LOCK_NAME = ".lock"
_BUSY_TIMEOUT_MS = 30_000
#: How long a writer waits for the lock before it is refused (seconds).
LOCK_WAIT_S = 1.0
_LOCK_POLL_S = 0.02


def case_key(explicit: str | None = None, *, allow_weak: bool = False) -> str:
    """The case key: ``explicit`` or ``$LEAKMAP_KEY``.

    Raises ``CaseKeyError`` when it is absent or under 128 bits of entropy
    (``store.key_strength``). ``allow_weak`` is only for ``leakmap rekey``, which must open
    an old case's weak key once to replace it.
    """
    key = explicit if explicit is not None else os.environ.get(KEY_VARIABLE, "")
    if not key:
        raise CaseKeyError(
            _(
                "no case key: set {variable} to a long random secret ({make_a_key}) "
                "and keep it apart from the case"
            ).format(variable=KEY_VARIABLE, make_a_key=_(MAKE_A_KEY))
        )
    reason = None if allow_weak else weak_key_reason(key, variable=KEY_VARIABLE)
    if reason is not None:
        raise CaseKeyError(
            _(
                "{reason} (a case made with the weak key: put the new one in "
                "$LEAKMAP_NEW_KEY and run `leakmap rekey CASE`)"
            ).format(reason=reason)
        )
    return key


class Case:
    """An open case. Use ``Case.open`` as a context manager.

    A writer (``scan``, ``report``, ``notify``) holds an exclusive lock file so two
    scans never write one case; readers (``lookup``, ``evaluate``) take no lock, and the
    review workbench, a reader, takes it only for the instant of a write (``writing``).
    """

    def __init__(self, directory: Path, connection: Any, lock: IO[str] | None) -> None:
        self.directory = directory
        self._db = connection
        self._lock = lock

    @classmethod
    def open(
        cls,
        directory: Path,
        *,
        key: str | None = None,
        writer: bool = True,
        allow_weak_key: bool = False,
    ) -> Case:
        """Open (creating if ``writer`` and absent) the case in ``directory``.

        The folder is made 0700 and the database, its WAL and SHM 0600, whatever the umask.
        A writer also puts back the outputs' age recipient when the case seals its outputs.
        """
        secret = case_key(key, allow_weak=allow_weak_key)
        db_path = directory / DB_NAME
        if not writer and not db_path.exists():
            raise CaseError(
                _("{directory}: no case here; run `leakmap scan` first").format(directory=directory)
            )
        if writer:
            protect_case_files(directory)
        lock = _take_lock(directory) if writer else None
        try:
            connection = _connect(db_path, secret)
            case = cls(directory, connection, lock)
            case._migrate()
            if writer:
                restore_recipient_file(case)
        except BaseException:
            if lock is not None:
                _HELD_LOCKS.discard(lock)
                lock.close()
            raise
        return case

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self, *, wait_s: float = LOCK_WAIT_S) -> Iterator[Case]:
        """Hold the writer lock for one write of a case opened as a reader.

        For the long-lived review workbench: it reads without the lock, so ``report`` and
        ``notify`` run while it is open, and takes the lock only for the instant of a
        decision. Raises ``CaseLocked`` (naming the holder) after ``wait_s``.
        """
        if self._lock is not None:
            yield self
            return
        self._lock = _take_lock(self.directory, wait_s=wait_s)
        try:
            yield self
        finally:
            _HELD_LOCKS.discard(self._lock)
            self._lock.close()
            self._lock = None

    def close(self) -> None:
        """Close the database and release the writer lock."""
        self._db.close()
        if self._lock is not None:
            _HELD_LOCKS.discard(self._lock)
            self._lock.close()
            self._lock = None

    # -- schema and metadata ------------------------------------------------------------

    def _migrate(self) -> None:
        self._db.executescript(TABLES)
        found = self.get_meta("schema_version")
        if found is None:
            self.set_meta("schema_version", SCHEMA_VERSION)
        elif found != SCHEMA_VERSION:
            raise CaseError(
                _(
                    "{directory}: case schema {found}, this leakmap reads {wanted}; "
                    "use the leakmap version that wrote it"
                ).format(directory=self.directory, found=found, wanted=SCHEMA_VERSION)
            )

    def get_meta(self, name: str) -> Any:
        """A stored metadata value (JSON-decoded), or ``None``."""
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, name: str, value: Any) -> None:
        """Store a metadata value (JSON-encodable)."""
        with self._db:
            self._db.execute(
                "INSERT INTO meta (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, json.dumps(value, ensure_ascii=False)),
            )

    # -- waves ----------------------------------------------------------------------------

    def start_wave(self, dump: str) -> int:
        """Record the start of a scan of ``dump``; returns its wave number.

        A scan resumed after a kill reuses the unfinished wave of the same dump.
        """
        row = self._db.execute(
            "SELECT wave FROM waves WHERE dump = ? AND finished IS NULL ORDER BY wave DESC",
            (dump,),
        ).fetchone()
        if row:
            return int(row[0])
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO waves (wave, dump, started) VALUES "
                "((SELECT COALESCE(MAX(wave), 0) + 1 FROM waves), ?, ?)",
                (dump, _now()),
            )
            return int(cursor.lastrowid or 0)

    def finish_wave(self, wave: int) -> None:
        """Mark a wave finished."""
        with self._db:
            self._db.execute("UPDATE waves SET finished = ? WHERE wave = ?", (_now(), wave))

    # -- documents and contents -------------------------------------------------------------

    def known_paths(self) -> set[str]:
        """Leak paths already recorded (any wave)."""
        return {r[0] for r in self._db.execute("SELECT path FROM documents")}

    def known_contents(self) -> set[str]:
        """Sha256 of contents already extracted and detected."""
        return {r[0] for r in self._db.execute("SELECT sha256 FROM contents")}

    def content_row(self, sha256: str) -> tuple[str, int, int, str, str] | None:
        """(kind, pages, ocr, status, reason) of an extracted content, or ``None``."""
        row = self._db.execute(
            "SELECT kind, pages, ocr, status, reason FROM documents WHERE sha256 = ? LIMIT 1",
            (sha256,),
        ).fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]

    def record_content(
        self,
        *,
        document: Any,
        findings: Any,
        mentions: Sequence[Any],
        paths: Iterable[DocumentPath],
    ) -> None:
        """Commit one extracted content with its mentions and every path carrying it."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO contents (sha256, document, findings) VALUES (?, ?, ?)",
                (document.sha256, codec.dumps(document), codec.dumps(findings)),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO mentions (key, sha256, record) VALUES (?, ?, ?)",
                [(m.key, m.sha256, codec.dumps(m)) for m in mentions],
            )
            self._insert_paths(paths)

    def record_paths(self, paths: Iterable[DocumentPath]) -> None:
        """Commit document rows whose content needs no extraction (duplicates, problems)."""
        with self._db:
            self._insert_paths(paths)

    def _insert_paths(self, paths: Iterable[DocumentPath]) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO documents "
            "(path, sha256, size, kind, pages, ocr, status, reason, wave) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (p.path, p.sha256, p.size, p.kind, p.pages, int(p.ocr), p.status, p.reason, p.wave)
                for p in paths
            ],
        )

    def documents(self) -> Iterator[DocumentPath]:
        """Every recorded document row, in path order."""
        for row in self._db.execute(
            "SELECT path, sha256, size, kind, pages, ocr, status, reason, wave "
            "FROM documents ORDER BY path"
        ):
            yield DocumentPath(*row[:5], bool(row[5]), *row[6:])

    def load_contents(self, cls: type, sha256: str) -> Any:
        """The stored ``ExtractedDocument`` (as ``cls``) of a content, or ``None``."""
        row = self._db.execute(
            "SELECT document FROM contents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return codec.loads(cls, row[0]) if row else None

    def load_findings(self, cls: type) -> Iterator[Any]:
        """Every stored ``DocumentFindings`` (as ``cls``)."""
        for (text,) in self._db.execute("SELECT findings FROM contents ORDER BY sha256"):
            yield codec.loads(cls, text)

    def load_mentions(self, cls: type) -> list[Any]:
        """Every stored mention (as ``cls``), in a stable order."""
        rows = self._db.execute("SELECT record FROM mentions ORDER BY key").fetchall()
        return [codec.loads(cls, r[0]) for r in rows]

    # -- registry snapshot ------------------------------------------------------------------

    def replace_patients(self, patients: Iterable[Any]) -> None:
        """Store the registry used by this scan (replacing an earlier one)."""
        with self._db:
            self._db.execute("DELETE FROM patients")
            self._db.executemany(
                "INSERT INTO patients (patient_id, record) VALUES (?, ?)",
                ((p.patient_id, codec.dumps(p)) for p in patients),
            )

    def load_patients(self, cls: type) -> dict[str, Any]:
        """The stored registry, by patient id."""
        rows = self._db.execute("SELECT record FROM patients").fetchall()
        return {(p := codec.loads(cls, r[0])).patient_id: p for r in rows}

    # -- results ------------------------------------------------------------------------------

    def replace_results(
        self, *, attributions: Sequence[Any], exposures: Sequence[Any], unregistered: Sequence[Any]
    ) -> None:
        """Replace linkage and assessment results, atomically."""
        with self._db:
            for table in ("attributions", "exposures", "unregistered"):
                self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
            self._db.executemany(
                "INSERT INTO attributions (key, patient_id, confidence, decision, record) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (a.mention.key, a.patient_id, a.confidence, a.decision, codec.dumps(a))
                    for a in attributions
                ],
            )
            self._db.executemany(
                "INSERT INTO exposures (patient_id, record) VALUES (?, ?)",
                [(e.patient_id, codec.dumps(e)) for e in exposures],
            )
            self._db.executemany(
                "INSERT INTO unregistered (id, record) VALUES (?, ?)",
                [(i, codec.dumps(u)) for i, u in enumerate(unregistered)],
            )

    def load_records(self, table: str, cls: type) -> list[Any]:
        """Every record of a results table (``attributions``, ``exposures``, ``unregistered``)."""
        if table not in {"attributions", "exposures", "unregistered"}:
            raise ValueError(f"not a results table: {table}")
        rows = self._db.execute(f"SELECT record FROM {table}").fetchall()  # noqa: S608
        return [codec.loads(cls, r[0]) for r in rows]

    @property
    def connection(self) -> Any:
        """The raw DB-API connection, for store modules that add their own tables."""
        return self._db


def _connect(db_path: Path, secret: str) -> Any:
    if not db_path.exists():
        # Created here 0600 so SQLite's WAL and SHM, which copy its mode, are 0600 too.
        os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE))
    for path in database_files(db_path):
        make_private(path)
    connection = sqlcipher3.connect(str(db_path), timeout=_BUSY_TIMEOUT_MS / 1000)
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute("PRAGMA key = " + quote_key(secret))
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as error:
        connection.close()
        raise CaseKeyError(
            _(
                "{directory}: the key does not open this case; set {variable} to the key "
                "it was created with"
            ).format(directory=db_path.parent, variable=KEY_VARIABLE)
        ) from error
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    return connection


def protect_case_files(directory: Path) -> None:
    """Make the case folder 0700 and what leakmap wrote in it 0600 (folders 0700).

    For cases written before leakmap set modes itself, or copied with ``cp`` under a loose
    umask. Only leakmap's own names are touched, never the rest of a folder given as
    ``--out`` by mistake.
    """
    private_dir(directory)
    for entry in directory.iterdir():
        if entry.is_symlink():
            continue
        if entry.is_dir() and entry.name in _OUTPUT_FOLDERS:
            protect_tree(entry)
        elif entry.is_file() and (
            entry.name in _CASE_FILES or entry.name.endswith(_OUTPUT_SUFFIXES)
        ):
            make_private(entry)


_OUTPUT_FOLDERS = frozenset({LETTERS_DIR, KITS_DIR, REGULATOR_DIR, CASE_TEMPLATES, WAVES_DIR})
_CASE_FILES = frozenset({DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", LOCK_NAME, CASE_FILE,
                         RECIPIENT_FILE})  # fmt: skip
_OUTPUT_SUFFIXES = (".csv", ".age", ".partial")


def database_files(db_path: Path) -> tuple[Path, ...]:
    """The database and the WAL and SHM files SQLite keeps beside it."""
    return (
        db_path,
        db_path.with_name(db_path.name + "-wal"),
        db_path.with_name(db_path.name + "-shm"),
    )


def quote_key(secret: str) -> str:
    """A key as an SQL string literal for ``PRAGMA key`` and ``PRAGMA rekey``."""
    return "'" + secret.replace("'", "''") + "'"


def _take_lock(directory: Path, *, wait_s: float = LOCK_WAIT_S) -> IO[str]:
    """The case's writer lock, waiting up to ``wait_s`` for a holder's write to end.

    The holder's process id and command are written into the lock file, so a refusal
    names the process to wait for or stop (a review workbench holds the lock only for the
    instant of a decision, so the short wait covers it).
    """
    descriptor = os.open(directory / LOCK_NAME, os.O_CREAT | os.O_RDWR, PRIVATE_FILE_MODE)
    os.fchmod(descriptor, PRIVATE_FILE_MODE)
    handle = os.fdopen(descriptor, "r+")
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError as error:
            if time.monotonic() >= deadline:
                holder = handle.read().strip()
                handle.close()
                raise CaseLocked(_locked_message(directory, holder)) from error
            time.sleep(_LOCK_POLL_S)
    handle.truncate(0)
    handle.write(f"pid {os.getpid()} ({_command_label()})\n")
    handle.flush()
    _HELD_LOCKS.add(handle)
    return handle


def _locked_message(directory: Path, holder: str) -> str:
    """The refusal: who holds the case (``pid 4242 (leakmap notify)``) and how to stop it."""
    pid = holder.split()[1] if holder.startswith("pid ") else "PID"
    return _(
        "{directory}: another leakmap process is writing this case "
        "({holder}); wait for it to end, or stop it "
        "(Ctrl-C where it runs, or `kill {pid}`)"
    ).format(directory=directory, holder=holder or _("pid unknown"), pid=pid)


def _command_label() -> str:
    """What this process is, for a lock refusal: ``leakmap review``, or the program name."""
    program = Path(sys.argv[0]).name if sys.argv else "python"
    if program not in ("leakmap", "__main__.py"):
        return program
    command = next((a for a in sys.argv[1:] if not a.startswith("-")), "")
    return f"leakmap {command}".strip()


#: Lock files this process holds. Forked workers close their copies at once, so a scan
#: killed with its workers still draining never leaves the case locked behind it.
_HELD_LOCKS: set[IO[str]] = set()


def _close_inherited_locks() -> None:
    for handle in list(_HELD_LOCKS):
        handle.close()
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
