"""Reports written as plain text, the way old software exports and dictation files look."""

from __future__ import annotations

import random

from leakmap.synth.plan import Barcode, Grid, Report, Style, Text


def render_text(report: Report, rng: random.Random) -> bytes:
    """The report as text (UTF-8 or cp1252), tables as aligned columns."""
    lines = report_lines(report)
    encoding = rng.choice(("utf-8", "utf-8", "cp1252"))
    return ("\r\n" if rng.random() < 0.4 else "\n").join(lines).encode(encoding)


def report_lines(report: Report) -> list[str]:
    """The report's lines as a word processor would hold them (barcodes left out)."""
    lines = list(report.letterhead) + [""]
    for block in report.blocks:
        if isinstance(block, Barcode):
            continue
        if isinstance(block, Grid):
            lines += _grid_lines(block)
        elif isinstance(block, Text):
            if block.style is Style.TITLE:
                lines += [line.upper() for line in block.lines] + ["=" * 40]
            else:
                lines += list(block.lines)
        lines.append("")
    return lines


def _grid_lines(grid: Grid) -> list[str]:
    rows = [grid.header, *grid.rows] if any(grid.header) else list(grid.rows)
    columns = max(len(row) for row in rows)
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(columns)]
    return ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=False)).rstrip() for row in rows]  # fmt: skip
