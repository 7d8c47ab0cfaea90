"""Independent reports on an event are the event's story, not versions of its release.

A version (translation, truncated pickup, reprint) carries the release's text: in its own
language, its sentences word for word; across languages, the figures and names the other
versions agree on, up to as far as it goes.  A report shares the event's facts but not the
text (:mod:`crosswire.link.structure`).  Without that test every report below joins its
release's version group.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import crosswire
from crosswire.link.evaluate import demo_scores

#: The demo's independent reports and their releases: 006, 016 and 021 are written in a
#: language the release group already has (a version in it would be a copy), 036 (French)
#: in none of the wire's languages (es, en, pt): it carries the wire's names and figures
#: too sparsely to be a version of it.
REPORTS = {"demo-006": "demo-001", "demo-016": "demo-011", "demo-021": "demo-017", "demo-036": "demo-033"}


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    return demo_scores()


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_demo_report_is_its_own_version_group_in_the_releases_story(demo: dict[str, Any], report: str) -> None:
    groups, stories = demo["version_group"]["groups"], demo["story"]["groups"]
    release = REPORTS[report]
    assert stories[report] == stories[release], "the report tells the release's story"
    assert [d for d, g in groups.items() if g == groups[report]] == [report]


def test_demo_version_groups_and_stories_match_gold(demo: dict[str, Any]) -> None:
    # version groups were 0.79 precise with every report taken for a version of its release
    assert demo["version_group"]["pair_p"] == 1.0 and demo["version_group"]["pair_r"] == 1.0, demo["version_group"]
    assert demo["story"]["pair_f1"] == 1.0, demo["story"]


# ---- one release, its versions, and two reports ------------------------------------------
RELEASE = """Nordwind Energie AG will build a wind farm of 120 MW near Tramelan in the Bernese Jura, the company announced on Tuesday. The 24 turbines are to produce 310 GWh a year, enough for 68,000 households.

Construction will start in 2025 and cost CHF 410 million. The canton holds a stake of 15% in the project through the utility Jurawatt.

Chief executive Lena Marbach said the permit procedure had taken 11 years. Opponents filed 37 objections, of which 29 were withdrawn after talks with Pro Natura and the commune of Saicourt.

The wind farm is to go online in 2027. Nordwind Energie employs 540 people and operates 9 wind farms in Switzerland and Germany.

Media contact: Paul Egger, Nordwind Energie AG, +41 44 555 12 34"""

GERMAN = """Die Nordwind Energie AG baut bei Tramelan im Berner Jura einen Windpark mit 120 MW, wie das Unternehmen am Dienstag mitteilte. Die 24 Turbinen sollen jährlich 310 GWh erzeugen, genug für 68'000 Haushalte.

Der Bau beginnt 2025 und kostet 410 Millionen Franken. Der Kanton ist über das Versorgungsunternehmen Jurawatt mit 15% am Projekt beteiligt.

Laut CEO Lena Marbach hat das Bewilligungsverfahren 11 Jahre gedauert. Gegner reichten 37 Einsprachen ein, von denen 29 nach Gesprächen mit Pro Natura und der Gemeinde Saicourt zurückgezogen wurden.

Der Windpark soll 2027 ans Netz gehen. Nordwind Energie beschäftigt 540 Mitarbeitende und betreibt 9 Windparks in der Schweiz und in Deutschland.

Medienkontakt: Paul Egger, Nordwind Energie AG, +41 44 555 12 34"""

ITALIAN = """Nordwind Energie AG costruirà un parco eolico da 120 MW vicino a Tramelan, nel Giura bernese, ha annunciato martedì l'azienda. Le 24 turbine dovranno produrre 310 GWh all'anno, abbastanza per 68 000 economie domestiche.

I lavori inizieranno nel 2025 e costeranno 410 milioni di franchi. Il Cantone detiene una partecipazione del 15% nel progetto tramite l'azienda elettrica Jurawatt.

Secondo l'amministratrice delegata Lena Marbach, la procedura di autorizzazione è durata 11 anni. Gli oppositori avevano presentato 37 ricorsi, 29 dei quali sono stati ritirati dopo colloqui con Pro Natura e il Comune di Saicourt.

Il parco eolico dovrebbe entrare in servizio nel 2027. Nordwind Energie impiega 540 persone e gestisce 9 parchi eolici in Svizzera e in Germania.

Contatto per i media: Paul Egger, Nordwind Energie AG, +41 44 555 12 34"""

#: A Spanish outlet's cut of a Spanish version nobody else carries: a truncated translation.
SPANISH_PICKUP = """Publicado por Energía Hoy:

Nordwind Energie AG construirá un parque eólico de 120 MW cerca de Tramelan, en el Jura bernés, según anunció la empresa el martes. Las 24 turbinas producirán 310 GWh al año, suficiente para 68.000 hogares.

Las obras comenzarán en 2025 y costarán 410 millones de francos. El cantón participa con un 15% en el proyecto a través de la compañía eléctrica Jurawatt.

© Energía Hoy 2024"""

#: French, a language no version is in: it picks three figures and tells its own.
FRENCH_REPORT = """A Mont-Soleil, les habitants de Tramelan n'ont pas attendu l'annonce pour se faire une opinion. Sur les 1 800 signatures de la pétition de 2019, 63% venaient du village même, rappelle Marc Voumard, président de l'association Paysage Libre, qui a fait front commun avec Pro Natura.

