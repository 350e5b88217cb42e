"""``leakmap export``: the case's outputs, decrypted on purpose, into a private folder.

Sealed outputs (``*.age``) are decrypted with the identity kept in the case database, so
only a holder of the case key can export; plaintext outputs are copied as they are. The
target is created 0700 and every file 0600. It must be new or empty (nothing of another
case mixes in, nothing is overwritten) and lie outside the case and outside every dump
the case scanned (plaintext must never land in the evidence or beside the database).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyrage

from leakmap.errors import CaseError
from leakmap.private_files import private_dir, write_private_bytes
from leakmap.report.output_files import RECIPIENT_FILE, SEALED_SUFFIX
from leakmap.store.case import DB_NAME, LOCK_NAME, Case
from leakmap.store.output_keys import output_identity

#: Case files that are not outputs: the database (and SQLite's files), the writer lock,
#: the public recipient, files being written.
_NOT_OUTPUTS = (DB_NAME, LOCK_NAME, RECIPIENT_FILE)


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """How many files ``export_outputs`` wrote, and how many of them it decrypted."""

    target: Path
    files: int
    decrypted: int


def export_outputs(case_dir: Path, target: Path) -> ExportSummary:
    """Write every output of ``case_dir`` into ``target``, decrypting the sealed ones."""
    with Case.open(case_dir, writer=False) as case:
        identity = output_identity(case)
        dumps = [Path(row[0]) for row in case.connection.execute("SELECT dump FROM waves")]
    _check_target(target, case_dir, dumps)
    private_dir(target)
    files = decrypted = 0
    for source in _outputs(case_dir):
        relative = source.relative_to(case_dir)
        data = source.read_bytes()
        if source.name.endswith(SEALED_SUFFIX):
            if identity is None:
                raise CaseError(f"{relative}: sealed, but the case holds no output identity")
            data = pyrage.decrypt(data, [identity])
            relative = relative.with_name(relative.name.removesuffix(SEALED_SUFFIX))
            decrypted += 1
        write_private_bytes(target / relative, data)
        files += 1
    return ExportSummary(target=target, files=files, decrypted=decrypted)


def _check_target(target: Path, case_dir: Path, dumps: list[Path]) -> None:
    where = target.resolve()
    if where.is_relative_to(case_dir.resolve()):
        raise CaseError(f"{target}: inside the case; export to a folder outside it")
    if any(where.is_relative_to(dump.resolve()) for dump in dumps):
        raise CaseError(f"{target}: inside a dump this case scanned; export outside it")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CaseError(f"{target}: exists and is not an empty folder; give a new folder")


def _outputs(case_dir: Path) -> list[Path]:
    found = []
    for folder, folders, names in os.walk(case_dir):
        folders.sort()
        for name in sorted(names):
            if name.startswith(_NOT_OUTPUTS) or name.endswith(".partial"):
                continue
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found
