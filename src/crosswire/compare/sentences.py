"""Turn inputs into analysed :class:`Article` objects.

``crosswire.text.analyse`` does the real work (language, sentences, boilerplate, dateline).  While
that module is missing from an install, a small fallback keeps ``compare`` usable: paragraph and
sentence splitting that also cuts glued sentences ("voranzutreiben.Während"), a trailing-footer
detector, and py3langid for the language.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import regex

from ..article import Article, Boilerplate, Sentence

# A boundary: end punctuation, optional closing quote/bracket, then space or a glued capital.
_BOUNDARY = regex.compile(
    r"(?<=[.!?…][»\"”’)\]]?)(?:[ \t\u00a0]+(?=[\p{Lu}\p{N}«\"„“(\[¿¡-])|(?<=\p{Ll}{2}[.!?])(?=\p{Lu}\p{Ll}))"
    r"|(?<=[。！？])")
# Abbreviations that end in a dot but rarely end a sentence; single capitals are initials.
_ABBREV = regex.compile(r"(?:\b(?:\p{Lu}|[Nn]r|[Nn]o|Art|Abs|Ziff|[Ss]t|Dr|Prof|Mr|Mrs|Ms|[Hh]r|Fr|"
                        r"Mio|Mrd|bzw|vgl|z\.B|u\.a|d\.h|ca|etc|resp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
                        r"Sept|Oct|Okt|Nov|Dec|Dez|Inc|Ltd|Co|vs|al|cf|Cf|env|M|MM|Mme|Mmes|sig|on)\.)$")
_ORDINAL = regex.compile(r"(?<![\d.,])\d{1,2}\.$")
_FOOTER = regex.compile(r"https?://|www\.|@\S+\.\w|\+\d[\d\s-]{6,}|(?i:presse?kontakt|press contact|"
                        r"original-content|originalmeldung|view original content|contact:|kontakt:|"
                        r"source:|quelle:|©|copyright)")


def split_sentences(text: str, lang: str | None = None) -> list[Sentence]:
    """Fallback splitter; offsets point into ``text``; blank lines start paragraphs."""
    try:  # the real one, when present
        text_mod = importlib.import_module("crosswire.text")
        fn: Callable[..., Any] | None = getattr(text_mod, "split_sentences", None)
    except ImportError:
        fn = None
    if fn is not None:
        return _as_sentences(text, fn(text, lang))
    out: list[Sentence] = []
    para = 0
    for pm in regex.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        start = pm.start()
        chunk = pm.group(0)
        pieces: list[tuple[int, int]] = []
        last = 0
        for bm in _BOUNDARY.finditer(chunk):
            head = chunk[last:bm.start()].rstrip()
            if _ORDINAL.search(head):
                continue  # "am 17. Juni": German ordinals end in a dot
            if _ABBREV.search(head) and not regex.match(r"\s*\p{Lu}\p{Ll}+\s", chunk[bm.end():bm.end() + 30] or "x"):
                continue
            if head.strip():
                pieces.append((last, bm.start()))
            last = bm.end()
        pieces.append((last, len(chunk)))
        for a, b in pieces:
            seg = chunk[a:b]
            lead = len(seg) - len(seg.lstrip())
            seg = seg.strip()
            if seg:
                out.append(Sentence(seg, start + a + lead, start + a + lead + len(seg), para))
        para += 1
    return out


def _as_sentences(text: str, items: list[Any]) -> list[Sentence]:
    if items and isinstance(items[0], Sentence):
        return list(items)
    if items and isinstance(items[0], tuple):  # (start, end) offsets
        return [Sentence(text[a:b], a, b, text.count("\n\n", 0, a)) for a, b in items]
    out, pos = [], 0
    for s in items:  # plain strings: recover offsets
        k = text.find(s, pos)
        k = pos if k < 0 else k
        out.append(Sentence(s, k, k + len(s), 0))
        pos = k + len(s)
    return out


def _fallback_analyse(article: Article) -> Article:
    if not article.language:
        try:
            import py3langid

            lang, conf = py3langid.classify(article.text[:2000])
            article.language, article.language_confidence = lang, float(conf)
        except ImportError:
            pass
    sents = split_sentences(article.text, article.language)
    # Footer: the trailing run of sentences that carry links, phone numbers or contact labels.
    cut = len(sents)
    while cut > 1 and _FOOTER.search(sents[cut - 1].text):
        cut -= 1
    article.boilerplate = [Boilerplate(s.text, s.start, s.end, "footer") for s in sents[cut:]]
    article.sentences = sents[:cut]
    return article


def analyse(article: Article) -> Article:
    """Analyse once: an article that already has sentences is left as it is."""
    if article.sentences or not article.text.strip():
        return article
    try:
        text_mod = importlib.import_module("crosswire.text")
        fn = getattr(text_mod, "analyse", None)
    except ImportError:
        fn = None
    return fn(article) if fn is not None else _fallback_analyse(article)


def article_from_text(text: str, lang: str | None = None, source: str = "") -> Article:
    art = Article(text=text, source=source, language=lang)
    return analyse(art)


def read_input(ref: str, db: str | None = None) -> Article:
    """A file path, or else an article id in the database."""
    path = Path(ref)
    if path.exists():
        try:
            from ..ingest import read_file
        except ImportError:
            read_file = None  # type: ignore[assignment]
        if read_file is not None:
            try:
                return analyse(next(iter(read_file(path))))
            except StopIteration:
                return Article(text="", source=str(path))
            except Exception as exc:  # empty file: compare still reports the other side
                if "empty" in str(exc):
                    return Article(text="", source=str(path))
                raise
        text = path.read_text(encoding="utf-8", errors="replace")
        m = regex.match(r"\s*date\s+[\d-]+\s*\n?", text)
        return article_from_text(text[m.end():] if m else text, source=str(path))
    import crosswire

    with crosswire.open(db or "crosswire.db") as cw:
        return analyse(cw.article(ref))