Les 24 machines de Nordwind Energie culmineront à 230 mètres, soit 50 de plus que celles de la crête voisine. « A 700 mètres des premières fermes, on entendra 43 décibels la nuit », affirme Voumard. A Saicourt, on se montre plus conciliant.

La commune de Tramelan, elle, encaissera une redevance annuelle de 380 000 francs, et Jurawatt vendra le courant. Le projet de 410 millions devrait couvrir la consommation de toute la vallée, selon le maire Jean-Daniel Gerber. Lena Marbach, la patronne de Nordwind, est attendue à la séance publique.

Le Conseil communal se prononcera en janvier. Une installation de 120 MW serait la plus grande du Jura bernois."""

#: German, like a version: a version in German would be a copy of it, and this one is not.
GERMAN_REPORT = """Im Berner Jura wird seit Jahren über Windräder gestritten, nun geht es schnell: Die Nordwind Energie AG stellt bei Tramelan 24 Turbinen auf, Baubeginn 2025. Ans Netz gehen soll der Windpark 2027.

Landwirt Ueli Rothenbühler, auf dessen Weide drei der Masten stehen werden, erhält dafür 12'000 Franken pro Jahr und Turbine. «Der Wind bläst hier oben an 280 Tagen», sagt er. Die Messmasten des Bundesamts für Energie zeigen 6,4 Meter pro Sekunde im Mittel.

Der Kanton ist über den Stromversorger Jurawatt beteiligt, die Kosten von 410 Millionen Franken trägt Nordwind. Von den Einsprachen sind laut Lena Marbach die meisten zurückgezogen.

In Saicourt ist man zufrieden. In Tramelan dürfte bis zum Baustart manche Einsprache hängig bleiben."""

DAY = "2024-06-04"
ROWS = [("nw-en", DAY, "Nordwind to build 120 MW wind farm near Tramelan", RELEASE, "nordwind.example"),
        ("nw-de", DAY, "Nordwind baut Windpark mit 120 MW bei Tramelan", GERMAN, "nordwind.example"),
        ("nw-it", DAY, "Nordwind costruirà un parco eolico da 120 MW vicino a Tramelan", ITALIAN, "nordwind.example"),
        ("nw-es-pickup", "2024-06-05", "Parque eólico de 120 MW en el Jura", SPANISH_PICKUP, "energiahoy.example"),
        ("nw-reprint", "2024-06-05", "Wind farm for the Bernese Jura", "From our partners:\n\n" + RELEASE,
         "alpine.example"),
        ("nw-fr-report", "2024-06-05", "Tramelan : le vent de la discorde", FRENCH_REPORT, "journal.example"),
        ("nw-de-report", "2024-06-05", "Windpark Tramelan: Jetzt geht es schnell", GERMAN_REPORT, "zeitung.example")]


@pytest.fixture(scope="module")
def nordwind(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    tmp = tmp_path_factory.mktemp("nordwind")
    path = tmp / "nordwind.jsonl"
    path.write_text("".join(json.dumps({"id": i, "date": d, "title": t, "text": x, "source": s}) + "\n"
                            for i, d, t, x, s in ROWS), encoding="utf-8")
    with crosswire.Crosswire(tmp / "n.db", embedder=None) as cw:
        cw.ingest([str(path)], embed=False, workers=0)
        return {r["id"]: (r["version_group"], r["story"]) for r in cw.export()}


def test_translations_truncated_translation_and_reprint_are_one_version_group(nordwind: dict) -> None:
    groups = {d: g for d, (g, _s) in nordwind.items()}
    assert groups["nw-en"] == groups["nw-de"] == groups["nw-it"] == groups["nw-es-pickup"] == groups["nw-reprint"]


@pytest.mark.parametrize("report", ["nw-fr-report", "nw-de-report"])
def test_a_report_stays_apart_in_the_releases_story(nordwind: dict, report: str) -> None:
    group, story = nordwind[report]
    assert [d for d, (g, _s) in nordwind.items() if g == group] == [report]
    assert story == nordwind["nw-en"][1]


# ---- results do not depend on the interpreter's hash seed ---------------------------------
_LINK = """
import json, sys, tempfile
from pathlib import Path
from crosswire.link.evaluate import link_file
with tempfile.TemporaryDirectory() as tmp:
    print(json.dumps(link_file(sys.argv[1], Path(tmp) / "s.db")["groups"], sort_keys=True))
"""


def test_groups_do_not_depend_on_the_hash_seed(tmp_path: Path, shared_dir: Path) -> None:
    """Equal scores (capped at 1) and equal candidate weights are ordered by id, not by the
    iteration order of a set of strings, which changes with PYTHONHASHSEED."""
    import os
    import subprocess
    import sys

    lines = (shared_dir / "data" / "pickups-dev.jsonl").read_text(encoding="utf-8").splitlines()
    stream = tmp_path / "stream.jsonl"
    stream.write_text("\n".join(lines[:STREAM]) + "\n", encoding="utf-8")
    src = str(Path(crosswire.__file__).resolve().parents[1])
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": src}
        out = subprocess.run([sys.executable, "-c", _LINK, str(stream)], env=env, capture_output=True, text=True,
                             check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    assert runs[0] == runs[1]


#: Docs of the dev stream linked under each seed: enough for same-day releases of one office.
STREAM = 400
