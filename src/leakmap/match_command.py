"""``leakmap match CASE FILES...``: the hotline's and the regulator's question, answered.

Prints one line per queried file: its place in the command line, its verdict, the case
documents it comes from (by their sha256 reference, as ``documents.csv`` has them), the
pages, the score and the patients (ids and a count). Never a file name, never a person's
name: a name of a leaked file is leaked data. The full answer is ``matches.csv`` in the
case, written like every output (0600, sealed when the case seals its outputs).
"""

from __future__ import annotations

from pathlib import Path

import click

from leakmap.i18n import _, ngettext
from leakmap.log_names import file_ref
from leakmap.match import FileMatch, Verdict, match_files
from leakmap.settings import ScanSettings
from leakmap.store.case_folder import CASE_FOLDER

#: Patient ids printed per file at most (the rest are in ``matches.csv``).
_IDS_SHOWN = 5


@click.command()
@click.argument("case_dir", type=CASE_FOLDER)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--workers", type=int, default=None, help="Worker processes (default: the scan's).")
def match(case_dir: Path, files: tuple[Path, ...], workers: int | None) -> None:
    """Tell whether FILES (documents, images, archives, mails, folders) come from the case's
    leak: which documents and pages, which patients, and whether they hold new data."""
    settings = ScanSettings() if workers is None else ScanSettings(workers=workers)
    report = match_files(case_dir, list(files), settings=settings)
    if report.fingerprinted < report.case_documents:
        click.echo(
            _(
                "note: {missing} of the case's {total} contents have no fingerprint (scanned "
                "before fingerprints): they are matched by sha256 only"
            ).format(
                missing=report.case_documents - report.fingerprinted, total=report.case_documents
            ),
            err=True,
        )
    for line in _table(report.files):
        click.echo(line)
    new = sum(f.verdict == Verdict.NEW_DATA for f in report.files)
    if new:
        click.echo(
            ngettext(
                "{count} file holds text no case document holds: possibly new data; scan it "
                "as a new wave: leakmap scan FOLDER --registry REGISTRY --out {case} --wave NAME",
                "{count} files hold text no case document holds: possibly new data; scan them "
                "as a new wave: leakmap scan FOLDER --registry REGISTRY --out {case} --wave NAME",
                new,
            ).format(count=new, case=case_dir)
        )
    click.echo(_("written: {path}").format(path=report.written))


def _table(files: tuple[FileMatch, ...]) -> list[str]:
    words = (_("file"), _("verdict"), _("document"), _("pages"), _("score"), _("method"))
    header = "{:>3}  {:<18} {:<10} {:<18} {:<8} {:>5}  {:<6} ".format("#", *words)
    lines = [header + _("patients")]
    for file in files:
        hit = file.hits[0] if file.hits else None
        patients = file.patients
        shown = ", ".join(patients[:_IDS_SHOWN]) + (" …" if len(patients) > _IDS_SHOWN else "")
        lines.append(
            f"{file.query:>3}  {file_ref(file.sha256):<18} {file.verdict:<10} "
            f"{file_ref(hit.sha256) if hit else '-':<18} "
            f"{';'.join(map(str, hit.pages)) if hit and hit.pages else '-':<8} "
            f"{hit.score if hit else 0:>5.2f}  {hit.method if hit else '-':<6} "
            f"{len(patients)} {shown}".rstrip()
        )
        for other in file.hits[1:]:
            lines.append(f"{'':>3}  {'':<18} {'':<10} {file_ref(other.sha256):<18} "
                         f"{';'.join(map(str, other.pages)) or '-':<8} {other.score:>5.2f}  "
                         f"{other.method:<6} {len(other.patients)}")  # fmt: skip
    return lines
