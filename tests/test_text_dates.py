"""Dates keep the precision they were given, and nothing is guessed."""
from __future__ import annotations

import pytest

from crosswire.article import Dateline
from crosswire.text import date_from_dateline, parse_date


@pytest.mark.parametrize("value, expected", [
    ("2022", ("2022", "year")),
    ("2022-11", ("2022-11", "month")),
    ("2022-11-11", ("2022-11-11", "day")),
    ("2022-11-11T09:30:00+01:00", ("2022-11-11T09:30:00+01:00", "time")),
    ("2022-11-11T09:30:00Z", ("2022-11-11T09:30:00+00:00", "time")),
    ("2022-11-11 09:30", ("2022-11-11T09:30:00", "time")),
    ("Fri, 11 Nov 2022 09:30:00 +0100", ("2022-11-11T09:30:00+01:00", "time")),  # RSS pubDate
    ("11 November 2022", ("2022-11-11", "day")),
    ("Nov. 11, 2022", ("2022-11-11", "day")),
    ("November 2022", ("2022-11", "month")),
    ("14 mars 2025", ("2025-03-14", "day")),
    ("le 13 juin 2022", ("2022-06-13", "day")),
    ("1er janvier 2022", ("2022-01-01", "day")),
    ("7. Januar 2022", ("2022-01-07", "day")),
    ("Mai 2022", ("2022-05", "month")),
    ("1° gennaio 2022", ("2022-01-01", "day")),
    ("14 de marzo de 2025", ("2025-03-14", "day")),
    ("11 ноября 2022 г.", ("2022-11-11", "day")),
    ("11.11.2022", ("2022-11-11", "day")),
    ("13/04/2022", ("2022-04-13", "day")),
    ("2022年11月11日", ("2022-11-11", "day")),
    ("2022年11月", ("2022-11", "month")),
    ("  2022-11  ", ("2022-11", "month")),
])
def test_precision_is_preserved(value: str, expected: tuple[str, str]) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", [
    None, "", "   ", "garbage", "yesterday", "last week", "12", "11 November", "Nov 11", "Januar",
    "32 Januar 2022", "2022-13", "2022-02-30", "0000", "2022-2023", "03/04/2022", "2022-11-11T25:00",
    "Der Bundesrat hat heute entschieden", "x" * 200,
])
def test_garbage_and_guesses_are_refused(value: str | None) -> None:
    assert parse_date(value) is None


def test_date_from_dateline() -> None:
    dl = Dateline(text="GENÈVE, 14 mars 2025 /PRNewswire/ --", place="GENÈVE", wire="PRNewswire",
                  date_text="14 mars 2025")
    assert date_from_dateline(dl) == ("2025-03-14", "day")
    assert date_from_dateline(Dateline(text="Zürich (ots) -", place="Zürich", wire="ots")) is None
    assert date_from_dateline(None) is None
    assert date_from_dateline(Dateline(text="LONDON, Nov 11 (Reuters) -", date_text="Nov 11")) is None
