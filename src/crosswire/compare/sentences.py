"""Turn ``compare``'s inputs (files, or article ids in a database) into analysed :class:`Article`
objects; the analysis (language, sentences, boilerplate, dateline) is :mod:`crosswire.text`'s."""
from __future__ import annotations

from ..article import Article
from ..text import analyse as analyse_text


def analyse(article: Article) -> Article:
    """Analyse once: an article that already has sentences is left as it is."""
    if article.sentences or not article.text.strip():
        return article
    return analyse_text(article)


def article_from_text(text: str, lang: str | None = None, source: str = "") -> Article:
    return analyse(Article(text=text, source=source, language=lang))
