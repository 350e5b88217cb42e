"""Where a long command stands, on stderr: a live display on a terminal, plain lines elsewhere.

Why: a scan of a real dump runs for hours and ``notify`` on a few hundred patients for a
minute or two; a DPO who sees nothing cannot tell a slow run from a stuck one, nor plan
the day. On a terminal, rich draws one live panel (stage, files done out of those listed
so far, pages, OCR pages apart, rate, time left); in a CI log, a pipe, or with ``--quiet``
(``LEAKMAP_QUIET=1``) the same facts come as a few plain lines, never a carriage return.

The scan says what happened as typed ``ScanProgress`` events; this module alone decides
how to show them, in the user's language (``leakmap.i18n``). Nothing shown names a person
or a leaked file: counts and stages only.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from babel.numbers import format_decimal

from leakmap.i18n import N_, _, active_language

#: The environment variable that asks for plain lines even on a terminal (tests set it).
QUIET_VARIABLE = "LEAKMAP_QUIET"
#: Plain lines while reading: one every this many files, or this many seconds.
PLAIN_EVERY_FILES = 50
PLAIN_EVERY_S = 15.0


class ScanStage(StrEnum):
    """The stages of a scan, in order; ``label`` is how the display names them."""

    REGISTRY = N_("registry")
    READING = N_("reading the dump")
    LINKING = N_("linking to the registry")
    OUTPUTS = N_("writing the outputs")

    @property
    def label(self) -> str:
        """The stage's name in the user's language."""
        return _(self.value)


@dataclass(frozen=True, slots=True)
class ScanProgress:
    """Where a scan stands: sent by ``scan`` at each stage and after each file's results.

    ``listed`` counts the files on disk listed so far (the dump is listed while it is
    read, so the total grows until ``listing_done``); ``done`` the disk files finished
    (read, failed, or skipped as already in the case); ``entries`` every file the walk
    met, archive members and attachments included; ``pages`` the pages read, ``ocr_pages``
    those of them read by OCR.
    """

    stage: ScanStage
    listed: int = 0
    listing_done: bool = False
    done: int = 0
    entries: int = 0
    new: int = 0
    pages: int = 0
    ocr_pages: int = 0
    #: A short fact of the stage ("2000 patients"), never a person's data.
    detail: str = ""

    def __str__(self) -> str:
        if self.stage is not ScanStage.READING:
            if not self.detail:
                return self.stage.label
            return _("{stage}: {detail}").format(stage=self.stage.label, detail=self.detail)
        files = (
            _("{done}/{listed} files")
            if self.listing_done
            else _("{done} files of {listed} listed so far")
        )
        return _(
            "read {files} ({entries} counting archive members, {new} new), "
            "{pages} pages ({ocr_pages} by OCR)"
        ).format(
            files=files.format(done=self.done, listed=self.listed),
            entries=self.entries,
            new=self.new,
            pages=self.pages,
            ocr_pages=self.ocr_pages,
        )


def wants_live(stream: IO[str], *, quiet: bool = False) -> bool:
    """Whether to draw a live display: a terminal, and nobody asked for quiet."""
    if quiet or os.environ.get(QUIET_VARIABLE) == "1":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class ProgressDisplay:
    """One command's progress on ``stream`` (stderr): live or plain lines, same facts.

    Use as a context manager around the work; pass ``scan_event`` as the scan's
    ``progress`` callback, or use ``step`` / ``counting`` for other commands.
    """

    def __init__(
        self,
        stream: IO[str] | None = None,
        *,
        live: bool | None = None,
        starting: str = "",
        expected_files: int | None = None,
    ) -> None:
        """``live``: ``None`` decides by the stream (``wants_live``); ``starting``: what the
        live display says before the first event (a plain run prints nothing for it);
        ``expected_files``: the files on disk counted beforehand (``count_dump_files``), the
        total shown while the scan's own listing is still going."""
        self.starting = starting
        self.expected_files = expected_files
        self.stream = stream if stream is not None else sys.stderr
        self.live = wants_live(self.stream) if live is None else live
        self._progress: Any = None
        self._task: Any = None
        self._started = time.monotonic()
        self._reading_since: float | None = None
        self._last_plain = (0, 0.0)
        self._stage: ScanStage | None = None
        self._last_read: ScanProgress | None = None

    def __enter__(self) -> ProgressDisplay:
        if self.live:
            self._progress = _live_progress(self.stream)
            self._progress.start()
            if self.starting:
                self._task = self._progress.add_task(self.starting, total=None, facts="")
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the live display (what it last showed stays on the screen)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def note(self, text: str) -> None:
        """Where a command of a few steps stands: the live line's text, or a plain line."""
        if self._progress is None:
            self.line(text)
            return
        if self._task is None:
            self._task = self._progress.add_task(text, total=None, facts="")
        self._progress.update(self._task, description=text)

    # -- the scan ---------------------------------------------------------------------

    def scan_event(self, event: ScanProgress | str) -> None:
        """The scan's ``progress`` callback."""
        if isinstance(event, str):
            self.line(event)
            return
        first_of_stage = event.stage is not self._stage
        self._stage = event.stage
        if event.stage is ScanStage.READING and self._reading_since is None:
            self._reading_since = time.monotonic()
            self._last_plain = (0, self._reading_since)
        if self._progress is not None:
            if first_of_stage and self._last_read is not None:
                self.line(f"{self._last_read} · {self._pace(self._last_read)}")  # reading done
                self._last_read = None
            if first_of_stage and event.stage is not ScanStage.READING:
                self.line(str(event))
            self._show_live(event)
            if event.stage is ScanStage.READING:
                self._last_read = event
        elif first_of_stage and event.stage is not ScanStage.READING:
            self.line(str(event))
        elif event.stage is ScanStage.READING:
            self._show_plain(event)

    def _show_plain(self, event: ScanProgress) -> None:
        files, at = self._last_plain
        now = time.monotonic()
        finished = event.listing_done and event.done >= event.listed
        if not finished and event.done - files < PLAIN_EVERY_FILES and now - at < PLAIN_EVERY_S:
            return
        if finished and event.done == files and files:
            return
        self._last_plain = (event.done, now)
        self.line(f"{event} · {self._pace(event)}")

    def _total(self, event: ScanProgress) -> int | None:
        """The files to read: the scan's count once listed, else the count beforehand."""
        if event.listing_done:
            return event.listed
        if self.expected_files is not None:
            return max(self.expected_files, event.listed)
        return None

    def _pace(self, event: ScanProgress) -> str:
        """Rate and time left, from the reading so far (a rough guide, said as one)."""
        elapsed = time.monotonic() - (self._reading_since or self._started)
        rate = event.done / elapsed if elapsed >= 1 else 0.0
        total = self._total(event)
        if event.listing_done and event.done >= event.listed:
            took = _("took {duration}").format(duration=_duration(elapsed))
            return took + (", " + _files_rate(rate) if rate else "")
        if total is None:
            return _("{rate}, time left once listed").format(rate=_files_rate(rate))
        if rate <= 0:
            return _("time left: soon known")
        left = _duration((total - event.done) / rate)
        return _("{rate}, ~{duration} left").format(rate=_files_rate(rate), duration=left)

    def _show_live(self, event: ScanProgress) -> None:
        progress = self._progress
        if self._task is None:
            self._task = progress.add_task(event.stage.label, total=None, facts="")
        if event.stage is not ScanStage.READING:
            progress.update(
                self._task, description=event.stage.label, facts=event.detail, total=None
            )
            return
        total = self._total(event)
        if total is None:
            files = _("{done}/{listed}+ listed").format(done=event.done, listed=event.listed)
        else:
            files = f"{event.done}/{'' if event.listing_done else '~'}{total}"
        facts = _(
            "{files} files ({entries} with members) · {pages} pages, {ocr_pages} OCR · {pace}"
        ).format(
            files=files,
            entries=event.entries,
            pages=event.pages,
            ocr_pages=event.ocr_pages,
            pace=self._pace(event),
        )
        progress.update(
            self._task, description=event.stage.label, total=total, completed=event.done,
            facts=facts,
        )  # fmt: skip

    # -- other commands ---------------------------------------------------------------

    def line(self, text: str) -> None:
        """One plain line (above the live display when there is one)."""
        if self._progress is not None:
            self._progress.console.print(text, markup=False, highlight=False)
        else:
            print(text, file=self.stream, flush=True)

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        """A step of unknown length: a spinner and the time it has run live, a line
        plain; then a line with how long it took."""
        started = time.monotonic()
        task = None
        if self._progress is None:
            self.line(label)
        else:
            task = self._progress.add_task(label, total=None, facts="")
        yield
        if task is not None:
            self._progress.remove_task(task)
        took = _("took {duration}").format(duration=_duration(time.monotonic() - started))
        self.line(f"{label}: {took}")

    @contextmanager
    def counting(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        """A step of ``total`` items; yields ``advance(n)``. Plain: a line at the start,
        every tenth and at the end, with the rate and time left."""
        started = time.monotonic()
        done = [0, 0]  # items done, last tenth printed

        def advance(count: int = 1) -> None:
            done[0] += count
            if self._progress is not None:
                self._progress.update(task, completed=done[0])
                return
            tenth = done[0] * 10 // max(total, 1)
            if tenth > done[1] and done[0] < total:
                done[1] = tenth
                self.line(f"{label}: {done[0]}/{total} · {_rate(done[0], total, started)}")

        task = None
        if self._progress is not None:
            task = self._progress.add_task(label, total=total, facts="")
        else:
            self.line(f"{label}: 0/{total}")
        try:
            yield advance
        finally:
            if task is not None:
                self._progress.remove_task(task)
            else:
                took = _("took {duration}").format(duration=_duration(time.monotonic() - started))
                self.line(f"{label}: {done[0]}/{total}, {took}")


def _rate(done: int, total: int, started: float) -> str:
    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate > 0 else 0.0
    return _("{rate}/s, about {duration} left").format(
        rate=_decimal(rate), duration=_duration(left)
    )


def _files_rate(rate: float) -> str:
    return _("{rate} files/s").format(rate=_decimal(rate))


def _decimal(value: float) -> str:
    """``value`` with one decimal, written as the user's language writes it (``2,5`` in French)."""
    return format_decimal(round(value, 1), format="0.0", locale=active_language())


def _duration(seconds: float) -> str:
    """``42 s``, ``3 min 05 s``, ``2 h 07 min``."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def _live_progress(stream: IO[str]) -> Any:
    """rich's progress bars on ``stream``: stage, bar, counts, rate, elapsed, time left."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(file=stream, stderr=stream is sys.stderr)
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=16),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[facts]}"),
        console=console,
        refresh_per_second=4,
        transient=True,  # the stage lines printed above it stay; the bar goes at the end
    )


