"""Designations with a number in them ("COVID-19", "F-35A", "A320"): their numbers change
as figures do, but a version in another script may name the thing in words instead."""
from __future__ import annotations

from collections import Counter

import regex

# Designations with a number in them: "COVID-19", "F-35A", "A320", "SARS-CoV-2".
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_CODE = regex.compile(r"(?<![\p{L}\p{N}])(\p{L}[\p{L}-]*?)-?(\d+)(\p{L}?)(?![\p{L}\p{N}])")


def codes(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in _CODE.finditer(text):
        if any(c.isupper() for c in m.group(1)):
            out.setdefault(m.group(1).casefold(), set()).add(m.group(2) + m.group(3).casefold())
    return out


def code_change(at: str, bt: str) -> tuple[str, str] | None:
    """A designation whose number changed: same letters, A's number nowhere in B's sentence."""
    ca, cb = codes(at), codes(bt)
    for prefix, nums in ca.items():
        other = cb.get(prefix, set())
        if other and not nums & other:
            return f"{prefix.upper()}-{min(nums)}", f"{prefix.upper()}-{min(other)}"
    # one designation each side, its name in two scripts ("«Шеньчжоу-17»" / "Shenzhou-15",
    # "Су-35" / "Su-57"): a translation transliterates the name and keeps the number
    if len(ca) == 1 and len(cb) == 1:
        (pa, na), (pb, nb) = next(iter(ca.items())), next(iter(cb.items()))
        if _script(pa) != _script(pb) and len(na) == len(nb) == 1 and not na & nb:
            return f"{pa.upper()}-{min(na)}", f"{pb.upper()}-{min(nb)}"
    return None


def _script(word: str) -> str:
    return "latin" if regex.match(r"\p{Latin}", word) else "cyrillic" if regex.match(r"\p{Cyrillic}", word) else "other"


def odd_codes(beads: list[tuple[list[int], list[int]]], a_text: list[str],
              b_text: list[str]) -> list[tuple[list[int], list[int], str]]:
    """A designation B writes two ways: "COVID-19" in two sentences, "COVID-29" in a third, and
    A never says "COVID-29" (A may say "coronavirus" throughout, so no sentence of A holds a
    code to compare with).  A translation is consistent with itself; the odd one out changed.
    Returns (A's sentences, B's sentences, what B says) per bead with an odd one."""
    out: list[tuple[list[int], list[int], str]] = []
    in_a: dict[str, set[str]] = {}
    for t in a_text:
        for prefix, nums in codes(t).items():
            in_a.setdefault(prefix, set()).update(nums)
    per_b = [codes(t) for t in b_text]
    seen: dict[str, Counter[str]] = {}  # how many of B's sentences write each number of a prefix
    for c in per_b:
        for prefix, nums in c.items():
            seen.setdefault(prefix, Counter()).update(nums)
    for a_idx, b_idx in beads:
        for prefix in sorted({p for j in b_idx for p in per_b[j]}):
            usual, times = seen[prefix].most_common(1)[0]
            odd = [n for j in b_idx for n in per_b[j].get(prefix, ()) if n not in in_a.get(prefix, set())
                   and seen[prefix][n] < times and n.rstrip(_LOWER) != usual.rstrip(_LOWER)]
            if odd:  # ("F-35" beside "F-35A" is one family; "COVID-29" beside "COVID-19" is not)
                out.append((list(a_idx), list(b_idx), f"B says '{prefix.upper()}-{odd[0]}' here and "
                            f"'{prefix.upper()}-{usual}' elsewhere, and A never says the former"))
                break
    return out
