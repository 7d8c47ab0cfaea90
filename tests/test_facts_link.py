"""Link evidence and the drift report read figures and months from one place (crosswire.facts),
so they agree on whether two figures are the same; and the linker's typed features keep the
stored ``"kind:value"`` form."""
from __future__ import annotations

import json

import pytest

from crosswire.article import Article
from crosswire.facts import extract, lexicon, parse_number
from crosswire.facts.lexicon import MONTH_NUMBERS
from crosswire.facts.numbers import number_readings
from crosswire.link.feature import FeatureKind, feature, is_name, kind_of, parse_feature, value_of
from crosswire.link.figures import figure_tokens
from crosswire.link.signature import Signature, signature_of


@pytest.mark.parametrize(("written", "lang"), [
    ("1'000'000", "de"), ("1.000.000", "de"), ("1,000,000", "en"), ("1 000 000", "fr"), ("1\u202f000\u202f000", "fr"),
    ("300’000", "de"), ("1,5", "de"), ("3.83", "en"), ("1.234.567,89", "it"), ("1,234,567.89", "en"),
    ("1'234.5", "de"), ("0,125", "fr"), ("12.50", "en"), ("2022", "en"), ("007", "en")])
def test_linker_and_drift_read_an_unambiguous_figure_alike(written: str, lang: str) -> None:
    readings = number_readings(written)
    assert len(readings) == 1
    assert float(readings[0]) == parse_number(written, lexicon(lang))


@pytest.mark.parametrize(("written", "lang"), [("1,500", "en"), ("1,500", "it"), ("1.500", "de"), ("1.500", "en")])
def test_an_ambiguous_figure_gives_the_linker_both_readings_and_the_drift_reader_one_of_them(
        written: str, lang: str) -> None:
    assert {float(r) for r in number_readings(written)} == {1500.0, 1.5}
    assert parse_number(written, lexicon(lang)) in {1500.0, 1.5}


def test_the_same_figure_in_two_languages_is_one_feature_and_one_fact() -> None:
    de = "Der Bund zahlt 1'250'000 Franken an 37 Gemeinden."
    fr = "La Confédération verse 1 250 000 francs à 37 communes."
    assert ("num", "1250000") in set(figure_tokens(de)) & set(figure_tokens(fr))
    facts_de = {f.key for f in extract(de, "de") if f.kind in ("number", "money")}
    facts_fr = {f.key for f in extract(fr, "fr") if f.kind in ("number", "money")}
    assert ("fig", 1250000.0) in facts_de & facts_fr


def test_month_names_the_linker_reads_after_a_day_are_the_facts_table() -> None:
    for text, date in (("am 3. März", "03-03"), ("le 14 juillet", "07-14"), ("il 2 giugno", "06-02"),
                       ("el 9 octubre", "10-09"), ("on 5 Sept", "09-05"), ("am 1. Jänner", "01-01")):
        assert ("date", date) in set(figure_tokens(text)), text
    assert MONTH_NUMBERS["märz"] == 3 and "out" not in MONTH_NUMBERS   # "5 out of 10" is no date
    assert ("date", "10-05") not in set(figure_tokens("5 out of 10 cantons"))


def test_features_are_typed_and_stored_as_the_old_strings() -> None:
    article = Article(id="a1", text="The Federal Council met UNHCR in Geneva on 14 March 2023 and pledged CHF 2.5 "
                                    "million; details on www.admin.ch.", title="Pledge", published="2023-03-14",
                      language="en")
    sig = signature_of(article)
    kinds = {kind_of(f) for f in sig.features}
    assert {FeatureKind.NUM, FeatureKind.YEAR, FeatureKind.DATE, FeatureKind.NAME, FeatureKind.URL} <= kinds
    assert feature(FeatureKind.NUM, "2.5") == "num:2.5" and "num:2.5" in sig.features
    assert value_of(feature(FeatureKind.DATE, "03-14")) == "03-14"
    assert is_name(feature(FeatureKind.NAME, "unhcr")) and not is_name(feature(FeatureKind.NUM, "2.5"))
    row = json.loads(json.dumps(sig.to_row()))
    assert "url:admin.ch" in row["features"] and "name:unhcr" in row["features"]
    back = Signature.from_row("a1", row)
    assert back.features == sig.features and back.places == sig.places
    assert back.to_row() == sig.to_row()   # a re-ingest writes what is stored: idempotent


def test_a_stored_feature_of_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="not a signature feature"):
        parse_feature("colour:red")
    with pytest.raises(ValueError):
        parse_feature("no-kind")
    with pytest.raises(ValueError):
        kind_of("colour:red")  # type: ignore[arg-type]
    assert parse_feature("url:admin.ch") == "url:admin.ch"

