"""The ``leakmap`` command: parse options, call the library, print a short summary.

This is the only module that turns exceptions into exit codes and one-line messages.
Nothing printed here names a person: counts, file paths and case paths only.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import NoReturn

import click

from leakmap import __version__
from leakmap.errors import LeakmapError, ScanCannotRun
from leakmap.i18n import (
    LANGUAGE_VARIABLE,
    LANGUAGES,
    _,
    active_language,
    adopt_case_language,
    ngettext,
    speaking,
)
from leakmap.link.registry_problems import (
    PROBLEM_COLUMNS,
    REGISTRY_PROBLEMS_FILE,
    SHOWN_PROBLEMS,
    RegistryProblemsError,
)
from leakmap.log_names import withhold_library_text
from leakmap.progress_display import ItemTally, ProgressDisplay, count_dump_files
from leakmap.settings import ScanSettings
from leakmap.store.case_folder import CASE_FOLDER


def main() -> None:
    """Entry point: run the command group, mapping leakmap errors to exit codes."""
    withhold_library_text()  # before any work: stderr never quotes a library's leaked text
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(_("aborted"), err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except LeakmapError as error:
        click.echo(f"leakmap: {error}", err=True)
        sys.exit(error.exit_code)


#: The scan's defaults, quoted in ``--help``.
_DEFAULTS = ScanSettings()


@click.group()
@click.version_option(__version__, prog_name="leakmap")
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default=None,
    help=f"Language of leakmap's messages, the review app and lookup (default: "
    f"${LANGUAGE_VARIABLE}, else the case's `language` in case.toml, else fr).",
)
def cli(language: str | None) -> None:
    """Find which patients a leaked hospital dump exposes, and what of theirs."""
    if language is not None:  # for this command's run only (tests run many in one process)
        click.get_current_context().with_resource(speaking(language))


@cli.command()
@click.argument("dump", type=click.Path(path_type=Path))
@click.option(
    "--registry",
    type=click.Path(path_type=Path),
    help="The patient registry: contract CSV, mapped CSV, FHIR R4 (JSON/NDJSON) or HL7 v2 ADT. "
    "Required, unless the case holds one from an earlier wave (then reused) or --no-registry.",
)
@click.option(
    "--no-registry",
    is_flag=True,
    help="Scan without a registry on purpose: nobody can be linked, so nobody is listed to "
    "notify; the people found are listed as unregistered.",
)
@click.option(
    "--registry-map",
    type=click.Path(path_type=Path),
    help="TOML column mapping for another CSV layout.",
)
@click.option(
    "--staff",
    type=click.Path(path_type=Path),
    help="The hospital's staff directory (CSV: family_name, given_names[, birth_date, job, "
    "department]): their names beside no patient data are not exposures.",
)
@click.option(
    "--out", "case_dir", required=True, type=click.Path(path_type=Path), help="The case directory."
)
@click.option("--workers", type=int, default=None, help="Worker processes (default: every core).")
@click.option(
    "--ray",
    "ray_address",
    default=None,
    help="Run per-file work on the Ray cluster at this address ('auto', 'ray://host:port', "
    "or 'local'); --workers then counts Ray workers.",
)
@click.option(
    "--notify-threshold",
    type=float,
    default=None,
    help=f"Probability to notify without review (default {_DEFAULTS.notify_threshold}).",
)
@click.option(
    "--review-threshold",
    type=float,
    default=None,
    help=f"Probability to send to review (default {_DEFAULTS.review_threshold}).",
)
@click.option(
    "--max-homonyms",
    type=click.IntRange(min=1),
    default=None,
    help="Most homonyms one ambiguous mention sends to review (default 30).",
)
@click.option(
    "--id-pattern", multiple=True, help="Regular expression of the hospital's IPP (repeatable)."
)
@click.option(
    "--test-pattern",
    "test_pattern",
    multiple=True,
    metavar="REGEX",
    help="Regular expression of the IPPs the hospital keeps for test records, searched in "
    "patient_id (repeatable; anchor it: '^9999'). Those, and registry rows named like tests "
    "(TEST, ZZTEST, PATIENT FICTIF, NE PAS UTILISER...), are never notified: see test_records.csv.",
)
@click.option(
    "--timeout",
    "timeout_s",
    type=float,
    default=None,
    help=f"Seconds one file may take (default {_DEFAULTS.per_file_timeout_s:g}).",
)
@click.option(
    "--linker",
    type=click.Choice(["auto", "python", "splink"]),
    default=None,
    help="Linkage engine (default auto: python, Splink for very large registries).",
)
@click.option(
    "--encrypt-outputs",
    is_flag=True,
    help="Write the outputs encrypted with age (*.age), for this scan and every later run on "
    "the case; `leakmap export CASE --to DIR` decrypts them.",
)
@click.option(
    "--quiet",
    is_flag=True,
    help="No live progress display: a few plain lines on stderr, as when stderr is not a "
    "terminal (LEAKMAP_QUIET=1 does the same).",
)
@click.option(
    "--wave",
    "wave_name",
    default=None,
    metavar="NAME",
    help="Name this scan's wave of the leak (e.g. forum-2025-03; default: its number). Each "
    "person's change (newly exposed, worsened, unchanged) goes to waves/NAME/changes.csv.",
)
def scan(
    dump: Path,
    registry: Path | None,
    registry_map: Path | None,
    staff: Path | None,
    case_dir: Path,
    workers: int | None,
    notify_threshold: float | None,
    review_threshold: float | None,
    max_homonyms: int | None,
    id_pattern: tuple[str, ...],
    test_pattern: tuple[str, ...],
    timeout_s: float | None,
    linker: str | None,
    ray_address: str | None,
    encrypt_outputs: bool,
    no_registry: bool,
    quiet: bool,
    wave_name: str | None,
) -> None:
    """Scan DUMP (a folder or an archive) into the case at --out.

    \b
    The case is an encrypted database: set LEAKMAP_KEY (64 hex characters, e.g.
    `python3 -c 'import secrets; print(secrets.token_hex(32))'`) and keep it in your
    secret store; every later command on the case needs the same key. Scanning the
    next wave of a leak into the same --out adds to the case; a stopped scan resumes.

    \b
    Defaults are in each option's help; they are recorded in the case, and `leakmap
    report` re-links with them. Progress goes to stderr: live on a terminal, plain
    lines otherwise.

    \b
    Outputs in --out (0600; *.age with --encrypt-outputs): affected.csv (patients to
    notify or review, with categories), unregistered.csv, documents.csv (every file,
    read or not and why), test_records.csv, case.toml (edit it before any letter),
    case.db. On registry problems: every one listed, registry_problems.csv past 50.
    """
    from leakmap.scan import scan as run_scan

    click.get_current_context().with_resource(adopt_case_language(case_dir))
    from leakmap.stage_table import format_top_stages
    from leakmap.wave_commands import format_wave_lines

    settings = _settings(workers, notify_threshold, review_threshold, id_pattern, timeout_s)
    if max_homonyms is not None:
        settings = replace(settings, max_listed_homonyms=max_homonyms)
    if linker is not None:
        settings = replace(settings, linker=linker)
    if ray_address:
        settings = replace(settings, ray_address=ray_address)
    if test_pattern:
        settings = replace(settings, test_patterns=test_pattern)
    if encrypt_outputs:
        from leakmap.case_commands import seal_case_outputs

        seal_case_outputs(case_dir)
        settings = replace(settings, encrypt_outputs=True)
    registry_note = _registry_choice(registry, no_registry=no_registry, case_dir=case_dir)
    starting = _("checking the engines, loading the registry")
    expected = count_dump_files(dump)
    with ProgressDisplay(
        live=False if quiet else None, starting=starting, expected_files=expected
    ) as display:
        if registry_note:
            display.line(registry_note)
        try:
            summary = run_scan(
                dump,
                registry=registry,
                registry_map=registry_map,
                staff=staff,
                case_dir=case_dir,
                settings=settings,
                progress=display.scan_event,
                wave_name=wave_name,
            )
        except RegistryProblemsError as error:
            display.close()
            _report_registry_problems(error, case_dir)
    title = _("leakmap scan — case {case} (wave {wave})")
    new = ngettext("{seen} ({new} new)", "{seen} ({new} new)", summary.files_new)
    figures = [
        (_("files in dump"), new.format(seen=summary.files_seen, new=summary.files_new)),
        (_("unreadable / partial"), f"{summary.unreadable} / {summary.partial}"),
        (_("patients to notify"), str(summary.notify)),
        (_("patients to review"), str(summary.review)),
        (_("unregistered people"), str(summary.unregistered)),
    ]
    took, outputs = _("took"), _("outputs")
    width = max(len(label) for label in (*(label for label, _v in figures), took, outputs)) + 1
    click.echo(
        "\n".join(
            [
                title.format(case=summary.case_dir, wave=summary.wave),
                *(f"  {label:<{width}}{value}" for label, value in figures),
                "  "
                + _("registry test records seen in the leak: {count} (test_records.csv)").format(
                    count=summary.test_records
                ),
                *format_wave_lines(summary),
                f"  {took:<{width}}{summary.seconds:.1f} s",
                *format_top_stages(summary.stages),
                f"  {outputs:<{width}}{_output_names(summary.case_dir)}",
                *_scan_warnings(no_registry=no_registry and not registry_note),
                *_next_steps(summary.case_dir, summary.review),
            ]
        )
    )


def _registry_choice(registry: Path | None, *, no_registry: bool, case_dir: Path) -> str:
    """Refuse a scan without a registry unless asked for; say when the case's is reused.

    Why: a scan without one used to exit 0 with "0 patients to notify" and no warning,
    which reads as "nobody was exposed".
    """
    if registry is not None and no_registry:
        raise ScanCannotRun(_("--registry and --no-registry together; give only one"))
    if registry is not None:
        return ""
    held = _registry_patients(case_dir)  # a case keeps its registry from wave to wave
    if not held and no_registry:
        return ""
    if not held:
        raise ScanCannotRun(
            _(
                "no --registry: give the patient registry with --registry REGISTRY, or "
                "--no-registry to scan without one on purpose (nobody could be notified)"
            )
        )
    return ngettext(
        "no --registry: reusing the registry the case holds from an earlier wave ({count} patient)",
        "no --registry: reusing the registry the case holds from an earlier wave "
        "({count} patients)",
        held,
    ).format(count=held)


def _registry_patients(case_dir: Path) -> int:
    """How many registry patients an existing case holds (0 where there is no case)."""
    from leakmap.store import Case
    from leakmap.store.case import DB_NAME

    if not (case_dir / DB_NAME).is_file():
        return 0
    with Case.open(case_dir, writer=False) as case:
        (count,) = case.connection.execute("SELECT COUNT(*) FROM patients").fetchone()
    return int(count)


def _report_registry_problems(error: RegistryProblemsError, case_dir: Path) -> NoReturn:
    """Print the registry's problems one a line (the first ones) and, when some are left
    off the screen, write them all to ``registry_problems.csv`` in the case folder."""
    from leakmap.report.output_files import write_output_csv

    lines = error.lines()
    if len(error.found) > SHOWN_PROBLEMS:
        written = write_output_csv(
            case_dir,
            case_dir / REGISTRY_PROBLEMS_FILE,
            PROBLEM_COLUMNS,
            (problem.as_row() for problem in error.found),
        )
        lines.append("  " + _("every problem is in {path}").format(path=written))
    click.echo(
        "\n".join(f"leakmap: {line}" if i == 0 else line for i, line in enumerate(lines)), err=True
    )
    sys.exit(error.exit_code)


def _scan_warnings(*, no_registry: bool) -> list[str]:
    if not no_registry:
        return []
    return [
        "  "
        + _("no registry (--no-registry): nobody could be linked, so nobody is listed to notify;"),
        "  " + _("scan again with --registry REGISTRY into the same case to link what was found"),
    ]


def _next_steps(case_dir: Path, to_review: int) -> list[str]:
    """What the DPO does next, in the README's order ("After the scan")."""
    review = " " + _("({count} waiting)").format(count=to_review) if to_review else ""
    edit = _("edit {path}: hospital, DPO, breach dates, hotline")
    return [
        _("next steps:"),
        "  1. " + edit.format(path=case_dir / "case.toml"),
        f"  2. leakmap user add {case_dir} NAME      " + _("a reviewer account"),
        f"  3. leakmap review {case_dir}             "
        + _("the workbench: doubtful matches")
        + review,
        f"  4. leakmap report {case_dir}             " + _("apply the reviewers' decisions"),
        f"  5. leakmap notify {case_dir}             "
        + _("letters, complaint kits, regulator report"),
    ]


@cli.command()
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--patients", type=int, default=5000, show_default=True)
@click.option("--files", type=int, default=300, show_default=True)
@click.option("--out", required=True, type=click.Path(path_type=Path))
@click.option(
    "--scanned-share",
    type=float,
    default=0.0,
    show_default=True,
    help="Share of reports printed and scanned (0..1).",
)
@click.option("--formats", is_flag=True, help="Add one file of each less common format.")
@click.option("--hostile", is_flag=True, help="Add the hostile-file set (bombs, deep nesting...).")
@click.option(
    "--export-families",
    "export_families",
    default="",
    metavar="NAMES",
    help="Add files of these export families (comma list, or 'all'): hl7_pam_fr, "
    "pmsi_lab_undelimited, fixed_width, headerless_csv, planning_pdf, spreadsheet_vendor, fhir_fr_core, "
    "hprim_sante, cda_r2_dmp, rpu_urgences, or_planning_docx, callback_html, consult_xlsx_days, "
    "lab_batch_pdf, mail_pasted_list, ods_two_row_header, xml_vendor_export, label_sheet_pdf, fiche_patient_txt.",
)
@click.option(
    "--family-files",
    type=int,
    default=None,
    help="Files of each export family (default: --files/20, or --files shared with --only-exports).",
)
@click.option(
    "--only-exports",
    is_flag=True,
    help="A dump of only the export families' files (no reports, mails).",
)
def synth(
    seed: int,
    patients: int,
    files: int,
    out: Path,
    scanned_share: float,
    formats: bool,
    hostile: bool,
    export_families: str,
    family_files: int | None,
    only_exports: bool,
) -> None:
    """Generate a fictitious hospital: registry.csv, dump/ and truth.json."""
    from leakmap.synth import generate_hospital
    from leakmap.synth.families import parse_family_names

    try:
        names = parse_family_names(export_families) if export_families else ()
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--export-families") from error
    if only_exports and not names:
        raise click.BadParameter("--only-exports needs --export-families", param_hint="--only-exports")  # fmt: skip
    summary = generate_hospital(
        out, seed=seed, patients=patients, files=files, scanned_share=scanned_share,
        formats=formats, hostile=hostile, export_families=names, family_files=family_files,
        only_exports=only_exports,
    )  # fmt: skip
    click.echo(f"fictitious hospital written to {out}: {summary}")


@cli.command()
@click.option("--truth", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--case", "case_dir", required=True, type=CASE_FOLDER)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--quiet", is_flag=True, help="No live progress display (plain lines on stderr).")
def evaluate(truth: Path, case_dir: Path, as_json: bool, quiet: bool) -> None:
    """Score a case against the ground truth of a fictitious hospital."""
    import json

    from leakmap.evaluate import evaluate_case, evaluation_as_json, format_evaluation

    with ProgressDisplay(live=False if quiet else None) as display:
        result = evaluate_case(case_dir, truth, progress=display.note)
    click.echo(
        json.dumps(evaluation_as_json(result), indent=2) if as_json else format_evaluation(result)
    )


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("demo"), show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--patients", type=int, default=2000, show_default=True)
@click.option("--files", type=int, default=120, show_default=True)
def demo(out: Path, seed: int, patients: int, files: int) -> None:
    """Generate a small fictitious hospital, scan it, evaluate the case."""
    from leakmap.demo import run_demo

    run_demo(out, seed=seed, patients=patients, files=files, echo=click.echo)


@cli.command()
@click.argument("case_dir", metavar="CASE", type=CASE_FOLDER)
@click.option(
    "--kind",
    type=click.Choice(["initial", "complementary"]),
    default=None,
    help="The regulator notification's kind (default: initial; complementary with --since-wave).",
)
@click.option(
    "--since-wave",
    default=None,
    metavar="WAVE",
    help="Complementary letters only for the people this wave (number or name, as the scan "
    "printed it) and later ones newly exposed or worsened; other letters are kept.",
)
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the letters (default: the language leakmap speaks to you).",
)
def notify(case_dir: Path, kind: str | None, language: str | None, since_wave: str | None) -> None:
    """Write letters, complaint kits and the regulator report into CASE (nothing is sent)."""
    from datetime import date

    from leakmap.notify import format_notify_summary, write_notifications
    from leakmap.report.case_info import load_case_info

    load_case_info(case_dir, today=date.today())  # a case.toml to fix: its one line, first
    writing = _("notify: writing letters, kits, report")
    with ProgressDisplay() as display, display.step(writing):
        outputs = write_notifications(
            case_dir, today=date.today(), kind=_notify_kind(kind, since_wave),
            language=language or active_language(), since_wave=since_wave,
            counted=ItemTally(display, _("letters")),
        )  # fmt: skip
    click.echo(_("letters and e-mail drafts in {path}").format(path=case_dir / "letters"))
    click.echo(_("complaint kits in {path}").format(path=case_dir / "complaint_kits"))
    click.echo(_("regulator report: {path}").format(path=outputs.regulator_report))
    for line in format_notify_summary(outputs):
        click.echo(line)


@cli.command()
@click.argument("case_dir", metavar="CASE", type=CASE_FOLDER)
@click.option("--family-name", default="")
@click.option("--given-names", "--given-name", default="")
@click.option("--birth-date", default="", help="YYYY-MM-DD or DD/MM/YYYY.")
@click.option("--ipp", default="", help="The patient's IPP, with --birth-date.")
def lookup(case_dir: Path, family_name: str, given_names: str, birth_date: str, ipp: str) -> None:
    """Tell one caller whether they are affected, with which categories (logged).

    Needs the family name, a given name and the birth date (or --ipp and --birth-date).
    """
    from leakmap.notify import look_up
    from leakmap.report.lookup import CallerQuery, format_caller_answer

    query = CallerQuery(family_name, given_names, _caller_date(birth_date), ipp)
    click.echo(format_caller_answer(look_up(case_dir, query)))


def _notify_kind(kind: str | None, since_wave: str | None) -> str:
    """A notify after a later wave completes the initial notification."""
    if since_wave is not None and kind == "initial":
        raise click.BadParameter(
            "--since-wave writes the complementary notification; drop --kind initial",
            param_hint="--kind",
        )
    return kind or ("complementary" if since_wave is not None else "initial")


def _caller_date(text: str) -> date | None:
    from leakmap.detect.dates import parse_date_cell

    if not text:
        return None
    parsed = parse_date_cell(text, today=date.today())
    if parsed is None:
        raise click.BadParameter(
            _("{text} is not a date; write YYYY-MM-DD or DD/MM/YYYY").format(text=repr(text))
        )
    return parsed


def _output_names(case_dir: Path) -> str:
    from leakmap.report.output_files import outputs_are_sealed

    suffix = ".age" if outputs_are_sealed(case_dir) else ""
    names = ("unregistered.csv", "documents.csv")
    return ", ".join([str(case_dir / f"affected.csv{suffix}"), *(n + suffix for n in names)])


def _register_commands() -> None:
    from leakmap.case_commands import export, rekey
    from leakmap.review.commands import report, review, user
    from leakmap.stage_commands import stages
    from leakmap.wave_commands import waves

    for command in (review, user, report, export, rekey, stages, waves):
        cli.add_command(command)
    from leakmap.match_command import match  # issue 14: leakmap match CASE FILES...

    cli.add_command(match)


def _settings(
    workers: int | None,
    notify: float | None,
    review: float | None,
    id_pattern: tuple[str, ...],
    timeout_s: float | None,
) -> ScanSettings:
    settings = ScanSettings()
    changes: dict[str, object] = {}
    if workers is not None:
        changes["workers"] = workers
    if notify is not None:
        changes["notify_threshold"] = notify
    if review is not None:
        changes["review_threshold"] = review
    if id_pattern:
        changes["ipp_patterns"] = id_pattern
    if timeout_s is not None:
        changes["per_file_timeout_s"] = timeout_s
    return replace(settings, **changes)  # type: ignore[arg-type]


_register_commands()
