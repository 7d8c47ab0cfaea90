"""Figures and dates as search evidence: one date written with four languages' month names is
one token, and words that only look like abbreviated months are not dates."""
from __future__ import annotations

from crosswire.link.search_evidence import evidence_of


def test_a_date_reads_alike_in_every_language() -> None:
    # releases-dev headlines of one release (nsb-87081) and an English form of the same date
    versions = ["Von-Wattenwyl-Gespräche vom 4. Februar 2022", "Colloqui von Wattenwyl del 4 febbraio 2022",
                "Entretiens de Watteville du 4 février 2022", "Von Wattenwyl talks on February 4, 2022",
                "Переговоры 4 февраля 2022 года"]
    for text in versions:
        assert {"date:02-04", "month:2022-02", "4", "2022"} <= evidence_of(text), text
    # another round of the same talks differs in its date, not only in its day number
    assert "date:02-04" not in evidence_of("Colloqui Von Wattenwyl del 4 maggio 2022")
    assert "month:2022-09" in evidence_of("Oggetti della votazione popolare di settembre 2022")


def test_abbreviations_count_only_with_their_full_stop() -> None:
    assert "date:02-04" in evidence_of("Treffen am 4 févr. 2022")
    assert evidence_of("3 out of 4 cantons") == {"3", "4"}          # "out" is Portuguese October
    assert evidence_of("12 des 26 cantons ont répondu") == {"12", "26"}
    assert evidence_of("Zollkontingent Butter wird um weitere 1000 Tonnen erhöht") == {"1000"}
