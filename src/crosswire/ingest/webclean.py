"""Strip page chrome (navigation, cookie banners, footers, share bars) before text extraction.

trafilatura already prefers the main text, but on short pages (a press release of eight
sentences) a cookie banner or a menu can look like just another paragraph to it. Removing
the obvious chrome first is cheap and makes "no navigation text in the article" hold.
"""
from __future__ import annotations

import re
from collections.abc import Collection

from lxml import etree
from lxml import html as lxml_html

from ..article import Article, normalise_for_hash
from .base import hash_id
from .blocks import (LINK_BLOCK_SHARE, bare_lines_as_paragraphs, calls_to_action, cards_in_prose, prose_chars,
                     tag_lists, text_of, titles_of)

_CHROME_TAGS = ("nav", "footer", "aside", "dialog", "form", "noscript", "template", "iframe", "menu", "button",
                "select")
_CHROME_ROLES = {"navigation", "contentinfo", "dialog", "alertdialog", "complementary", "search", "menu",
                 "menubar", "banner", "toolbar"}
# Whole class/id tokens (or their dash/underscore parts): "cookie-banner", "site_nav", "footer".
_CHROME_WORDS = re.compile(
    r"(?:^|[-_])(cookies?|consent|gdpr|cmp|onetrust|didomi|newsletter|subscribe|paywall|share|sharing|social|"
    r"breadcrumbs?|navbar|navigation|nav|menu|topbar|masthead|footer|sidebar|related|recommended|promo|advert|"
    r"advertisement|ads|ad|popup|modal|overlay|skip-link|comments?)(?:$|[-_])", re.IGNORECASE)
# Banners that carry no helpful class: a short block about cookies with something to click.
_COOKIE_TEXT = re.compile(r"cookie|consent|gdpr|dsgvo|datenschutz|témoins|rgpd", re.IGNORECASE)
_COOKIE_ACTION = re.compile(r"accept|agree|allow|reject|settings|akzeptieren|zustimmen|einverstanden|accepter|"
                            r"aceptar|ok\b", re.IGNORECASE)
_EMBED_CLASS = re.compile(r"twitter-tweet|instagram-media|tiktok-embed", re.I)
_MAX_BANNER_CHARS = 800
#: An element holding more than half of the page's paragraph text is the story or wraps it. Half:
#: on extract-dev (92 pages) the wrappers that chrome names cut held 0.8-1.0 of it, headers,
#: footers and "related" boxes at most 0.33 on 88 pages and 0.41-0.57 on four.
MAIN_PROSE_SHARE = 0.5
#: Below this much paragraph text a page has no story body to protect (a bare link list).
MIN_PROSE_CHARS = 200
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_chrome(page: str) -> str:
    """HTML without navigation, banners and footers; the input unchanged when lxml cannot parse it."""
    root = clean_tree(page)
    if root is None:
        return page
    try:
        return lxml_html.tostring(root, encoding="unicode")
    except (ValueError, etree.SerialisationError):
        return page


def clean_tree(page: str) -> lxml_html.HtmlElement | None:
    """The parsed page with chrome removed, or None when lxml cannot make a tree of it."""
    return clean_page(page)[0]


def clean_page(page: str) -> tuple[lxml_html.HtmlElement | None, int]:
    """``clean_tree`` and the characters of paragraph text the page had before cleaning."""
    # control characters are never text in HTML, and lxml refuses to set them back (ValueError)
    page = _NOT_XML.sub("", page)
    if not page.strip():
        return None, 0
    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        # ValueError: a str with an XML encoding declaration; the caller falls back to the original
        return None, 0
    # scripts and styles first: not text, and inline JSON blobs would swamp the text measure below;
    # JSON-LD stays, trafilatura reads author, date and publisher from it
    for el in list(root.iter("script", "style", "noscript", "template", "svg")):
        if el.getparent() is not None and (el.get("type") or "").lower() != "application/ld+json":
            _drop(el)
    _unmark_embeds(root)
    body = root.find("body")
    total = len(text_of(body if body is not None else root))
    prose = prose_chars(root)
    # chrome, then cards before link blocks: a card's headline would make the paragraph around
    # it read as a list of links; each rule sees the page the ones before it left
    for rule in (lambda r: _chrome(r, total, prose), cards_in_prose, _link_blocks, tag_lists, calls_to_action):
        doomed = rule(root)
        for el in doomed + titles_of(doomed):
            if el.getparent() is not None:
                _drop(el)
    bare_lines_as_paragraphs(root)
    return root, prose


def _unmark_embeds(root: etree._Element) -> None:
    """A post the story quotes (the platforms' own embed markup: ``blockquote.twitter-tweet``,
    ``instagram-media``, ``tiktok-embed``) loses its class, and so do the wrappers around it alone
    ("social-media-embed"): by those names chrome removal and trafilatura both discard it, while it
    is part of the story (on extract-dev the gold body keeps every one of them)."""
    for quote in list(root.iter("blockquote")):
        if not _EMBED_CLASS.search(quote.get("class") or ""):
            continue
        el: etree._Element | None = quote
        text = text_of(quote)
        while el is not None and el.tag not in ("body", "article", "main") and text_of(el) == text:
            for name in ("class", "id"):
                el.attrib.pop(name, None)
            el = el.getparent()


