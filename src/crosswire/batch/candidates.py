"""Candidate relations at corpus scale: blocking by LSH band and by exact hash, then a date window.

Never all pairs: an article is only compared with articles that share one of its 16 MinHash
bands (the sketch the linker itself uses, same permutations and seed) or its normalised-text
hash, and within such a block only with those published within ``window_days`` (undated
articles have no window and meet the whole block, capped).  Each block is one Ray group, so the
work spreads over the cluster and a block's cost is bounded by ``MAX_BLOCK``.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from typing import Any

from ..link.minhash import BANDS, MIN_SHINGLES, NUM_PERM
from ..link.signature import Signature

#: A band shared by more articles than this is boilerplate ("For further information…"), not
#: evidence; comparing inside it would make one block quadratic.
MAX_BLOCK = 2000
EXACT_KEY = -1     # band number that marks the exact-text block


def lsh_bands(sig: Signature) -> list[int]:
    """16 band hashes of the lead's MinHash, as signed 64-bit ints (Parquet has no uint64 joy)."""
    if len(sig.lead_shingles) < MIN_SHINGLES:
        return []
    import rensa

    m = rensa.RMinHash(num_perm=NUM_PERM, seed=17)   # the seed of link.minhash.LeadLSH.sketch
    m.update(list(sig.lead_shingles))
    values = list(m.digest())
    rows = NUM_PERM // BANDS
    out = []
    for b in range(BANDS):
        key = f"{b}:" + ",".join(str(v) for v in values[b * rows:(b + 1) * rows])
        out.append(int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little", signed=True))
    return out


def block_keys(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Ray ``flat_map``: one row per block the article falls in."""
    base = {"id": row["id"], "day": row["day"], "shard": row["shard"], "ordinal": row["ordinal"]}
    keys = [{"block": f"b{i}:{h}", **base} for i, h in enumerate(row["bands"] or [])]
    keys.append({"block": f"h:{row['norm_hash']}", **base})
    return keys


def _ordinal(day: str | None) -> int | None:
    try:
        return date.fromisoformat(day[:10]).toordinal() if day else None
    except ValueError:
        return None


def pairs_in_block(members: list[dict[str, Any]], window_days: int) -> Iterator[tuple[str, str]]:
    """Pairs of one block within the date window; (a, b) with a < b so duplicates merge later."""
    members = sorted(members, key=lambda m: (m["shard"], m["ordinal"]))[:MAX_BLOCK]
    dated = sorted((d, m["id"]) for m in members if (d := _ordinal(m["day"])) is not None)
    undated = [m["id"] for m in members if _ordinal(m["day"]) is None]
    lo = 0
    for hi, (day, doc) in enumerate(dated):        # sliding window: linear in block size + output
        while dated[lo][0] < day - window_days:
            lo += 1
        for _d, other in dated[lo:hi]:
            if other != doc:
                yield (min(doc, other), max(doc, other))
    everyone = [doc for _d, doc in dated] + undated
    for i, doc in enumerate(undated):
        for other in everyone[:len(dated) + i]:
            if other != doc:
                yield (min(doc, other), max(doc, other))


def block_pairs(group: Any, window_days: int) -> Any:
    """Ray ``map_groups`` over one block (pyarrow batch in, pyarrow table of pairs out)."""
    import pyarrow as pa

    members = group.to_pylist()
    exact = 1 if members and str(members[0]["block"]).startswith("h:") else 0
    pairs = sorted(set(pairs_in_block(members, window_days)))
    return pa.table({"a": [p[0] for p in pairs], "b": [p[1] for p in pairs],
                     "exact": pa.array([exact] * len(pairs), pa.int64()),
                     "bands": pa.array([1 - exact] * len(pairs), pa.int64())})