def count_dump_files(root: Path, *, budget_s: float = 2.0) -> int | None:
    """The files under ``root`` (names only, nothing opened), or ``None`` past ``budget_s``.

    Why: the scan lists the dump as it reads it, so its own total grows until the end;
    this quick count gives the display a total and a time left from the first file.
    """
    if not root.is_dir():
        return 1 if root.exists() else None
    deadline = time.monotonic() + budget_s
    count = 0
    for _folder, _subfolders, files in os.walk(root, followlinks=False):
        count += len(files)
        if time.monotonic() > deadline:
            return None
    return count


class ItemTally:
    """Items done out of a total, as a command reports them: ``letters 120/414``.

    Why apart from ``ProgressDisplay.counting``: ``notify`` learns its total only once it
    has routed the letters, deep in the library, and reports ``(done, total)`` through a
    callback; pass ``ItemTally(display, "letters")`` as that callback. Live: a bar with
    the count, the rate and the time left. Plain: a line at the start, one every tenth
    of the total (or every ``PLAIN_EVERY_S``), and one at the end with the time it took.
    """

    def __init__(self, display: ProgressDisplay, label: str) -> None:
        """``label``: what is counted, shown before the count (``letters``)."""
        self.display = display
        self.label = label
        self._task: Any = None
        self._started = time.monotonic()
        self._last_plain = (-1, 0.0)  # tenth printed, when

    def __call__(self, done: int, total: int) -> None:
        """Where the count stands: ``done`` of ``total``."""
        if done == 0:
            self._started = time.monotonic()
        progress = self.display._progress
        count = f"{self.label} {done}/{total}"
        if progress is not None:
            self._live(progress, count, done, total)
        elif done >= total:
            took = _("took {duration}").format(duration=_duration(time.monotonic() - self._started))
            self.display.line(f"{count}, {took}")
        elif done == 0:
            self.display.line(count)
            self._last_plain = (0, time.monotonic())
        else:
            self._plain(count, done, total)

    def _plain(self, count: str, done: int, total: int) -> None:
        tenth, at = self._last_plain
        now = time.monotonic()
        if done * 10 // max(total, 1) > tenth or now - at >= PLAIN_EVERY_S:
            self._last_plain = (done * 10 // max(total, 1), now)
            self.display.line(f"{count} · {_rate(done, total, self._started)}")

    def _live(self, progress: Any, count: str, done: int, total: int) -> None:
        if self._task is None:
            self._task = progress.add_task(self.label, total=total, facts="")
        facts = count if done == 0 else f"{count} · {_rate(done, total, self._started)}"
        progress.update(self._task, total=total, completed=done, facts=facts)
        if done >= total:
            progress.remove_task(self._task)
            self._task = None
            took = _("took {duration}").format(duration=_duration(time.monotonic() - self._started))
            self.display.line(f"{count}, {took}")
