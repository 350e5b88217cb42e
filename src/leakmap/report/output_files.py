"""Where every case output is written: 0600 always, and sealed with age when the case says so.

A case scanned with ``--encrypt-outputs`` keeps an X25519 age identity inside its
encrypted database (``store.output_keys``) and the matching public recipient beside it,
in ``CASE/outputs.age-recipient``. While that file is there, every output (CSVs, letters,
e-mail drafts, kits, regulator files) is encrypted to it before it touches the disk and
written as ``<name>.age``; ``leakmap export`` decrypts them on purpose. The recipient is
public (it only encrypts); the identity never leaves the database, so the outputs are as
safe as the case key, and ``leakmap rekey`` leaves them readable.

Writers hand this module bytes, never a path to fill: nothing personal is ever written in
plaintext first and encrypted after.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyrage
from pyrage import x25519

from leakmap.private_files import write_private_bytes

RECIPIENT_FILE = "outputs.age-recipient"
SEALED_SUFFIX = ".age"
#: The case's folders and files beside ``case.db``, named here (not only in the modules
#: that write them) so ``store`` can protect them without importing the PDF and chart
#: libraries.
LETTERS_DIR = "letters"
KITS_DIR = "complaint_kits"
REGULATOR_DIR = "regulator"
CASE_TEMPLATES = "templates"
#: Per-wave outputs of a case scanned in several waves (``report.wave_changes``).
WAVES_DIR = "waves"
CASE_FILE = "case.toml"


def output_recipient(case_dir: Path) -> x25519.Recipient | None:
    """The case's age recipient, or ``None`` when its outputs are written in plaintext."""
    path = case_dir / RECIPIENT_FILE
    if not path.exists():
        return None
    return x25519.Recipient.from_str(path.read_text(encoding="ascii").strip())


def outputs_are_sealed(case_dir: Path) -> bool:
    """Whether outputs written into ``case_dir`` now are encrypted."""
    return (case_dir / RECIPIENT_FILE).exists()


def sealed_name(path: Path) -> Path:
    """The name an output gets once encrypted: ``affected.csv`` → ``affected.csv.age``."""
    return path.with_name(path.name + SEALED_SUFFIX)


def write_output(case_dir: Path, path: Path, data: bytes, *, durable: bool = False) -> Path:
    """Write one output of the case; return the path really written.

    Sealed cases get ``<path>.age`` and lose any plaintext ``<path>`` an earlier,
    unsealed run left; other cases get ``<path>``, 0600. ``durable``: fsync before the
    rename (the contract's CSVs; letters and kits, rewritten by a rerun, skip it).
    """
    recipient = output_recipient(case_dir)
    if recipient is None:
        return write_private_bytes(path, data, durable=durable)
    sealed = pyrage.encrypt(data, [recipient])
    written = write_private_bytes(sealed_name(path), sealed, durable=durable)
    path.unlink(missing_ok=True)
    return written


def seal_existing_outputs(case_dir: Path) -> int:
    """Encrypt the plaintext outputs an earlier, unsealed run left; return how many.

    Run once, when a case starts sealing: its CSVs and the files of its output folders
    become ``*.age`` and the plaintext files are removed (removed, not wiped: the disk may
    still hold their old blocks).
    """
    sealed = 0
    for path in _plaintext_outputs(case_dir):
        write_output(case_dir, path, path.read_bytes())
        sealed += 1
    return sealed


def _plaintext_outputs(case_dir: Path) -> list[Path]:
    found = [p for p in case_dir.glob("*.csv") if p.is_file() and not p.is_symlink()]
    for folder in (LETTERS_DIR, KITS_DIR, REGULATOR_DIR, WAVES_DIR):
        found += [
            p
            for p in (case_dir / folder).rglob("*")
            if p.is_file() and not p.is_symlink() and p.suffix != SEALED_SUFFIX
        ]
    return sorted(found)


def write_output_text(case_dir: Path, path: Path, text: str) -> Path:
    """``write_output`` for UTF-8 text."""
    return write_output(case_dir, path, text.encode("utf-8"))


def write_output_csv(
    case_dir: Path, path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Path:
    """``write_output`` for a CSV file (UTF-8, the ``csv`` module's default dialect)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return write_output(case_dir, path, buffer.getvalue().encode("utf-8"), durable=True)
