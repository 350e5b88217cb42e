"""The letters a complementary mailing replaces, kept: ``letters/before_wave_<name>/``.

``notify --since-wave`` writes again to people written to before, under the same file
names; the case must still show what each of them was sent first. Imported by ``notify``
only (it names the letters' files as ``letter_press`` does).
"""

from __future__ import annotations

from pathlib import Path

from leakmap.private_files import private_dir
from leakmap.report.letter_press import file_stem
from leakmap.report.output_files import KITS_DIR, LETTERS_DIR, SEALED_SUFFIX
from leakmap.report.wave_changes import WaveNews

#: Where a complementary run puts the files it is about to replace (``before_wave_<name>``).
EARLIER_LETTERS = "before_wave_{name}"


def keep_earlier_letters(case_dir: Path, news: WaveNews) -> int:
    """Move the letters, drafts and kits written before to the people ``news`` writes to
    again into ``letters/before_wave_<name>/`` (and ``complaint_kits/...``); return how many.

    Why: the complementary letter takes the same file name, and the case must still show
    what each person was sent first. Files are moved as they are (0600, sealed ones stay
    sealed); one already kept there (a second run since the same wave) is never replaced.
    """
    stems = {file_stem(patient_id) for patient_id in news.people}
    moved = 0
    for folder in (case_dir / LETTERS_DIR, case_dir / KITS_DIR):
        if not folder.is_dir():
            continue
        kept = folder / EARLIER_LETTERS.format(name=news.since_name)
        for path in sorted(folder.iterdir()):
            stem = Path(path.name.removesuffix(SEALED_SUFFIX)).stem
            if stem not in stems or not path.is_file() or path.is_symlink():
                continue
            target = private_dir(kept) / path.name
            if not target.exists():
                path.replace(target)
                moved += 1
    return moved
