"""Article body extraction on real news pages: crosswire's HTML ingest beside trafilatura alone.

crosswire's side takes the path ``crosswire ingest page.html`` takes: the page is written out as
a ``.html`` file, read by ``read_paths`` (chrome stripped, trafilatura, headline dropped) and
analysed (boilerplate, dateline, sentences); its body is the text less the boilerplate analysis
found (the dateline stays: it is the story's first words on the page). trafilatura's side is ``trafilatura.extract``
with its defaults. Both are scored by the official scorer (4-gram shingle P/R/F1 per page).

    PYTHONPATH=src python benchmarks/eval_extract.py [--data ../shared/data/extract-dev] [--half 0|1]

``--half`` scores one of two fixed halves (pages sorted by name, alternating), to check that a
rule chosen on one half holds on the other; the plain run prints both halves' F1 as well. The
lowest pages (``--worst N``) are listed with their half and URL.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from crosswire.article import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def crosswire_bodies(pages: dict[str, bytes],
                     wires: dict[str, str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """``{page: body}`` and ``{page: refusal reason}`` from crosswire's own file ingest; the wire
    each page names (text/outlets.py) goes into ``wires``."""
    from crosswire.errors import InputError
    from crosswire.ingest.base import ReadOptions
    from crosswire.ingest.readers import read_paths
    from crosswire.text.analyse import analyse

    bodies: dict[str, str] = {}
    refused: dict[str, str] = {}

    def on_error(exc: InputError) -> None:
        refused[Path(exc.source).name.removesuffix(".html")] = exc.reason

    with tempfile.TemporaryDirectory() as tmp:
        for name, data in pages.items():
            (Path(tmp) / f"{name}.html").write_bytes(data)
        for article in read_paths([tmp], ReadOptions(on_error=on_error)):
            analyse(article)
            bodies[Path(article.source).name.removesuffix(".html")] = body_text(article)
            if wires is not None and article.metadata.get("wire"):
                wires[Path(article.source).name.removesuffix(".html")] = article.metadata["wire"]
    return bodies, refused


def body_text(article: Article) -> str:
    """The article's text less what analysis marked as boilerplate (footers, link lines, contact
    blocks), paragraph by paragraph; the dateline stays, as the page shows it."""
    text = article.text
    for b in sorted(article.boilerplate, key=lambda b: b.start, reverse=True):
        text = text[:b.start] + " " * (b.end - b.start) + text[b.end:]
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n") if p.strip())


def trafilatura_bodies(pages: dict[str, bytes]) -> dict[str, str]:
    import trafilatura

    out = {}
    for name, data in pages.items():
        text = trafilatura.extract(data.decode("utf-8", errors="replace"))
        if text:
            out[name] = text
    return out


def _scorer():
    """The official scorer's ``extract_scores``, imported from ../shared/eval/score.py."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    if spec is None or spec.loader is None:
        sys.exit("no scorer at ../shared/eval/score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.extract_scores


def score(pred: dict[str, str], gold: dict[str, dict[str, str]], names: list[str]) -> dict[str, float]:
    return _SCORE[0](pred, {k: v for k, v in gold.items() if k in names})


def page_f1(body: str, gold: dict[str, dict[str, str]], name: str) -> float:
    try:
        return score({name: body}, gold, [name])["f1"]
    except ZeroDivisionError:  # nothing right on the page: precision and recall both 0
        return 0.0


_SCORE: list = []


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(SHARED / "data" / "extract-dev"))
    ap.add_argument("--gold", default=None, help="default: DATA.gold.json beside the folder")
    ap.add_argument("--half", type=int, choices=(0, 1), default=None)
    ap.add_argument("--out", default=None, help="write crosswire's {page: body} here")
    ap.add_argument("--worst", type=int, default=5, help="list the N pages crosswire scores lowest on")
    args = ap.parse_args()
    data = Path(args.data)
    gold_path = Path(args.gold) if args.gold else data.with_name(data.name + ".gold.json")
    if not data.is_dir():
        sys.exit(f"no pages at {data}")
    files = sorted(data.glob("*.html.gz"))
    if args.half is not None:
        files = files[args.half::2]
    pages = {f.name.removesuffix(".html.gz"): gzip.decompress(f.read_bytes()) for f in files}
    names = sorted(pages)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    _SCORE.append(_scorer())

    t0 = time.perf_counter()
    wires: dict[str, str] = {}
    ours, refused = crosswire_bodies(pages, wires)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = trafilatura_bodies(pages)
    t_theirs = time.perf_counter() - t0
    if args.out:
        Path(args.out).write_text(json.dumps(ours, ensure_ascii=False, indent=1), encoding="utf-8")

    for label, pred, secs in (("crosswire ingest", ours, t_ours), ("trafilatura alone", theirs, t_theirs)):
        s = score(pred, gold, names)
        halves = ""
        if args.half is None:  # the two fixed halves of --half 0/1, from this same run
            halves = "  halves " + " / ".join(f"{score(pred, gold, names[h::2])['f1']:.4f}" for h in (0, 1))
        print(f"{label:18s} F1 {s['f1']:.4f}  P {s['precision']:.4f}  R {s['recall']:.4f}  "
              f"pages lost {s['missing']}/{s['pages']}  {secs:.1f}s{halves}")
    # the wire a page names against a dateline tag in its gold body: "(AP) —", "(Reuters) -"
    tagged = {n for n in names if re.search(r"\((?:AP|Reuters|AFP|dpa|Xinhua|Yonhap|Kyodo|EFE|ANSA|PA)\)\s*[-–—]",
                                            gold[n]["articleBody"][:300])}
    print(f"wires named: {dict(sorted(Counter(wires.values()).items()))}; pages with a wire dateline in the gold "
          f"body {len(tagged)}, of them given a wire {len(tagged & set(wires))}, other pages given one "
          f"{len(set(wires) - tagged)}")
    for name, reason in sorted(refused.items()):
        print(f"refused {name[:16]}: {reason}")
    if args.worst:
        per_page = [(page_f1(ours.get(n, ""), gold, n), page_f1(theirs.get(n, ""), gold, n), n) for n in names]
        half = {n: args.half if args.half is not None else i % 2 for i, n in enumerate(names)}
        for f_ours, f_theirs, n in sorted(per_page)[:args.worst]:
            print(f"  low: {n[:16]} half {half[n]} crosswire {f_ours:.3f} trafilatura {f_theirs:.3f}  "
                  f"{gold[n].get('url', '')[:60]}")


if __name__ == "__main__":
    main()
