"""PDF reports: the barcode of the IPP is really there and decodes, next to any label."""

from __future__ import annotations

import random
from datetime import date

import pypdfium2
import pytest
import zxingcpp

from leakmap.synth.plan import Barcode, Grid, Report, Style, Text
from leakmap.synth.render_pdf import render_pdf

IPP = "04518273"


def page_barcodes(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("seed", range(4))  # boxed and inline labels, several fonts
@pytest.mark.parametrize(
    "label",
    [
        Text(("DUPONT Marie", "Née le 12/03/1965"), Style.LABEL),
        Grid(("Identité", ""), (("Nom", "DUPONT"), ("Prénom", "Marie"))),
    ],
    ids=["text", "table"],
)
def test_synth_pdf_barcode_decodes_to_the_ipp(seed: int, label: Text | Grid) -> None:
    report = Report(
        stem="cr",
        letterhead=("Centre Hospitalier de Kerval",),
        blocks=(
            Text(("COMPTE RENDU",), Style.TITLE),
            label,
            Barcode(IPP),
            Text(("Conclusion : RAS.",)),
        ),  # fmt: skip
        exposures=(),
        when=date(2023, 5, 2),
    )
    assert page_barcodes(render_pdf(report, random.Random(seed))) == [IPP]


def test_synth_pdf_keeps_every_label_line_even_long_ones() -> None:
    long_line = "Concerne : Madame LE GOFF-TANGUY née DE KERVÉNOAËL Marie-Hélène Françoise, domiciliée 127 bis boulevard du Général de Gaulle, Bât. C, Appt 42, 29000 Quimper"  # fmt: skip
    report = Report("cr", ("CH",), (Text((long_line,), Style.LABEL), Barcode(IPP)), (), date(2023, 5, 2))  # fmt: skip
    for seed in range(4):
        document = pypdfium2.PdfDocument(render_pdf(report, random.Random(seed)))
        text = document[0].get_textpage().get_text_range()
        document.close()
        assert "".join(long_line.split()) in "".join(text.split())
