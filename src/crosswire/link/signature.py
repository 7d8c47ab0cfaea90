"""What the linker keeps of one article: a compact, language-independent signature.

Extracting it is a handful of regular expressions over the text (no model), so every
article gets one at ingest speed; embeddings are only computed where this is not enough.

* ``features``: figures, years, calendar dates, capitalised names/acronyms and URLs, as
  typed :class:`.feature.Feature` values (stored as ``"kind:value"``) — they survive translation.
* ``chunks``: hashes of normalised sentences, in order — they survive copying, cutting
  and re-framing (outlet line, footer) but not translation.
* ``lead_shingles``: word 3-grams of the body's first words, for MinHash LSH, which
  catches reprints with small edits that break exact sentence hashes.
* ``places``: where each feature first occurs (permille of the text): a version carries
  its original's facts in the original's order, and a cut copy only those of its first
  part, which is what tells both from a report on the same event (:mod:`.structure`).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from ..article import Article, normalise_for_hash
from ..text.language import detect_language
from ..facts.lexicon import ENGLISH_MONTHS, MONTH_ABBREVIATIONS, MONTH_NUMBERS
from .feature import Feature
from .figures import figure_tokens_at

#: Shortest normalised sentence whose hash is evidence of copying: shorter ones recur by chance.
MIN_CHUNK_CHARS = 40
#: Words of the body's lead that are shingled for MinHash LSH: about a paragraph, enough for a
#: reprint's opening to collide and few enough to hash at ingest speed (releases-dev).
LEAD_WORDS = 80
#: Characters of the body that :func:`lead_shingles` looks at: ``LEAD_WORDS`` words of up to ten.
LEAD_CHARS = LEAD_WORDS * 10
#: Shortest name or URL part kept: one letter is an initial or a stray capital, no name.
MIN_NAME_CHARS = 2
#: A URL or domain shorter than this ("a.ch") is more likely an abbreviation than an address.
MIN_URL_CHARS = 6
#: Paragraph lengths kept in a shape: the layout of the first 64 paragraphs tells a
#: translation apart; more only grows the stored signature.
SHAPE_PARAGRAPHS = 64

#: Upper-case letters of the Latin, Greek and Cyrillic blocks: ``re`` has no \p{Lu}.
_UPPER = "".join(chr(c) for c in (*range(0x41, 0x250), *range(0x370, 0x530)) if chr(c).isupper())
_UPPER_CLASS = f"[{re.escape(_UPPER)}]"
#: A capitalised word after a word (or , % ) ]) and a space, or opening a quote: no sentence opener.
_MID_CAPITALISED = re.compile(f"(?<=[\\w,%)\\]] ){_UPPER_CLASS}[\\w'’&-]+")
_QUOTED = re.compile(f"[«“„‹\"] ?({_UPPER_CLASS}[\\w'’&-]+)")
_ACRONYM = re.compile(f"(?<![\\w-]){_UPPER_CLASS}{{2,}}[\\w&-]*")
MONTH_NAMES = frozenset(ENGLISH_MONTHS)
_ENGLISH_DATE = re.compile(
    "(" + "|".join(sorted([*ENGLISH_MONTHS, *(a.capitalize() for a in MONTH_ABBREVIATIONS)], key=len, reverse=True))
    + r")\.? (\d{1,2})(?!\d)")
#: Top-level domains that anchor a URL in running text: the generic ones and those of the
#: countries and institutions in crosswire's dev sets (releases-dev, pickups-dev); a domain
#: under another TLD is still found from "www." or "https://".
URL_TLDS = ("ch", "com", "org", "net", "de", "fr", "it", "at", "eu", "int", "gov", "edu", "uk", "info", "io",
            "swiss", "news")
_TLD = re.compile(r"\.(?:" + "|".join(URL_TLDS) + r")\b")
_URL_START = re.compile(r"https?://|www\.|@")
_URL_AROUND = re.compile(r"[\w.@/:%?=&#~+-]")
#: Sentence ends, consumed (the hash is of the words): split with a look-behind costs twice as much.
_SENTENCE_END = re.compile(r"[.!?;:»\"]\s+|\n+")


@dataclass(slots=True)
class Signature:
    article_id: str
    language: str | None
    published: str | None           # ISO day or None: no date, no time window
    source: str
    length: int                     # characters of body text
    features: frozenset[Feature]
    chunks: tuple[int, ...]         # 64-bit hashes of normalised sentences, in text order
    chunk_chars: tuple[int, ...]    # their lengths, to weigh coverage by text, not by count
    lead_shingles: tuple[str, ...] = ()
    shape: tuple[int, ...] = ()     # characters per paragraph: translations keep the layout
    norm_hash: str = ""
    title: str = ""
    month: str | None = None        # '2022-11' when only the month is known: bounds the window
    #: (feature, where it first occurs in permille of the text), by feature: versions keep the order
    places: tuple[tuple[Feature, int], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_row(self, *, text: bool = True) -> dict[str, Any]:
        """The JSON form.  ``text=False`` leaves out the title and the lead's words, which the
        database holds in ``articles`` already (:func:`text_fields` derives them back from there):
        they were a third of ``link_signatures`` (issue 15)."""
        features = sorted(self.features)
        at = dict(self.places)
        row = {"language": self.language, "published": self.published, "source": self.source,
               "length": self.length, "features": features, "chunks": [str(c) for c in self.chunks],
               "chunk_chars": list(self.chunk_chars), "shape": list(self.shape), "norm_hash": self.norm_hash,
               **({"title": self.title} if text else {}), **({"month": self.month} if self.month else {})}
        if self.lead_shingles and text:  # the lead's words, not its shingles: a third of the size
            first, *rest = self.lead_shingles
            row["lead"] = " ".join([first, *(s.rsplit(" ", 1)[1] for s in rest)])
        if at:
            row["places"] = [at.get(f, 0) for f in features]
        return row

    @classmethod
    def from_row(cls, article_id: str, row: dict[str, Any]) -> Signature:
        # written by to_row from features: typed, not checked or wrapped one by one (warm start)
        features = cast(list[Feature], list(row.get("features") or ()))
        places = row.get("places") or ()
        return cls(article_id=article_id, language=row.get("language"), published=row.get("published"),
                   source=row.get("source") or "", length=int(row.get("length") or 0),
                   features=frozenset(features), chunks=tuple(int(c) for c in row.get("chunks") or ()),
                   chunk_chars=tuple(row.get("chunk_chars") or ()), shape=tuple(row.get("shape") or ()),
                   norm_hash=row.get("norm_hash") or "", lead_shingles=lead_shingles(row.get("lead") or ""),
                   title=row.get("title") or "", month=row.get("month"),
                   places=tuple(sorted(zip(features, places))) if len(places) == len(features) else ())


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def body_text(article: Article) -> str:
    """Text without boilerplate where text analysis marked it; the raw text otherwise."""
    if article.sentences:
        return article.body
    if not article.boilerplate:
        return article.text
    keep, pos = [], 0
    for b in sorted(article.boilerplate, key=lambda b: b.start):
        keep.append(article.text[pos:b.start])
        pos = max(pos, b.end)
    keep.append(article.text[pos:])
    return "".join(keep)


def name_tokens(text: str) -> tuple[set[str], set[str]]:
    """Capitalised words that do not open a sentence, acronyms anywhere; and English dates.

    Sentence openers are capitalised in every language and say nothing, so only words after
    a word and a space count; German capitalises every noun, but those rarely match a word in
    another language, and their weight falls with their document frequency anyway.
    Compounds give their parts too: ``BEPS-Mindeststandards`` shares ``beps`` with English.
    """
    names, dates = located_names(text)
    return set(names), set(dates)


def located_names(text: str) -> tuple[dict[str, int], dict[str, int]]:
    """:func:`name_tokens`, each with where it first occurs."""
    found: dict[str, int] = {}
    for m in _MID_CAPITALISED.finditer(text):   # the most matches, in text order: first stays
        found.setdefault(m.group(), m.start())
    for pattern, group in ((_ACRONYM, 0), (_QUOTED, 1)):
        for m in pattern.finditer(text):
            word, at = m.group(group), m.start(group)
            if found.get(word, at + 1) > at:
                found[word] = at
    names: dict[str, int] = {}
    for word, at in found.items():
        word = word.rstrip("'’&-.")
        if len(word) < MIN_NAME_CHARS or word in MONTH_NAMES:
            continue
        parts = [word] + ([p for p in word.split("-") if len(p) >= MIN_NAME_CHARS and p[0].isupper()] if "-" in word else [])
        for part in parts:
            name = _fold(part)
            if names.get(name, at + 1) > at:
                names[name] = at
    dates: dict[str, int] = {}
    for m in _ENGLISH_DATE.finditer(text):
        if 1 <= int(m.group(2)) <= 31:
            dates.setdefault(f"{MONTH_NUMBERS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}", m.start())
    return names, dates


def _fold(word: str) -> str:
    return word.casefold() if word.isascii() else strip_accents(word).casefold()


def _expand(text: str, start: int, end: int) -> str:
    while start > 0 and _URL_AROUND.match(text[start - 1]):
        start -= 1
    while end < len(text) and _URL_AROUND.match(text[end]):
        end += 1
    return text[start:end]


def url_tokens(text: str) -> set[str]:
    """Domains, URLs and e-mail addresses, found from their anchors (``.ch``, ``www.``, ``@``)."""
    out = set()
    for m in _TLD.finditer(text):
        out.add(_expand(text, m.start(), m.end()))
    for m in _URL_START.finditer(text):
        out.add(_expand(text, m.start(), m.end()))
    clean = set()
    for url in out:
        url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.rstrip(".,;:!?/").casefold())
        if len(url) >= MIN_URL_CHARS and "." in url and not url.replace(".", "").isdigit():
            clean.add(url)
    return clean


def chunk_hash(sentence: str) -> tuple[int, int] | None:
    """Case- and spacing-insensitive hash of one sentence; short ones are not evidence."""
    norm = " ".join(sentence.casefold().split())
    if len(norm) < MIN_CHUNK_CHARS:
        return None
    return int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "little", signed=True), len(norm)


def sentence_chunks(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    hashes: list[int] = []
    sizes: list[int] = []
    seen: set[int] = set()
    for piece in _SENTENCE_END.split(text):
        h = chunk_hash(piece)
        if h is not None and h[0] not in seen:
            seen.add(h[0])
            hashes.append(h[0])
            sizes.append(h[1])
    return tuple(hashes), tuple(sizes)


def text_fields(article: Article) -> dict[str, str]:
    """The title and lead of a stored signature row written with ``to_row(text=False)``: the
    lead as the body's opening, of which :func:`lead_shingles` reads no more than this."""
    return {"title": article.title or "", "lead": body_text(article)[:LEAD_CHARS]}


