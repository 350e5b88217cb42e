"""The cropped page region of a scanned mention, other people's words blacked out.

The case keeps the text of every leaked file, not its bytes. The page image is rendered
again from the leaked file itself, when it is still where the scan found it (the dump of
its wave, on disk or inside zip archives) and its bytes still hash to the same content;
otherwise there is no image, and the review page says so.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw

from leakmap.extract.document import Box
from leakmap.extract.ocr import render_dpi
from leakmap.review.evidence import ScanRegion
from leakmap.vocabulary import FileKind
from leakmap.walk.leaked_file import SEPARATOR

#: Resolution at which extraction renders pages for OCR: word boxes are in these pixels.
OCR_DPI = 300
#: Pixels of page kept around the region.
PADDING = 24
#: A leaked file (or archive member) larger than this is not reopened for an image.
MAX_SOURCE_BYTES = 256 * 1024 * 1024
_POINTS_PER_INCH = 72


def leaked_bytes(sources: list[tuple[str, str]], sha256: str) -> bytes | None:
    """The bytes of a leaked content, from any of its (leak path, dump) sources."""
    for path, dump in sources:
        data = _read_leak_path(Path(dump), path.split(SEPARATOR))
        if data is not None and hashlib.sha256(data).hexdigest() == sha256:
            return data
    return None


def crop_region(source: bytes, kind: FileKind, region: ScanRegion) -> bytes | None:
    """A PNG of the region, masked words blacked out; ``None`` when it cannot be drawn."""
    page = _page_image(source, kind, region.page)
    if page is None:
        return None
    draw = ImageDraw.Draw(page)
    for box in region.masks:
        draw.rectangle(_corners(box, 2), fill="black")
    left, top, right, bottom = _corners(region.box, PADDING)
    cropped = page.crop(
        (max(0, left), max(0, top), min(page.width, right), min(page.height, bottom))
    )
    out = io.BytesIO()
    cropped.save(out, format="PNG")
    return out.getvalue()


def _page_image(source: bytes, kind: FileKind, page: int) -> Image.Image | None:
    """Page ``page`` (from 1) as an RGB image in OCR pixels."""
    try:
        if kind is FileKind.PDF:
            document = pypdfium2.PdfDocument(source)
            try:
                if not 1 <= page <= len(document):
                    return None
                leaf = document[page - 1]
                dpi = render_dpi(leaf.get_size(), dpi=OCR_DPI)  # as extraction rendered it
                bitmap = leaf.render(scale=dpi / _POINTS_PER_INCH)
                return bitmap.to_pil().convert("RGB")
            finally:
                document.close()
        if kind is FileKind.IMAGE:
            image = Image.open(io.BytesIO(source))
            image.seek(page - 1)
            return image.convert("RGB")
    except (pypdfium2.PdfiumError, OSError, EOFError, ValueError, Image.DecompressionBombError):
        return None
    return None


def _corners(box: Box, pad: int) -> tuple[int, int, int, int]:
    return (box.left - pad, box.top - pad, box.left + box.width + pad, box.top + box.height + pad)


def _read_leak_path(dump: Path, parts: list[str]) -> bytes | None:
    """The bytes at a leak path: a file of the dump, then members of zip archives."""
    if dump.is_file():
        outer = dump if parts[0] == dump.name else None
        data = _read_file(outer) if outer else _read_file(dump)
        members = parts[1:] if outer else parts
    else:
        data = _read_file(dump / parts[0])
        members = parts[1:]
    for member in members:
        if data is None:
            return None
        data = _read_member(data, member)
    return data


def _read_file(path: Path) -> bytes | None:
    try:
        if not path.is_file() or path.stat().st_size > MAX_SOURCE_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _read_member(archive: bytes, member: str) -> bytes | None:
    """A zip member's bytes; mail attachments and other containers are not reopened."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as opened:
            info = opened.getinfo(member)
            if info.file_size > MAX_SOURCE_BYTES:
                return None
            return opened.read(info)
    except (zipfile.BadZipFile, KeyError, RuntimeError, OSError, NotImplementedError):
        return None
