"""Years a translation writes another way: a decade ("les années 1980" / "anni Ottanta"), the
year another version calls "the previous year", and the date in an act's title.

Each made a false "date" alarm on untouched drift_synth pairs (issue 16, README "Drift on unseen
pairs"): a year one version states that the other, read literally, never mentions.
"""
from __future__ import annotations

import regex

from ..facts import Fact

# A decade: "les années 1980", "negli anni 1980", "the 1980s", "1980er-Jahre".  Another version
# names it in words or two digits ("anni Ottanta", "anni ’80"), which is no year: read as one, the
# decade stood as a year A never mentions (two false "date" alarms on untouched drift_synth pairs).
_DECADE_BEFORE = regex.compile(r"(?<!\p{L})(?:années|anni|años|anos|years|Jahre|Jahren)[ \u00a0]+$",
                               regex.IGNORECASE)
_DECADE_AFTER = regex.compile(r"(?:s|er|[’']s)(?!\p{L})")


def is_decade(sentence: str, f: Fact) -> bool:
    """Whether the year ``f`` of ``sentence`` names a decade (see _DECADE_BEFORE)."""
    return f.kind == "year" and int(f.value) % 10 == 0 and (
        _DECADE_BEFORE.search(sentence, 0, f.start) is not None or _DECADE_AFTER.match(sentence, f.end) is not None)


# "Last year", "im Vorjahr", "l'année précédente", "l'anno scorso": a year named relative to
# another (the report's year), which a translation may write out ("rispetto al 2020").
_PREVIOUS_YEAR = regex.compile(r"(?<!\p{L})(?:(?:last|previous|prior|preceding)[ \u00a0]year|the[ \u00a0]year[ \u00a0]before"
                               r"|a[ \u00a0]year[ \u00a0]earlier|vorjahr\p{L}*|(?:letzt|vergangen)e[nms]?[ \u00a0]jahr\p{L}*"
                               r"|(?:année|an)[ \u00a0](?:dernière|dernier|précédente|passée|passé)"
                               r"|anno[ \u00a0](?:precedente|scorso|passato)|año[ \u00a0](?:pasado|anterior))(?!\p{L})",
                               regex.IGNORECASE)


def previous_year(f: Fact, other: str, other_years: set[int]) -> bool:
    """Whether the year ``f`` is what the other version's sentence ``other`` calls the previous
    year ("gegenüber dem Vorjahr" / "rispetto al 2020"), the other version naming the year after
    it: the same year, not one it never mentions."""
    return f.kind == "year" and int(f.value) + 1 in other_years and _PREVIOUS_YEAR.search(other) is not None


# The date of an act is part of its title, which French and Italian versions cite where German
# names the act alone: "la loi fédérale du 18 décembre 1987 sur le droit international privé",
# "la legge federale del 20 marzo 2009" / "das Bundesgesetz über ..." (two false "date" alarms,
# a date A never mentions, on untouched drift_synth pairs of seeds 43 and 67).
_ACT_BEFORE = regex.compile(r"(?<!\p{L})(?:loi|ordonnance|arrêté|règlement|legge|ordinanza|decreto|regolamento|act"
                            r"|ordinance|\p{L}*gesetz(?:es)?|\p{L}*verordnung|\p{L}*beschluss(?:es)?)"
                            r"(?:[ \u00a0]+(?:fédérale?|federale|federal))?[ \u00a0]+(?:du|del|vom|of)[ \u00a0]+$",
                            regex.IGNORECASE)


def dates_an_act(sentences: list[str], f: Fact) -> bool:
    """Whether the date ``f`` of one of ``sentences`` is that of a law or an ordinance it cites."""
    return f.kind == "date" and any(s[f.start:f.end] == f.text and _ACT_BEFORE.search(s, 0, f.start) is not None
                                    for s in sentences)
