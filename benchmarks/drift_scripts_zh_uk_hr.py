"""Drift across scripts for Chinese, Ukrainian and Croatian, which drift-scripts-dev lacks: the
held-out set's directions en-zh, uk-en and en-hr, built from project-written news paragraphs
with faithful translations (``benchmarks/data/news_en_zh_uk_hr.jsonl``: 16 paragraphs of four
sentences with figures, dates, amounts with scale words and names, each in en, zh, uk and hr).

    PYTHONPATH=src python benchmarks/drift_scripts_zh_uk_hr.py --out /tmp/zuh.jsonl [--seed 7] [--set plain|free|all]
    PYTHONPATH=src python benchmarks/eval_drift.py --data /tmp/zuh.jsonl

``--set free`` takes the 12 paragraphs of ``benchmarks/data/news_en_zh_uk_hr_free.jsonl``
instead, translated freely as real translators do: clauses reordered or sentences merged, a
figure in words on one side and digits on the other ("чотирьох тисяч" / "4,000", "百分之五" /
"five percent"), 万 and 亿 against millions and billions ("近3.2亿" / "nearly 320 million"),
inflected scale words and dates ("12. ožujka", "шести мільйонів"), ranges and approximations
("8%至10%", "від 45 до 60", "oko", "близько").  ``plain`` is the first 16 (the default before
the free ones were written), ``all`` both.

Each paragraph and direction gives up to four pairs, the change always on ``b`` (the
translation): untouched; one digit of one figure altered (as drift_scripts_synth does); one
scale word swapped for another in the same grammatical form (万/亿, млн/млрд, мільйона/
мільярда, milijuna/milijardi, tisuća/milijuna, million/billion); one sentence holding a
figure dropped (not the first).  Same line format as drift-dev, so ``score.py drift`` scores it.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import regex

from crosswire.text.sentences import split_sentences
from drift_scripts_synth import FIGURE, alter

DATA = {"plain": Path(__file__).resolve().parent / "data" / "news_en_zh_uk_hr.jsonl",
        "free": Path(__file__).resolve().parent / "data" / "news_en_zh_uk_hr_free.jsonl"}
DIRECTIONS = (("en", "zh"), ("uk", "en"), ("en", "hr"))
# Scale words and their swaps, form for form (the same case and number: a Ukrainian genitive
# singular "мільйона" becomes "мільярда", a Croatian genitive plural "milijuna" "milijardi").
SWAPS: dict[str, dict[str, str]] = {
    "zh": {"万": "亿", "亿": "万"},
    "en": {"million": "billion", "billion": "million", "thousand": "million"},
    "uk": {"млн": "млрд", "млрд": "млн", "тис.": "млн", "мільйон": "мільярд", "мільярд": "мільйон",
           "мільйона": "мільярда", "мільярда": "мільйона", "мільйонів": "мільярдів", "мільярдів": "мільйонів"},
    "hr": {"milijun": "milijarda", "milijarda": "milijun", "milijuna": "milijardi", "milijardi": "milijuna",
           "milijarde": "milijuna", "tisuća": "milijuna", "tisuće": "milijuna"},
}


def _scale_spots(sentence: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of each scale word right after digits in ``sentence``."""
    words = SWAPS[lang]
    alt = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    gap = "" if lang == "zh" else r"[ \u00a0]"
    tail = "" if lang == "zh" else r"(?![\p{L}])"
    rx = regex.compile(rf"(?<=\d{gap})({alt}){tail}")
    return [(m.start(1), m.end(1), words[m.group(1)]) for m in rx.finditer(sentence)]


def pairs(rng: random.Random, which: str = "all") -> list[dict]:
    rows = []
    files = [DATA[which]] if which in DATA else list(DATA.values())
    for doc in (json.loads(line) for path in files for line in path.open(encoding="utf-8")):
        for a_lang, b_lang in DIRECTIONS:
            a, b = doc[a_lang], doc[b_lang]
            base = {"a": a, "b": b, "a_lang": a_lang, "b_lang": b_lang}
            pid = f"{a_lang}-{b_lang}:{doc['id']}"
            sents = [b[s:e] for s, e in split_sentences(b, b_lang)]
            with_figs = [k for k, s in enumerate(sents) if FIGURE.search(s)]
            out = [("none", b, None)]
            if with_figs:
                k = rng.choice(with_figs)
                m = rng.choice(list(FIGURE.finditer(sents[k])))
                after = sents[k][:m.start()] + alter(m.group(), rng) + sents[k][m.end():]
                out.append(("number", b.replace(sents[k], after, 1),
                            {"kind": "number", "b_sentence_before": sents[k], "b_sentence_after": after}))
            scaled = [(k, spot) for k, s in enumerate(sents) for spot in _scale_spots(s, b_lang)]
            if scaled:
                k, (s, e, new) = rng.choice(scaled)
                after = sents[k][:s] + new + sents[k][e:]
                out.append(("scale", b.replace(sents[k], after, 1),
                            {"kind": "scale", "b_sentence_before": sents[k], "b_sentence_after": after}))
            drops = [k for k in with_figs if k > 0]
            if drops:
                k = rng.choice(drops)
                out.append(("drop", regex.sub(r"[ \u00a0]{2,}", " ", b.replace(sents[k], "", 1)).strip(),
                            {"kind": "drop", "b_sentence_before": sents[k], "b_sentence_after": None}))
            rows += [base | {"pair": f"{pid}:{what}", "b": text, "change": ch} for what, text, ch in out]
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--set", default="all", choices=("plain", "free", "all"))
    args = ap.parse_args()
    rows = pairs(random.Random(args.seed), args.set)
    with open(args.out, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["pair"].rsplit(":", 1)[1]] = kinds.get(r["pair"].rsplit(":", 1)[1], 0) + 1
    print(f"wrote {len(rows)} pairs to {args.out}: {kinds}")


if __name__ == "__main__":
    main()
