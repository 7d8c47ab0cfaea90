"""More changes across scripts than drift-scripts-dev's 20 numbers: one figure altered or one
sentence with a figure dropped, on the other-script side, built from the faithful pairs of
drift-scripts-dev the way drift-dev's README describes its changes.

    PYTHONPATH=src python benchmarks/drift_scripts_synth.py --out /tmp/drift-scripts-synth.jsonl [--seed 7]
    PYTHONPATH=src python benchmarks/eval_drift.py --data /tmp/drift-scripts-synth.jsonl

Every faithful pair (and every number/scale pair with its changed sentence put back) is turned
so that ``b`` is the side not in English (``en-ja`` stays, ``ja-en`` becomes ``en-ja``, ``ru-en``
``en-ru``, ``is-en`` ``en-is``): the held-out set also changes Chinese, Ukrainian and Croatian
text.  Each gives up to three pairs: untouched, one digit of one figure of ``b`` changed (a
year shifted, a count or an amount altered), and one sentence of ``b`` that holds a figure
removed.  Same line format as drift-dev, so ``score.py drift`` scores it.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import regex

from crosswire.text.sentences import split_sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
# A figure to alter: a run of ASCII or full-width digits (with grouping), not part of a word.
FIGURE = regex.compile(r"(?<![\p{Latin}\p{Cyrillic}\d０-９])[\d０-９]+(?:[.,，][\d０-９]+)*(?![\p{Latin}\d０-９])")
_DIGIT = regex.compile(r"[\d０-９]")
MIN_DROP_CHARS = 20  # a Japanese sentence of 20 characters says as much as an English one of 60


def _turned(row: dict) -> dict:
    """The pair with ``b`` the side not in English, and a changed sentence put back."""
    row = dict(row)
    ch = row.pop("change")
    if ch is not None:
        if ch["kind"] == "drop":
            return {}
        row["b"] = row["b"].replace(ch["b_sentence_after"], ch["b_sentence_before"], 1)
    if row["b_lang"] == "en":
        row["a"], row["b"], row["a_lang"], row["b_lang"] = row["b"], row["a"], row["b_lang"], row["a_lang"]
    return row


def alter(fig: str, rng: random.Random) -> str:
    """One digit of ``fig`` changed, in its own script: the last one that is not a grouping."""
    spots = [m.start() for m in _DIGIT.finditer(fig)]
    k = rng.choice(spots[-2:])  # the last two digits: a year stays a year, an amount keeps its size
    c = fig[k]
    full = "０" <= c <= "９"
    d = int(c) if not full else ord(c) - ord("０")
    new = (d + rng.randint(1, 8)) % 10
    if k == spots[0] and new == 0 and len(spots) > 1:
        new = 1 + d % 9
    ch = chr(ord("０") + new) if full else str(new)
    return fig[:k] + ch + fig[k + 1:]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = [json.loads(line) for line in open(SHARED / "data" / "drift-scripts-dev.jsonl", encoding="utf-8")]
    counts = {"none": 0, "number": 0, "drop": 0}
    with open(args.out, "w", encoding="utf-8") as out:
        for row in rows:
            base = _turned(row)
            if not base:
                continue
            text = base["b"]
            sents = [text[s:e] for s, e in split_sentences(text, base["b_lang"])]
            with_figs = [k for k, s in enumerate(sents) if FIGURE.search(s)]
            variants: list[tuple[str, str, dict | None]] = [("none", text, None)]
            if with_figs:
                k = rng.choice(with_figs)
                m = rng.choice(list(FIGURE.finditer(sents[k])))
                after = sents[k][:m.start()] + alter(m.group(), rng) + sents[k][m.end():]
                variants.append(("number", text.replace(sents[k], after, 1),
                                 {"kind": "number", "b_sentence_before": sents[k], "b_sentence_after": after}))
                drops = [k for k in with_figs if k > 0 and len(sents[k]) >= MIN_DROP_CHARS]
                if drops:
                    k = rng.choice(drops)
                    variants.append(("drop", text.replace(sents[k], "", 1),
                                     {"kind": "drop", "b_sentence_before": sents[k], "b_sentence_after": None}))
            for what, b, change in variants:
                counts[what] += 1
                out.write(json.dumps(base | {"pair": f"{row['pair']}:{what}", "b": b, "change": change},
                                     ensure_ascii=False) + "\n")
    print(f"wrote {sum(counts.values())} pairs to {args.out}: {counts}")


if __name__ == "__main__":
    main()
