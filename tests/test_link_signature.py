"""Language-independent evidence: figures across locales, names, dates, URLs, sentence hashes."""
from __future__ import annotations

import pytest

from crosswire.article import Article
from crosswire.facts.numbers import number_readings
from crosswire.link.figures import figure_tokens
from crosswire.link.signature import (
    features_of,
    name_tokens,
    sentence_chunks,
    signature_of,
    url_tokens,
)


@pytest.mark.parametrize("written", ["300,000", "300.000", "300 000", "300'000", "300\u202f000", "300’000"])
def test_thousands_separators_of_every_locale_give_one_value(written: str) -> None:
    assert "300000" in number_readings(written)


@pytest.mark.parametrize(("written", "value"), [("1,5", "1.5"), ("1.5", "1.5"), ("3,83", "3.83"),
                                               ("1.234.567,89", "1234567.89"), ("1,234,567.89", "1234567.89"),
                                               ("1'234.5", "1234.5"), ("0.125", "0.125"), ("12.50", "12.5")])
def test_decimals(written: str, value: str) -> None:
    assert number_readings(written) == [value]


def test_ambiguous_form_gives_both_readings() -> None:
    assert set(number_readings("1,500")) == {"1500", "1.5"}


def test_numbers_that_only_touch_stay_apart() -> None:
    assert set(figure_tokens("in 2022 300 people")) == {("year", "2022"), ("num", "300")}


@pytest.mark.parametrize("text", ["am 1. Januar 2022", "le 1er janvier 2022", "il 1° gennaio 2022", "01.01.2022",
                                  "1 enero 2022"])
def test_calendar_dates_in_several_languages(text: str) -> None:
    tokens = set(figure_tokens(text))
    assert ("date", "01-01") in tokens and ("year", "2022") in tokens


def test_english_month_first_dates() -> None:
    assert "date:11-11" in features_of("Kunshan, Nov. 11, 2022 /PRNewswire/ -- The city said on November 11 it would")


def test_names_skip_sentence_openers_and_split_compounds() -> None:
    names, _ = name_tokens("Der Bundesrat hat die BEPS-Mindeststandards mit Michael Koch besprochen. Die Sitzung war kurz.")
    assert {"michael", "koch", "beps", "bundesrat"} <= names
    assert "der" not in names and "die" not in names


def test_names_fold_accents() -> None:
    names, _ = name_tokens("Visite à Zürich et à Genève avec Frédéric.")
    assert {"zurich", "geneve", "frederic"} <= names


def test_urls_and_mail() -> None:
    assert url_tokens("see https://www.udsc.admin.ch/udsc/fr/home.html or info@bag.admin.ch.") >= {
        "udsc.admin.ch/udsc/fr/home.html", "info@bag.admin.ch"}


def test_sentence_hashes_ignore_case_and_spacing_but_not_words() -> None:
    a, _ = sentence_chunks("The Federal Council approved the new ordinance on Friday morning.")
    b, _ = sentence_chunks("the federal  council approved the new ordinance on Friday morning.")
    c, _ = sentence_chunks("The Federal Council rejected the new ordinance on Friday morning.")
    assert a == b and a != c


def test_signature_round_trips_through_its_row() -> None:
    from crosswire.link.signature import Signature

    sig = signature_of(Article(text="Bern, 3. März 2022 – Der Bundesrat hat 1,5 Millionen Franken gesprochen.\n\n"
                                    "Mehr auf www.admin.ch.", id="x", published="2022-03-03"), "de")
    back = Signature.from_row("x", sig.to_row())
    assert back.features == sig.features and back.chunks == sig.chunks and back.published == "2022-03-03"
    # the lead comes back too: a text loaded from the database is found by MinHash like one in memory
    assert back.lead_shingles == sig.lead_shingles and len(sig.lead_shingles) == 13
    assert {"num:1.5", "date:03-03", "url:admin.ch"} <= sig.features


def test_places_keep_the_text_order_of_first_occurrences_through_the_row() -> None:
    """Where each figure and name first occurs: a version keeps its original's order."""
    from crosswire.link.signature import Signature

    text = ("Le projet de TransLéman a coûté 415 millions de francs, dont 38 % payés par la Confédération. "
            "Le prolongement vers Satigny, de 6,3 km, coûtera encore 415 millions d'ici 2027.")
    sig = signature_of(Article(text=text, id="x", published="2025-03-14"), "fr")
    order = [f for f, _p in sorted(sig.places, key=lambda fp: fp[1])]
    assert order.index("num:415") < order.index("num:38") < order.index("name:satigny") < order.index("year:2027")
    assert dict(sig.places)["num:415"] < 350 < dict(sig.places)["year:2027"]  # permille of the text, first use
    assert Signature.from_row("x", sig.to_row()).places == sig.places
