"""Datelines, footers and outlet lines, on wire formats and on real pickups; body text survives."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crosswire.text import find_boilerplate, find_dateline

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.mark.parametrize("text, place, wire, date_text", [
    ("BEIJING, Nov. 11, 2022 /PRNewswire/ -- Kunshan of east China", "BEIJING", "PRNewswire", "Nov. 11, 2022"),
    ("Peking (ots/PRNewswire) -Kunshan in der ostchinesischen Provinz", "Peking", "ots/PRNewswire", None),
    ("Zürich (ots) - Die Stadt Zürich eröffnet", "Zürich", "ots", None),
    ("PARIS (AFP) — Le président a déclaré", "PARIS", "AFP", None),
    ("SAN FRANCISCO--(BUSINESS WIRE)--Apple today announced", "SAN FRANCISCO", "BUSINESS WIRE", None),
    ("GENÈVE, 14 mars 2025 /PRNewswire/ -- La société", "GENÈVE", "PRNewswire", "14 mars 2025"),
    ("MADRID, 14 de marzo de 2025 /PRNewswire/ -- La empresa", "MADRID", "PRNewswire", "14 de marzo de 2025"),
    ("MILANO, 14 marzo 2025 /PRNewswire/ -- L'azienda", "MILANO", "PRNewswire", "14 marzo 2025"),
    ("FRANKFURT, Deutschland, 14. März 2025 /PRNewswire/ -- Die", "FRANKFURT, Deutschland", "PRNewswire",
     "14. März 2025"),
    ("AUSTIN, Texas, Nov. 11, 2022 /PRNewswire/ -- Dell", "AUSTIN, Texas", "PRNewswire", "Nov. 11, 2022"),
    ("NEW YORK, Nov. 11, 2022 (GLOBE NEWSWIRE) -- Acme", "NEW YORK", "GLOBE NEWSWIRE", "Nov. 11, 2022"),
    ("LONDON, Nov 11 (Reuters) - Shares fell", "LONDON", "Reuters", "Nov 11"),
    ("Bern, 25. April 2022 - Der Bundesrat hat", "Bern", None, "25. April 2022"),
])
def test_datelines(text: str, place: str, wire: str | None, date_text: str | None) -> None:
    dl = find_dateline(text)
    assert dl is not None
    assert (dl.place, dl.wire, dl.date_text) == (place, wire, date_text)
    assert text[dl.start:dl.end] == dl.text
    assert not text[dl.end:].lstrip().startswith(("-", "–", "—", "/", "("))  # the dash belongs to the dateline


@pytest.mark.parametrize("text", [
    "Der Bundesrat (BR) - das ist die Regierung.",
    "Apple (AAPL) – Der Konzern meldet Rekordzahlen.",
    "Die Stadt Bern, die Hauptstadt, wächst - langsam.",
    "In 2022 the company grew.",
])
def test_no_dateline_in_ordinary_first_sentences(text: str) -> None:
    assert find_dateline(text) is None


def test_dateline_after_outlet_line() -> None:
    text = "From our partners:\n\nPARIS (AFP) — Le président a déclaré."
    bp = find_boilerplate(text)
    assert [b.kind for b in bp] == ["outlet_line"]
    dl = find_dateline(text, bp[0].end)
    assert dl is not None and dl.place == "PARIS"


def test_glued_news_aktuell_footer() -> None:
    text = ("Das BIP von Kunshan betrug im Jahr 2021 mehr als 470 Milliarden Yuan.Siehe Original-Link: "
            "https://en.imsilkroad.com/p/331053.htmlFoto - https://mma.prnewswire.com/media/1944728/1.jpg"
            "View original content:https://www.prnewswire.com/news-releases/x-301676232.htmlPressekontakt:"
            "Gao Jingyan,+86-13552905167Original-Content von: Xinhua Silk Road Information Service, übermittelt "
            "durch news aktuellOriginalmeldung: https://www.presseportal.de/pm/135504/5368602")
    bp = find_boilerplate(text)
    assert bp[0].start == text.index("Siehe Original-Link") and bp[-1].end == len(text)
    assert [b.kind for b in bp] == ["link", "photo", "link", "contact", "source", "link"]
    assert all(text[b.start:b.end] == b.text for b in bp)


def test_footer_block_on_lines() -> None:
    text = ("Die Stadt eröffnet eine neue Tramlinie. Die Strecke ist 7,5 km lang.\n\n"
            "Pressekontakt:\n\nHans Muster\nLeiter Kommunikation\nTel.: +41 44 123 45 67\n"
            "E-Mail: hans.muster@example.ch\n\n"
            "Foto - https://example.com/a.jpg\n"
            "© 2022 Stadt Zürich")
    bp = find_boilerplate(text)
    body_end = text.index("Pressekontakt")
    assert bp[0].start == body_end
    assert [b.kind for b in bp] == ["contact", "contact", "contact", "contact", "contact", "photo", "copyright"]


@pytest.mark.parametrize("text", [
    # a URL, an e-mail or "contact" inside prose is body
    "Weitere Informationen finden Sie unter https://www.admin.ch/gov/de/start.html im Bereich Medien, wo auch "
    "die Unterlagen der Medienkonferenz vom Freitag abrufbar sind.",
    "Bitte melden Sie sich bis am 6. Januar 2022 um 12 Uhr an unter: medien@seco.admin.ch, damit wir planen "
    "können und Ihnen die Unterlagen rechtzeitig zustellen.",
    "The company said contact with the supplier was lost. Source: people familiar with the matter said the "
    "talks had stalled for weeks and would not resume before the end of the year, according to the report.",
    "Kontakt: Die Behörden stehen in engem Kontakt mit den Kantonen und informieren regelmässig über die Lage "
    "in den betroffenen Regionen sowie über die weiteren Schritte des Bundes.",
])
def test_prose_is_not_boilerplate(text: str) -> None:
    assert find_boilerplate(text) == []
    assert find_boilerplate("Erster Absatz mit genug Text.\n\n" + text) == []


def test_question_heading_of_cut_text_is_body() -> None:
    text = ("Comunicato dell'Amministrazione federale:\n\nIl richiamo riguarda alcune batterie.\n\n"
            "https://www.specialized.com/it/it/30-august-2022-safety-notice\n\n"
            "Come devono comportarsi i consumatori?\n\nFonte: Amministrazione federale. Tutti i diritti riservati.")
    kinds = {b.text: b.kind for b in find_boilerplate(text)}
    assert "Come devono comportarsi i consumatori?" not in kinds
    assert kinds["Comunicato dell'Amministrazione federale:"] == "outlet_line"
    assert kinds["Fonte: Amministrazione federale. Tutti i diritti riservati."] == "source"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_pickups_dev_wrapping() -> None:
    """Pickups are release paragraphs plus an outlet line and a footer: exactly the added
    paragraphs must be boilerplate (full file: 3,897 of 3,897 added paragraphs, 0 false)."""
    path = SHARED / "data" / "pickups-dev.jsonl"
    if not path.is_file():
        pytest.skip("../shared/data not present")
    gold = json.loads((SHARED / "data" / "pickups-dev.gold.json").read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:1500]]
    versions: dict[str, list[set[str]]] = {}
    for r in rows:
        if r["id"].startswith("nsb-"):
            versions.setdefault(gold[r["id"]], []).append(set(_paragraphs(r["text"])))
    checked = added = 0
    for r in rows:
        if not r["id"].startswith("pick") or gold[r["id"]] not in versions:
            continue
        paras = _paragraphs(r["text"])
        original = max(versions[gold[r["id"]]], key=lambda v: len(v & set(paras)))
        if len(set(paras) - original) > 2:
            continue  # the version it copies is not in this slice of the file
        covered = {b.text for b in find_boilerplate(r["text"])}
        for p in paras:
            if p not in original:
                added += 1
                assert p in covered, (r["id"], p)
            elif p in covered:
                # a release paragraph may be a link line; it must then be one in the release too
                assert any(p == b.text for b in find_boilerplate(p)), (r["id"], p)
        checked += 1
    assert checked >= 100 and added >= 150


def test_a_list_of_items_with_their_links_is_content_not_a_footer() -> None:
    # a shopping list as remember8090.it publishes it: each item a caption line and its link
    items = ["Lego Star Wars 75188 Bombardiere della Resistenza", "Polistil 960574 Pista Elettrica Sorpasso",
             "Blade Runner The Final Cut (4K Ultra HD + Blu-Ray)", "Ghostbusters Collection 1-2 (Steelbook)",
             "Indiana Jones Collection 1-4 (Steelbook) (5 Blu-Ray)", "Hasbro Gaming – Taboo"]
    text = ("Il black Friday incombe su di noi: ecco le offerte per nostalgici da non perdere su Amazon.\n\n"
            + "\n\n".join(f"{i}) {item}\n\nhttp://amzn.to/2i{i}FhRj" for i, item in enumerate(items, 1)))
    bp = find_boilerplate(text)
    assert all(b.kind == "link" for b in bp) and len(bp) == len(items)
    kept = text
    for b in bp:
        kept = kept.replace(b.text, "")
    assert all(item in kept for item in items)
