"""Tables printed as plain text become rows; prose and short aligned snippets stay text."""

from __future__ import annotations

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
