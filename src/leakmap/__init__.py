"""leakmap: which patients a leaked hospital dump exposes, and what of theirs."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
