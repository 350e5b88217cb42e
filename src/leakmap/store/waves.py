"""The waves of a leak in the case: their names, what each started from, what each changed.

Every scan into a case is a wave (``Case.start_wave`` numbers them 1, 2, ...);
``leakmap scan --wave NAME`` names one (else its name is its number). When a wave starts,
the exposures the case holds are kept as its baseline, once: a scan killed and resumed
compares with what the case said before the wave, not with its own half-written results.
Once the wave is linked and assessed, ``record_wave_changes`` compares, stores each
person's change in ``wave_changes`` and writes ``waves/<name>/changes.csv``.
``notify --since-wave W`` compares W's baseline with the case as it stands now (later
waves and review decisions included) through ``changes_since``.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from leakmap.assess.exposure import Exposure
from leakmap.assess.waves import (
    ExposureSnapshot,
    PersonChange,
    WaveCounts,
    compare_exposures,
    count_changes,
    snapshot,
)
from leakmap.errors import CaseError, ScanCannotRun
from leakmap.report.wave_changes import WaveNews, WaveSummary, write_changes
from leakmap.store import codec
from leakmap.store.case import Case

#: A wave name is a folder name under ``waves/``: letters, digits, ``._-``, not only digits
#: (a number means a wave's number), at most this long.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def begin_wave(case: Case, dump: str, *, name: str | None) -> tuple[int, str]:
    """Start (or resume) the wave scanning ``dump``; return its number and name.

    A new wave's baseline (the exposures the case holds now) is stored with its name in
    one transaction. Raises ``ScanCannotRun`` before anything is written when the name is
    malformed, taken by another wave, or differs from the unfinished wave's being resumed.
    """
    resumed = _unfinished_wave(case, dump)
    held = _wave_name(case, resumed) if resumed is not None else None
    if name is not None:
        _check_name(case, name, resumed=resumed, held=held)
    wave = case.start_wave(dump)
    if held is not None:
        return wave, held
    chosen = name or str(wave)  # a given name is never only digits: no clash
    before = [snapshot(e) for e in case.load_records("exposures", Exposure)]
    with case.connection:
        case.connection.execute(
            "INSERT INTO wave_info (wave, name, baseline_people) VALUES (?, ?, ?)",
            (wave, chosen, len(before)),
        )
        case.connection.executemany(
            "INSERT INTO wave_baselines (wave, patient_id, record) VALUES (?, ?, ?)",
            [(wave, s.patient_id, codec.dumps(s)) for s in before],
        )
    return wave, chosen


def record_wave_changes(case: Case, wave: int) -> WaveCounts:
    """Compare the wave's baseline with the case's exposures now; store and write them."""
    changes = changes_since(case, wave)
    with case.connection:
        case.connection.execute("DELETE FROM wave_changes WHERE wave = ?", (wave,))
        case.connection.executemany(
            "INSERT INTO wave_changes (wave, patient_id, change, record) VALUES (?, ?, ?, ?)",
            [(wave, c.patient_id, c.change.value, codec.dumps(c)) for c in changes],
        )
    write_changes(case.directory, _wave_name(case, wave) or str(wave), changes)
    return count_changes(changes)


def changes_since(case: Case, wave: int) -> tuple[PersonChange, ...]:
    """Each person listed now, with what changed since wave ``wave`` started."""
    if _wave_name(case, wave) is None:
        raise CaseError(
            f"{case.directory}: wave {wave} has no record of what the case said before it "
            "(scanned by an older leakmap); name a later wave"
        )
    rows = case.connection.execute(
        "SELECT record FROM wave_baselines WHERE wave = ?", (wave,)
    ).fetchall()
    before = [codec.loads(ExposureSnapshot, r[0]) for r in rows]
    after = [snapshot(e) for e in case.load_records("exposures", Exposure)]
    return compare_exposures(before, after)


def news_since(case: Case, text: str) -> WaveNews:
    """Whom wave ``text`` (number or name) and the later ones newly expose or worsen,
    compared with what the case said before it, as it stands now (review decisions and
    later waves included), with every such wave's summary."""
    wave = resolve_wave(case, text)
    told = tuple(c for c in changes_since(case, wave) if c.is_new_to_tell)
    return WaveNews(
        since=wave, since_name=_wave_name(case, wave) or str(wave), changes=told,
        waves=wave_summaries(case, since=wave),
    )  # fmt: skip


def stored_changes(case: Case, wave: int) -> tuple[PersonChange, ...]:
    """What the wave's scan found it changed (``wave_changes``), by patient_id."""
    rows = case.connection.execute(
        "SELECT record FROM wave_changes WHERE wave = ? ORDER BY patient_id", (wave,)
    ).fetchall()
    return tuple(codec.loads(PersonChange, r[0]) for r in rows)


