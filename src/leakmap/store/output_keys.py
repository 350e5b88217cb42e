"""The key that seals a case's outputs: an age X25519 identity kept inside the encrypted case.

Why an identity in the database rather than a passphrase derived from the case key: the
outputs then stay readable after ``leakmap rekey`` (the identity moves with the database,
re-encrypted under the new key), and nobody can decrypt an output without first opening
the case. The public half is written beside the case as ``outputs.age-recipient``; the
report writers (``report.output_files``) encrypt to it. A writer that opens the case puts
that file back from the database, so deleting it or swapping in another recipient never
turns the sealing off or hands the outputs to someone else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyrage import x25519

from leakmap.private_files import write_private_text
from leakmap.report.output_files import RECIPIENT_FILE, seal_existing_outputs

if TYPE_CHECKING:
    from leakmap.store.case import Case

IDENTITY_META = "output_identity"


def seal_outputs(case: Case) -> bool:
    """Turn on output encryption for ``case`` (for good); True when it was off until now.

    Outputs an earlier, unsealed run left are sealed at once (``seal_existing_outputs``).
    """
    if case.get_meta(IDENTITY_META) is not None:
        restore_recipient_file(case)
        return False
    case.set_meta(IDENTITY_META, str(x25519.Identity.generate()))
    restore_recipient_file(case)
    seal_existing_outputs(case.directory)
    return True


def output_identity(case: Case) -> x25519.Identity | None:
    """The identity that opens the case's sealed outputs, or ``None`` when it has none."""
    secret = case.get_meta(IDENTITY_META)
    return x25519.Identity.from_str(secret) if secret else None


def restore_recipient_file(case: Case) -> None:
    """Write ``outputs.age-recipient`` from the stored identity (nothing when unsealed)."""
    identity = output_identity(case)
    if identity is None:
        return
    path = case.directory / RECIPIENT_FILE
    wanted = f"{identity.to_public()}\n"
    if not path.exists() or path.read_text(encoding="ascii", errors="replace") != wanted:
        write_private_text(path, wanted, encoding="ascii")
