"""Text whose lines run for megabytes, read in windows instead of whole.

A CSV export with one 300 MB cell, a log without line breaks or a minified dump is one
physical line. Decoded, normalised, split into cells and searched whole, such a line
held a worker at 1 to 2.5 GB for 300 s (issue 17): every copy is the whole line. Here a
line longer than ``LINE_WINDOW_BYTES`` is cut into windows of at most that size, each
decoded on its own, so that no step ever holds more than one window beyond the file's
own bytes. A cut falls on the last space, tab, comma or semicolon before the window's end
when there is one near it, so that a word or an identifier is not split in two; else on
a UTF-8 character boundary.

Measured on a 60 MB one-line CSV, peak RSS of the process: read whole, ``extract_text``
1.57 GB (1.2 s) and ``extract_csv`` 0.79 GB; in windows 0.15 GB (0.17 s) and 0.18 GB
(0.27 s); ``tests/extract/test_long_lines.py`` holds it under 400 MB. Detection then
reads the windows at about 0.3 MB/s, hence ``MAX_WINDOWED_BYTES``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

#: Longest line read whole; longer ones are read in windows of this size.
LINE_WINDOW_BYTES = 1024 * 1024
#: Bytes of long lines read per file, at most. Detection reads about 0.3 MB of windowed
#: text a second on one core (4 MB: 12 s), so a 300 MB line read whole would outlast any
#: timeout; past this the file is ``partial`` (``too_large``), its short lines all read.
MAX_WINDOWED_BYTES = 16 * 1024 * 1024
#: How far back from a window's end a cut looks for a separator.
_CUT_LOOKBACK = 4096
_SEPARATORS = (b" ", b"\t", b";", b",")
_UTF8_CONTINUATION = range(0x80, 0xC0)


@dataclass(frozen=True, slots=True)
class LineSplit:
    """A file's short lines (kept together, in order) and where its long lines' windows
    lie (``(start, end)`` byte offsets), so that a window is copied only when it is read."""

    short_lines: bytes
    window_spans: tuple[tuple[int, int], ...]
    #: Bytes of long lines left unread past ``MAX_WINDOWED_BYTES``.
    unread_bytes: int = 0

    def windows(self, data: bytes) -> Iterator[bytes]:
        """Each window's bytes, one at a time."""
        for start, end in self.window_spans:
            yield data[start:end]


def has_long_line(data: bytes, *, window: int = LINE_WINDOW_BYTES) -> bool:
    """Whether some line is long enough to be read in windows.

    Looks for an aligned stretch of ``window`` bytes without a line break: ``len(data) /
    window`` searches, whatever the number of lines. A line of twice ``window`` or more
    always holds such a stretch; one between ``window`` and twice it may not, and is then
    read whole (it is still small).
    """
    for start in range(0, len(data) - window + 1, window):
        if data.find(b"\n", start, start + window) == -1 and (
            data.find(b"\r", start, start + window) == -1
        ):
            return True
    return False


def split_long_lines(
    data: bytes, *, window: int = LINE_WINDOW_BYTES, budget: int = MAX_WINDOWED_BYTES
) -> LineSplit:
    """The short lines of ``data`` joined as they were, and the long lines' windows up to
    ``budget`` bytes of them."""
    short: list[bytes] = []
    spans: list[tuple[int, int]] = []
    unread = 0
    for start, end in _line_spans(data):
        if end - start <= window:
            short.append(data[start:end])
            continue
        for a, b in _window_spans(data, start, end, window):
            if budget >= b - a:
                spans.append((a, b))
                budget -= b - a
            else:
                unread += b - a
    return LineSplit(b"".join(short), tuple(spans), unread)


def _line_spans(data: bytes) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line, its line break included."""
    start = 0
    while start < len(data):
        newline = data.find(b"\n", start)
        end = len(data) if newline == -1 else newline + 1
        yield start, end
        start = end


def _window_spans(data: bytes, start: int, end: int, window: int) -> Iterator[tuple[int, int]]:
    while end - start > window:
        cut = _cut(data, start, start + window)
        yield start, cut
        start = cut
    if end > start:
        yield start, end


def _cut(data: bytes, start: int, limit: int) -> int:
    """Where the window from ``start`` ends: after a separator near ``limit`` if any,
    else at a character boundary at or before ``limit``."""
    floor = max(start + 1, limit - _CUT_LOOKBACK)
    best = max(data.rfind(separator, floor, limit) for separator in _SEPARATORS)
    if best != -1:
        return best + 1
    cut = limit
    while cut > floor and data[cut] in _UTF8_CONTINUATION:
        cut -= 1
    return cut
