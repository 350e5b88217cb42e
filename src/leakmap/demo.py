"""``leakmap demo``: a fictitious hospital, scanned and scored, end to end.

The demo keeps its case key in ``DIR/leakmap.key`` (created with owner-only permissions)
and tells the user so: a real case's key belongs in the hospital's secret store, never
beside the case.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import date
from pathlib import Path

from leakmap.evaluate import evaluate_case, format_evaluation
from leakmap.i18n import _
from leakmap.notify import write_notifications
from leakmap.private_files import write_private_text
from leakmap.progress_display import ProgressDisplay
from leakmap.scan import scan
from leakmap.store import KEY_VARIABLE
from leakmap.synth import generate_hospital


def demo_key(out: Path) -> str:
    """The demo's case key: ``$LEAKMAP_KEY`` if set, else kept in ``out/leakmap.key``."""
    if os.environ.get(KEY_VARIABLE):
        return os.environ[KEY_VARIABLE]
    key_file = out / "leakmap.key"
    if not key_file.exists():
        write_private_text(key_file, secrets.token_hex(32) + "\n")
    return key_file.read_text(encoding="utf-8").strip()


def run_demo(
    out: Path, *, seed: int, patients: int, files: int, echo: Callable[[str], None]
) -> None:
    """Generate, scan and evaluate; print where everything is."""
    hospital = out / "hospital"
    case_dir = out / "case"
    os.environ[KEY_VARIABLE] = demo_key(out)
    echo(
        "1/4 "
        + _(
            "generating a fictitious hospital ({patients} patients, {files} files) in {path}"
        ).format(patients=patients, files=files, path=hospital)
    )
    generate_hospital(hospital, seed=seed, patients=patients, files=files)
    echo("2/4 " + _("scanning {dump} into {case}").format(dump=hospital / "dump", case=case_dir))
    summary = scan(
        hospital / "dump",
        registry=hospital / "registry.csv",
        case_dir=case_dir,
        progress=ProgressDisplay(live=False).scan_event,
    )
    echo(
        "    "
        + _("{notify} to notify, {review} to review, {unregistered} unregistered").format(
            notify=summary.notify, review=summary.review, unregistered=summary.unregistered
        )
    )
    echo("3/4 " + _("evaluating the case against the ground truth"))
    echo(format_evaluation(evaluate_case(case_dir, hospital / "truth.json")))
    echo("4/4 " + _("writing letters, complaint kits and the regulator report (nothing is sent)"))
    outputs = write_notifications(case_dir, today=date.today())
    echo(
        "    "
        + _("{letters} letters in {path}, {kits} complaint kits").format(
            letters=outputs.letters.written, path=case_dir / "letters", kits=outputs.kits
        )
    )
    echo("    " + _("regulator report: {path}").format(path=outputs.regulator_report))
    echo("")
    key_file = out / "leakmap.key"
    echo(
        _("case:        {case} (encrypted database case.db; CSV outputs beside it)").format(
            case=case_dir
        )
    )
    echo(
        _("case key:    {path} (export {variable}=$(cat {path}))").format(
            path=key_file, variable=KEY_VARIABLE
        )
    )
    echo(_("ground truth {path}").format(path=hospital / "truth.json"))
