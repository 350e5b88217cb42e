"""The regulator report's charts, drawn with matplotlib's Agg canvas into PNG bytes.

Figures are built with ``matplotlib.figure.Figure`` and an explicit Agg canvas, never
through ``pyplot``: no global state, no display needed, safe beside the review app.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from leakmap.report.plain_words import SEVERITY_WORDS, SHORT_CATEGORY_WORDS
from leakmap.report.regulator_facts import RegulatorFacts
from leakmap.vocabulary import ReadStatus, Severity

_DPI = 150
_TOP_FOLDERS = 15
_BAR = "#3b6ea5"
_SEVERITY_COLOURS = {
    Severity.LOW: "#8fbf6f",
    Severity.MEDIUM: "#f2c14e",
    Severity.HIGH: "#e8833a",
    Severity.VERY_HIGH: "#c0392b",
}
_STATUS_COLOURS = {
    ReadStatus.READ: "#3b6ea5",
    ReadStatus.PARTIAL: "#f2c14e",
    ReadStatus.UNREADABLE: "#c0392b",
}
_STATUS_WORDS = {
    ReadStatus.READ: "lu",
    ReadStatus.PARTIAL: "lu en partie",
    ReadStatus.UNREADABLE: "illisible",
}


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart: where the report puts it, the caption under it, its PNG bytes.

    The bytes travel with the chart so the PDF embeds them from memory and the file is
    written once, 0600 or sealed, by ``regulator.write_regulator_report``.
    """

    path: Path
    caption: str
    png: bytes


def draw_charts(directory: Path, facts: RegulatorFacts) -> tuple[Chart, ...]:
    """Draw the four charts (named for their place in ``directory``); return them in order.

    Nothing is written here: the caller writes each chart's ``png``.
    """
    return (
        _people_by_category(directory / "people_by_category.png", facts),
        _people_by_severity(directory / "people_by_severity.png", facts),
        _people_by_folder(directory / "people_by_folder.png", facts),
        _documents_by_kind(directory / "documents_by_kind_status.png", facts),
    )


def _people_by_category(path: Path, facts: RegulatorFacts) -> Chart:
    labels = [SHORT_CATEGORY_WORDS[c] for c, _ in facts.by_category]
    values = [n for _, n in facts.by_category]
    png = _horizontal_bars(labels, values, "Patients concernés")
    return Chart(path, "Patients concernés par catégorie de données", png)


def _people_by_severity(path: Path, facts: RegulatorFacts) -> Chart:
    figure = _figure(6.5, 2.6)
    axes = figure.add_subplot()
    severities = [s for s, _ in facts.by_severity]
    values = [n for _, n in facts.by_severity]
    labels = [SEVERITY_WORDS["fr"][s] for s in severities]
    bars = axes.bar(labels, values, color=[_SEVERITY_COLOURS[s] for s in severities])
    axes.bar_label(bars, padding=2)
    axes.set_ylabel("Patients")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.margins(y=0.15)
    _tidy(axes)
    return Chart(
        path, "Patients concernés par niveau de gravité (méthode ENISA 2013)", _png(figure)
    )


def _people_by_folder(path: Path, facts: RegulatorFacts) -> Chart:
    shown = facts.by_folder[:_TOP_FOLDERS]
    png = _horizontal_bars([f for f, _ in shown], [n for _, n in shown], "Patients concernés")
    more = len(facts.by_folder) - len(shown)
    suffix = f" ({more} autres dossiers non représentés)" if more > 0 else ""
    return Chart(path, f"Patients concernés par dossier de service{suffix}", png)


def _documents_by_kind(path: Path, facts: RegulatorFacts) -> Chart:
    kinds = sorted({k for k, _, _ in facts.by_kind_status}, key=lambda k: k.value)
    counts = {(k, s): n for k, s, n in facts.by_kind_status}
    figure = _figure(6.5, max(2.0, 0.3 * len(kinds) + 1.1))
    axes = figure.add_subplot()
    left = [0] * len(kinds)
    for status in ReadStatus:
        values = [counts.get((k, status), 0) for k in kinds]
        axes.barh(
            [k.value for k in kinds], values, left=left,
            color=_STATUS_COLOURS[status], label=_STATUS_WORDS[status],
        )  # fmt: skip
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel("Documents")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False, fontsize=8)
    _tidy(axes)
    return Chart(path, "Documents publiés par type et par état de lecture", _png(figure))


def _horizontal_bars(labels: Sequence[str], values: Sequence[int], xlabel: str) -> bytes:
    figure = _figure(6.5, max(2.2, 0.32 * len(labels) + 1.0))
    axes = figure.add_subplot()
    bars = axes.barh(list(labels) or [""], list(values) or [0], color=_BAR)
    axes.bar_label(bars, padding=2, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.margins(x=0.12)
    axes.tick_params(axis="y", labelsize=8)
    _tidy(axes)
    return _png(figure)


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _tidy(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI)
    return buffer.getvalue()
