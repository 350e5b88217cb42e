"""Hostile PDFs, written byte by byte: broken and missing xref, truncation, the five
revisions of the standard security handler, JBIG2 and CCITT garbage, a 14,400 pt page,
a 2400 dpi image, a page tree that loops, a Flate bomb."""

from __future__ import annotations

import io
import zlib

from pdf_writer import (
    Stream,
    encrypted_pdf,
    image_page_objects,
    pdf_bytes,
    text_page_objects,
)
from PIL import Image, ImageDraw

#: Fictitious text of the readable pages.
TEXT = "Compte rendu FICTIF patient TESTCORPUS"
#: The largest page side the PDF specification allows, in points (200 inches).
HUGE_PAGE_PT = 14_400


def plain_pdf() -> bytes:
    return pdf_bytes(text_page_objects(TEXT))


def broken_xref_pdf() -> bytes:
    """Every xref offset wrong by 7 bytes: readers must rebuild the table."""
    data = plain_pdf()
    head, _, tail = data.partition(b"xref\n")
    lines = tail.split(b"\n")
    shifted = [
        f"{int(line[:10]) + 7:010d}".encode() + line[10:] if line.endswith(b" n ") else line
        for line in lines
    ]
    return head + b"xref\n" + b"\n".join(shifted)


def no_xref_pdf() -> bytes:
    """Objects only: no xref, no trailer, no startxref."""
    return plain_pdf().split(b"xref\n")[0]


def truncated_pdf() -> bytes:
    return plain_pdf()[: len(plain_pdf()) // 2]


def garbage_after_header_pdf() -> bytes:
    return b"%PDF-1.4\n" + bytes(range(256)) * 16


def looping_page_tree_pdf() -> bytes:
    """The page tree's node lists itself among its kids."""
    objects = text_page_objects(TEXT)
    objects[2] = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
    return pdf_bytes(objects)


def lying_length_pdf() -> bytes:
    """A content stream whose ``/Length`` claims two gigabytes."""
    return plain_pdf().replace(b"/Length ", b"/Length 2147483647 % ", 1)


def flate_bomb_pdf() -> bytes:
    """A content stream of 64 MiB of spaces, 64 kB compressed."""
    objects = text_page_objects(TEXT)
    content = b"BT /F1 12 Tf 72 700 Td (" + TEXT.encode() + b") Tj ET" + b" " * (64 << 20)
    objects[4] = Stream(b"/Filter /FlateDecode", zlib.compress(content, 9))
    return pdf_bytes(objects)


def encrypted_pdfs() -> dict[str, tuple[bytes, frozenset[str]]]:
    """R2 to R6 with an empty user password (opens: read) and with one (unreadable)."""
    out: dict[str, tuple[bytes, frozenset[str]]] = {}
    for revision in (2, 3, 4, 5, 6):
        objects = text_page_objects(TEXT)
        out[f"pdf_encrypted_r{revision}_open.pdf"] = (
            encrypted_pdf(objects, revision=revision, user_password=""),
            frozenset({"read"}),
        )
        out[f"pdf_encrypted_r{revision}_password.pdf"] = (
            encrypted_pdf(objects, revision=revision, user_password="secret"),
            frozenset({"unreadable"}),
        )
    return out


def jbig2_garbage_pdf() -> bytes:
    data = b"\x97JB2\r\n\x1a\n" + bytes(range(200)) * 3
    entries = b"/Filter /JBIG2Decode /DecodeParms << /JBIG2Globals 9 0 R >>"
    return pdf_bytes(image_page_objects(entries, data, pixels=(1700, 2200), size=(612, 792)))


def ccitt_garbage_pdf() -> bytes:
    entries = b"/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 1728 /Rows 2200 >>"
    data = bytes((i * 37) % 256 for i in range(3000))
    return pdf_bytes(image_page_objects(entries, data, pixels=(1728, 2200), size=(612, 792)))


def ccitt_scan_pdf() -> bytes:
    """A real Group 4 fax strip (Pillow's libtiff encoder), embedded as CCITTFaxDecode."""
    image = Image.new("1", (850, 300), 1)
    ImageDraw.Draw(image).text((40, 120), TEXT, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="TIFF", compression="group4")
    strip = _tiff_first_strip(buffer.getvalue())
    entries = (
        b"/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 850 /Rows 300 /BlackIs1 false >>"
    )
    return pdf_bytes(image_page_objects(entries, strip, pixels=(850, 300), size=(612, 216)))


def _tiff_first_strip(tiff: bytes) -> bytes:
    with Image.open(io.BytesIO(tiff)) as image:
        offsets = image.tag_v2[273]
        counts = image.tag_v2[279]
    offset = offsets[0] if isinstance(offsets, tuple) else offsets
    count = counts[0] if isinstance(counts, tuple) else counts
    return tiff[offset : offset + count]


def huge_page_pdf() -> bytes:
    """One 14,400 x 14,400 pt page with only a drawn shape: no text, so it is OCR'd.

    At 200 dpi it would be a 40,000-pixel square (1.6 billion pixels).
    """
    side = HUGE_PAGE_PT
    content = f"0 0 0 rg {side / 3} {side / 2} 200 20 re f".encode()
    return pdf_bytes(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {side} {side}] /Contents 4 0 R >>".encode(),
            4: Stream(b"", content),
        }
    )


