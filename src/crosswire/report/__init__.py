"""Pickup reports: where, when and how faithfully a text was picked up (``crosswire report``)."""
from __future__ import annotations

from .build import COLUMNS, pickup_report
from .chart import pickup_chart
from .render import to_csv, to_html

__all__ = ["COLUMNS", "pickup_chart", "pickup_report", "to_csv", "to_html"]
