"""The :class:`Fact`: one figure, date, period or name found in a sentence, with a normalised value."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

FactKind = Literal["number", "percent", "money", "quantity", "year", "period", "date", "name"]


@dataclass(slots=True)
class Fact:
    kind: FactKind
    text: str                    # the surface form, verbatim
    start: int                   # offsets into the text it was extracted from
    end: int
    value: Any                   # float for figures, "2022-11-11" for dates, (2022, 2025) for periods
    unit: str | None = None      # ISO currency, CLDR unit id ("square-meter"), "%"
    soft: bool = False           # written out in words or inferred: may match, never flags on its own
    mantissa: float | None = None  # the digits before a scale word: "766.050" of "766.050 Mio."

    @property
    def key(self) -> tuple[Any, ...]:
        """What must be equal for two facts in two languages to say the same thing."""
        if self.kind in ("number", "percent", "money", "quantity"):
            return ("fig", round(float(self.value), 6))
        return (self.kind, self.value)

    def display_value(self) -> Any:
        if isinstance(self.value, float) and self.value.is_integer():
            return int(self.value)
        if isinstance(self.value, tuple):
            return list(self.value)
        return self.value

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
                "value": self.display_value(), "unit": self.unit}
