"""``python -m leakmap``."""

from __future__ import annotations

from leakmap.cli import main

main()
