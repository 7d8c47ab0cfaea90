"""Blocks inside the story's box that are not the story, and bare lines that are.

Chrome removal (``webclean``) takes out what surrounds the story by tag, role and class. What
is left inside the story's own box needs other evidence, the same on any site: a card hidden in
a sentence, a tag list, a call to action, the title of a list that went, and, the other way, a
subhead set as a bare ``<div>`` that trafilatura would skip.
"""
from __future__ import annotations

import re

from lxml import etree

#: A paragraph or list item whose text is at least this share link text is a link, not prose.
LINK_BLOCK_SHARE = 0.8
#: A box inside a paragraph with a picture and at least this many links is a card (portrait, name,
#: headlines), not words of the sentence: one link could be a linked picture of the story's own.
MIN_CARD_LINKS = 2
#: A call to action is a line or two ("Email Tariq Malik at … or follow him @tariqjmalik. Follow us
#: on Twitter @Spacedotcom and on Facebook." is 116 characters; the longest on extract-dev, 217).
#: A story paragraph that mentions signing up runs longer (419 on extract-dev).
MAX_PROMO_CHARS = 300
#: What a call to action asks (English and German, the languages of crosswire's sources).
_CALL_TO_ACTION = re.compile(
    r"\b(?:subscribe|sign up|newsletters?|click here|follow (?:us|him|her|me|them)\b|may be reached|"
    r"reach (?:the reporters?|him|her|us)\b|e-?mail (?:\w+ ){1,3}at\b|abonnieren|newsletter bestellen|"
    r"folgen sie (?:uns|ihm|ihr)\b|hier klicken|klicken sie hier)", re.IGNORECASE)
#: A box with at least this many links is a list that a heading right before it titles.
MIN_TITLED_LINKS = 2
#: A title is a line ("Most read in world news"); longer is a paragraph, which is the story's.
MAX_TITLE_CHARS = 80


def tag_lists(root: etree._Element) -> list[etree._Element]:
    """A post's tag list: links marked ``rel="tag"`` (the microformat every blog engine writes), with
    the block around them they make up (its "Tags:" label, the commas between them). A tag list
    is an index, never a sentence of the story, but it stands outside any paragraph, so the
    link-paragraph rule of ``webclean`` does not see it. A tag link inside a sentence (phys.org links "space
    travel" in the story's own words) is not a list and stays."""
    found = []
    for a in root.iter("a"):
        if "tag" not in (a.get("rel") or "").lower().split():
            continue
        el, parent = a, a.getparent()
        while parent is not None and parent.tag not in ("body", "html", "main", "article"):
            tags = sum(len(text_of(t)) for t in parent.iter("a") if "tag" in (t.get("rel") or "").lower().split())
            if tags < LINK_BLOCK_SHARE * len(text_of(parent)):
                break
            el, parent = parent, parent.getparent()
        if el is not a:
            found.append(el)
    return found


def cards_in_prose(root: etree._Element) -> list[etree._Element]:
    """A card hidden inside a sentence: a box within a paragraph holding a picture and links to
    other pages (thehill.com's hover card behind a name: portrait, name, three headlines). Shown on
    hover, it reads in the text as headlines glued into the sentence. A picture inside a
    paragraph's own box of links is never prose: the story's links are words, not portraits."""
    found = []
    for p in root.iter("p"):
        for img in p.iter("img"):
            el = img.getparent()
            while el is not None and el is not p and el.tag == "a":  # a linked portrait: the box around it
                el = el.getparent()
            if el is None or el is p:
                continue
            links = list(el.iter("a"))
            text = text_of(el)
            if len(links) < MIN_CARD_LINKS or not text or \
                    sum(len(text_of(a)) for a in links) < LINK_BLOCK_SHARE * len(text):
                continue
            # the card's wrappers, up to the box that also holds the sentence's own words (the name)
            while (parent := el.getparent()) is not None and parent is not p and text_of(parent) == text:
                el = parent
            found.append(el)
    return found


def calls_to_action(root: etree._Element) -> list[etree._Element]:
    """Short linked paragraphs that ask the reader to do something: subscribe, sign up, follow the
    author, write to the reporter, click through ("Have a tip? … may be reached at <a>", "Sign up
    for <a>The Water Coolest</a>"). They sit inside the story's container, where no class marks
    them; the link is what they are for. A paragraph of the story that mentions a newsletter is
    longer than two sentences or links nowhere."""
    found = []
    for p in root.iter("p"):
        if p.find(".//a") is None:
            continue
        text = text_of(p)
        if len(text) <= MAX_PROMO_CHARS and _CALL_TO_ACTION.search(text):
            found.append(p)
    return found


