"""One pass over the addressees: each person's letter, kit and draft, in the worker pool.

Why one pass: the letter, the kit and the draft of a person share the rendered text and
the PDFs (the draft attaches both), so they are made together, once. Why the pool: at a
million letters, rendering is all CPU. The addressees are sorted in the print shop's
order (postcode, reference), cut into batches, and each batch goes to a worker that
writes its people's files into the case (``LetterPress.write_person``) and hands back
their print-shop rows; the parent puts the batches back in order and streams the rows
into ``letters/print_shop.csv`` (``print_shop``), so nothing grows with the number of
letters but the summary's list of keys. Small runs stay in this process (forking costs
more than a few letters).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from leakmap.errors import LeakmapError
from leakmap.executors import Executor, JobFailure, LocalPoolExecutor, SerialExecutor
from leakmap.report.letter_context import letter_reference
from leakmap.report.letter_press import LetterPress, PersonWritten
from leakmap.report.print_shop import print_shop_rows, print_shop_written, sort_key
from leakmap.report.recipients import Addressee
from leakmap.settings import ScanSettings

#: People per batch sent to a worker: enough to hide the pipe's cost, small enough to
#: keep the count on screen moving.
BATCH = 50
#: A small run is cut finer, so that its count moves at least this many times.
BATCHES_AT_LEAST = 20
#: Below this many addressees the letters are written in this process.
POOL_FROM = 400
#: Wall-clock seconds a batch may take before its worker is taken for stuck.
BATCH_TIMEOUT_S = 600.0


class LettersNotWritten(LeakmapError):
    """A batch of letters failed in its worker; the run stops so that no one is missed."""


@dataclass(frozen=True, slots=True)
class Mailing:
    """What the pass wrote, in keys and counts only: the rows went to the print shop.

    ``emailed``: the keys whose e-mail draft was written (``<key>.eml`` in ``letters/``);
    ``without_address``: the keys of letters nobody can post (no address in the registry).
    """

    count: int
    emailed: tuple[str, ...]
    without_address: tuple[str, ...]
    print_shop: Path


@dataclass(frozen=True, slots=True)
class _Batch:
    index: int
    people: tuple[tuple[Addressee, str], ...]


def write_mailing(
    press: LetterPress,
    addressees: Sequence[Addressee],
    *,
    language: str = "fr",
    languages: Mapping[str, str] | None = None,
    letters: bool = True,
    kits: bool = True,
    drafts: bool = True,
    executor: Executor | None = None,
    counted: Callable[[int, int], None] = lambda done, total: None,
) -> Mailing:
    """Write every addressee's files (letter, kit, draft: each when asked) and the print shop.

    ``counted(done, total)`` is told after each batch (``notify``'s letter counter);
    ``executor``: by default the local pool for large runs, this process for small ones.
    """
    chosen = languages or {}
    info = press.info
    ordered = sorted(addressees, key=lambda a: sort_key(a.postcode, letter_reference(info, a)))
    people = [(a, chosen.get(a.key, language)) for a in ordered]
    size = min(BATCH, max(1, len(people) // BATCHES_AT_LEAST))
    batches = [
        _Batch(n, tuple(people[start : start + size]))
        for n, start in enumerate(range(0, len(people), size))
    ]
    runner = executor or _default_executor(len(people))

    def work(batch: _Batch) -> tuple[int, tuple[PersonWritten, ...]]:
        return batch.index, tuple(
            press.write_person(a, lang, letter=letters, kits=kits, drafts=drafts)
            for a, lang in batch.people
        )

    done, emailed, unposted = 0, [], []
    counted(0, len(people))
    with print_shop_rows(press.case_dir) as rows:
        for batch in _in_order(runner.run(work, batches, timeout_s=BATCH_TIMEOUT_S)):
            rows.writerows(p.print_row for p in batch if p.print_row is not None)
            emailed += [p.key for p in batch if p.draft]
            unposted += [p.key for p in batch if letters and p.print_row is None]
            done += len(batch)
            counted(done, len(people))
    return Mailing(done, tuple(emailed), tuple(unposted), print_shop_written(press.case_dir))


def _default_executor(people: int) -> Executor:
    if people < POOL_FROM:
        return SerialExecutor()
    return LocalPoolExecutor(ScanSettings().workers)


def _in_order(
    results: Iterable[tuple[_Batch, tuple[int, tuple[PersonWritten, ...]] | JobFailure[_Batch]]],
) -> Iterator[tuple[PersonWritten, ...]]:
    """The batches' results in batch order (workers finish out of order; a few wait)."""
    waiting: dict[int, tuple[PersonWritten, ...]] = {}
    expected = 0
    for batch, result in results:
        if isinstance(result, JobFailure):
            raise LettersNotWritten(
                f"letters batch {batch.index + 1} failed in its worker ({result.reason}); "
                "nothing was sent: run notify again"
            )
        index, people = result
        waiting[index] = people
        while expected in waiting:
            yield waiting.pop(expected)
            expected += 1
