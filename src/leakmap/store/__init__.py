"""The case store: encrypted at rest, one writer, typed records in and out."""

from __future__ import annotations

from leakmap.store.case import KEY_VARIABLE, Case, case_key
from leakmap.store.document_path import DocumentPath

__all__ = ["KEY_VARIABLE", "Case", "DocumentPath", "case_key"]
