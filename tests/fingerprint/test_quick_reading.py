"""``quick_reading``'s bands: cut at blank rows, so that no text line is cut in two, and
the blank bands (margins) are not read. Real Pillow images, no OCR."""

from __future__ import annotations

from PIL import Image, ImageDraw

from leakmap.fingerprint.quick_reading import band_cuts, inked_rows


def _lines_page(lines: int, *, height: int = 1200) -> Image.Image:
    """A white page with ``lines`` dark bars 14 px high every 30 px, from the top 100 px."""
    page = Image.new("L", (800, height), 255)
    draw = ImageDraw.Draw(page)
    for number in range(lines):
        top = 100 + 30 * number
        draw.rectangle((60, top, 700, top + 13), fill=20)
    return page


def test_band_cuts_fall_on_blank_rows_and_cover_the_page() -> None:
    inked = inked_rows(_lines_page(30))
    cuts = band_cuts(inked, 8)
    assert cuts[0] == 0 and cuts[-1] == len(inked) and len(cuts) == 9
    assert cuts == sorted(cuts)
    assert not any(inked[cut] for cut in cuts[1:-1])


def test_band_cuts_of_a_page_of_text_only_up_top_leave_blank_bands() -> None:
    inked = inked_rows(_lines_page(6))  # rows 100 to 263
    cuts = band_cuts(inked, 8)
    blank = [not inked[top:bottom].any() for top, bottom in zip(cuts, cuts[1:], strict=False)]
    assert blank[0] is False and all(blank[2:])
