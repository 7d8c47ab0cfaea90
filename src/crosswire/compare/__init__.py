"""Compare two versions of one story: sentence alignment, facts, drift report."""
from __future__ import annotations

from .align import AlignParams, Bead, align_texts
from .core import Comparison, DriftParams, align, compare
from .drift import Difference, FactLink

__all__ = ["AlignParams", "Bead", "Comparison", "Difference", "DriftParams", "FactLink", "align", "align_texts",
           "compare"]
