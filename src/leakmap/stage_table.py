"""The stage times as text: the scan's closing lines, ``leakmap stages`` and ``make bench``.

One set of figures for all three, so that what the scan prints, what the case holds and
what the benchmark reports are the same numbers: CPU and wall seconds per stage, each
stage's share of the CPU, and the CPU seconds per file outside OCR (every stage but
``OCR_STAGES``, ``other`` included, over the files read), the figure issue 15 targets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from leakmap.i18n import _, ngettext
from leakmap.stage_clock import FILE_STAGE, OCR_STAGES, StageLedger, StageTime


@dataclass(frozen=True, slots=True)
class StageFigures:
    """The totals a table's closing lines give."""

    cpu_s: float
    ocr_cpu_s: float
    #: File contents read (calls of the ``extract`` stage).
    files: int

    @property
    def cpu_per_file_outside_ocr(self) -> float:
        """CPU seconds per file read, OCR left out (0 when no file was read)."""
        return (self.cpu_s - self.ocr_cpu_s) / self.files if self.files else 0.0


def stage_figures(rows: Iterable[StageTime]) -> StageFigures:
    """Totals of a set of rows."""
    rows = tuple(rows)
    return StageFigures(
        cpu_s=sum(r.cpu_s for r in rows),
        ocr_cpu_s=sum(r.cpu_s for r in rows if r.stage in OCR_STAGES),
        files=sum(r.calls for r in rows if r.stage == FILE_STAGE),
    )


def by_stage(rows: Iterable[StageTime]) -> tuple[StageTime, ...]:
    """The rows with every file kind of a stage summed into one (``kind`` empty)."""
    ledger = StageLedger()
    ledger.add(StageTime(r.stage, "", r.calls, r.cpu_s, r.wall_s) for r in rows)
    return ledger.rows()


def by_kind(rows: Iterable[StageTime]) -> tuple[StageTime, ...]:
    """Per file kind: every per-file stage summed (``stage`` empty, ``calls`` = files)."""
    totals: dict[str, list[float]] = {}
    for row in rows:
        if not row.kind:
            continue
        total = totals.setdefault(row.kind, [0, 0.0, 0.0])
        total[0] += row.calls if row.stage == FILE_STAGE else 0
        total[1] += row.cpu_s
        total[2] += row.wall_s
    return tuple(
        StageTime("", kind, int(files), cpu, wall)
        for kind, (files, cpu, wall) in sorted(totals.items(), key=lambda kv: -kv[1][1])
    )


def format_top_stages(rows: Sequence[StageTime], *, top: int = 5) -> list[str]:
    """The scan's closing lines: the costliest stages, then CPU s per file outside OCR."""
    figures = stage_figures(rows)
    if not figures.cpu_s:
        return []
    costly = sorted(by_stage(rows), key=lambda r: -r.cpu_s)[:top]
    lines = [
        "  "
        + _(
            "costliest stages     (CPU s, wall s summed over workers, share of {cpu} CPU s)"
        ).format(cpu=f"{figures.cpu_s:.1f}")
    ]
    lines += [
        f"    {r.stage:<10} {r.cpu_s:8.2f} {r.wall_s:8.2f} {_share(r, figures):6.1%}"
        for r in costly
    ]
    files = ngettext("{count} file read", "{count} files read", figures.files)
    lines.append(
        "  "
        + _("CPU s per file outside OCR  {cpu} ({files})").format(
            cpu=f"{figures.cpu_per_file_outside_ocr:.3f}",
            files=files.format(count=figures.files),
        )
    )
    return lines


def format_stage_table(rows: Sequence[StageTime]) -> list[str]:
    """The whole table: each stage by file kind, each stage's total, each kind's total."""
    figures = stage_figures(rows)
    header = _header(_("stage"), _("calls"))
    lines = [header, "-" * len(header)]
    for total in by_stage(rows):
        kinds = [r for r in rows if r.stage == total.stage and _shown(r)]
        shown = kinds if len(kinds) > 1 or (kinds and kinds[0].kind) else []
        lines.append(_line(total, figures, kind=_("(all)") if shown else ""))
        lines += [_line(r, figures, kind=f"  {r.kind or '-'}") for r in shown]
    lines += [
        "",
        _header(_("by kind"), _("files")),
    ]
    lines += [_line(r, figures, kind=r.kind) for r in by_kind(rows)]
    lines += [
        "",
        _("(kinds under {seconds} s CPU and wall left out of a stage's lines)").format(
            seconds=_SHOWN_S
        ),
        _(
            "total CPU s {cpu}, of which OCR {ocr}; {files}; CPU s per file outside OCR {per_file}"
        ).format(
            cpu=f"{figures.cpu_s:.2f}",
            ocr=f"{figures.ocr_cpu_s:.2f}",
            files=ngettext("{count} file read", "{count} files read", figures.files).format(
                count=figures.files
            ),
            per_file=f"{figures.cpu_per_file_outside_ocr:.4f}",
        ),
    ]
    return lines


def _header(first: str, counted: str) -> str:
    """A table's header line, its words in the user's language, padded to the columns."""
    kind, cpu, wall, share = _("kind"), _("CPU s"), _("wall s"), _("share")
    return f"{first:<10} {kind:<8} {counted:>7} {cpu:>9} {wall:>9} {share:>7}"


#: A stage's line for one kind is shown from this many seconds of CPU or wall time.
_SHOWN_S = 0.005


def _shown(row: StageTime) -> bool:
    return row.cpu_s >= _SHOWN_S or row.wall_s >= _SHOWN_S


def _line(row: StageTime, figures: StageFigures, *, kind: str) -> str:
    return (
        f"{row.stage:<10} {kind:<8} {row.calls:>7} {row.cpu_s:>9.2f} {row.wall_s:>9.2f} "
        f"{_share(row, figures):>7.1%}"
    )


def _share(row: StageTime, figures: StageFigures) -> float:
    return row.cpu_s / figures.cpu_s if figures.cpu_s else 0.0