_LINK_BLOCK_TAGS = ("p", "ul", "ol", "dl", "h2", "h3", "h4", "h5", "h6")


def _link_blocks(root: etree._Element) -> list[etree._Element]:
    """Paragraphs, lists and subheads that are links with at most a label: "Related: <a>",
    "SEE MORE: <a>", a list of "more on this" headlines. A story's paragraph is its own text."""
    found = []
    for el in root.iter(*_LINK_BLOCK_TAGS):
        if any(a.tag in ("ul", "ol", "dl") for a in el.iterancestors()):
            continue  # a list goes whole: its items' teasers without their links would read as prose
        text = text_of(el)
        if not text:
            continue
        if any(a.tag == "a" for a in el.iterancestors()):
            linked = len(text)
        else:
            linked = sum(len(text_of(a)) for a in el.iter("a"))
        if linked >= LINK_BLOCK_SHARE * len(text):
            found.append(el)
    return found


def _is_chrome(el: etree._Element, total: int, prose: int) -> bool:
    tag = el.tag.lower()
    if tag == "article" and any(a.tag == "article" for a in el.iterancestors()):
        # an article inside an article is a teaser ("you may also like"), unless it is the story:
        # on extract-dev none of 62 nested articles (6 pages, 4 sites) was part of the story
        return not (prose >= MIN_PROSE_CHARS and prose_chars(el) > prose * MAIN_PROSE_SHARE)
    if tag in ("html", "body", "main", "article"):
        return False
    if prose >= MIN_PROSE_CHARS and prose_chars(el) > prose * MAIN_PROSE_SHARE:
        # a wrapper named for what sits beside the story ("page-content and-w-sidebar",
        # "content-with-sidebar-wrp") holds the story's paragraphs: never chrome, whatever its name
        return False
    if tag == "header":
        # a page header carries the menu; an article's own header carries its headline, keep that
        return not any(a.tag in ("article", "main") for a in el.iterancestors()) and not _holds_article(el)
    if tag in _CHROME_TAGS or (el.get("role") or "").lower() in _CHROME_ROLES:
        return not _holds_article(el)
    classes = f"{el.get('class') or ''} {el.get('id') or ''}".split()
    if any(_CHROME_WORDS.search(c) for c in classes):
        # class names are loose ("page has-sidebar" wraps everything): also spare what holds most text
        return not _holds_article(el) and not (total and len(text_of(el)) > total * 0.5)
    return False


def _holds_article(el: etree._Element) -> bool:
    return el.find(".//article") is not None or el.find(".//main") is not None


def _chrome(root: etree._Element, total: int, prose: int) -> list[etree._Element]:
    """Chrome elements, top-down; a removed element's subtree is not visited (a 300,000-element
    mega-menu costs one test, not 300,000)."""
    doomed: list[etree._Element] = []
    stack = [root]
    while stack:
        el = stack.pop()
        if _is_chrome(el, total, prose):
            doomed.append(el)
            continue
        if _COOKIE_TEXT.search(el.text or ""):
            banner = _banner_around(el)
            if banner is not None:
                doomed.append(banner)
        stack.extend(child for child in el if isinstance(child.tag, str))
    return doomed


def _banner_around(el: etree._Element) -> etree._Element | None:
    """The short block with something to click around cookie wording: a banner without a telling class.

    Walking up a few levels from the words keeps this linear on pages of nested divs.
    """
    block: etree._Element | None = el
    for _ in range(4):
        if block is None or block.tag in ("body", "html", "main", "article"):
            return None
        if block.tag in ("div", "section", "aside", "dialog"):
            text = text_of(block)
            if len(text) > _MAX_BANNER_CHARS:
                return None
            clickable = block.find(".//a") is not None or block.find(".//button") is not None
            if clickable and _COOKIE_ACTION.search(text) and not _holds_article(block):
                return block
        block = block.getparent()
    return None


def _drop(el: etree._Element) -> None:
    # keep the tail: it is text of the parent that merely follows the dropped element
    parent = el.getparent()
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        try:
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        except ValueError:  # text lxml will not store (it came in through an entity): lose the tail only
            pass
    parent.remove(el)


def drop_headline(article: Article, headlines: Collection[str] = ()) -> Article:
    """trafilatura keeps the <h1> as the first line of the text; the headline is already the title.

    Left in, it would become the body's first sentence and a spurious difference against the
    same release read from a text file or a feed. A paragraph goes when it is the title or one of
    ``headlines``, the page's ``<h1>`` texts: a site's ``<title>`` often words the headline
    differently ("Anastassiades' light installation" over an ``<h1>`` "Michael Anastassiades’
    light installation"), and a kicker ("Review") or a video player's caption can put it below
    the first line. On extract-dev 10 pages kept their ``<h1>`` as a paragraph that way, none of
    them in the gold body.
    """
    known = {normalise_for_hash(h) for h in (article.title or "", *headlines)} - {""}
    paragraphs = article.text.split("\n\n")
    kept = [p for p in paragraphs if normalise_for_hash(p) not in known]
    if kept and len(kept) < len(paragraphs):
        article.text = "\n\n".join(kept)
        article.id = hash_id(article)
    return article
