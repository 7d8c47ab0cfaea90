"""Scale words as Swiss releases write them, and figures of a sentence the aligner merged into a
neighbour's pair (issue 16: scale swaps and drops missed on unseen pairs).  No embedder: the
beads are given, so each test exercises the figure rules alone."""
from __future__ import annotations

import pytest

from crosswire.compare.drift import DocFacts, figure_drift
from crosswire.facts import extract


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("de", "Der Bund zahlt 3,4 Mia. Franken.", 3.4e9),
    ("fr", "La Confédération verse 3,4 mia. de francs.", 3.4e9),
    ("fr", "Le crédit s'élève à CHF 12 mio.", 12e6),
    ("it", "La Confederazione versa 766 mio. di franchi.", 766e6),
    ("it", "La Confederazione versa 3,2 mia. di franchi.", 3.2e9),
])
def test_swiss_scale_abbreviations_scale_their_figure(lang: str, text: str, value: float) -> None:
    money = [f for f in extract(text, lang) if f.kind == "money"]
    assert len(money) == 1 and abs(float(money[0].value) - value) < 1


def test_italian_possessive_is_no_scale_word() -> None:
    # "mio" / "mia" are also "my": only the dotted abbreviations scale a figure
    assert [float(f.value) for f in extract("Nel 2 mia figlia è partita.", "it")] == [2.0]


def _diffs(a: list[str], b: list[str], a_lang: str, b_lang: str,
           beads: list[tuple[list[int], list[int]]]) -> list[tuple[str, str]]:
    _, diffs = figure_drift(beads, DocFacts.build(a, a_lang), DocFacts.build(b, b_lang), a, b)
    return [(d.kind, d.detail) for d in diffs]


def test_scale_swapped_in_abbreviations_is_a_change() -> None:
    de = ["Der Bund beteiligt sich mit 3,4 Mio. Franken am Projekt."]
    faithful = ["La Confédération participe au projet à hauteur de 3,4 mio. de francs."]
    assert _diffs(de, faithful, "de", "fr", [([0], [0])]) == []
    swapped = [faithful[0].replace("mio.", "mia.")]
    assert [k for k, _ in _diffs(de, swapped, "de", "fr", [([0], [0])])] == ["number"]


def test_same_digits_and_scale_read_with_two_separators_match() -> None:
    # French "194.510 mio." groups thousands with the dot the English decimal point uses
    fr = ["Le crédit d'engagement s'élève à CHF 194.510 mio. pour la période."]
    en = ["The commitment credit amounts to CHF 194.510 million for the period."]
    assert _diffs(fr, en, "fr", "en", [([0], [0])]) == []


DE_TIMES = ["Auf der Rückreise ist mit Staus zu rechnen.", "Die Wartezeiten dauern von 11 bis 18 Uhr.",
            "Betroffen sind die Autoverlade am Lötschberg und an der Furka."]
IT_TIMES = ["Al rientro sono previste code.", "Sono interessati i treni navetta del Lötschberg e della Furka."]


def test_figure_of_a_merged_sentence_that_b_states_nowhere_marks_a_drop() -> None:
    # the aligner paired the sentence with the times and its neighbour with one Italian
    # sentence; "11" is nowhere in the Italian version: that sentence was dropped
    diffs = _diffs(DE_TIMES, IT_TIMES, "de", "it", [([0], [0]), ([1, 2], [1])])
    assert [k for k, _ in diffs] == ["missing"] and "'11'" in diffs[0][1]
    # the same bead when the Italian version states the times elsewhere: merged, not dropped
    kept = IT_TIMES + ["Le attese vanno dalle 11 alle 18."]
    assert _diffs(DE_TIMES, kept, "de", "it", [([0], [0]), ([1, 2], [1]), ([], [2])]) == []


def test_a_figure_copied_with_the_other_languages_separators_matches() -> None:
    # a bond yield copied from the English release: French reads its "." as a thousands group
    en = ["The bond carries a yield of 1.099% and matures in 2027."]
    fr = ["L'emprunt offre un rendement de 1.099% et arrive à échéance en 2027."]
    assert _diffs(en, fr, "en", "fr", [([0], [0])]) == []
    # a changed digit is still a change
    assert [k for k, _ in _diffs(en, [fr[0].replace("1.099", "1.199")], "en", "fr", [([0], [0])])] == ["number"]


def test_a_translation_that_rounds_or_writes_the_sign_out_states_the_same_figure() -> None:
    fr = ["La part des femmes atteint 38,3 % et le chiffre d'affaires a reculé de 11,5 %."]
    de = ["Der Frauenanteil erreicht 38 Prozent, und der Umsatz ging um -11,5 Prozent zurück."]
    assert _diffs(fr, de, "fr", "de", [([0], [0])]) == []
    # a changed figure is not a rounding of the original
    changed = [de[0].replace("38 Prozent", "48 Prozent")]
    assert [k for k, _ in _diffs(fr, changed, "fr", "de", [([0], [0])])] == ["number"]


def test_a_year_in_two_digits_is_the_year_in_four() -> None:
    fr = ["Le réseau a été construit dans les années 90 et rénové depuis."]
    en = ["The network was built in the 1990s and has been renovated since."]
    assert _diffs(fr, en, "fr", "en", [([0], [0])]) == []