def lead_shingles(text: str, words: int = LEAD_WORDS) -> tuple[str, ...]:
    toks = text[:words * 10].casefold().split()[:words]
    return tuple(" ".join(toks[i:i + 3]) for i in range(max(0, len(toks) - 2)))


def shape_of(text: str, most: int = SHAPE_PARAGRAPHS) -> tuple[int, ...]:
    return tuple(len(line) for line in text.split("\n") if line.strip())[:most]


def features_of(text: str, title: str | None = None) -> frozenset[Feature]:
    return frozenset(located_features(text, title))


def located_features(text: str, title: str | None = None) -> dict[Feature, int]:
    """Each feature with where it first occurs, in permille of the text (the title is at 0;
    a URL, which sits anywhere, at 0 too)."""
    full = f"{title}\n{text}" if title else text
    # the stored "kind:value" strings of feature.py, built inline: this runs for every
    # feature of every article, where a call per feature costs ingest speed
    at: dict[str, int] = {}
    for pos, kind, value in figure_tokens_at(full):   # in text order: the first one stays
        at.setdefault(f"{kind}:{value}", pos)   # kinds of figures.py: year, date, num
    names, dates = located_names(full)
    for name, pos in names.items():
        at["name:" + name] = pos
    for d, pos in dates.items():   # "March 14" after a "14.3." gives the same date
        f = "date:" + d
        if at.get(f, pos + 1) > pos:
            at[f] = pos
    for url in url_tokens(full):
        at.setdefault("url:" + url, 0)
    size = max(1, len(full))
    return cast(dict[Feature, int], {f: p * 1000 // size for f, p in at.items()})


def day_of(published: str | None) -> str | None:
    """Only day-precise dates open a time window; '2022-11' is no basis for one."""
    return published[:10] if published and len(published) >= 10 else None


def month_of(published: str | None) -> str | None:
    """'2022-11' for a month-precise date: not a window, but a bound on one."""
    return published if published and len(published) == 7 and published[4] == "-" else None


def signature_of(article: Article, language: str | None = None) -> Signature:
    body = body_text(article)
    chunks, sizes = sentence_chunks(body)
    located = located_features(body, article.title)
    return Signature(
        article_id=article.id, language=language or article.language, published=day_of(article.published),
        source=article.source or article.outlet or "", length=len(body), features=frozenset(located),
        places=tuple(sorted(located.items())),
        chunks=chunks, chunk_chars=sizes, lead_shingles=lead_shingles(body), shape=shape_of(body),
        norm_hash=hashlib.sha1(normalise_for_hash(body).encode()).hexdigest(), title=article.title or "",
        month=month_of(article.published))


class Signer:
    """Pipeline step: the linker's signature, worked out where the text analysis runs (an
    analysis worker process) rather than in the one process that links."""

    name = "link_signature"

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            article.derived[self.name] = _sign(article)
            yield article


def article_signature(article: Article) -> Signature:
    """The linker's signature of ``article``: the one a :class:`Signer` left, else made now."""
    sig = article.derived.pop(Signer.name, None)
    return sig if isinstance(sig, Signature) and sig.article_id == article.id else _sign(article)


def _sign(article: Article) -> Signature:
    return signature_of(article, language_of(article))


def language_of(article: Article) -> str | None:
    """Text analysis's language, else detected here; ``None`` when undetermined (an unknown
    language conflicts with nothing)."""
    if article.language and article.language != "und":
        return article.language
    lang, _conf = detect_language(body_text(article)[:600] or (article.title or ""))
    return None if lang in ("und", "") else lang
