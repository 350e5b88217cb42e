"""``leakmap export`` and ``leakmap rekey``: the case's outputs in the clear, and a new key.

Both are deliberate acts on a case's secrets, so both say plainly what they did and what
the user must do next; neither prints a person's name or a key.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from leakmap.i18n import _
from leakmap.store import KEY_VARIABLE, Case, case_key
from leakmap.store.case_folder import CASE_FOLDER
from leakmap.store.export import export_outputs
from leakmap.store.output_keys import seal_outputs
from leakmap.store.rekey import rekey_case

NEW_KEY_VARIABLE = "LEAKMAP_NEW_KEY"


@click.command()
@click.argument("case_dir", type=CASE_FOLDER)
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(path_type=Path),
    help="A new (or empty) folder outside the case and the dump; created 0700.",
)
def export(case_dir: Path, target: Path) -> None:
    """Write the case's outputs, decrypted, into a private folder (files 0600)."""
    summary = export_outputs(case_dir, target)
    click.echo(
        _(
            "exported {files} files ({decrypted} decrypted) to {target}; they are plaintext "
            "now: keep them off shared drives and delete them when done"
        ).format(files=summary.files, decrypted=summary.decrypted, target=summary.target)
    )


@click.command()
@click.argument("case_dir", type=CASE_FOLDER)
@click.option(
    "--new-key-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help=f"File holding the new key (default: ${NEW_KEY_VARIABLE}).",
)
def rekey(case_dir: Path, new_key_file: Path | None) -> None:
    """Re-encrypt the case database under a new key ($LEAKMAP_NEW_KEY or --new-key-file)."""
    old_key = case_key(allow_weak=True)
    if new_key_file is not None:
        new_key = new_key_file.read_text(encoding="utf-8").strip()
    else:
        new_key = os.environ.get(NEW_KEY_VARIABLE, "")
    if not new_key:
        raise click.UsageError(
            _("give the new key in ${variable} or with --new-key-file").format(
                variable=NEW_KEY_VARIABLE
            )
        )
    rekey_case(case_dir, old_key=old_key, new_key=new_key)
    click.echo(
        _(
            "{case}: re-encrypted under the new key and checked (the old key no longer "
            "opens it); set {variable} to the new key from now on"
        ).format(case=case_dir, variable=KEY_VARIABLE)
    )


def seal_case_outputs(case_dir: Path) -> bool:
    """``scan --encrypt-outputs``: seal the case's outputs from now on; True when newly so."""
    with Case.open(case_dir) as case:
        return seal_outputs(case)
