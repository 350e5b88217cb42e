"""``evaluation_as_json``: every figure of an ``Evaluation`` as plain JSON types.

For benchmarks and dashboards: the nesting follows the dataclasses field by field, so a
new figure appears without touching this module. ``schema`` versions the shape; no value is
NaN or infinite (see ``ratios``), so any strict JSON reader accepts the output.
"""

from __future__ import annotations

from dataclasses import asdict

from leakmap.evaluate.score import Evaluation

SCHEMA = "leakmap.evaluation/1"


def evaluation_as_json(evaluation: Evaluation) -> dict[str, object]:
    """A JSON-ready dict: objects for records, lists for tuples, numbers and strings."""
    return {"schema": SCHEMA, **_plain(asdict(evaluation))}


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
