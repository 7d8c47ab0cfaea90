"""URLs as input: one page, or a feed whose every item's page is fetched and extracted.

``crosswire ingest URL`` reaches :func:`read_url` through ``read_paths``; ``watch`` uses the
same pieces (:func:`page_article`, :func:`item_article`) with per-page state in the store.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from ..article import Article
from ..errors import InputError
from .base import ReadOptions, hash_id
from .feeds import Feed, FeedItem, looks_like_feed, parse_feed
from .fetch import Fetcher, FetchOptions, Response
from .mime import FEED_TYPES, HTML_TYPES, decode_html


def read_url(url: str, options: ReadOptions | None = None, *, fetch_options: FetchOptions | None = None,
             fetcher: Fetcher | None = None) -> Iterator[Article]:
    """A page's article, or every item of a feed; per-item failures go to ``options.on_error``."""
    options = options or ReadOptions()
    own = fetcher is None
    fetcher = fetcher or Fetcher(fetch_options)
    try:
        resp = fetcher.get(url, accept=HTML_TYPES | FEED_TYPES)
        if looks_like_feed(resp.content, resp.media_type):
            feed = parse_feed(resp.content, resp.final_url)
            for problem in feed.problems:
                options.on_error(problem)
            yield from read_feed_items(feed, fetcher, options)
        else:
            yield page_article(resp)
    finally:
        if own:
            fetcher.close()


def read_feed_items(feed: Feed, fetcher: Fetcher, options: ReadOptions) -> Iterator[Article]:
    for item in feed.items:
        try:
            yield item_article(item, feed, fetcher)
        except InputError as exc:
            options.on_error(exc)


def item_article(item: FeedItem, feed: Feed, fetcher: Fetcher, *, etag: str | None = None,
                 last_modified: str | None = None) -> Article:
    resp = fetcher.get(item.link, accept=HTML_TYPES, etag=etag, last_modified=last_modified)
    return fill_from_item(page_article(resp), item, feed)


def fill_from_item(article: Article, item: FeedItem, feed: Feed) -> Article:
    """The feed knows the item's date and title when the page's markup does not."""
    if not article.title and item.title:
        article.title = item.title
    if not article.published and item.published:
        article.published, article.date_precision = item.published, item.date_precision  # type: ignore[assignment]
    if not article.outlet and feed.title:
        article.outlet = feed.title
    extra = {"feed": feed.url, "feed_item_id": item.guid, "feed_title": item.title, "feed_language": feed.language}
    article.metadata.update({k: v for k, v in extra.items() if v})
    # the id hashes the title as well as text and URL; a title filled in from the feed must count
    article.id = hash_id(article)
    return article


def page_article(resp: Response) -> Article:
    """Main text and metadata of a fetched HTML page; raises InputError naming the URL."""
    from .page import article_from_page

    if resp.not_modified:
        raise InputError(resp.url, "not modified (304) and no earlier copy to hand")
    if resp.media_type and resp.media_type not in HTML_TYPES:
        raise InputError(resp.url, f"not an HTML page: content-type {resp.media_type}")
    page = decode_html(resp.content, resp.charset, resp.url)
    article = article_from_page(page, resp.url, url=resp.final_url)
    article.source = resp.url
    article.metadata["fetched_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    if resp.final_url != resp.url:
        article.metadata["requested_url"] = resp.url
    return article