def resolve_wave(case: Case, text: str) -> int:
    """A wave given by number (``2``) or by name (``forum-mars``); ``CaseError`` if none."""
    if text.isdigit():
        row = case.connection.execute(
            "SELECT wave FROM wave_info WHERE wave = ?", (int(text),)
        ).fetchone()
    else:
        row = case.connection.execute(
            "SELECT wave FROM wave_info WHERE name = ?", (text,)
        ).fetchone()
    if row is None:
        known = ", ".join(f"{n} ({w})" for w, n in _named_waves(case)) or "none"
        raise CaseError(
            f"{case.directory}: no wave {text!r} in this case (waves: {known}); "
            "give a wave's number or name as the scan printed it"
        )
    return int(row[0])


def wave_summaries(case: Case, *, since: int) -> tuple[WaveSummary, ...]:
    """Every recorded wave from ``since`` on, for the complementary notification."""
    return tuple(_summary(case, wave, name) for wave, name in _named_waves(case) if wave >= since)


def _summary(case: Case, wave: int, name: str) -> WaveSummary:
    started, finished = case.connection.execute(
        "SELECT started, finished FROM waves WHERE wave = ?", (wave,)
    ).fetchone()
    added, new_contents, republished = case.connection.execute(
        "SELECT COUNT(*), COUNT(DISTINCT CASE WHEN f.first = ? THEN d.sha256 END), "
        "SUM(CASE WHEN f.first < ? THEN 1 ELSE 0 END) FROM documents d JOIN "
        "(SELECT sha256, MIN(wave) AS first FROM documents GROUP BY sha256) f "
        "ON f.sha256 = d.sha256 WHERE d.wave = ?",
        (wave, wave, wave),
    ).fetchone()
    return WaveSummary(
        number=wave, name=name, started=_day(started), finished=_day(finished) if finished else None,
        documents_added=int(added), new_contents=int(new_contents or 0),
        republished=int(republished or 0), counts=count_changes(stored_changes(case, wave)),
        published=_published(case, wave),
    )  # fmt: skip


def set_published(case: Case, wave: int, day: date) -> None:
    """Record when a wave's files were published (the notification's date of the wave)."""
    with case.connection:
        case.connection.execute(
            "INSERT INTO wave_published (wave, published) VALUES (?, ?) "
            "ON CONFLICT (wave) DO UPDATE SET published = excluded.published",
            (wave, day.isoformat()),
        )


def _published(case: Case, wave: int) -> date | None:
    row = case.connection.execute(
        "SELECT published FROM wave_published WHERE wave = ?", (wave,)
    ).fetchone()
    return date.fromisoformat(row[0]) if row else None


def _day(stamp: str) -> date:
    return datetime.fromisoformat(stamp).date()


def _named_waves(case: Case) -> list[tuple[int, str]]:
    rows = case.connection.execute("SELECT wave, name FROM wave_info ORDER BY wave").fetchall()
    return [(int(w), str(n)) for w, n in rows]


def _unfinished_wave(case: Case, dump: str) -> int | None:
    """The unfinished wave of this dump, which ``Case.start_wave`` will resume."""
    row = case.connection.execute(
        "SELECT wave FROM waves WHERE dump = ? AND finished IS NULL ORDER BY wave DESC",
        (dump,),
    ).fetchone()
    return int(row[0]) if row else None


def _wave_name(case: Case, wave: int) -> str | None:
    row = case.connection.execute("SELECT name FROM wave_info WHERE wave = ?", (wave,)).fetchone()
    return str(row[0]) if row else None


def _check_name(case: Case, name: str, *, resumed: int | None, held: str | None) -> None:
    if not _NAME.fullmatch(name) or name.isdigit():
        raise ScanCannotRun(
            f"--wave {name!r}: a wave name is 1 to 64 letters, digits, '.', '_' or '-', "
            "starts with a letter or digit and is not only digits (e.g. --wave forum-2025-03)"
        )
    if held is not None and held != name:
        raise ScanCannotRun(
            f"this dump's wave {resumed} ('{held}') stopped before it finished; resume it "
            f"with --wave {held} (or no --wave)"
        )
    row = case.connection.execute("SELECT wave FROM wave_info WHERE name = ?", (name,)).fetchone()
    if row is not None and int(row[0]) != resumed:
        raise ScanCannotRun(
            f"--wave {name!r}: wave {row[0]} of this case already has that name; "
            "give the new wave another name"
        )
