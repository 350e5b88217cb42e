"""Where extraction calls OCR, when the OCR module and Tesseract are there.

``extract/ocr.py`` and ``extract/image.py`` are optional at this layer: a page without a
text layer is OCR'd when they are installed, and reported ``no_text_layer`` otherwise.
Looking them up at call time keeps ``pdf.py`` free of a hard dependency on Tesseract.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from functools import cache
from types import ModuleType

import pypdfium2 as pdfium

from leakmap.extract.document import Barcode, ExtractedDocument, TextBlock

log = logging.getLogger(__name__)

_OCR_MODULE = "leakmap.extract.ocr"
_IMAGE_MODULE = "leakmap.extract.image"


def ocr_available() -> bool:
    """True when pages without text can be OCR'd here (module present, Tesseract found)."""
    ocr = _optional_module(_OCR_MODULE)
    return ocr is not None and bool(ocr.tesseract_available())


def ocr_pdf_page(
    page: pdfium.PdfPage, *, page_number: int
) -> tuple[TextBlock, tuple[Barcode, ...]] | None:
    """The OCR'd text and barcodes of a PDF page, or ``None`` when OCR is not available."""
    if not ocr_available():
        return None
    ocr = _optional_module(_OCR_MODULE)
    assert ocr is not None  # checked by ocr_available
    block, barcodes = ocr.ocr_pdf_page(page, page_number=page_number)
    return block, tuple(barcodes)


def extract_image_document(data: bytes) -> ExtractedDocument | None:
    """An image read by ``extract/image.py``, or ``None`` when that module is absent."""
    image = _optional_module(_IMAGE_MODULE)
    if image is None:
        return None
    document: ExtractedDocument = image.extract_image(data, path="", sha256="")
    return document


@cache
def _optional_module(name: str) -> ModuleType | None:
    """The module, or ``None`` when it is absent or its own dependencies are missing."""
    try:
        if importlib.util.find_spec(name) is None:
            return None
        return importlib.import_module(name)
    except ImportError as error:
        log.warning("%s cannot be imported (%s); pages without text stay unread", name, error)
        return None
