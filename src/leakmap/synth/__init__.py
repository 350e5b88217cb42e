"""A seeded fictitious French hospital: registry, leaked dump and ground truth.

The project's test bed. ``generate_hospital(out, seed=, patients=, files=)`` writes
``registry.csv`` (contract layout), ``dump/`` (PDF, DOCX, XLSX, CSV, TXT, EML, ZIP, some of
them unreadable) and ``truth.json`` (who each file exposes, and what of theirs). Every
person is invented. The generator shares no code with detection or linkage.
"""

from __future__ import annotations

from leakmap.synth.hospital import SynthSummary, generate_hospital

__all__ = ["SynthSummary", "generate_hospital"]
