"""Measure the text stage on the shared dev data, so tuning choices are numbers, not hunches.

    python -m crosswire.text.evaluate sentences ../shared/data/align-dev.jsonl [--limit N] [--errors K]
    python -m crosswire.text.evaluate language  ../shared/data/releases-dev.jsonl

``sentences``: each side of align-dev is a list of gold sentences; they are joined with one
space and the splitter must find the joins again (boundary precision/recall/F1).
``language``: releases-dev ids end in a language suffix that is wrong for ~1% of the docs
(German texts filed under ``-en``, say).  The reference label is the suffix unless title and
text both say otherwise with near certainty; the command prints how many it overrode.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .language import MAX_CHARS, detect_language, rank_languages
from .sentences import split_sentences


def _read(path: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def boundary_scores(docs: Iterable[dict[str, Any]], errors: list[str] | None = None) -> dict[str, Any]:
    """Boundary P/R/F1 per language over align-dev-style docs (``src``/``tgt`` gold sentences).

    Two views.  ``raw``: every join is a gold boundary.  ``fair``: align-dev merged ~15% of
    neighbouring sentences into one gold "sentence" (the merged side of a 1-2/2-1 bead), so a
    split inside one is not counted as an error; and headlines carry no final punctuation, so
    recall counts only joins after a sentence that ends in punctuation (what any splitter of
    running text could see).
    """
    counts: dict[str, dict[str, Counter[str]]] = {}
    for doc in docs:
        merged = _merged_sentences(doc)
        for side, lang_key in (("src", "src_lang"), ("tgt", "tgt_lang")):
            sents = [s.strip() for s in doc[side]]
            text, pos = "", 0
            gold, seeable, inside_merged = set(), set(), []
            for i, s in enumerate(sents):
                if not s:
                    continue
                if text:
                    text += " "
                    pos += 1
                start = pos
                text += s
                pos += len(s)
                if i in merged[side]:
                    inside_merged.append((start, pos))
                if i < len(sents) - 1:
                    gold.add(pos)
                    if _TERMINAL_END.search(s):
                        seeable.add(pos)
            pred = {e for _, e in split_sentences(text, doc[lang_key])[:-1]}
            c = counts.setdefault(doc[lang_key], {"raw": Counter(), "fair": Counter()})
            c["raw"].update(tp=len(gold & pred), fp=len(pred - gold), fn=len(gold - pred))
            fair_fp = {p for p in pred - gold if not any(a < p < b for a, b in inside_merged)}
            c["fair"].update(tp=len(seeable & pred), fp=len(fair_fp), fn=len(seeable - pred))
            if errors is not None:
                for p in sorted(fair_fp | (seeable - pred)):
                    kind = "FP" if p in pred else "FN"
                    errors.append(f"{kind} {doc[lang_key]} …{text[max(0, p - 60):p]}‖{text[p:p + 40]}…")
    out: dict[str, Any] = {}
    for view in ("raw", "fair"):
        total: Counter[str] = sum((c[view] for c in counts.values()), Counter())
        out[view] = {lang: _prf(c[view]) for lang, c in sorted(counts.items())} | {"all": _prf(total)}
    return out


_TERMINAL_END = re.compile(r"[.!?…。！？؟][\"'”’“»)\]]*$")


def _merged_sentences(doc: dict[str, Any]) -> dict[str, set[int]]:
    """Indices of gold sentences that align-dev made by merging two neighbours."""
    out: dict[str, set[int]] = {"src": set(), "tgt": set()}
    for src, tgt in doc.get("gold", []):
        if len(src) == 1 and len(tgt) > 1:
            out["src"].add(src[0])
        elif len(tgt) == 1 and len(src) > 1:
            out["tgt"].add(tgt[0])
    return out


def _prf(c: Counter[str]) -> dict[str, float]:
    p = c["tp"] / ((c["tp"] + c["fp"]) or 1)
    r = c["tp"] / ((c["tp"] + c["fn"]) or 1)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / ((p + r) or 1), 4),
            "boundaries": c["tp"] + c["fn"]}


def reference_languages(rows: list[dict[str, Any]]) -> tuple[dict[str, str], int]:
    """Id-suffix labels, overridden where title and text agree on another language (p > 0.99)."""
    labels, overridden = {}, 0
    for r in rows:
        label = r["id"].rsplit("-", 1)[-1]
        text_lang, p = rank_languages((r.get("text") or "")[:MAX_CHARS], ("de", "fr", "it", "en"))[0]
        title_lang, _ = rank_languages(r.get("title") or "", ("de", "fr", "it", "en"))[0]
        if text_lang != label and p > 0.99 and title_lang == text_lang:
            label, overridden = text_lang, overridden + 1
        labels[r["id"]] = label
    return labels, overridden


def language_scores(rows: list[dict[str, Any]], errors: list[str] | None = None) -> dict[str, Any]:
    labels, overridden = reference_languages(rows)
    out: dict[str, Any] = {"docs": len(rows), "labels_overridden": overridden}
    for field in ("title", "text", "title+text"):
        ok, wrong = 0, Counter[str]()
        for r in rows:
            value = (r.get("title") or "") + "\n\n" + r["text"] if field == "title+text" else r.get(field) or ""
            lang, conf = detect_language(value)
            if lang == labels[r["id"]]:
                ok += 1
            else:
                wrong[f"{labels[r['id']]}->{lang}"] += 1
                if errors is not None:
                    errors.append(f"{field} {labels[r['id']]}->{lang} {conf:.2f} {value[:90]!r}")
        out[field] = {"accuracy": round(ok / len(rows), 4), "errors": dict(wrong.most_common(8))}
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m crosswire.text.evaluate")
    ap.add_argument("what", choices=["sentences", "language"])
    ap.add_argument("path")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", type=int, default=0, help="print this many errors")
    args = ap.parse_args(argv)
    errors: list[str] = []
    rows = _read(args.path, args.limit)
    scores = boundary_scores(rows, errors) if args.what == "sentences" else language_scores(rows, errors)
    print(json.dumps(scores, indent=1, ensure_ascii=False))
    for e in errors[: args.errors]:
        print(e)


if __name__ == "__main__":
    main()
