"""The ``[text](LABEL)`` annotation format: parsing, the people it names, span scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from leakmap.detect.detection_scores import compare, name_spans, score_labels, spans_found
from leakmap.detect.findings import Identifier, IdentifierKind, NameHit, Role
from leakmap.detect.identifiers.nir import nir_key_is_valid
from leakmap.detect.identifiers.place import Place
from leakmap.detect.labelled_text import (
    Label,
    LabelledSpan,
    parse_labelled,
    people_of,
    read_snippets,
    read_templates,
)

SNIPPETS = Path(__file__).parents[1] / "data" / "detection_snippets.tsv"
TEMPLATES = Path(__file__).parents[3] / "shared" / "external" / "eds-pseudo" / "templates.txt"


def test_parse_keeps_offsets_in_the_plain_text() -> None:
    labelled = parse_labelled(
        "Mme [DUPONT](NOM) [Marie](PRENOM), née le [12/03/1965](DATE_NAISSANCE).", source="t:1"
    )
    assert labelled.text == "Mme DUPONT Marie, née le 12/03/1965."
    assert [(s.label, s.text) for s in labelled.spans] == [
        (Label.NOM, "DUPONT"),
        (Label.PRENOM, "Marie"),
        (Label.DATE_NAISSANCE, "12/03/1965"),
    ]
    assert all(labelled.text[s.start : s.end] == s.text for s in labelled.spans)


def test_parse_reads_spans_over_line_breaks_and_known_misspellings() -> None:
    labelled = parse_labelled("[321 rue d'Estienne\nd'Orves](ADRESSE) [19 Avn Foch](ADDRESSE)")
    assert [s.label for s in labelled.spans] == [Label.ADRESSE, Label.ADRESSE]
    assert labelled.spans[0].text == "321 rue d'Estienne\nd'Orves"


def test_parse_leaves_brackets_that_are_not_annotations() -> None:
    labelled = parse_labelled("Score [3/5] (stable) ; [A](PRENOM)")
    assert labelled.text == "Score [3/5] (stable) ; A"
    assert [s.text for s in labelled.spans] == ["A"]


def test_an_unknown_label_names_its_source_not_the_text() -> None:
    with pytest.raises(ValueError, match=r"snippets.tsv:q7: unknown label 'PATIENT'"):
        parse_labelled("[Jeanne](PATIENT)", source="snippets.tsv:q7")


def test_templates_are_read_by_paragraph_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "templates.txt"
    path.write_text("[A](PRENOM) [B](NOM)\n\nEVOLUTION\nvue le [1/2/2020](DATE)\n\nrien\n")
    texts = read_templates(path)
    assert [t.source for t in texts] == ["templates.txt:1", "templates.txt:3", "templates.txt:6"]
    assert texts[1].text == "EVOLUTION\nvue le 1/2/2020"


def test_snippets_are_read_by_row_with_line_breaks_unescaped(tmp_path: Path) -> None:
    path = tmp_path / "s.tsv"
    path.write_text('id\tcase\ttext\nq1\tname\tNom : [X](NOM)\\nPrénom : [Y](PRENOM) "quoted"\n')
    (labelled,) = read_snippets(path)
    assert labelled.source == "s.tsv:q1"
    assert labelled.text == 'Nom : X\nPrénom : Y "quoted"'


def test_people_pair_each_family_name_with_the_nearest_given_name() -> None:
    labelled = parse_labelled(
        "[DUPONT](NOM) [Marie](PRENOM) et Dr [Paul](PRENOM) [AUBERT](NOM), IPP [80012345](IPP)"
    )
    people = people_of([labelled])
    assert [(p.family_name, p.given_names) for p in people if p.family_name] == [
        ("DUPONT", "Marie"),
        ("AUBERT", "Paul"),
    ]
    assert "80012345" in {p.patient_id for p in people}


def _hit(family: str, given: str, start: int, end: int, birth: str = "") -> NameHit:
    return NameHit(family, given, family.upper(), given.upper(), Place(1, block=0).at(start, end),
                   Role.UNKNOWN, "test", "test.v1", 0.9, birth_name=birth)  # fmt: skip


def test_name_hits_become_family_and_given_spans() -> None:
    text = "Mme DURAND épouse MARTIN Jeanne-Marie, née le"
    spans = name_spans(text, _hit("DURAND", "Jeanne Marie", 4, 37, birth="MARTIN"))
    assert [(s.label, s.text) for s in spans] == [
        (Label.NOM, "DURAND"),
        (Label.NOM, "MARTIN"),
        (Label.PRENOM, "Jeanne-Marie"),
    ]


def test_postcode_hits_give_a_zip_and_a_city() -> None:
    text = "3 rue des Lilas 75011 Paris"
    postcode = Identifier(IdentifierKind.POSTCODE, "75011", "75011 Paris",
                          Place(1, block=0).at(16, 27), "address", "address.v1", 0.85, 0.85)  # fmt: skip
    spans = spans_found(text, [postcode], [])
    assert [(s.label, s.text) for s in spans] == [(Label.ZIP, "75011"), (Label.VILLE, "Paris")]


def test_scores_count_overlaps_within_a_label() -> None:
    labelled = parse_labelled("[DUPONT](NOM) [Marie](PRENOM) le [12/03/2024](DATE)")
    found = [
        LabelledSpan(Label.NOM, 0, 3, "DUP"),  # overlaps: recalled and correct
        LabelledSpan(Label.DATE_NAISSANCE, 16, 26, "12/03/2024"),  # wrong label
        LabelledSpan(Label.PRENOM, 13, 15, "le"),  # no overlap
    ]
    scores = {s.label: s for s in score_labels([compare(labelled, found)])}
    assert (scores[Label.NOM].recall, scores[Label.NOM].precision) == (1.0, 1.0)
    assert (scores[Label.PRENOM].recall, scores[Label.PRENOM].precision) == (0.0, 0.0)
    assert scores[Label.PRENOM].f1 == 0.0
    assert (scores[Label.DATE].recall, scores[Label.DATE].precision) == (0.0, None)
    assert scores[Label.DATE_NAISSANCE].recall is None
    assert scores[Label.DATE_NAISSANCE].precision == 0.0


def test_the_snippet_set_is_large_and_well_formed() -> None:
    texts = read_snippets(SNIPPETS)
    assert len(texts) >= 150
    assert len({t.source for t in texts}) == len(texts)
    for text in texts:
        for span in text.spans:
            if span.label is Label.SECU:
                digits = "".join(c for c in span.text if c.isalnum())
                assert nir_key_is_valid(digits), text.source
        if ":x" in text.source:  # near misses: nothing to find
            assert not text.spans, text.source


@pytest.mark.skipif(not TEMPLATES.is_file(), reason="eds-pseudo templates not in shared/")
def test_the_eds_pseudo_templates_parse() -> None:
    texts = read_templates(TEMPLATES)
    assert len(texts) > 200
    labels = {s.label for t in texts for s in t.spans}
    assert {Label.NOM, Label.PRENOM, Label.DATE_NAISSANCE, Label.SECU, Label.HOPITAL} <= labels
    assert all(t.text[s.start : s.end] == s.text for t in texts for s in t.spans)
