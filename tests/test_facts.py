"""Locale-aware facts on real phrasing in ten languages (no model needed)."""
from __future__ import annotations

import pytest

from crosswire.facts import extract, extract_names, lexicon, parse_number
from crosswire.facts.names import name_key, same_name


def values(text: str, lang: str, kind: str | None = None) -> list[object]:
    return [f.display_value() for f in extract(text, lang) if kind is None or f.kind == kind]


def one(text: str, lang: str):
    facts = [f for f in extract(text, lang) if not f.soft]
    assert len(facts) == 1, facts
    return facts[0]


@pytest.mark.parametrize("raw,lang,expected", [
    ("300,000", "en", 300000), ("300.000", "de", 300000), ("300 000", "fr", 300000),
    ("300'000", "de", 300000), ("300’000", "de", 300000), ("300\u202f000", "fr", 300000),
    ("1,5", "de", 1.5), ("1.5", "en", 1.5), ("3.4", "de", 3.4), ("1,500", "en", 1500),
    ("1.000.000", "it", 1000000), ("1,234.56", "en", 1234.56), ("1.234,56", "de", 1234.56),
    ("54 377", "de", 54377),
])
def test_number_separators(raw: str, lang: str, expected: float) -> None:
    assert parse_number(raw, lexicon(lang)) == pytest.approx(expected)


@pytest.mark.parametrize("text,lang,value,unit", [
    ("GDP exceeded 470 billion yuan", "en", 470e9, "CNY"),
    ("betrug mehr als 470 Milliarden Yuan", "de", 470e9, "CNY"),
    ("un budget de 1,5 milliard d'euros", "fr", 1.5e9, "EUR"),
    ("100 milioni di franchi", "it", 100e6, "CHF"),
    ("1.500 millones de euros", "es", 1.5e9, "EUR"),
    ("2 bilhões de reais", "pt", 2e9, "BRL"),
    ("3 miljard euro", "nl", 3e9, "EUR"),
    ("100 миллиардов рублей", "ru", 100e9, "RUB"),
    ("产业规模达到100亿元", "zh", 10e9, "CNY"),
    ("استثمار 100 مليار دولار", "ar", 100e9, "USD"),
    ("Kosten von 1,5 Mio. CHF", "de", 1.5e6, "CHF"),
    ("maximal 100 Mrd. Franken", "de", 100e9, "CHF"),
    ("Fr. 250.50 pro Person", "de", 250.5, "CHF"),
    ("a grant of $5 million", "en", 5e6, "USD"),
])
def test_money_with_scale_words(text: str, lang: str, value: float, unit: str) -> None:
    f = one(text, lang)
    assert f.kind == "money" and f.unit == unit
    assert f.value == pytest.approx(value)


@pytest.mark.parametrize("text,lang,value", [
    ("la disoccupazione è scesa dell’1,5 per cento", "it", 1.5),   # elided "della"
    ("un aumento dell'8 per cento", "it", 8),
    ("une hausse de l’11 % sur un an", "fr", 11),                  # elided "le"
    ("la quota è salita all’80 per cento", "it", 80),
])
def test_figure_after_an_elided_article(text: str, lang: str, value: float) -> None:
    # an apostrophe after a letter is an elision, not the thousands mark of "300'000"
    f = one(text, lang)
    assert f.kind == "percent" and f.value == pytest.approx(value)


def test_chinese_wan_and_units() -> None:
    f = one("建设面积超过30万平方米的产业园", "zh")
    assert f.value == pytest.approx(300000) and f.unit == "square-meter"


@pytest.mark.parametrize("text,lang,value,unit", [
    ("more than 300,000 square meters", "en", 300000, "square-meter"),
    ("mehr als 300.000 Quadratmetern", "de", 300000, "square-meter"),
    ("only 40 minutes away", "en", 40, "minute"),
    ("nur 40 Minuten", "de", 40, "minute"),
    ("à 17 minutes", "fr", 17, "minute"),
    ("a 3,2 km dal centro", "it", 3.2, "kilometer"),
    ("35%", "de", 35, "%"), ("25 pour cent", "fr", 25, "%"), ("4,5 per cento", "it", 4.5, "%"),
    ("2,5 %", "es", 2.5, "%"), ("15%", "ru", 15, "%"),
])
def test_units_and_percentages(text: str, lang: str, value: float, unit: str) -> None:
    f = one(text, lang)
    assert f.unit == unit and f.value == pytest.approx(value)


@pytest.mark.parametrize("text,lang,period", [
    ("for 2022-2025", "en", [2022, 2025]), ("für die Jahre 2022 bis 2025", "de", [2022, 2025]),
    ("la saison 2025–26", "fr", [2025, 2026]), ("season 2025–2026", "en", [2025, 2026]),
    ("dal 2022 al 2025", "it", [2022, 2025]), ("de 2022 a 2025", "es", [2022, 2025]),
])
def test_periods(text: str, lang: str, period: list[int]) -> None:
    assert values(text, lang, "period") == [period]


