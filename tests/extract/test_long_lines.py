"""A line of megabytes is read in windows, never whole: the windows cover the line, cut
between words, and a 60 MB one-line CSV is read in a fraction of the memory it took."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from leakmap.extract.long_lines import (
    LINE_WINDOW_BYTES,
    MAX_WINDOWED_BYTES,
    has_long_line,
    split_long_lines,
)
from leakmap.extract.spreadsheet import extract_csv
from leakmap.extract.text import extract_text
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus

_WORDS = b"FICTIF lorem ipsum dolor sit amet "


def test_has_long_line_tells_a_blob_from_a_long_file() -> None:
    lines = (_WORDS * 3 + b"\n") * 100_000  # 10 MB of short lines
    assert not has_long_line(lines)
    assert has_long_line(b"head\n" + _WORDS * (3 * LINE_WINDOW_BYTES // len(_WORDS)))


def test_split_long_lines_windows_cover_the_line_and_cut_between_words() -> None:
    line = _WORDS * (5 * LINE_WINDOW_BYTES // len(_WORDS))
    data = b"NOM;PRENOM\n" + line + b"\nTESTCORPUS;Fictif\n"
    split = split_long_lines(data)
    windows = list(split.windows(data))
    assert split.short_lines == b"NOM;PRENOM\nTESTCORPUS;Fictif\n"
    assert b"".join(windows) == line + b"\n"
    assert all(len(w) <= LINE_WINDOW_BYTES for w in windows)
    assert all(w.endswith((b" ", b"\n")) for w in windows)
    assert split.unread_bytes == 0


def test_split_long_lines_cuts_a_line_without_separators_on_a_character() -> None:
    line = "é".encode() * LINE_WINDOW_BYTES  # two bytes each, no separator
    windows = list(split_long_lines(line).windows(line))
    assert all(w.decode("utf-8") for w in windows)
    assert b"".join(windows) == line


def test_extract_csv_keeps_its_rows_and_reads_the_long_cell_as_text() -> None:
    cell = _WORDS * (3 * LINE_WINDOW_BYTES // len(_WORDS))
    data = b"NOM;PRENOM;NOTE\nTESTCORPUS;Fictif;" + cell + b"\nZZHOSTILE;Essai;court\n"
    parts = extract_csv(data, ScanSettings())
    assert [dict(r.cells)["NOM"] for r in parts.rows] == ["ZZHOSTILE"]
    assert parts.blocks[0].text.startswith("TESTCORPUS;Fictif;FICTIF lorem")
    assert sum(len(b.text) for b in parts.blocks) == len(b"TESTCORPUS;Fictif;" + cell + b"\n")
    assert parts.status is ReadStatus.READ


def test_extract_text_reads_long_lines_up_to_its_budget_then_says_partial() -> None:
    data = _WORDS * ((MAX_WINDOWED_BYTES + 2 * LINE_WINDOW_BYTES) // len(_WORDS))
    parts = extract_text(data, ScanSettings())
    assert parts.status is ReadStatus.PARTIAL
    assert parts.reason.startswith("too_large: long lines read to 16 MiB")
    assert sum(len(b.text) for b in parts.blocks) >= MAX_WINDOWED_BYTES - LINE_WINDOW_BYTES
    assert sum(len(b.text) for b in parts.blocks) <= MAX_WINDOWED_BYTES


#: The child prints its own peak RSS: ``ru_maxrss`` of a forked child starts from the
#: forking process's (pytest's, hundreds of MB after other tests), ``VmHWM`` does not.
_READ_IN_A_CHILD = """
import sys
from pathlib import Path
from leakmap.extract.spreadsheet import extract_csv
from leakmap.extract.text import extract_text
from leakmap.settings import ScanSettings
data = open(sys.argv[1], "rb").read()
for extract in (extract_text, extract_csv):
    parts = extract(data, ScanSettings())
    assert parts.blocks, extract
status = Path("/proc/self/status").read_text().splitlines()
print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")))
"""


def test_a_60_mb_line_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """Read whole, the line took 1.57 GB (``extract_text``) and 0.79 GB (``extract_csv``)."""
    path = tmp_path / "long.csv"
    with path.open("wb") as handle:
        handle.write(b"NOM;NOTE\nTESTCORPUS;")
        for _ in range((60 << 20) // (len(_WORDS) * 4096)):
            handle.write(_WORDS * 4096)
    child = subprocess.run(
        [sys.executable, "-c", _READ_IN_A_CHILD, str(path)], capture_output=True, text=True
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert int(child.stdout.split()[-1]) * 1024 < 400 << 20  # the file's 60 MB, windows, libraries


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000).map(lambda b: b.replace(b"\r", b"")))
def test_split_long_lines_loses_and_repeats_no_byte(data: bytes) -> None:
    split = split_long_lines(data, window=64, budget=1 << 20)
    windows = list(split.windows(data))
    assert len(split.short_lines) + sum(len(w) for w in windows) == len(data)
    assert all(0 < len(w) <= 64 for w in windows)
    assert sorted(split.short_lines + b"".join(windows)) == sorted(data)
    spans = split.window_spans
    assert all(a < b for a, b in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
