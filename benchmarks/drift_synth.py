"""A second drift set built the way drift-dev is described, from releases drift-dev does not use,
to check that a detector chosen on drift-dev holds on pairs it has never seen.

    PYTHONPATH=src python benchmarks/drift_synth.py --out /tmp/drift-synth.jsonl [--pairs 150 --seed 7]
    PYTHONPATH=src python benchmarks/drift_synth.py --out /tmp/drift-scales.jsonl --kinds scale --pairs 600
    PYTHONPATH=src python benchmarks/eval_drift.py --data /tmp/drift-synth.jsonl

Each pair is two language versions of one release of releases-dev.  One in three is left
untouched; the rest carry one change on ``b``: a capitalised word written the same in both
versions replaced by a name of another release (names), or one sentence of ``b`` removed
(drops).  Same line format as drift-dev, so ``score.py drift`` scores it.  Seeds 7 and 11
give the two sets the README reports (140 and 139 pairs).

Built as drift-dev's changes are (measured on its 37 names and 43 drops): the substitute is a
name -- a capitalised word two language versions of another release both write ("Liestal",
"Bitsch", "Energy") -- never a German common noun, which only German capitalises
("Planungen", "Fachleute"; the first version of this script drew those, 30 of its 41 swaps);
and every dropped sentence holds a figure (43 of 43 in drift-dev, 17 of 50 here before), one
that A states too, so the sentence is one the translation had.

``--kinds scale`` builds scale swaps instead, as drift-dev's four are built ("100 Millionen" ->
"100 Milliarden", "plusieurs millions" -> "plusieurs milliards", "miliardi" -> "milioni"): one
scale word of B, in whatever form the release writes it (the Swiss "Mio." / "Mia." / "mio." /
"mia." included), swapped for the other scale in the same form, in a release whose A version
states a figure of that sentence too.  Scale words are rare (4 of drift-dev's 145 changes), so
such a set draws from more releases (``--pairs 600``) and keeps one untouched pair in three.
"""
from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

import regex

from crosswire.text.sentences import split_sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_CAP = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{L}]{2,}(?![\p{L}\p{N}])")
_BEFORE_NAME = " \n(«\"“„‹'"  # what stands before a whole word in drift-dev's swaps
MIN_DROP_CHARS = 40  # drift-dev's dropped sentences are 44 to 301 characters long
# Million <-> billion in the forms each language writes, as drift-dev's scale changes swap them
# (full words keep their ending: "Millionen" -> "Milliarden", "milioni" -> "miliardi").
SCALE_SWAPS = [("Millionen", "Milliarden"), ("Million", "Milliarde"), ("Mio.", "Mia."), ("Mio.", "Mrd."),
               ("millions", "milliards"), ("million", "milliard"), ("mio.", "mia."), ("milioni", "miliardi"),
               ("milione", "miliardo"), ("million", "billion"), ("Mln", "Mld"), ("mln", "mld")]
_SCALE = regex.compile(r"(?<=\d[\d'’.,]*[ \u00a0]?|\b(?:plusieurs|mehrere|diversi|several|des|some)[ \u00a0])"
                       r"(" + "|".join(regex.escape(w) for pair in SCALE_SWAPS for w in pair) + r")(?![\p{L}])")


def _shared_names(versions: list[dict]) -> set[str]:
    """Capitalised words, not opening a sentence, that two versions other than German write:
    names (German capitalises its nouns, and quotes German terms in the other languages)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for d in versions:
        if d["lang"] == "de":
            continue
        for m in _CAP.finditer(d["text"]):
            if m.start() > 1 and d["text"][m.start() - 2] not in ".!?\n":
                seen[m.group()].add(d["lang"])
    return {w for w, langs in seen.items() if len(langs) >= 2}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--pairs", type=int, default=150)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--kinds", default="entity,drop", help="entity,drop (the default sets) or scale")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    used = {json.loads(line)["pair"] for line in open(SHARED / "data" / "drift-dev.jsonl", encoding="utf-8")}
    by_release: dict[str, list[dict]] = defaultdict(list)
    for line in open(SHARED / "data" / "releases-dev.jsonl", encoding="utf-8"):
        d = json.loads(line)
        rel, lang = d["id"].split("-")[1], d["id"].split("-")[-1]
        if rel not in used and 300 < len(d["text"]) < 6000:
            by_release[rel].append(d | {"lang": lang})
    releases = sorted(r for r, v in by_release.items() if len({d["lang"] for d in v}) >= 2)
    rng.shuffle(releases)
    pool = sorted({w for r in releases[args.pairs:args.pairs + 300] for w in _shared_names(by_release[r])})
    with open(args.out, "w", encoding="utf-8") as out:
        for n, rel in enumerate(releases[:args.pairs]):
            a, b = rng.sample(by_release[rel], 2)
            if a["lang"] == b["lang"]:
                continue
            sents = [b["text"][s:e] for s, e in split_sentences(b["text"], b["lang"])]
            change, text = None, b["text"]
            what = ("none", "entity", "drop")[n % 3] if args.kinds != "scale" else ("none", "scale", "scale")[n % 3]
            if what == "entity":
                # a whole word, as drift-dev's are: not the tail of "Haute-Sorne" or "d’Europa"
                spots = [(k, m) for k, s in enumerate(sents) for m in _CAP.finditer(s)
                         if m.start() > 0 and s[m.start() - 1] in _BEFORE_NAME
                         and regex.search(rf"(?<!\p{{L}}){regex.escape(m.group())}(?!\p{{L}})", a["text"])]
                if spots:
                    k, m = rng.choice(spots)
                    new = rng.choice(pool)
                    after = sents[k][:m.start()] + new + sents[k][m.end():]
                    text = text.replace(sents[k], after, 1)
                    change = {"kind": "entity", "b_sentence_before": sents[k], "b_sentence_after": after}
            elif what == "drop":
                spots = [k for k, s in enumerate(sents) if len(s) >= MIN_DROP_CHARS and k > 0
                         and any(regex.search(rf"(?<!\d){n}(?!\d)", a["text"]) for n in regex.findall(r"\d{2,}", s))]
                if spots:
                    k = rng.choice(spots)
                    text = text.replace(sents[k], "", 1).replace("  ", " ")
                    change = {"kind": "drop", "b_sentence_before": sents[k], "b_sentence_after": None}
            elif what == "scale":
                swap = {x: y for pair in SCALE_SWAPS for x, y in (pair, pair[::-1])}
                # not after a zero: "CHF 0 Mio." -> "CHF 0 Mrd." states the same nothing
                spots = [(k, m) for k, s in enumerate(sents) for m in _SCALE.finditer(s)
                         if not regex.search(r"(?<![\d'’.,])0[ \u00a0]?$", s[:m.start()])
                         and any(regex.search(rf"(?<!\d){n}(?!\d)", a["text"]) for n in regex.findall(r"\d+", s))]
                if spots:
                    k, m = rng.choice(spots)
                    after = sents[k][:m.start()] + swap[m.group(1)] + sents[k][m.end():]
                    text = text.replace(sents[k], after, 1)
                    change = {"kind": "scale", "b_sentence_before": sents[k], "b_sentence_after": after}
            if what != "none" and change is None:
                continue
            out.write(json.dumps({"pair": f"synth-{rel}", "a_lang": a["lang"], "b_lang": b["lang"], "a": a["text"],
                                  "b": text, "change": change}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
