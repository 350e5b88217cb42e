"""The export-family tests' cast of fictitious people, one per test module."""

from __future__ import annotations

import pytest
from family_cases import new_cast

from leakmap.synth.casting import Cast


@pytest.fixture(scope="module")
def cast() -> Cast:
    return new_cast()
