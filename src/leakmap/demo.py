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
    echo(f"1/4 generating a fictitious hospital ({patients} patients, {files} files) in {hospital}")
    generate_hospital(hospital, seed=seed, patients=patients, files=files)
    echo(f"2/4 scanning {hospital / 'dump'} into {case_dir}")
    summary = scan(
        hospital / "dump",
        registry=hospital / "registry.csv",
        case_dir=case_dir,
        progress=ProgressDisplay(live=False).scan_event,
    )
    echo(
        f"    {summary.notify} to notify, {summary.review} to review, {summary.unregistered} unregistered"
    )
    echo("3/4 evaluating the case against the ground truth")
    echo(format_evaluation(evaluate_case(case_dir, hospital / "truth.json")))
    echo("4/4 writing letters, complaint kits and the regulator report (nothing is sent)")
    outputs = write_notifications(case_dir, today=date.today())
    echo(
        f"    {outputs.letters.written} letters in {case_dir / 'letters'}, {outputs.kits} complaint kits"
    )
    echo(f"    regulator report: {outputs.regulator_report}")
    echo("")
    echo(f"case:        {case_dir} (encrypted database case.db; CSV outputs beside it)")
    echo(f"case key:    {out / 'leakmap.key'} (export {KEY_VARIABLE}=$(cat {out / 'leakmap.key'}))")
    echo(f"ground truth {hospital / 'truth.json'}")
