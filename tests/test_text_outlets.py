"""Outlets and wires read from datelines, bylines, footers and URLs; stored, listed, filtered."""
from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import cli_json as _json  # tests/ is on sys.path (rootdir conftest)

import crosswire
from crosswire.article import Article
from crosswire.ingest.base import article_from_record
from crosswire.text.analyse import analyse
from crosswire.text.outlets import find_outlet, registered_domain, wire_named

BODY = ("Die Bundesregierung hat am Montag ein Entlastungspaket von 65 Milliarden Euro beschlossen. "
        "Es soll Haushalte mit kleinen Einkommen bis Ende 2023 unterstützen.")


def _named(text: str, url: str | None = None) -> tuple[str | None, str | None]:
    a = analyse(Article(text=text, url=url))
    return a.outlet, a.metadata.get("wire")


@pytest.mark.parametrize(("text", "outlet", "wire"), [
    (f"BERLIN (dpa) - {BODY}", "dpa", "dpa"),
    ("LONDON (Reuters) - Oil prices rose on Monday after OPEC+ agreed to cut output by 2 million barrels a day.",
     "Reuters", "Reuters"),
    ("(Reuters) - Shares of Acme Corp fell 12% on Tuesday.\n\n(Reporting by Jane Doe in Bengaluru; "
     "Editing by Bob Roe)", "Reuters", "Reuters"),
    ("NEW YORK, March 3, 2025 /PRNewswire/ -- Acme Corp. today reported revenue of $4.2 billion.",
     "PR Newswire", "PR Newswire"),
    ("SAN FRANCISCO--(BUSINESS WIRE)--Acme Corp. (NYSE: ACME) today announced results for its third quarter.",
     "Business Wire", "Business Wire"),
    ("Acme Corp. today announced results for its third quarter, with revenue up 8%.\n\n"
     "Contacts\nJane Doe, press@acme.example\n\nSource: Business Wire", "Business Wire", "Business Wire"),
    ("TORONTO, Nov. 11, 2022 (GLOBE NEWSWIRE) -- Maple Mining Inc. announced a C$40 million financing.",
     "GlobeNewswire", "GlobeNewswire"),
    ("WASHINGTON (AP) — The Senate voted 52-48 on Tuesday to confirm the nominee.", "AP", "AP"),
    ("PARIS (AFP) — Le gouvernement a annoncé lundi une aide de 3 milliards d'euros.", "AFP", "AFP"),
    ("SEOUL, March 5 (Yonhap) -- South Korea's exports rose 4.8 percent in February.", "Yonhap", "Yonhap"),
    # ots carries the PR Newswire release in German: ots is the carrier, PR Newswire the source
    (f"Peking (ots/PRNewswire) - {BODY}", "news aktuell / presseportal", "PR Newswire"),
    (f"Hamburg (ots) - {BODY}\n\nOriginal-Content von: Acme AG, übermittelt durch news aktuell",
     "news aktuell / presseportal", "news aktuell / presseportal"),
    (f"{BODY}\n\nots Originaltext: Acme AG\nIm Internet recherchierbar: http://www.presseportal.de",
     "news aktuell / presseportal", "news aktuell / presseportal"),
])
def test_dateline_byline_and_footer_name_the_outlet(text: str, outlet: str, wire: str) -> None:
    assert _named(text) == (outlet, wire)


def test_a_body_sentence_naming_a_wire_is_not_its_outlet() -> None:
    text = ("The company said it would cut 3,000 jobs, Reuters reported on Monday, citing two people familiar "
            "with the matter. According to AP, the plan was approved by the board.\n\n"
            "The shares fell 4% in early trading.")
    assert _named(text) == (None, None)
    # lower-case "ap" and "pa" are words, not the wires AP and PA Media
    assert wire_named("ap") is None and wire_named("pa") is None and wire_named("AP").name == "AP"


def test_the_url_names_the_outlet_when_the_text_does_not() -> None:
    assert _named(BODY, url="https://www.theguardian.com/world/2024/mar/05/story") == ("theguardian.com", None)
    assert _named(BODY, url="https://en.yna.co.kr/view/AEN2025") == ("Yonhap", "Yonhap")
    assert registered_domain("https://news.bbc.co.uk/2/hi/x.stm") == "bbc.co.uk"
    # a footer link to presseportal.de names news aktuell even without a dateline; a link in a body
    # sentence names nothing
    footer = f"{BODY}\n\nOriginalmeldung: https://www.presseportal.de/pm/135504/5368602"
    assert _named(footer) == ("news aktuell / presseportal", "news aktuell / presseportal")
    cited = f"{BODY} Die Zahlen veröffentlichte die Agentur unter https://www.reuters.com/markets/ am Montag."
    assert _named(cited) == (None, None) and find_outlet(cited).wire is None


def test_an_outlet_given_by_the_input_is_kept_and_the_wire_added() -> None:
    rec = {"id": "x1", "text": f"BERLIN (dpa) - {BODY}", "outlet": "Rheinpost"}
    a = analyse(article_from_record(rec, "feed.jsonl", 1))
    assert a.outlet == "Rheinpost" and a.metadata["wire"] == "dpa"


def test_seeds_show_their_wires_not_their_file_names(seeds_db: Path) -> None:
    arts = {a["language"]: a for a in _json(["articles", "--db", str(seeds_db), "--json"])}  # type: ignore[union-attr]
    assert arts["en"]["outlet"] == "PR Newswire" and arts["en"]["wire"] == "PR Newswire"
    assert arts["de"]["outlet"] == "news aktuell / presseportal" and arts["de"]["wire"] == "PR Newswire"
    (story,) = _json(["stories", "--db", str(seeds_db), "--json"])  # type: ignore[misc]
    assert sorted(story["outlets"]) == ["PR Newswire", "news aktuell / presseportal"]
    full = _json(["story", story["id"], "--db", str(seeds_db), "--json"])
    shown = {v["outlet"] for g in full["version_groups"] for v in g["versions"]}  # type: ignore[index]
    assert shown == {"PR Newswire", "news aktuell / presseportal"}
    assert not any(".txt" in str(o) for o in full["outlets"])  # type: ignore[index]


def test_outlet_filter_on_articles_and_stories(seeds_db: Path) -> None:
    german = _json(["articles", "--db", str(seeds_db), "--outlet", "presseportal", "--json"])
    assert [a["language"] for a in german] == ["de"]  # type: ignore[union-attr]
    # the wire matches too (both seeds came through PR Newswire), with or without spaces
    assert len(_json(["articles", "--db", str(seeds_db), "--outlet", "prnewswire", "--json"])) == 2  # type: ignore[arg-type]
    assert len(_json(["articles", "--db", str(seeds_db), "--outlet", "PR Newswire", "--json"])) == 2  # type: ignore[arg-type]
    assert len(_json(["stories", "--db", str(seeds_db), "--outlet", "News Aktuell", "--json"])) == 1  # type: ignore[arg-type]
    assert _json(["stories", "--db", str(seeds_db), "--outlet", "Reuters", "--json"]) == []
    # LIKE's wildcards are taken literally
    assert _json(["articles", "--db", str(seeds_db), "--outlet", "%", "--json"]) == []
    with crosswire.open(seeds_db, embedder=None, read_only=True) as cw:
        assert [a.language for a in cw.articles(outlet="news aktuell")] == ["de"]
