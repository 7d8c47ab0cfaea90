"""The one type that crosses every boundary: an :class:`Article`.

Readers create it from raw input, ``text`` components fill in language, sentences,
boilerplate, dateline and date, ``embed`` adds a vector, the store persists it and
``link``/``compare`` read it back.  Offsets of sentences and boilerplate always point
into :attr:`Article.text`, which is stored verbatim, so any view can highlight the
original characters.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

DatePrecision = Literal["year", "month", "day", "time"]


@dataclass(slots=True)
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "paragraph": self.paragraph}


@dataclass(slots=True)
class Boilerplate:
    """A span of ``Article.text`` that is not body: footer, contact, link line, copyright."""

    text: str
    start: int
    end: int
    kind: str = "footer"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}


@dataclass(slots=True)
class Dateline:
    """``BEIJING, Nov. 11, 2022 /PRNewswire/ --`` -> place, date text, wire."""

    text: str
    place: str | None = None
    wire: str | None = None
    date_text: str | None = None
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "place": self.place, "wire": self.wire, "date_text": self.date_text,
                "start": self.start, "end": self.end}


def normalise_for_hash(text: str) -> str:
    """Case-, whitespace- and Unicode-form-insensitive form used for exact-copy detection."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def content_hash(text: str, title: str | None = None) -> str:
    h = hashlib.sha1()
    h.update(normalise_for_hash(title or "").encode())
    h.update(b"\x00")
    h.update(normalise_for_hash(text).encode())
    return h.hexdigest()


@dataclass(slots=True)
class Article:
    """One version of a text as one outlet published it."""

    text: str
    id: str = ""
    source: str = ""
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None          # ISO string cut to its precision: "2022-11", "2022-11-11"
    date_precision: DatePrecision | None = None
    language: str | None = None          # ISO 639-1
    language_confidence: float = 0.0
    dateline: Dateline | None = None
    sentences: list[Sentence] = field(default_factory=list)
    boilerplate: list[Boilerplate] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    embedding: Any = None                 # numpy vector, set by crosswire.embed
    embedding_model: str | None = None
    # what one pipeline step works out for a later one in the same run (the linker's signature,
    # computed in an analysis worker); never stored, not part of the article's identity
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # (text, title, hash): the store, the skip check and ids all ask for the hash; kept while
    # text and title are the very same objects, so an article edited in place is hashed anew
    _hash: tuple[str, str | None, str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = self.content_hash[:16]

    @property
    def content_hash(self) -> str:
        cached = self._hash
        if cached is not None and cached[0] is self.text and cached[1] is self.title:
            return cached[2]
        value = content_hash(self.text, self.title)
        self._hash = (self.text, self.title, value)
        return value

    @property
    def body(self) -> str:
        """Body sentences joined, one paragraph per line: dateline and boilerplate removed."""
        out: list[str] = []
        para = None
        for s in self.sentences:
            if para is not None and s.paragraph != para:
                out.append("\n")
            elif out:
                out.append(" ")
            out.append(s.text)
            para = s.paragraph
        return "".join(out)

    @property
    def paragraphs(self) -> list[list[Sentence]]:
        groups: dict[int, list[Sentence]] = {}
        for s in self.sentences:
            groups.setdefault(s.paragraph, []).append(s)
        return [groups[k] for k in sorted(groups)]

    @property
    def lead(self) -> str:
        """Title and first sentences (~600 characters): what the article embedding is made of."""
        parts = [self.title or ""]
        size = 0
        for s in self.sentences:
            parts.append(s.text)
            size += len(s.text)
            if size >= 600:
                break
        return " ".join(p for p in parts if p)

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id, "source": self.source, "title": self.title, "url": self.url,
            "outlet": self.outlet, "published": self.published, "date_precision": self.date_precision,
            "language": self.language, "language_confidence": round(self.language_confidence, 4),
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "sentences": [s.to_dict() for s in self.sentences],
            "boilerplate": [b.text for b in self.boilerplate],
            "metadata": self.metadata,
        }
        if with_text:
            d["text"] = self.text
        return d
