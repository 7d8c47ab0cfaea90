"""Bytes to text: detected, not assumed (UTF-8/BOM first, then charset-normalizer)."""
from __future__ import annotations

import codecs

from ..errors import InputError

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB (UTF-16/32 are caught by their BOM first)."""
    head = data[:8192]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, encoding). Raises InputError for binary data or undecodable bytes."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(source, f"starts with a {name} byte-order mark but is not valid {name} "
                                         f"(byte {exc.start})") from exc
    if looks_binary(data):
        raise InputError(source, "binary file (not text): skipped")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(source, "cannot detect the text encoding (not UTF-8 and no legacy encoding fits)")
    return str(best), best.encoding