#: A bare line of the story is a phrase at least ("Who pays the cost of a tariff?"); an ad label
#: ("Advert", "Sponsored content") is one or two words.
MIN_LINE_WORDS = 3
#: A bare line that is half link text or more is a pointer elsewhere (Reuters' "Our Standards: <a>
#: The Thomson Reuters Trust Principles.</a>", 0.72 link); phys.org's source note with its DOI link
#: is 0.2.
MAX_LINE_LINK_SHARE = 0.5
_BLOCKS = ("p", "div", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "section",
           "article", "blockquote", "pre", "form", "header", "footer", "aside", "nav")


def bare_lines_as_paragraphs(root: etree._Element) -> None:
    """A ``<div>`` of bare text among the story's paragraphs is one of them: a subhead
    ("Who pays the cost of a tariff?" in politifact's ``div.pf_subheadline``), a source note. The
    story's box is the element with the most paragraph text in its own ``<p>`` children; its ``<div>``
    children that hold text and no block of their own become paragraphs, which trafilatura keeps
    where it skips a bare ``<div>`` between ``<p>``s. Labels ("Advert") and link lines ("Our
    Standards: <a>The Thomson Reuters Trust Principles.</a>") stay divs."""
    best, most = None, 0
    for parent in {p.getparent() for p in root.iter("p")}:
        if parent is None:
            continue
        n = sum(prose_chars(p) for p in parent if p.tag == "p")
        if n > most:
            best, most = parent, n
    if best is None:
        return
    for el in best:
        if el.tag != "div" or any(d.tag in _BLOCKS for d in el.iterdescendants()):
            continue
        text = text_of(el)
        if len(text.split()) >= MIN_LINE_WORDS and \
                sum(len(text_of(a)) for a in el.iter("a")) <= MAX_LINE_LINK_SHARE * len(text):
            el.tag = "p"


_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def titles_of(doomed: list[etree._Element]) -> list[etree._Element]:
    """The heading right before a removed box of links ("related news", "Most read in world
    news", "You may also like:"): with its box gone it would be a line of the story. Right before:
    no text between them in document order. A box of one link (an ad) does not take a subhead of
    the story with it."""
    titles = []
    for el in doomed:
        if len(el.findall(".//a")) + (el.tag == "a") < MIN_TITLED_LINKS:
            continue
        head = _previous_text_element(el)
        if head is not None and len(text_of(head)) <= MAX_TITLE_CHARS and \
                (head.tag in _HEADINGS or any(h.tag in _HEADINGS for h in head.iterancestors())):
            titles.append(head)
    return titles


def _previous_text_element(el: etree._Element) -> etree._Element | None:
    """The element whose text comes last before ``el`` in document order, or None when text
    sits between them (a tail, a parent's own text)."""
    node = el
    while node is not None:
        prev = node.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()
        if prev is not None:
            if (prev.tail or "").strip():
                return None
            if not _has_text(prev):
                node = prev
                continue
            last = prev
            while True:  # the deepest last child that holds text, with nothing after it
                kids = [k for k in last if isinstance(k.tag, str) and _has_text(k)]
                if not kids or (kids[-1].tail or "").strip():
                    return last
                last = kids[-1]
        parent = node.getparent()
        if parent is None or (parent.text or "").strip():
            return None
        node = parent
    return None


def _has_text(el: etree._Element) -> bool:
    # stops at the first word: the element before a removed box is often the whole story
    return any(t.strip() for t in el.itertext())


def prose_chars(el: etree._Element) -> int:
    """Characters of paragraph text (``<p>`` outside links) under ``el``: what a story is made of,
    where menus and link lists are made of ``<a>``."""
    n = 0
    for p in el.iter("p"):
        n += len(" ".join((p.text or "").split()))
        for child in p.iterdescendants():
            if child.tag != "a" and isinstance(child.tag, str):
                n += len(" ".join((child.text or "").split()))
            n += len(" ".join((child.tail or "").split()))
    return n


def text_of(el: etree._Element) -> str:
    try:
        return " ".join(el.text_content().split())
    except (ValueError, AttributeError):
        return ""
