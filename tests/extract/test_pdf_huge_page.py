"""A page of 14,400 pt a side (the largest PDF allows) is rendered for OCR at the
resolution that fits the pixel budget: read whole at 200 dpi it drove a worker to 4.8 GB
here (12.2 GiB in the issue); now under a few hundred megabytes."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from leakmap.extract.ocr import MAX_RENDER_PIXELS, OCR_DPI, render_dpi
from leakmap.extract.parts import Unreadable
from leakmap.extract.pdf import extract_pdf
from leakmap.settings import ScanSettings

_HUGE = 14_400.0


def test_render_dpi_keeps_ordinary_pages_and_lowers_huge_ones() -> None:
    assert render_dpi((595.0, 842.0), dpi=OCR_DPI) == OCR_DPI
    assert render_dpi((842.0 * 4, 595.0 * 4), dpi=OCR_DPI) < OCR_DPI  # A0 poster
    dpi = render_dpi((_HUGE, _HUGE), dpi=OCR_DPI)
    assert dpi == 25
    assert (_HUGE / 72 * dpi) ** 2 <= MAX_RENDER_PIXELS
    assert render_dpi((0.0, -5.0), dpi=OCR_DPI) == OCR_DPI  # a degenerate box is not huge


#: The child prints its own peak RSS: ``ru_maxrss`` of a forked child starts from the
#: forking process's (pytest's, hundreds of MB after other tests), ``VmHWM`` does not.
_READ_IN_A_CHILD = """
import sys
from pathlib import Path
from leakmap.extract.pdf import extract_pdf
from leakmap.settings import ScanSettings
parts = extract_pdf(open(sys.argv[1], "rb").read(), ScanSettings())
status = Path("/proc/self/status").read_text().splitlines()
print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")))
"""


@pytest.mark.parametrize("fill", ["a bar", "all dark"])
def test_a_14400_pt_page_is_ocrd_in_bounded_memory(tmp_path: Path, fill: str) -> None:
    """All dark, its deskew thumbnail was not reduced at 31 dpi: 2 GB, 78 s."""
    side = int(_HUGE)
    shape = f"{side // 3} {side // 2} 200 20" if fill == "a bar" else f"0 0 {side} {side}"
    content = f"0 0 0 rg {shape} re f".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {side} {side}] /Contents 4 0 R >>".encode(),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path = tmp_path / "huge.pdf"
    path.write_bytes(bytes(out))
    child = subprocess.run(
        [sys.executable, "-c", _READ_IN_A_CHILD, str(path)], capture_output=True, text=True
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert int(child.stdout.split()[-1]) * 1024 < 600 << 20


def test_a_page_showing_a_60000_pixel_image_is_not_rendered() -> None:
    """1 kB of Flate data declared as a 60,000-pixel square: PDFium took 0.98 GB to
    render it; the page is now a failed page, at once."""
    data = zlib.compress(bytes(1000))
    image = b"<< /Type /XObject /Subtype /Image /Width 60000 /Height 60000 "
    image += b"/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode "
    image += b"/Length %d >>\nstream\n%s\nendstream" % (len(data), data)
    content = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        image,
    ]
    with pytest.raises(Unreadable) as refused:
        extract_pdf(_pdf(objects), ScanSettings())
    assert str(refused.value) == "some_pages_failed: 1/1 pages"


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    size = len(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)
