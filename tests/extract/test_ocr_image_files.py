"""Image files (PNG, JPEG, TIFF): each frame OCR'd; hostile images become data, not crashes.

The hostile files (truncated PNG, decompression bomb, damaged TIFF) are generated here.
Every person is fictitious.
"""

from __future__ import annotations

import io
import random
import struct
import zlib

import numpy as np
import pypdfium2
import pytest
from PIL import Image
from reportlab.graphics.barcode import code128
from reportlab.pdfgen import canvas

from leakmap.extract.image import MAX_IMAGE_PIXELS, extract_image
from leakmap.synth.degrade import degrade_scan
from leakmap.vocabulary import FileKind, ReadStatus, Reason

DPI = 200


def label_image(*, name: str, ipp: str, seed: int) -> Image.Image:
    """A small scanned sticker: a name, a birth date, an IPP and its Code 128."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(260, 160))
    page.setFont("Helvetica-Bold", 12)
    page.drawString(20, 130, name)
    page.setFont("Helvetica", 11)
    page.drawString(20, 112, "Né le 14/07/1962")
    page.drawString(20, 94, f"IPP : {ipp}")
    code128.Code128(ipp, barHeight=30, barWidth=1.2).drawOn(page, 12, 40)
    page.showPage()
    page.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    image = document[0].render(scale=DPI / 72, grayscale=True).to_pil()
    return degrade_scan(image, rng=random.Random(seed), dpi=DPI)


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, dpi=(DPI, DPI), **options)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_image_is_read_with_its_barcode(fmt: str) -> None:
    data = encoded(label_image(name="BERTHELOT Rémi", ipp="40512377", seed=1), fmt)
    document = extract_image(data, path="scans/label", sha256="ab" * 32)
    assert (document.path, document.kind, document.status, document.reason) == (
        "scans/label",
        FileKind.IMAGE,
        ReadStatus.READ,
        "",
    )
    assert document.pages == 1 and document.ocr
    text = " ".join(document.blocks[0].text.split())
    assert "BERTHELOT Rémi" in text and "14/07/1962" in text and "40512377" in text
    assert [(b.page, b.format, b.text) for b in document.barcodes] == [(1, "Code128", "40512377")]


def test_image_multipage_tiff_reads_every_frame() -> None:
    first = label_image(name="GARNIER Jean", ipp="11223344", seed=2)
    second = label_image(name="FAURE Hélène", ipp="55667788", seed=3)
    data = encoded(first, "TIFF", save_all=True, append_images=[second], compression="tiff_lzw")
    document = extract_image(data, path="fax.tif", sha256="cd" * 32)
    assert document.status is ReadStatus.READ and document.pages == 2
    assert [b.page for b in document.blocks] == [1, 2]
    assert "11223344" in document.blocks[0].text and "55667788" in document.blocks[1].text
    assert {(b.page, b.text) for b in document.barcodes} == {(1, "11223344"), (2, "55667788")}


def test_image_fax_resolution_boxes_map_back_to_the_stored_pixels() -> None:
    page = label_image(name="ROUSSEL Chloé", ipp="90817263", seed=4)
    fax = page.resize((page.width, page.height // 2))  # 200 x 100 dpi, as a fax stores it
    out = io.BytesIO()
    fax.save(out, format="TIFF", dpi=(DPI, DPI // 2))
    document = extract_image(out.getvalue(), path="fax.tif", sha256="ef" * 32)
    block = document.blocks[0]
    assert "90817263" in block.text
    for _, _, box in block.words:
        assert box.top + box.height <= fax.height + 2


def test_image_transparent_png_is_read_on_white_paper() -> None:
    """Ink as opaque pixels on a transparent background (a screenshot): not a black page."""
    page = label_image(name="GARNIER Chloé", ipp="36925814", seed=7)
    ink = Image.new("LA", page.size, (0, 0))
    ink.putalpha(page.point(lambda grey: 255 - grey))
    document = extract_image(encoded(ink, "PNG"), path="shot.png", sha256="55" * 32)
    assert "36925814" in document.blocks[0].text
    assert [b.text for b in document.barcodes] == ["36925814"]


def test_image_sixteen_bit_scan_is_read() -> None:
    page = label_image(name="ROUSSEL Jean", ipp="74185296", seed=8)
    deep = Image.fromarray(np.asarray(page, dtype=np.uint16) * 257)
    document = extract_image(encoded(deep, "PNG"), path="deep.png", sha256="66" * 32)
    assert "74185296" in document.blocks[0].text


def test_image_truncated_png_is_corrupt() -> None:
    data = encoded(label_image(name="DUPONT Marie", ipp="12345678", seed=5), "PNG")
    document = extract_image(data[: len(data) // 2], path="cut.png", sha256="00" * 32)
    assert (document.status, document.reason) == (ReadStatus.UNREADABLE, Reason.CORRUPT.value)
    assert document.blocks == () and document.barcodes == ()


def test_image_not_an_image_is_corrupt() -> None:
    document = extract_image(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, path="x.png", sha256="11" * 32)
    assert (document.status, document.reason) == (ReadStatus.UNREADABLE, Reason.CORRUPT.value)


def test_image_decompression_bomb_is_too_large() -> None:
    side = 100_000  # 10 gigapixels declared in a file of a few dozen bytes
    data = png_declaring(width=side, height=side)
    assert len(data) < 200 and side * side > MAX_IMAGE_PIXELS
    document = extract_image(data, path="bomb.png", sha256="22" * 32)
    assert (document.status, document.reason) == (ReadStatus.UNREADABLE, Reason.TOO_LARGE.value)


def test_image_just_over_the_cap_is_too_large() -> None:
    side = int((MAX_IMAGE_PIXELS * 1.5) ** 0.5)  # between the cap and Pillow's hard limit
    document = extract_image(png_declaring(width=side, height=side), path="b.png", sha256="3" * 64)
    assert (document.status, document.reason) == (ReadStatus.UNREADABLE, Reason.TOO_LARGE.value)


def test_image_tiff_with_a_damaged_second_frame_is_partial() -> None:
    first = label_image(name="LEFÈVRE Rémi", ipp="24681357", seed=6)
    data = encoded(first, "TIFF", save_all=True, append_images=[first.copy()])
    second_ifd = _second_ifd_offset(data)
    damaged = data[:second_ifd] + b"\xff" * (len(data) - second_ifd)
    document = extract_image(damaged, path="fax.tif", sha256="44" * 32)
    assert (document.status, document.reason) == (
        ReadStatus.PARTIAL,
        Reason.SOME_PAGES_FAILED.value,
    )
    assert document.pages == 2 and [b.page for b in document.blocks] == [1]
    assert "24681357" in document.blocks[0].text


def png_declaring(*, width: int, height: int) -> bytes:
    """A syntactically valid PNG header declaring these dimensions, with one tiny IDAT."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _second_ifd_offset(data: bytes) -> int:
    """Where the second frame's directory starts in a little-endian TIFF."""
    assert data[:2] == b"II"
    first = struct.unpack_from("<I", data, 4)[0]
    entries = struct.unpack_from("<H", data, first)[0]
    return int(struct.unpack_from("<I", data, first + 2 + 12 * entries)[0])
