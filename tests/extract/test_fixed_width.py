"""Tables printed as plain text become rows; prose and short aligned snippets stay text."""

from __future__ import annotations

import pytest

from leakmap.extract.fixed_width import split_text_tables
from leakmap.extract.text import extract_text
from leakmap.settings import ScanSettings

AGENDA = """Consultations Pédiatrie - Dr LE ROUX
Agenda du 03/05/2019

Heure  Nom d'usage                 prenom      Né(e) le    Motif
------------------------------------------------------------------------------
08h00  DIALLO                      Mickael     1982-04-10  Post-op
08h20  JACOB                       Lucy        1991-03-03  1ère consultation
09h00  LE GOFFF                    Monique     1953-06-08  Résultats
09h20  KERGUELEN-LAMBERT épouse ABGRALL  Nolwenn  1981-11-12  Post-op
10h00                              Anonyme                 Annulé

Total : 5 rendez-vous. Secrétariat 02 98 00 00 00.
"""


def test_an_agenda_printed_as_text_gives_one_row_a_line() -> None:
    tables = split_text_tables(AGENDA)
    assert [r.index for r in tables.rows] == [1, 2, 3, 4, 5]
    third = dict(tables.rows[2].cells)
    assert third == {
        "Heure": "09h00", "Nom d'usage": "LE GOFFF", "prenom": "Monique",
        "Né(e) le": "1953-06-08", "Motif": "Résultats",
    }  # fmt: skip
    overflowing = dict(tables.rows[3].cells)
    assert overflowing["Nom d'usage"] == "KERGUELEN-LAMBERT épouse ABGRALL"
    assert overflowing["prenom"] == "Nolwenn"
    cut = dict(tables.rows[4].cells)
    assert cut == {"Heure": "10h00", "prenom": "Anonyme", "Motif": "Annulé"}
    assert "DIALLO" not in tables.text, "each row is read once, as a row"
    assert "Agenda du 03/05/2019" in tables.text and "Total : 5 rendez-vous" in tables.text


def test_prose_and_short_alignments_stay_text() -> None:
    prose = (
        "Compte rendu  de  consultation\n"
        "Patient  vu  ce  jour  pour  douleurs.\n"
        "Examen  clinique  normal.\n"
    )
    assert split_text_tables(prose).rows == ()
    two_rows = "Nom  Prénom  DDN\nDUPONT  Marie  12/03/1965\nDURAND  Jeanne  05/11/1948\n"
    assert split_text_tables(two_rows).rows == (), "fewer than three rows read as text"


def test_a_text_file_with_a_table_is_read_as_text_and_rows() -> None:
    parts = extract_text(AGENDA.encode("cp1252"), ScanSettings(workers=1))
    assert len(parts.rows) == 5
    assert parts.blocks[0].text.startswith("Consultations Pédiatrie")


def _page(number: int, rows: list[str], *, header: bool) -> list[str]:
    top = [f"CH KERVAL   PASSAGES URGENCES          EDITE LE 18.10.22   PAGE {number:4d}", "-" * 70]
    head = (
        ["HEURE  NOM PRENOM                  NE LE     IPP       MOTIF", "-" * 70] if header else []
    )
    return top + head + rows


ROWS_1 = [
    "13:45  LEFEVRE THEO                28.06.22  47876367  CRISE D'ANGOISSE",
    "23:33  REY CHLOE                   28.09.19  49206230  DYSPNEE",
    "04:59  LAMBERT CLAIRE              07.08.20  30743408  DYSPNEE",
]
ROWS_2 = [
    "02:02  THOMAS ANNE-MARIE           15.03.28  48296151  MALAISE",
    "20:53  GIRAUD MARIE-THERESE        16.01.20  42552384  IDEES SUICIDAIRES",
]


@pytest.mark.parametrize("header_again", [True, False])
def test_a_listing_goes_on_over_its_page_breaks(header_again: bool) -> None:
    """Report writers print a title on every page (after a form feed), the header again
    or not: the next page's rows are rows of the same table, its title stays text."""
    pages = _page(1, ROWS_1, header=True) + ["\f" + _page(2, ROWS_2, header=header_again)[0]]
    pages += _page(2, ROWS_2, header=header_again)[1:] + [
        "*** FIN D'EDITION - 5 ENREGISTREMENTS ***"
    ]
    found = split_text_tables("\n".join(pages))
    assert [dict(row.cells)["NOM PRENOM"] for row in found.rows] == [
        "LEFEVRE THEO", "REY CHLOE", "LAMBERT CLAIRE", "THOMAS ANNE-MARIE", "GIRAUD MARIE-THERESE"
    ]  # fmt: skip
    assert dict(found.rows[-1].cells)["MOTIF"] == "IDEES SUICIDAIRES"
    assert "PAGE    2" in found.text and "FIN D'EDITION" in found.text
    assert "THOMAS" not in found.text  # each row read once, as a row


def test_a_column_filled_to_its_width_leaves_one_space_before_the_next() -> None:
    listing = "\n".join(
        [
            "DEMANDE     IPP       NOM PRENOM                     DDN       ANALYSE",
            "-" * 72,
            "23061332402 25164279  DUBOIS NINA                    13102005  NUMERATION FORMULE",
            "23061395440 49402775  JOUBERT PAULETTE               08081957  PCR CHLAMYDIA",
            "23061323269 02018825  DUPUY TIMEO                    24042010  HEMOGLOBINE GLYQUEE",
        ]
    )
    rows = [dict(row.cells) for row in split_text_tables(listing).rows]
    assert [(r["DEMANDE"], r["IPP"], r["NOM PRENOM"]) for r in rows] == [
        ("23061332402", "25164279", "DUBOIS NINA"),
        ("23061395440", "49402775", "JOUBERT PAULETTE"),
        ("23061323269", "02018825", "DUPUY TIMEO"),
    ]
