"""``leakmap stages CASE``: where the case's scans spent their time, stage by stage.

Reads the case's ``stage_times`` table (``store/stage_times.py``): every wave summed, or
one with ``--wave``. Counts and seconds only, never a file's or a person's name.
"""

from __future__ import annotations

from pathlib import Path

import click

from leakmap.i18n import _
from leakmap.stage_table import format_stage_table
from leakmap.store import Case
from leakmap.store.case_folder import CASE_FOLDER
from leakmap.store.stage_times import load_stage_times, stage_waves


@click.command()
@click.argument("case_dir", type=CASE_FOLDER)
@click.option("--wave", type=int, default=None, help="Only this wave (default: every wave).")
def stages(case_dir: Path, wave: int | None) -> None:
    """Print the CPU and wall seconds of each scan stage and file kind, from the case."""
    with Case.open(case_dir, writer=False) as case:
        waves = stage_waves(case)
        rows = load_stage_times(case, wave=wave)
    listed = ", ".join(map(str, waves))
    if not rows:
        asked = _("wave {wave}").format(wave=wave) if wave is not None else _("any wave")
        click.echo(
            _(
                "{case}: no stage times for {asked} (waves with times: {waves}; scans record "
                "them from this version on)"
            ).format(case=case_dir, asked=asked, waves=listed or _("none"))
        )
        return
    scope = (
        _("wave {wave}").format(wave=wave)
        if wave is not None
        else _("waves {waves}").format(waves=listed)
    )
    click.echo(_("leakmap stages — case {case} ({scope})").format(case=case_dir, scope=scope))
    click.echo("\n".join(format_stage_table(rows)))
