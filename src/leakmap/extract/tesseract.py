"""Tesseract, in-process through ``tesserocr``: words with boxes and confidences, orientation.

In-process because a page costs a model load otherwise: measured at 200 dpi on 2 cores,
tesserocr read 2.8 pages/s where pytesseract (a ``tesseract`` process per page) read 1.2
pages/s with ``OMP_THREAD_LIMIT=1`` and 0.37 pages/s with OpenMP on (its threads fight
each other and the worker pool). One engine per process and language set is kept loaded;
a lock makes it safe for threads (an engine is not re-entrant).

The ``tesserocr`` wheel brings its own Tesseract library; the language data comes from
the system (Debian ``tesseract-ocr-fra``; ``osd`` with ``tesseract-ocr``) or
``TESSDATA_PREFIX``.
"""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from leakmap.errors import MissingDependency
from leakmap.extract.document import Box

if TYPE_CHECKING:
    from tesserocr import PyTessBaseAPI

#: Tesseract languages: French only (``fra+eng`` measured slower and no better).
LANGUAGES = "fra"
#: OSD orientation confidence above which a page is turned.
OSD_CONFIDENCE = 2.0
_TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
_LOCK = threading.Lock()
#: Recognitions run in this process (``recognitions``); read under ``_LOCK``.
_COUNTER = [0]


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word as Tesseract read it: text, box (image pixels), confidence 0..100.

    ``line`` is (block, paragraph, line) as Tesseract numbers them: words of one line are
    joined by spaces, lines by newlines, blocks by a blank line.
    """

    text: str
    box: Box
    confidence: float
    line: tuple[int, int, int]


def tesseract_available() -> bool:
    """Whether pages can be OCR'd here: ``tesserocr`` imports and the language data exists."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return _tessdata_dir(LANGUAGES) is not None


def recognitions() -> int:
    """How many times this process asked Tesseract to recognise an image (label regions
    included, OSD not): what a skipped page must leave unchanged, and what benchmarks count."""
    with _LOCK:
        return _COUNTER[0]


def read_words(image: Image.Image, *, dpi: int, psm: int, languages: str) -> list[OcrWord]:
    """Tesseract's words (level-5 rows of its TSV output), empty ones dropped.

    Raises ``MissingDependency`` when Tesseract cannot run here.
    """
    words = []
    for row in _tsv(image, dpi=dpi, psm=psm, languages=languages).splitlines():
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(cell) for cell in cells[6:10])
        line = (int(cells[2]), int(cells[3]), int(cells[4]))
        box = Box(left, top, width, height)
        words.append(OcrWord(cells[11].strip(), box, float(cells[10]), line))
    return words


def detect_turn(image: Image.Image, *, dpi: int) -> int:
    """Degrees (0, 90, 180, 270, counter-clockwise) that turn the page upright; 0 when unsure.

    Without the ``osd`` data the page is taken as upright: orientation is a rescue for
    sideways scans, not a reason to stop a scan.
    """
    api = _osd_engine()
    if api is None:
        return 0
    with _LOCK:
        api.SetImage(image)
        api.SetSourceResolution(dpi)
        found = api.DetectOrientationScript()
    if not found or found["orient_conf"] < OSD_CONFIDENCE:
        return 0
    return int(found["orient_deg"]) % 360


def _tsv(image: Image.Image, *, dpi: int, psm: int, languages: str) -> str:
    api = _engine(languages)
    with _LOCK:
        api.SetPageSegMode(psm)
        api.SetImage(image)
        api.SetSourceResolution(dpi)
        api.Recognize()
        _COUNTER[0] += 1
        return str(api.GetTSVText(0))


@functools.cache
def _engine(languages: str) -> PyTessBaseAPI:
    """One engine per process and language set: loading a model costs about 0.2 s."""
    try:
        import tesserocr
    except ImportError as error:
        raise MissingDependency("tesserocr is not installed; pip install tesserocr") from error
    folder = _tessdata_dir(languages)
    if folder is None:
        raise MissingDependency(
            f"Tesseract language data for '{languages}' not found; install the Debian "
            "packages tesseract-ocr and tesseract-ocr-fra, or set TESSDATA_PREFIX"
        )
    return tesserocr.PyTessBaseAPI(path=folder, lang=languages, oem=tesserocr.OEM.LSTM_ONLY)


@functools.cache
def _osd_engine() -> PyTessBaseAPI | None:
    import tesserocr

    folder = _tessdata_dir("osd")
    if folder is None:
        return None
    return tesserocr.PyTessBaseAPI(path=folder, lang="osd", psm=tesserocr.PSM.OSD_ONLY)


@functools.cache
def _tessdata_dir(languages: str) -> str | None:
    """The folder holding every ``<language>.traineddata``: ``TESSDATA_PREFIX``, then usual places."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = [prefix, str(Path(prefix) / "tessdata")] if prefix else []
    for folder in [*candidates, *_TESSDATA_CANDIDATES]:
        if all((Path(folder) / f"{lang}.traineddata").is_file() for lang in languages.split("+")):
            return folder.rstrip("/") + "/"
    return None
