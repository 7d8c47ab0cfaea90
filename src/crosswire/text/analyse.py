"""The text stage as a pipeline component: boilerplate, dateline, language, sentences, date, outlet.

Order matters: boilerplate first (a footer must not vote on the language nor become a
sentence), then the dateline (it sits after an outlet line, before the first sentence), then
language on what is left, then sentences in that language.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..article import Article, Sentence
from .boilerplate import find_boilerplate, find_dateline
from .dates import DATE_LANGUAGES, date_from_dateline, parse_date
from .language import detect_language
from .outlets import find_outlet
from .sentences import split_sentences

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


def analyse(article: Article) -> Article:
    """Fill language, dateline, boilerplate, sentences and (if missing) the date; returns ``article``.

    Offsets point into ``article.text``.  ``Sentence.paragraph`` counts body paragraphs from 0:
    a paragraph that is all boilerplate (an outlet line, a footer) gets no number, so a pickup
    with an outlet line numbers its paragraphs like the release it copies.
    """
    text = article.text or ""
    boilerplate = find_boilerplate(text)
    masked = [(b.start, b.end) for b in boilerplate]
    lead = _leading_masked_end(text, masked)
    dateline = find_dateline(text, lead)
    if dateline is not None:
        masked.append((dateline.start, dateline.end))
    segments = _body_segments(text, masked)

    if not article.language:
        body = "\n\n".join(text[s:e] for s, e, _ in segments)
        article.language, article.language_confidence = detect_language(f"{article.title or ''}\n\n{body}")
    lang = article.language if article.language and article.language != "und" else None

    sentences: list[Sentence] = []
    para_of_raw: dict[int, int] = {}
    for s, e, raw_para in segments:
        for a, b in split_sentences(text[s:e], lang, offset=s):
            para = para_of_raw.setdefault(raw_para, len(para_of_raw))
            sentences.append(Sentence(text[a:b], a, b, para))

    article.boilerplate = boilerplate
    article.dateline = dateline
    article.sentences = sentences
    _fill_date(article, lang)
    _fill_outlet(article)
    return article


def _fill_outlet(article: Article) -> None:
    """The wire the text names (metadata ``wire``) and, when the input gave no outlet, the outlet."""
    found = find_outlet(article.text or "", dateline=article.dateline, boilerplate=article.boilerplate,
                        url=article.url)
    if found.wire:
        article.metadata["wire"] = found.wire
    if found.outlet and not article.outlet:
        article.outlet = found.outlet
        article.metadata["outlet_from"] = found.evidence


class Analyser:
    """Pipeline step (datatrove style): ``for a in Analyser()(articles): ...``."""

    name = "text"

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield analyse(article)


def _fill_date(article: Article, lang: str | None) -> None:
    if article.published and not article.date_precision:
        parsed = parse_date(article.published)
        if parsed:
            article.published, article.date_precision = parsed
    if article.published is None and article.dateline is not None:
        languages = list(dict.fromkeys([lang, *DATE_LANGUAGES])) if lang in DATE_LANGUAGES else None
        parsed = date_from_dateline(article.dateline, languages)
        if parsed:
            article.published, article.date_precision = parsed


def _leading_masked_end(text: str, masked: list[tuple[int, int]]) -> int:
    """Where the body can start: after leading whitespace and leading boilerplate (outlet line)."""
    pos = 0
    for s, e in sorted(masked):
        if text[pos:s].strip():
            break
        pos = max(pos, e)
    return pos


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _body_segments(text: str, masked: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """``(start, end, paragraph)`` of every stretch of body: paragraphs minus masked spans."""
    cuts = sorted(masked)
    out = []
    for p, (ps, pe) in enumerate(_paragraphs(text)):
        pos = ps
        for s, e in cuts:
            if e <= pos or s >= pe:
                continue
            if s > pos:
                out.append((pos, s, p))
            pos = max(pos, e)
        if pos < pe:
            out.append((pos, pe, p))
    return [(s, e, p) for s, e, p in out if text[s:e].strip()]
