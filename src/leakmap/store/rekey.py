"""Key rotation: re-encrypt a case's database under a new key, and prove it took.

SQLCipher's ``PRAGMA rekey`` rewrites every page under the new key in one transaction.
The WAL is checkpointed and switched off around it (a rekey must not leave pages under
the old key in ``case.db-wal``), then switched back on. The case is then reopened with
the new key, and the old key must no longer open it: only then is the rotation reported
done. The outputs' age identity lives inside the database, so sealed outputs stay
readable with the new key.
"""

from __future__ import annotations

from pathlib import Path

import sqlcipher3

from leakmap.errors import CaseError, CaseKeyError, CaseLocked
from leakmap.i18n import N_, _
from leakmap.store.case import Case, quote_key
from leakmap.store.key_strength import weak_key_reason


def rekey_case(directory: Path, *, old_key: str, new_key: str) -> None:
    """Re-encrypt ``directory``'s case from ``old_key`` to ``new_key``; verify both ways.

    ``old_key`` may be weak (rotating away from it is the point); ``new_key`` must not be.
    """
    reason = weak_key_reason(new_key, variable=_("the new key"))
    if reason is not None:
        raise CaseKeyError(reason)
    if new_key == old_key:
        raise CaseKeyError(_("the new key is the key the case already has; make a new one"))
    with Case.open(directory, key=old_key, writer=True, allow_weak_key=True) as case:
        connection = case.connection
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()
            if str(mode[0]).lower() != "delete":
                raise sqlcipher3.OperationalError("database is locked")
            connection.execute("PRAGMA rekey = " + quote_key(new_key))
            connection.execute("PRAGMA journal_mode = WAL").fetchall()
        except sqlcipher3.OperationalError as error:
            raise CaseLocked(_(_IN_USE).format(directory=directory)) from error
    _verify(directory, old_key=old_key, new_key=new_key)


_IN_USE = N_(
    "{directory}: another process has the case open (the review workbench, a lookup); "
    "stop it (Ctrl-C where `leakmap review` runs), then run rekey again — nothing changed"
)


def _verify(directory: Path, *, old_key: str, new_key: str) -> None:
    with Case.open(directory, key=new_key, writer=False) as case:
        case.get_meta("schema_version")
    try:
        Case.open(directory, key=old_key, writer=False, allow_weak_key=True).close()
    except CaseKeyError:
        return
    raise CaseError(
        _("{directory}: the old key still opens the case; the rekey did not take").format(
            directory=directory
        )
    )
