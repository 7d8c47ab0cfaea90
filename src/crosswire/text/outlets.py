"""Which wire and which outlet a text names: datelines, bylines, footers, URLs.

A release says who carried it in its own words: "BEIJING, Nov. 11, 2022 /PRNewswire/ --",
"Peking (ots/PRNewswire) -", "BERLIN (dpa) -", "(Reuters) -", "Source: Business Wire",
"Original-Content von: ..., übermittelt durch news aktuell", a footer link to presseportal.de.
Without reading them, a plain-text file shows as its file name in a story.

Two answers, because a version is often carried twice: ``wire`` is where the text comes from (the
wire the dateline names last, "ots/PRNewswire" -> PR Newswire), ``outlet`` is who carried this
version (named first, "ots/PRNewswire" -> news aktuell / presseportal; for a plain "(AP) —" the
same wire). Only the wrapping counts: a body sentence that says "Reuters reported" names a source,
not the carrier, so names are read in the dateline, in the first line (a byline), in the footer
block and in the article's own URL, never in mid-text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..article import Boilerplate, Dateline


@dataclass(frozen=True, slots=True)
class Wire:
    """A wire or press-release service: its display name, how a dateline tags it, its domains."""

    name: str
    tag: str                     # regex for the tag inside a dateline's brackets or slashes
    domains: tuple[str, ...] = ()
    footer: str | None = None    # regex for a footer or byline phrase that names it
    cased: bool = False          # the tag is matched as written: "AP", "PA", "ots" are words in lower case


# The data table. Tags are matched whole, case-insensitively unless ``cased``.
WIRES: tuple[Wire, ...] = (
    Wire("PR Newswire", r"PR ?Newswire(?:[- ][\w ]{2,20})?", ("prnewswire.com", "prnewswire.co.uk", "prnasia.com",
                                                           "cision.com"),
         r"View original content(?: to download multimedia)?\s*:?\s*https?://(?:www\.)?prnewswire"),
    Wire("news aktuell / presseportal", r"ots", ("presseportal.de", "presseportal.ch", "ots.at", "newsaktuell.de",
                                                   "newsaktuell.ch"),
         r"übermittelt durch news aktuell|Originalmeldung von news aktuell|news aktuell GmbH|ots\.?\s*Originaltext", cased=True),
    Wire("Business Wire", r"BUSINESS ?WIRE", ("businesswire.com",),
         r"Source:\s*Business ?Wire|on businesswire\.com"),
    Wire("GlobeNewswire", r"GLOBE ?NEWSWIRE", ("globenewswire.com",), r"Source:\s*GlobeNewswire"),
    Wire("ACCESSWIRE", r"ACCESSWIRE|ACCESS Newswire", ("accesswire.com",), r"SOURCE:\s*[^\n]{1,80}\n?.*accesswire"),
    Wire("Newsfile", r"Newsfile ?Corp\.?|Newsfile", ("newsfilecorp.com",)),
    Wire("Canada Newswire", r"CNW|Canada Newswire", ("newswire.ca",)),
    Wire("EQS", r"EQS(?:[- ]News|[- ]Newswire)?", ("eqs-news.com",)),
    Wire("PRWeb", r"PRWeb", ("prweb.com",)),
    Wire("Xinhua", r"Xinhua", ("xinhuanet.com", "news.cn"), r"Source:\s*Xinhua"),
    Wire("AP", r"AP|Associated Press", ("apnews.com", "ap.org"),
         r"(?:By|Copyright \d{4}|©\s*\d{4}) The Associated Press|^By (?:The )?Associated Press", cased=True),
    Wire("Reuters", r"Reuters|REUTERS", ("reuters.com",), r"\(Reporting by [^)]{2,200}\)|^By Reuters\b"),
    Wire("AFP", r"AFP|Agence France[- ]Presse", ("afp.com",), r"^By AFP\b|©\s*(?:\d{4}\s*)?AFP\b"),
    Wire("dpa", r"dpa(?:-AFX)?", ("dpa.com", "dpa-international.com", "dpa-afx.de"), r"©\s*dpa\b|dpa-infocom"),
    Wire("EFE", r"EFE", ("efe.com",), r"^\(?EFE\)?$", cased=True),
    Wire("ANSA", r"ANSA", ("ansa.it",), cased=True),
    Wire("Kyodo", r"Kyodo|KYODO", ("kyodonews.net", "kyodonews.jp")),
    Wire("Yonhap", r"Yonhap", ("yna.co.kr", "yonhapnews.co.kr")),
    Wire("PA Media", r"PA|PA Media", ("pamediagroup.com",), cased=True),
    Wire("Keystone-SDA", r"Keystone-SDA|Keystone-ATS|SDA|ATS|sda|ats", ("keystone-sda.ch",), cased=True),
    Wire("Europa Press", r"Europa Press", ("europapress.es",)),
    Wire("Lusa", r"Lusa", ("lusa.pt",)),
    Wire("TASS", r"TASS|ТАСС", ("tass.com", "tass.ru")),
    Wire("Interfax", r"Interfax|Интерфакс", ("interfax.com", "interfax.ru")),
    Wire("RIA Novosti", r"RIA Novosti|РИА Новости", ("ria.ru",)),
    Wire("PTI", r"PTI", ("ptinews.com",), cased=True),
    Wire("IANS", r"IANS", ("ians.in",), cased=True),
    Wire("APA", r"APA", ("apa.at",), cased=True),
    Wire("AAP", r"AAP", ("aap.com.au",), cased=True),
    Wire("ANP", r"ANP", ("anp.nl",), cased=True),
    Wire("Belga", r"Belga|BELGA", ("belga.be",)),
    Wire("KNA", r"KNA", ("kna.de",), cased=True),
    Wire("epd", r"epd", ("epd.de",), cased=True),
    Wire("AWP", r"AWP|awp", ("awp.ch",), cased=True),
    Wire("The Canadian Press", r"CP|The Canadian Press", ("thecanadianpress.com",), cased=True),
    Wire("Bloomberg", r"Bloomberg", ("bloomberg.com",)),
    Wire("UPI", r"UPI", ("upi.com",), cased=True),
)

_TAGS = [(w, re.compile(w.tag, 0 if w.cased else re.I)) for w in WIRES]
_FOOTERS = [(w, re.compile(w.footer, re.I | re.M)) for w in WIRES if w.footer]
_DOMAINS = {d: w for w in WIRES for d in w.domains}
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»]+", re.I)
# a dateline tag the dateline parser did not take (no place before it): "(Reuters) -", "/PRNewswire/ --"
_TAG_AT_START = re.compile(r"(?:\((?P<paren>[^()\n]{2,40})\)|/(?P<slash>[^/\n]{2,40})/)\s*(?:-{1,2}|[–—])")
# how far into the text a byline or a bare dateline tag may stand
LEAD_CHARS = 300
# footer block read for names and links: PR Newswire's and news aktuell's footers are 300-700
# characters on the seeds; 1,500 leaves room for a contact block without reaching into the body
TAIL_CHARS = 1500


@dataclass(frozen=True, slots=True)
class OutletInfo:
    outlet: str | None
    wire: str | None
    evidence: str | None  # where the outlet was read: dateline, byline, footer, url


def wire_named(tag: str) -> Wire | None:
    """The wire a dateline tag names ("PRNewswire", "dpa-AFX", "Associated Press"), else None."""
    tag = tag.strip()
    for wire, pattern in _TAGS:
        if pattern.fullmatch(tag):
            return wire
    return None


def registered_domain(url: str) -> str | None:
    """``https://www.presseportal.de/pm/1`` -> ``presseportal.de``; None for what has no host."""
    host = (urlsplit(url if "://" in url else f"http://{url}").hostname or "").lower().rstrip(".")
    if not host or "." not in host:
        return None
    try:
        from tld import get_fld  # noqa: PLC0415 - the public-suffix list is loaded on first use

        return str(get_fld(host, fix_protocol=True, fail_silently=True) or "") or None
    except ImportError:
        return host.removeprefix("www.")


