"""Candidate relations at corpus scale: blocking by LSH band and by exact hash, then a date window.

Never all pairs: an article is only compared with articles that share one of its 16 MinHash
bands (the sketch the linker itself uses, same permutations and seed) or its normalised-text
hash, and within such a block only with those published within ``window_days`` (undated
articles have no window and meet the whole block, capped).  Blocks are hashed into buckets of
~``BUCKET_ARTICLES`` articles, each bucket one Ray group, so the work spreads over the cluster
and a block's cost is bounded by ``MAX_BLOCK``.
"""
from __future__ import annotations

import hashlib
import zlib
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


#: Articles per bucket: a bucket's block-key rows (17 an article) are one ``map_groups`` call.
BUCKET_ARTICLES = 5000


def buckets_for(articles: int) -> int:
    return articles // BUCKET_ARTICLES + 1


def block_keys(row: dict[str, Any], buckets: int = 1) -> list[dict[str, Any]]:
    """Ray ``flat_map``: one row per block the article falls in, with the block's bucket.

    Buckets, not blocks, are the groups Ray forms: nearly every block holds one article, and a
    ``map_groups`` call per block (100,000 of them for 6,664 articles) cost ~50 s of per-call
    overhead on 2 cores.  ``zlib.crc32``, not ``hash``: every worker must agree on the bucket.
    """
    base = {"id": row["id"], "day": row["day"], "shard": row["shard"], "ordinal": row["ordinal"]}
    blocks = [f"b{i}:{h}" for i, h in enumerate(row["bands"] or [])] + [f"h:{row['norm_hash']}"]
    return [{"block": b, "bucket": zlib.crc32(b.encode()) % buckets, **base} for b in blocks]


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


def bucket_pairs(group: Any, window_days: int) -> Any:
    """Ray ``map_groups`` over one bucket: its blocks' pairs, one row per (block, pair).

    A pair found in k band blocks comes out k times with ``bands`` = 1, summed later into the
    bands the two share; found in the exact-text block, it comes out with ``exact`` = 1.
    """
    import pyarrow as pa

    blocks: dict[str, list[dict[str, Any]]] = {}
    for member in group.to_pylist():
        blocks.setdefault(member["block"], []).append(member)
    a: list[str] = []
    b: list[str] = []
    exact: list[int] = []
    for block, members in blocks.items():
        if len(members) < 2:
            continue
        is_exact = 1 if block.startswith("h:") else 0
        for x, y in sorted(set(pairs_in_block(members, window_days))):
            a.append(x)
            b.append(y)
            exact.append(is_exact)
    return pa.table({"a": pa.array(a, pa.string()), "b": pa.array(b, pa.string()),
                     "exact": pa.array(exact, pa.int64()), "bands": pa.array([1 - e for e in exact], pa.int64())})
