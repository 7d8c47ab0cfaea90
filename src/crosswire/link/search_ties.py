"""Stories that match a query equally: marked as one shared rank, ordered by a rule a user can see.

Releases that recur under one headline ("New Confederation bonds" every month, "Presentation of
credentials", "Issue result for Confederation bonds") carry the same words in every language, so
a query made of that headline matches each of them alike: what tells them apart in the vector
score is their leads, which a headline query says nothing about.  Ranking one of them first as
if it were the answer would be a guess presented as a finding.  Instead such stories share one
``rank`` and say how many share it (``tied``), and within the tie they are ordered by a rule a
reader expects: the story nearest to ``near`` when the date of the text searched from is known,
otherwise the most recent one (a reader asking for a recurring release without a date most
likely means the latest).  ``tie_break`` names the rule used.
"""
from __future__ import annotations

from typing import Any

from .index import UNDATED, day_number
from .search_explain import UNDER_BAR

#: Two stories tie when their scores differ by at most this many robust standard deviations
#: (the unit of search scores) and a version of one carries a headline that a version of the
#: other carries word for word: then only their leads part them, which a headline query says
#: little about.  Chosen on releases-dev lines 0-2400 (en and de headline queries): of the 14
#: queries whose headline another release shares, the first place is tied for all 14 at margins
#: 0.25, 0.5 and 1, and the right story is among the tied 13, 13 and 14 times; checked on lines
#: 2400-4800 and 4800-end (25 such queries): 0.25 / 0.5 / 1 tie 11 / 15 / 17 of them; no query
#: whose headline is its own is tied at any of the three.  A month's story that also holds
#: another release ("New Confederation bonds" and its issue result) stands 0.75 apart.
TIE_MARGIN = 1.0
#: Stories ranked beyond those asked for, so that a tie that starts on the last place asked for
#: is ordered among all its members: a release that recurs monthly has twelve namesakes a year.
TIE_LOOKAHEAD = 12


def mark_ties(stories: list[dict[str, Any]], near: float | None = None, *,
              margin: float | None = None) -> list[dict[str, Any]]:
    """``stories`` (best first, scores in robust SD; ``margin`` defaults to TIE_MARGIN) with
    ``rank`` (shared by tied stories), ``tied`` (how many stories share that rank) and, in a
    tie, ``tie_break`` and the order it gives.  Only stories next to each other in the ranking
    tie, and a tie is as sure as its surest member (``confident``)."""
    margin = TIE_MARGIN if margin is None else margin
    out: list[dict[str, Any]] = []
    k = 0
    while k < len(stories):
        head = stories[k]
        run = [head]
        heads = _headlines(head)
        for other in stories[k + 1:]:
            if abs(float(head["score"]) - float(other["score"])) > margin or not heads & _headlines(other):
                break
            run.append(other)
        if len(run) > 1:
            # one headline, one score within the margin: the bar, which reads the leads too, may
            # put one of them over it and the next under ("Übergabe der Beglaubigungsschreiben",
            # 0.08 apart); equal matches are equally sure
            if any(s.get("confident", True) for s in run):
                for s in run:
                    if not s.get("confident", True):
                        s["confident"], s["why"] = True, str(s.get("why", "")).removeprefix(UNDER_BAR)
            rule = "nearest to near" if near is not None else "newest first"
            run = sorted(run, key=(lambda s: _distance(s, near)) if near is not None else _newest)
            for s in run:
                s["tie_break"] = rule
                s["why"] = (f"equal match with {len(run) - 1} other stories of the same headline"
                            f" ({rule}): {s.get('why', '')}")
        for s in run:   # a tie shares the rank of its first place: 1, 1, 1, 4
            s["rank"], s["tied"] = len(out) + 1, len(run)
        out += run
        k += len(run)
    return out


def plain_ranks(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ranks without ties: for a ranking whose scores are no standard deviations (keywords alone),
    and for a passage query (search.reads_as_passage), matched by the leads that part stories
    of one headline."""
    for position, s in enumerate(stories):
        s["rank"], s["tied"] = position + 1, 1
    return stories


def _headlines(story: dict[str, Any]) -> set[str]:
    """The story's version headlines, compared without case and spacing."""
    return {" ".join(str(v["title"]).casefold().split()) for v in story.get("versions") or story.get("hits") or []
            if v.get("title")}


def _days(story: dict[str, Any]) -> list[float]:
    versions = story.get("versions") or story.get("hits") or []
    found = [day_number(v.get("published"), precision="month") for v in versions]
    return [float(d) for d in found if d != UNDATED]


def _newest(story: dict[str, Any]) -> float:
    days = _days(story)
    return -max(days) if days else float("inf")   # undated stories after dated ones


def _distance(story: dict[str, Any], near: float | None) -> float:
    days = _days(story)
    return min(abs(d - near) for d in days) if days and near is not None else float("inf")