def huge_dark_page_pdf() -> bytes:
    """A 14,400 pt page with a flipped MediaBox, all covered by a black image: rendered
    coarse, its deskew thumbnail went unreduced (2 GB, 78 s) before it was capped."""
    data = zlib.compress(bytes(200 * 25))
    return pdf_bytes(
        image_page_objects(
            b"/Filter /FlateDecode", data, pixels=(200, 200), size=(-HUGE_PAGE_PT, -HUGE_PAGE_PT)
        )
    )


def huge_image_pdf() -> bytes:
    """An ordinary page showing a 60,000 x 60,000 pixel image from 1 kB of Flate data."""
    data = zlib.compress(bytes(1000))
    return pdf_bytes(
        image_page_objects(b"/Filter /FlateDecode", data, pixels=(60_000, 60_000), size=(612, 792))
    )


def many_pages_pdf(pages: int = 500) -> bytes:
    """Thousands of pages sharing one content stream."""
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects: dict[int, bytes | Stream] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        3: Stream(b"", f"BT /F1 12 Tf 20 100 Td ({TEXT}) Tj ET".encode()),
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    for i in range(pages):
        objects[5 + i] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>"
        )
    return pdf_bytes(objects)


def dpi_2400_pdf() -> bytes:
    """A 2-inch strip scanned at 2400 dpi: a 4800 x 600 one-bit image, Flate-compressed."""
    image = Image.new("1", (4800, 600), 1)
    ImageDraw.Draw(image).rectangle((400, 200, 4400, 260), fill=0)
    raw = image.tobytes()
    entries = b"/Filter /FlateDecode /Decode [1 0]"
    return pdf_bytes(
        image_page_objects(entries, zlib.compress(raw, 9), pixels=(4800, 600), size=(144, 18))
    )


ANY = frozenset({"read", "partial", "unreadable"})
UNREADABLE = frozenset({"unreadable"})


def hostile_pdfs() -> dict[str, tuple[bytes, frozenset[str]]]:
    """``name → (bytes, statuses allowed)``."""
    return {
        "pdf_broken_xref.pdf": (broken_xref_pdf(), frozenset({"read"})),
        "pdf_no_xref.pdf": (no_xref_pdf(), ANY),
        "pdf_truncated.pdf": (truncated_pdf(), ANY),
        "pdf_garbage.pdf": (garbage_after_header_pdf(), UNREADABLE),
        "pdf_page_tree_loop.pdf": (looping_page_tree_pdf(), ANY),
        "pdf_lying_length.pdf": (lying_length_pdf(), ANY),
        "pdf_flate_bomb.pdf": (flate_bomb_pdf(), ANY),
        **encrypted_pdfs(),
        "pdf_jbig2_garbage.pdf": (jbig2_garbage_pdf(), ANY),
        "pdf_ccitt_garbage.pdf": (ccitt_garbage_pdf(), ANY),
        "pdf_ccitt_scan.pdf": (ccitt_scan_pdf(), ANY),
        "pdf_huge_page.pdf": (huge_page_pdf(), ANY),
        "pdf_2400dpi.pdf": (dpi_2400_pdf(), ANY),
        "pdf_huge_dark_page.pdf": (huge_dark_page_pdf(), ANY),
        "pdf_huge_image.pdf": (huge_image_pdf(), ANY),
        "pdf_500_pages.pdf": (many_pages_pdf(), frozenset({"read"})),
    }
