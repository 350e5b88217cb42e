"""Fuzzing every parser a worker runs: a valid seed file per format, mutated by
Hypothesis (bytes flipped, cut, inserted, repeated, spliced), then walked and extracted
as a scan's worker does it (``walk_dump`` sniffs and opens containers, ``extract_file``
reads each file). Whatever the bytes, every file must come back as a document with a
contract status, within ``_HANG_S`` seconds, and nothing may raise.

In the normal suite each format runs ``LEAKMAP_FUZZ_EXAMPLES`` (default 6) derandomized
examples, a few seconds; ``make fuzz`` raises it and draws at random. A failure found
here becomes a file of ``tests/hostile/`` (its shape, written by code).
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fuzz_seeds import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakmap.extract.registry import extract_file
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus
from leakmap.walk.dump import walk_dump

_EXAMPLES = int(os.environ.get("LEAKMAP_FUZZ_EXAMPLES", "6"))
#: A long run draws new inputs each time; the normal suite's few are the same each run.
_DERANDOMIZE = "LEAKMAP_FUZZ_EXAMPLES" not in os.environ
#: Seconds one input may take, walk and extraction together, before it counts as a hang.
_HANG_S = 30
_SCAN_SETTINGS = ScanSettings(workers=1, use_ner=False)
_MUTATIONS = ("flip", "cut", "insert", "delete", "repeat", "splice")


class _Hang(Exception):
    """An input kept a parser busy past ``_HANG_S``."""


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise _Hang(f"parsing took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@st.composite
def _mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with up to eight random edits."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 8))):
        operation = draw(st.sampled_from(_MUTATIONS))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if operation == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif operation == "cut":
            del data[at:]
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 256))]
        elif operation == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 64))] * draw(st.integers(2, 200))
        elif operation == "splice":
            data[at : at + 4] = draw(st.sampled_from(_INTERESTING))
    return bytes(data)


#: Values that make parsers take other paths: lengths and counts at their limits.
_INTERESTING = (
    b"\xff\xff\xff\xff",
    b"\x00\x00\x00\x00",
    b"\x7f\xff\xff\xff",
    b"\x00\x00\x00\x80",
    b"9999",
    b"-1 0",
    b"obj ",
    b"PK\x03\x04",
)


def _read_all(path: Path) -> list[tuple[str, ReadStatus]]:
    with _deadline(_HANG_S):
        documents = [extract_file(file, _SCAN_SETTINGS) for file in walk_dump(path, _SCAN_SETTINGS)]
    return [(document.path, document.status) for document in documents]


@pytest.fixture(scope="module")
def fuzz_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="leakmap-fuzz-") as name:
        yield Path(name)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_fuzz_parser_survives_mutated_files(name: str, fuzz_dir: Path) -> None:
    suffix, make_seed = SEEDS[name]
    seed = make_seed()
    path = fuzz_dir / f"leaked{suffix}"
    assert _read_all(_written(path, seed))[0][1] is ReadStatus.READ  # the seed itself reads

    @settings(
        max_examples=_EXAMPLES,
        deadline=None,
        derandomize=_DERANDOMIZE,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.one_of(_mutated(seed), st.binary(max_size=2048).map(lambda b: seed[:8] + b)))
    def survives(data: bytes) -> None:
        rows = _read_all(_written(path, data))
        assert rows, "no document for the file"
        assert rows[0][0] == path.name
        assert all(status in ReadStatus for _, status in rows)

    survives()


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
