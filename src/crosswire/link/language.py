"""The article's language, from text analysis when it ran, else detected here."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from ..article import Article
from .signature import body_text


@lru_cache(maxsize=1)
def _detector() -> Callable[[str], tuple[str, float]]:
    try:
        from ..text.language import detect_language
    except ImportError:  # text analysis not installed: plain py3langid
        import py3langid  # type: ignore[import-untyped]

        def detect_language(text: str) -> tuple[str, float]:
            lang, score = py3langid.classify(text)
            return lang, float(score)
    return detect_language


def language_of(article: Article) -> str | None:
    """``None`` when undetermined: an unknown language conflicts with nothing."""
    if article.language and article.language != "und":
        return article.language
    lang, _conf = _detector()(body_text(article)[:600] or (article.title or ""))
    return None if lang in ("und", "") else lang


