"""View helpers of the web UI, without a server: marking facts, timeline lanes, tolerant summaries."""
from __future__ import annotations

from crosswire.web.compare_view import Span, build_rows, diff_counts, render_marked
from crosswire.web.context import BadRequest, check_id, to_jsonable
from crosswire.web.story_view import story_summary, timeline


def test_render_marked_escapes_and_prefers_mismatches() -> None:
    text = "Revenue <b>rose</b> to 1.2 billion"
    spans = [Span(23, 34, "fact fact-match", "m", priority=2), Span(23, 26, "fact fact-mismatch", "x", priority=0)]
    html = str(render_marked(text, spans))
    assert "&lt;b&gt;rose&lt;/b&gt;" in html
    assert '<mark class="fact fact-mismatch" title="x">1.2</mark> billion' in html
    assert html.count("<mark") == 1


def test_build_rows_places_facts_and_differences_in_their_row() -> None:
    result = {
        "alignment": [{"a": ["It has 300,000 square meters."], "b": ["Es hat 300.000 Quadratmeter."], "score": 0.9,
                       "a_index": [0], "b_index": [0]},
                      {"a": ["Sales were 5 billion."], "b": ["Investitionen von 5 Mrd."], "score": 0.4,
                       "a_index": [1], "b_index": [1]},
                      {"a": ["No closures."], "b": [], "score": 0.0, "a_index": [2], "b_index": []}],
        "facts": [{"kind": "quantity", "a": "300,000 square meters", "b": "300.000 Quadratmeter", "status": "match",
                   "value": 300000, "unit": "square-meter"}],
        "differences": [{"kind": "meaning", "a_text": "Sales were 5 billion.", "b_text": "Investitionen von 5 Mrd.",
                         "detail": "sales vs investment", "a_index": [1], "b_index": [1]},
                        {"kind": "missing", "a_text": "No closures.", "b_text": "", "detail": "dropped",
                         "a_index": [2], "b_index": []}],
    }
    rows = build_rows(result)
    assert 'fact-match' in rows[0].a[0] and "300.000 Quadratmeter</mark>" in rows[0].b[0]
    assert [n["kind"] for n in rows[1].notes] == ["meaning"] and "has-meaning" in rows[1].classes
    assert rows[2].kind == "missing" and rows[2].notes[0]["kind"] == "missing"
    assert diff_counts(result)["meaning"] == 1 and diff_counts(result)["number"] == 0


def test_timeline_lanes_bars_and_undated() -> None:
    versions = [{"id": "1", "language": "en", "published": "2022-11-11", "role": "original"},
                {"id": "2", "language": "de", "published": "2022-11", "role": "translation"},
                {"id": "3", "language": "en", "published": "2022-11-12T08:00:00", "role": "rewrite"},
                {"id": "4", "language": "fr", "published": None}]
    tl = timeline(versions)
    lanes = {lane.language: lane for lane in tl.lanes}
    assert set(lanes) == {"en", "de", "fr"} and [i.id for i in tl.undated] == ["4"]
    month = lanes["de"].items[0]
    assert month.width > 50 and 0 <= month.left < 10  # a month-dated version spans the month
    assert all(0 <= i.left <= 100 for lane in tl.lanes for i in lane.items) and 2 <= len(tl.ticks) <= 8


def test_story_summary_is_tolerant() -> None:
    s = story_summary({"id": 7, "title": "T", "versions": {"en": [{"id": "a", "outlet": "X"}], "de": [{"id": "b"}]}})
    assert s["id"] == "7" and s["headline"] == "T" and s["versions"] == 2 and s["outlets"] == ["X"]
    assert story_summary({})["headline"] == "(untitled story)"


def test_check_id_refuses_path_like_ids() -> None:
    for bad in ("../etc/passwd", "a/b", "..", "a..b", "", " x", "x" * 300, "\x00", "%2e%2e"):
        try:
            check_id(bad)
        except BadRequest as exc:
            assert exc.status == 400
        else:
            raise AssertionError(bad)
    assert check_id("demo-001") == "demo-001" and check_id("47b995dd16761b2c")
    assert to_jsonable({"x": (1, float("nan"))}) == {"x": [1, None]}
