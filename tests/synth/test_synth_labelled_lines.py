"""The generator's labels as labelled text: marks sit on what the generator printed."""

from __future__ import annotations

import re

from leakmap.detect.labelled_text import Label, parse_labelled
from leakmap.synth.labelled_lines import labelled_labels


def test_labelled_labels_are_seeded_and_parse() -> None:
    first = labelled_labels(4, 30)
    assert first == labelled_labels(4, 30)
    texts = [parse_labelled(snippet) for snippet in first]
    labels = {span.label for text in texts for span in text.spans}
    assert {Label.NOM, Label.PRENOM, Label.DATE, Label.IPP} <= labels
    for text in texts:
        assert all(text.text[s.start : s.end] == s.text for s in text.spans)
        assert not re.search(r"\]\([A-Z_]+\)", text.text)