@pytest.mark.parametrize("text,lang,date", [
    ("BEIJING, Nov. 11, 2022 /PRNewswire/", "en", "2022-11-11"),
    ("an seiner Sitzung vom 30. September 2022", "de", "2022-09-30"),
    ("le 1er juillet 2020", "fr", "2020-07-01"),
    ("Il 26 gennaio 2022 il Consiglio federale", "it", "2022-01-26"),
    ("el 26 de enero de 2022", "es", "2022-01-26"),
    ("em 3 de março de 2021", "pt", "2021-03-03"),
    ("op 5 mei 2022", "nl", "2022-05-05"),
    ("26 января 2022 года", "ru", "2022-01-26"),
    ("2022年11月11日", "zh", "2022-11-11"),
    ("Anfang Juli 2021", "de", "2021-07"),
    # a month and its year joined by a preposition are one date, as "April 2029" is
    ("entro aprile del 2029 una nuova valutazione", "it", "2029-04"),
    ("firmado en febrero de 2023", "es", "2023-02"),
    ("the Taliban takeover of Afghanistan in August of 2021", "en", "2021-08"),
    # a date in digits says which part is the day: "01.07.2022" was read month first and lost
    ("Ab dem 01.07.2022 gilt die neue Regel.", "de", "2022-07-01"),
    ("dès le 1.7.2022", "fr", "2022-07-01"),
    ("Dal 1º luglio 2022 vale la nuova regola.", "it", "2022-07-01"),
])
def test_dates(text: str, lang: str, date: str) -> None:
    assert values(text, lang, "date") == [date]


def test_impossible_day_is_kept() -> None:
    # a changed figure ("43 aprile") must not pass for the other version's "23. April"
    assert values("dal 21 al 43 aprile a Innsbruck", "it") == [21, "XXXX-04-43"]
    assert values("lors de sa séance du 35 juin 2022", "fr") == ["2022-06-35"]


def test_and_is_no_period() -> None:
    assert values("les récoltes de 2017 et 2020", "fr") == [2017, 2020]
    assert values("s'est établie en 2021 à 37 172 GWh", "fr") == [2021, 37172]


def test_an_elided_article_after_a_year_is_no_unit() -> None:
    # "l'" / "d'" opens the next word; read as litres, the year became a quantity of 2023 l
    assert values("En 2023 l'entreprise a doublé ses ventes.", "fr", "year") == [2023]
    assert values("Dal 2021 l'ufficio pubblica i dati.", "it", "quantity") == []
    assert values("Il serbatoio contiene 50 l d'acqua.", "it", "quantity") == [50.0]


def test_years_are_not_figures_with_units() -> None:
    assert values("Im Jahr 2021 betrug das BIP", "de", "year") == [2021]
    assert values("auf 2000 Meter Höhe", "de", "year") == []


def test_number_words_are_soft() -> None:
    facts = extract("eine Toleranzschwelle von fünf Prozent", "de")
    assert [(f.value, f.unit, f.soft) for f in facts] == [(5, "%", True)]


def test_names_and_acronyms() -> None:
    names = {f.value for f in extract_names("Das SECO und Martin Schlegel von der ElCom in Zürich")}
    assert {"seco", "martin", "schlegel", "elcom", "zurich"} <= names


@pytest.mark.parametrize(("a", "b"), [
    ("Zürich", "Zurich"),            # accents
    ("Путин", "Putin"),              # Cyrillic, transliterated
    ("Путина", "Putin"),             # ... and inflected (genitive)
    ("Путина", "Путину"),            # two cases of one name
    ("Kunshans", "Kunshan"),         # German genitive
    ("Ζελένσκι", "Zelenski"),        # Greek
    ("ElCom", "ELCOM"),
])
def test_same_name_across_scripts_and_inflection(a: str, b: str) -> None:
    assert same_name(name_key(a), name_key(b))


@pytest.mark.parametrize(("a", "b"), [
    ("Partei", "partiti"),   # a shared stem is not one name
    ("Bern", "Bernhard"),
    ("Rat", "Rats"),         # short keys must match whole
    ("Scholz", "Merz"),
    ("Genf", "Genève"),      # a translated name is a different spelling: the embedder judges it
])
def test_different_names_do_not_meet(a: str, b: str) -> None:
    assert not same_name(name_key(a), name_key(b))


def test_latin_names_in_caseless_scripts() -> None:
    names = {f.text for f in extract_names("特斯拉 Tesla 在上海开设了工厂，马斯克 Elon Musk 出席。")}
    assert {"Tesla", "Elon", "Musk"} <= names
