"""The plain-text format of letter templates: subject, paragraphs, headings, bullets, rows."""

from __future__ import annotations

from leakmap.report.text_blocks import Block, BlockKind, parse_rendered, plain_text

H, P, B, R = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.BULLET, BlockKind.ROW


def test_text_blocks_parse_every_kind():
    rendered = parse_rendered(
        "Objet : essai\nMadame,\n\nune ligne\nsuite de la ligne\n# Titre\n- puce un\n  suite\n"
        "- puce deux\n\n| Victime | personne | fictive\nfin\n"
    )
    assert rendered.subject == "Objet\u00a0: essai"
    assert rendered.blocks == (
        Block(P, "Madame,"),
        Block(P, "une ligne suite de la ligne"),
        Block(H, "Titre"),
        Block(B, "puce un suite"),
        Block(B, "puce deux"),
        Block(R, "personne | fictive", label="Victime"),
        Block(P, "fin"),
    )


def test_text_blocks_french_spaces_never_break():
    rendered = parse_rendered("S\nvoici la liste : « un » ; deux ?\n")
    assert rendered.blocks[0].text == "voici la liste\u00a0: «\u00a0un\u00a0»\u00a0; deux\u00a0?"


def test_text_blocks_plain_text_for_e_mail():
    rendered = parse_rendered("S\nBonjour.\n# Titre\n- " + "mot " * 30 + "\n| Date | 6 janvier\n")
    text = plain_text(rendered, width=40)
    lines = text.splitlines()
    assert lines[0] == "Bonjour."
    assert "TITRE" in lines
    assert all(len(line) <= 40 for line in lines)
    assert any(line.startswith("- mot") for line in lines)
    assert "Date : 6 janvier" in text