def wire_of_domain(url: str) -> Wire | None:
    """The wire whose domain (or a subdomain of it) ``url`` is on: "prnewswire.com",
    "https://en.prnewswire.com/news/x" -> PR Newswire; None for any other host."""
    domain = registered_domain(url)
    if domain is None:
        return None
    host = (urlsplit(url if "://" in url else f"http://{url}").hostname or "").lower()
    return _DOMAINS.get(domain) or next((w for d, w in _DOMAINS.items() if host.endswith("." + d)), None)


def find_outlet(text: str, *, dateline: Dateline | None = None, boilerplate: list[Boilerplate] | None = None,
                url: str | None = None) -> OutletInfo:
    """The wire and outlet ``text`` names in its wrapping, else the URL's domain as the outlet."""
    named: list[tuple[Wire, str]] = []  # (wire, where), carrier before origin
    tags = [t for t in re.split(r"\s*[/,;]\s*", dateline.wire) if t] if dateline and dateline.wire else []
    if not tags:
        m = _TAG_AT_START.search(text[:LEAD_CHARS])
        if m:
            tags = [t for t in re.split(r"\s*[/,;]\s*", m.group("paren") or m.group("slash")) if t]
    for tag in tags:
        wire = wire_named(tag)
        if wire is not None:
            named.append((wire, "dateline"))
    lead = text[:LEAD_CHARS]
    footer_text = text[-TAIL_CHARS:] + "\n" + "\n".join(b.text for b in boilerplate or [])
    for wire, pattern in _FOOTERS:
        if pattern.search(footer_text):
            named.append((wire, "footer"))
        elif pattern.search(lead):
            named.append((wire, "byline"))
    # links count only where analysis found wrapping: a body sentence may cite reuters.com
    for m in _URL.finditer("\n".join(b.text for b in boilerplate or [])):
        wire = wire_of_domain(m.group())
        if wire is not None:
            named.append((wire, "footer"))
    if named:
        dated = [w for w, where in named if where == "dateline"]
        # the dateline's order is carrier/origin; without a dateline the first name read is both
        origin = dated[-1] if dated else named[0][0]
        carrier = dated[0] if dated else named[0][0]
        # a carrier named in the footer ("übermittelt durch news aktuell") outranks a dateline with one tag
        if len(dated) <= 1:
            relay = [w for w, where in named if where == "footer" and w is not origin and _is_relay(w)]
            carrier = relay[0] if relay else carrier
        return OutletInfo(carrier.name, origin.name, next(where for w, where in named if w is carrier))
    if url:
        wire = wire_of_domain(url)
        if wire is not None:
            return OutletInfo(wire.name, wire.name, "url")
        domain = registered_domain(url)
        if domain:
            return OutletInfo(domain, None, "url")
    return OutletInfo(None, None, None)


# services that carry other wires' releases onward (ots carries PR Newswire in German)
_RELAYS = {"news aktuell / presseportal", "EQS", "APA", "Keystone-SDA", "AWP"}


def _is_relay(wire: Wire) -> bool:
    return wire.name in _RELAYS
