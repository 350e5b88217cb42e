"""Detection over the hand-written snippets keeps the recall and precision it reached.

The floors are the figures measured when the snippets were written (see
``benchmarks/bench_detection.py``, which prints them beside the eds-pseudo templates'),
rounded down: a change that loses a hit shows here. When detection improves, raise them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from leakmap.detect.detection_scores import LabelScore, detect_labelled, score_labels
from leakmap.detect.document import DetectionContext
from leakmap.detect.labelled_text import Label, people_of, read_snippets
from leakmap.detect.names import NameIndex
from leakmap.detect.ner import NerPolicy
from leakmap.settings import ScanSettings

SNIPPETS = Path(__file__).parents[1] / "data" / "detection_snippets.tsv"
TODAY = date(2026, 6, 1)

# (precision, recall) floors per variant and label, measured on the snippet set.
FLOORS: dict[str, dict[Label, tuple[float, float]]] = {
    "registry": {
        Label.NOM: (0.93, 0.96),
        Label.PRENOM: (0.92, 0.96),
        Label.DATE_NAISSANCE: (1.00, 0.97),
        Label.DATE: (0.95, 0.92),
        Label.IPP: (1.00, 0.97),
        Label.NDA: (1.00, 0.92),
        Label.SECU: (1.00, 0.90),
        Label.TEL: (1.00, 0.95),
        Label.MAIL: (1.00, 1.00),
        Label.ADRESSE: (1.00, 0.97),
        Label.ZIP: (1.00, 0.95),
        Label.VILLE: (1.00, 0.95),
        Label.IBAN: (1.00, 1.00),
        Label.CARTE: (1.00, 1.00),
    },
    "no registry": {
        Label.NOM: (1.00, 0.36),
        Label.PRENOM: (1.00, 0.37),
        Label.IPP: (1.00, 0.85),
    },
    "no registry + NER": {
        Label.NOM: (0.95, 0.70),
        Label.PRENOM: (0.95, 0.69),
    },
}


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[Label, LabelScore]]:
    texts = read_snippets(SNIPPETS)
    settings = ScanSettings(workers=1, use_ner=False)
    registry = DetectionContext(NameIndex.build(people_of(texts)), settings, TODAY)
    bare = DetectionContext(NameIndex.build([]), settings, TODAY)
    runs = {
        "registry": (registry, None),
        "no registry": (bare, None),
        "no registry + NER": (bare, NerPolicy.UNNAMED_CUE_LINES),
    }
    return {
        name: {s.label: s for s in score_labels(detect_labelled(t, c, ner=n) for t in texts)}
        for name, (c, n) in runs.items()
    }


@pytest.mark.parametrize(
    ("variant", "label"), [(v, label) for v, floors in FLOORS.items() for label in floors]
)
def test_snippet_scores_stay_above_their_floors(
    scores: dict[str, dict[Label, LabelScore]], variant: str, label: Label
) -> None:
    score = scores[variant][label]
    precision_floor, recall_floor = FLOORS[variant][label]
    assert score.recall is not None and score.recall >= recall_floor
    assert score.precision is not None and score.precision >= precision_floor


def test_ner_adds_names_the_patterns_miss(scores: dict[str, dict[Label, LabelScore]]) -> None:
    for label in (Label.NOM, Label.PRENOM):
        assert scores["no registry + NER"][label].recalled > scores["no registry"][label].recalled
