"""The text stage end to end on the two real seeds, and as a pipeline step."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from crosswire.article import Article
from crosswire.text import Analyser, analyse

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GERMAN_LAST = "Das BIP von Kunshan betrug im Jahr 2021 mehr als 470 Milliarden Yuan."


def _seed(prefix: str) -> Article:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds not present")
    (path,) = seeds.glob(f"{prefix}_*.txt")
    raw = path.read_text(encoding="utf-8")
    # " date 2022-11-11 " is reader metadata, not article text
    m = re.match(r"\s*date\s+(\S+)\s+", raw)
    assert m, "seed starts with its date metadata"
    return Article(text=raw[m.end():], published=m.group(1))


@pytest.fixture(scope="module")
def english() -> Article:
    return analyse(_seed("000"))


@pytest.fixture(scope="module")
def german() -> Article:
    return analyse(_seed("001"))


def test_english_seed(english: Article) -> None:
    a = english
    assert a.language == "en" and a.language_confidence > 0.9
    assert a.dateline is not None
    assert (a.dateline.place, a.dateline.wire, a.dateline.date_text) == ("BEIJING", "PRNewswire", "Nov. 11, 2022")
    assert [s.paragraph for s in a.sentences] == [0, 1, 2, 3, 4, 5, 6, 6]
    assert a.sentences[0].text.startswith("Kunshan of east China's")
    assert a.sentences[0].start >= a.dateline.end  # the dateline is not part of the first sentence
    assert a.sentences[-1].text == "Kunshan's GDP exceeded 470 billion yuan in 2021."
    assert a.boilerplate == []
    assert (a.published, a.date_precision) == ("2022-11-11", "day")


def test_german_seed(german: Article) -> None:
    a = german
    assert a.language == "de" and a.language_confidence > 0.9
    assert a.dateline is not None and (a.dateline.place, a.dateline.wire) == ("Peking", "ots/PRNewswire")
    assert len(a.sentences) == 8
    assert {s.paragraph for s in a.sentences} == {0}
    assert a.sentences[0].text.startswith("Kunshan in der ostchinesischen Provinz Jiangsu")
    assert a.sentences[0].text.endswith("voranzutreiben.")
    assert a.sentences[1].text.startswith("Während der Veranstaltung")
    assert a.sentences[-1].text == GERMAN_LAST
    assert (a.published, a.date_precision) == ("2022-11", "month")  # the reader's month stays a month


def test_german_footer_is_all_boilerplate(german: Article) -> None:
    a = german
    footer_start = a.text.index("Siehe Original-Link")
    assert a.sentences[-1].end <= footer_start
    covered = [False] * len(a.text)
    for b in a.boilerplate:
        assert a.text[b.start:b.end] == b.text
        for i in range(b.start, b.end):
            covered[i] = True
    uncovered = "".join(ch for i, ch in enumerate(a.text) if i >= footer_start and not covered[i])
    assert uncovered.strip() == ""
    kinds = {b.kind for b in a.boilerplate}
    assert {"photo", "contact", "link"} <= kinds


def test_english_and_german_versions_have_the_same_shape(english: Article, german: Article) -> None:
    assert len(english.sentences) == len(german.sentences) == 8


def test_offsets_point_into_the_text(english: Article, german: Article) -> None:
    for a in (english, german):
        for s in a.sentences:
            assert a.text[s.start:s.end] == s.text
            assert s.text == s.text.strip()
            for b in a.boilerplate:
                assert s.end <= b.start or s.start >= b.end


def test_outlet_line_and_footer_are_not_sentences() -> None:
    text = ("Aus der Bundesverwaltung:\n\n"
            "Bern, 25. April 2022 - Der Bundesrat hat heute z. B. 3,5 Mio. Franken gesprochen. Das ist viel.\n\n"
            "Weitere Informationen finden Sie unter www.admin.ch im Bereich Medien.\n\n"
            "Quelle: Bundesverwaltung. Alle Rechte vorbehalten.")
    a = analyse(Article(text=text, id="x"))
    assert [b.kind for b in a.boilerplate] == ["outlet_line", "source"]
    assert [(s.paragraph, s.text) for s in a.sentences] == [
        (0, "Der Bundesrat hat heute z. B. 3,5 Mio. Franken gesprochen."),
        (0, "Das ist viel."),
        (1, "Weitere Informationen finden Sie unter www.admin.ch im Bereich Medien.")]
    assert a.dateline is not None and a.dateline.place == "Bern"
    assert (a.published, a.date_precision) == ("2022-04-25", "day")  # from the dateline
    assert a.language == "de"


def test_published_is_not_overridden_by_the_dateline() -> None:
    a = analyse(Article(text="PARIS, 14 mars 2025 /PRNewswire/ -- La société a publié ses résultats.",
                        published="2025-03", date_precision="month", id="x"))
    assert (a.published, a.date_precision) == ("2025-03", "month")
    assert a.dateline is not None and a.dateline.date_text == "14 mars 2025"


def test_analyser_is_a_generator_step_and_idempotent() -> None:
    texts = ["Zürich (ots) - Die Stadt Zürich eröffnet im März eine neue Tramlinie. Die Strecke ist 7,5 km lang.",
             "GENEVA, March 3, 2025 /PRNewswire/ -- The city opened a depot. It cost 45 million francs."]
    step = Analyser()
    out = step(Article(text=t) for t in texts)
    assert iter(out) is out
    first, second = list(out)
    assert first.language == "de" and second.language == "en"
    assert second.published == "2025-03-03"
    again = analyse(second)
    assert [s.to_dict() for s in again.sentences] == [s.to_dict() for s in second.sentences]


def test_empty_and_whitespace_articles() -> None:
    a = analyse(Article(text="   \n\n  ", id="x"))
    assert a.sentences == [] and a.language == "und" and a.language_confidence == 0.0
