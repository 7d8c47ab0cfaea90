"""Turn ``compare``'s inputs (files, or article ids in a database) into analysed :class:`Article`
objects; the analysis (language, sentences, boilerplate, dateline) is :mod:`crosswire.text`'s."""
from __future__ import annotations

from pathlib import Path

from ..app import Crosswire
from ..article import Article
from ..errors import InputError
from ..ingest import read_file
from ..text import analyse as analyse_text


def analyse(article: Article) -> Article:
    """Analyse once: an article that already has sentences is left as it is."""
    if article.sentences or not article.text.strip():
        return article
    return analyse_text(article)


def article_from_text(text: str, lang: str | None = None, source: str = "") -> Article:
    return analyse(Article(text=text, source=source, language=lang))


def read_input(ref: str, db: str | None = None) -> Article:
    """A file path, or else an article id in the database."""
    path = Path(ref)
    if path.exists():
        try:
            return analyse(next(iter(read_file(path))))
        except StopIteration:
            return Article(text="", source=str(path))
        except InputError as exc:  # an empty file: compare still reports the other side
            if "empty" in str(exc):
                return Article(text="", source=str(path))
            raise
    with Crosswire(db or "crosswire.db", embedder=None) as cw:
        return analyse(cw.article(ref))
