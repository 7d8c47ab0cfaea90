"""Compact storage formats: int8 vectors, zlib-packed JSON.

On pickups-dev (9,934 docs, 28.7 MB of JSONL) float32 vectors in a WITHOUT ROWID table
took 46.5 MB: a 2 KB row is past that b-tree's ~1,000-byte local limit, so every vector
spilled onto an overflow page of its own, three quarters empty.  An int8 vector with one
float32 scale is a quarter of the bytes and stays in its leaf page; cosine similarities move by
less than 0.01 (max-abs scaling: each component is off by at most half a step of 1/127 of the
largest one).  Linker signatures are JSON whose sentence hashes and lead words repeat little
but whose keys and feature prefixes repeat a lot: zlib halves them (2.5 KB -> 1.2 KB a doc).

Readers accept both the old and the new form, so a database mid-migration or written by an
older crosswire still reads.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from typing import Any

import numpy as np

#: zlib level for signatures: level 1 gave 1,271 bytes a doc, 6 gave 1,229 and 9 no better
#: (400 pickups-dev signatures); 6 costs ~40 µs a doc, nothing beside linking it.
ZLIB_LEVEL = 6
#: int8 steps either side of zero
INT8_STEPS = 127.0


def pack_vector(vector: Any) -> bytes:
    """float32 little-endian scale, then one int8 per component (``scale * q`` restores it)."""
    v = np.asarray(vector, dtype=np.float32).ravel()
    peak = float(np.max(np.abs(v))) if v.size else 0.0
    scale = peak / INT8_STEPS if peak > 0 else 1.0
    q = np.clip(np.rint(v / scale), -INT8_STEPS, INT8_STEPS).astype(np.int8)
    return np.float32(scale).astype("<f4").tobytes() + q.tobytes()


def unpack_vector(blob: bytes, dim: int) -> np.ndarray:
    """A stored vector as float32, from either form: ``4 * dim`` bytes is the old float32 one."""
    if len(blob) == 4 * dim:
        return np.frombuffer(blob, dtype="<f4").astype(np.float32)
    if len(blob) != dim + 4:
        raise ValueError(f"a {dim}-dimensional vector cannot be {len(blob)} bytes")
    scale = np.frombuffer(blob[:4], dtype="<f4")[0]
    return np.frombuffer(blob[4:], dtype=np.int8).astype(np.float32) * scale


def unpack_vectors(blobs: list[bytes], dim: int) -> np.ndarray:
    """Rows of one dimension, decoded together (search reads every vector of a model)."""
    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    if all(len(b) == dim + 4 for b in blobs):
        raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), dim + 4)
        scales = raw[:, :4].copy().view("<f4").astype(np.float32)
        return raw[:, 4:].view(np.int8).astype(np.float32) * scales
    return np.vstack([unpack_vector(b, dim) for b in blobs])


def pack_json(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), ZLIB_LEVEL)


def unpack_json(data: str | bytes) -> Any:
    """Stored JSON, zlib-packed (bytes) or plain (text, as older versions wrote it)."""
    if isinstance(data, bytes):
        return json.loads(zlib.decompress(data))
    return json.loads(data)


def _sql_pack_vector(blob: bytes | None, dim: int | None) -> bytes | None:
    if blob is None or dim is None or len(blob) != 4 * dim:
        return blob  # already packed, or not a vector this code knows
    return pack_vector(np.frombuffer(blob, dtype="<f4"))


def _sql_pack_json(data: str | bytes | None) -> bytes | str | None:
    return pack_json(data) if isinstance(data, str) else data


def _sql_unpack_json(data: str | bytes | None) -> str | None:
    """Stored JSON as text, for SQLite's json functions (``json_remove`` in a migration)."""
    return zlib.decompress(data).decode("utf-8") if isinstance(data, bytes) else data


def register(conn: sqlite3.Connection) -> None:
    """SQL functions the migrations call to convert rows in place (SQLite has no zlib)."""
    conn.create_function("cw_pack_vector", 2, _sql_pack_vector, deterministic=True)
    conn.create_function("cw_pack_json", 1, _sql_pack_json, deterministic=True)
    conn.create_function("cw_unpack_json", 1, _sql_unpack_json, deterministic=True)
