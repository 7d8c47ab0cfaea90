"""A story split into chunks: the paragraphs trafilatura left in the story's sibling containers.

Some sites cut a long story into several containers of one kind (wired.com's
``article__chunks``: one ``div`` with the same classes per screenful, ads between them).
trafilatura picks the best single container and the rest of the story is lost: on extract-dev's
wired.com page, half of it. The evidence is structural and means the same on any page: the
paragraphs trafilatura kept sit in a container with a class; other elements with exactly that
tag and class hold more paragraphs of prose. Those are put back in document order.
"""
from __future__ import annotations

from collections import Counter

from lxml import etree

#: A paragraph shorter than this is not taken back: a caption, a credit, a "Read more" line.
#: Two lines of prose; what a chunk loses is whole paragraphs.
MIN_PARAGRAPH = 80
#: How many kept paragraphs must sit in containers of one kind before its siblings count as the
#: story's: one could be a coincidence of a common class name, two make it the story's container.
MIN_KEPT = 2
#: A taken-back paragraph is prose, not a list of links: at most this share of it is link text.
MAX_LINK_SHARE = 0.3


#: Paragraphs are matched by their first characters: trafilatura sometimes drops a link's words
#: from inside a paragraph ("has reported that for his role"), so whole texts differ.
KEY_CHARS = 50


def _norm(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    return _norm(text)[:KEY_CHARS]


def _paragraphs(el: etree._Element) -> list[tuple[etree._Element, str]]:
    out = []
    for p in el.iter("p"):
        text = _norm(p.text_content())
        if text:
            out.append((p, text))
    return out


def restore_chunks(tree: etree._Element, text: str) -> str:
    """``text`` (one paragraph per line) with the paragraphs of the story's sibling chunks put back."""
    lines = text.split("\n")
    kept = {_key(line) for line in lines if len(_norm(line)) >= MIN_PARAGRAPH}
    if len(kept) < MIN_KEPT:
        return text
    kinds: Counter[tuple[str, str]] = Counter()
    for p, para in _paragraphs(tree):
        parent = p.getparent()
        if para[:KEY_CHARS] in kept and parent is not None and parent.get("class"):
            kinds[(str(parent.tag), str(parent.get("class")))] += 1
    if not kinds:
        return text
    (tag, cls), n = kinds.most_common(1)[0]
    chunks = [el for el in tree.iter(tag) if el.get("class") == cls]
    if n < MIN_KEPT or len(chunks) < 2:
        return text
    index = {_key(line): i for i, line in enumerate(lines) if _norm(line)}
    out = list(lines)
    after = -1     # position in ``out`` of the last chunk paragraph already there
    added = 0
    for chunk in chunks:
        own = [(p, para) for p, para in _paragraphs(chunk) if p.getparent() is chunk]
        taken = [para for _, para in own if para[:KEY_CHARS] in index]
        if taken:
            # trafilatura read this chunk and left out what it left out (an info box, a caption)
            after = max(after, out.index(lines[index[taken[-1][:KEY_CHARS]]]))
            continue
        for p, para in own:  # a paragraph of a nested box (a pull quote, a promo) is not the chunk's
            linked = sum(len(_norm(a.text_content())) for a in p.iter("a"))
            if len(para) < MIN_PARAGRAPH or linked > MAX_LINK_SHARE * len(para) or after < 0:
                continue
            after += 1
            out.insert(after, para)
            added += 1
    return "\n".join(out) if added else text
