"""Datelines, footers, contact blocks and outlet lines: the parts of a text that are not body.

Two versions of one story share their body, not their wrapping: PR Newswire ends with
"View original content", news aktuell with "Originalmeldung", a portal starts with "From our
partners:".  Left in, that wrapping becomes "sentences" that have no counterpart and look like
drift.  Taken too eagerly, a real sentence that mentions a URL disappears.  So:

* lines that can never be prose (a bare link, "Foto - https://...", "Tel.: +41 ...", a
  copyright line) are boilerplate wherever they stand;
* lines that merely *start* like a footer ("Source: ...", "Pressekontakt:") count only in the
  tail block of the text, together with short lines sandwiched between footer lines (the name
  and phone under "Pressekontakt:");
* an outlet line counts only as the first line;
* a footer glued to the last sentence without a line break (news aktuell's
  "...Yuan.Siehe Original-Link: https://...Pressekontakt:...") is cut at the first marker that
  follows a sentence end, and only when everything after it is markers, links and short pieces.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..article import Boilerplate, Dateline

# ---- footers ------------------------------------------------------------------------------

# (kind, marker, is_label).  Phrases are distinctive wherever they stand, even glued to a URL
# ("...htmlFoto - https://", "...5368602Original-Content von"); labels ("Source", "Kontakt")
# are ordinary words, so they count only when a colon follows.
_MARKERS: list[tuple[str, str, bool]] = [
    ("link", r"Siehe Original-Link|View original content(?: to download multimedia)?|Voir le contenu original"
             r"|Visualizza(?: il)? contenuto originale|Ver (?:el )?contenido original|Ver conteúdo original"
             r"|Originalmeldung(?: von [^:\n]{1,60})?|To view the original version on [\w ]{2,30}, visit", False),
    ("source", r"Original-Content von|SOURCE(?= [A-Z])|Distributed by", False),
    ("photo", r"(?:Foto|Fotos|Photo|Photos|Bild|Bilder|Image|Images|Logo|Video|Multimedia)"
              r"(?= ?[-–:] ?https?://)", False),
    ("copyright", r"©|\(c\) ?\d{4}|Copyright\b", False),
    ("source", r"Quelle(?: und weitere Informationen)?|Source(?: et informations complémentaires)?|Fonte|Fuente"
               r"|Bron|Источник", True),
    ("contact", r"Pressekontakt|Medienkontakt|Kontakt(?: für Medien)?|Medienanfragen|Für Rückfragen|Rückfragen"
                r"|Weitere Auskünfte|Media [Cc]ontacts?|Press [Cc]ontacts?|Media [Ii]nquiries"
                r"|Contacts?(?: presse| médias?)?|Renseignements|Contatt[io](?: stampa| e informazioni)?"
                r"|Per ulteriori informazioni|Contactos?(?: de prensa)?|Contatos?|Perscontact|Persvragen"
                r"|Investor [Rr]elations", True),
]


def _marker_re(label_end: str) -> re.Pattern[str]:
    alts = [f"(?P<{kind}{i}>(?:{pat}){label_end if label else ''})" for i, (kind, pat, label) in enumerate(_MARKERS)]
    return re.compile("|".join(alts))


_MARKER = _marker_re(r"(?=\s*[:：])")
# At the start of a line a label may also stand alone as a heading ("Pressekontakt").
_LINE_MARKER = _marker_re(r"(?=\s*[:：]|\s*$)")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»]+", re.I)
# the lookbehind starts a match only at the start of a word: linear, not quadratic, on long lines
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+\d{1,3}[\s\-/.]?\(?\d[\d\s\-/().]{5,}\d)"
                    r"|(?:(?:Tel|Tél|Phone|Telefon|Telephone|Téléphone|Telefono|Teléfono|Fax|Mobile?|Mobil|Handy|Cell)"
                    r"\.?\s*:?\s*\+?\(?\d[\d\s\-/().]{5,}\d)", re.I)
_CONTACT_LABEL = re.compile(r"(?:E-?mail|Adresse électronique|Tel|Tél|Telefon|Téléphone|Telefono|Teléfono|Phone|Fax|"
                            r"Mobile?|Mobil|Web|Website|Internet|Twitter|LinkedIn|Facebook|Instagram)\.?\s*:", re.I)
_RIGHTS = re.compile(r"all rights reserved|alle rechte vorbehalten|tous droits réservés|tutti i diritti riservati"
                     r"|todos los derechos reservados|todos os direitos reservados|alle rechten voorbehouden", re.I)

_OUTLET = re.compile(
    r"(?:From our partners|Aus der Bundesverwaltung|From the Federal Administration|Communiqué de l['’]administration"
    r" fédérale|Comunicato dell['’]Amministrazione federale|Press release|Pressemitteilung|Medienmitteilung"
    r"|Communiqué de presse|Comunicato stampa|Nota de prensa|Comunicado de imprensa|Persbericht|Advertorial"
    r"|Sponsored|Anzeige|Partner content|Von unseren Partnern|De nos partenaires|Dai nostri partner)\s*[:：]?", re.I)

MAX_TAIL_SHORT = 120   # a short line inside a footer block: a name, an address, a job title
MAX_GLUED_PIECE = 300  # one glued footer piece: "Pressekontakt:Gao Jingyan,+86-13552905167"
MAX_LABEL_WORDS = 8     # "Source: Federal Administration. All rights reserved." is a footer; a long
                        # "Kontakt: Die Behörden stehen in engem Kontakt ..." is a sentence
MAX_TAIL_SHARE = 0.5    # a block of bare links and short lines is a footer while under half the text: on
                        # pickups-, releases- and stories-dev (20,035 texts) no text's boilerplate reaches half
MAX_CONTACT_LINE = 150  # "Tel.: +41 58 462 00 00, E-Mail: info@...": longer is prose


def find_boilerplate(text: str) -> list[Boilerplate]:
    """Non-body spans of ``text`` (in order), each with a kind: footer, contact, link, photo,
    copyright, source, outlet_line."""
    lines = list(_lines(text))
    nonempty = [i for i, (s, e) in enumerate(lines) if s < e]
    if not nonempty:
        return []
    tail_from = _tail_start(text, lines)
    if _chars(text, lines[tail_from:]) > MAX_TAIL_SHARE * _chars(text, lines) \
            and {_line_kind(text[s:e], tail=True) for s, e in lines[tail_from:]} <= {"link", None}:
        # links and short lines that are most of the text, under no footer heading (contact,
        # source, copyright): a list of items each with its link is the content, not its wrapping
        tail_from = len(lines)
    body_last = max((i for i in nonempty if i < tail_from), default=None)
    out: list[Boilerplate] = []
    heading = "footer"  # lines under "Pressekontakt:" are contact lines
    for i in nonempty:
        s, e = lines[i]
        line = text[s:e]
        if i == nonempty[0] and _is_outlet_line(line, text[e:e + 3]):
            out.append(Boilerplate(line, s, e, "outlet_line"))
        elif i >= tail_from:
            kind = _line_kind(line, tail=True)
            if kind and _is_heading(line):
                heading = kind
            out.extend(_pieces(text, s, e, kind or heading))
        elif kind := _line_kind(line, tail=False):
            out.extend(_pieces(text, s, e, kind))
        elif i == body_last:
            out.extend(_glued_footer(text, s, e))
    return out


def _chars(text: str, lines: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in lines)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, stripped of surrounding whitespace (empty: start == end)."""
    pos = 0
    for raw in text.split("\n"):
        s, e = pos, pos + len(raw)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        yield s, e
        pos += len(raw) + 1


def _is_outlet_line(line: str, after: str) -> bool:
    if _OUTLET.fullmatch(line):
        return True
    # "Aus dem Newsroom:" followed by a blank line: a short label, not a sentence
    return len(line) <= 60 and line.endswith((":", "：")) and len(line.split()) <= 8 and after.strip() == ""


def _contact_only(line: str) -> bool:
    """A line made of contact data: an e-mail/phone, labels, and at most a name's worth of words."""
    if len(line) > MAX_CONTACT_LINE or not (_EMAIL.search(line) or _PHONE.search(line)):
        return False
    rest = _CONTACT_LABEL.sub(" ", _PHONE.sub(" ", _EMAIL.sub(" ", _URL.sub(" ", line))))
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 5


def _line_kind(line: str, *, tail: bool) -> str | None:
    """Kind of a whole line, or None when it may be prose."""
    if _URL.search(line):
        bare = _URL.sub("", line).strip(" \t-–—:;,.|•·/()[]")
        if len(bare) < 40 and len(bare.split()) <= 4:
            return "link"  # "www.astra.admin.ch/umwelt", "DOI: https://...", "Website: www..."
    if _contact_only(line):
        return "contact"
    m = _LINE_MARKER.match(line.lstrip("•·*-– "))
    if m:
        kind = _kind_of(m)
        if kind in ("photo", "copyright") and len(line) <= 200:
            return kind
        if _URL.search(line) and len(line) <= MAX_GLUED_PIECE:
            return kind  # "Quelle und weitere Informationen: vgl. https://..."
        if tail and (not _is_label(m) or len(line[m.end():].split()) <= MAX_LABEL_WORDS):
            return kind  # not "Kontakt: Die Behörden stehen in engem Kontakt mit den Kantonen ..."
    if len(line) <= 200 and _RIGHTS.search(line):
        return "copyright"
    if tail and len(line) <= MAX_CONTACT_LINE and (_EMAIL.search(line) or _PHONE.search(line)) \
            and not _reads_as_prose(line):
        return "contact"
    return None


def _is_label(m: re.Match[str]) -> bool:
    """Matched an ordinary word used as a label ("Source:"), not a wire phrase."""
    return any(_MARKERS[int(re.sub(r"\D", "", name))][2] for name, v in m.groupdict().items() if v is not None)


def _kind_of(m: re.Match[str]) -> str:
    for name, value in m.groupdict().items():
        if value is not None:
            return re.sub(r"\d+$", "", name)
    return "footer"


def _tail_start(text: str, lines: list[tuple[int, int]]) -> int:
    """Index of the first line of the footer block at the end (len(lines) when there is none).

    Walk up from the end: footer lines extend the block.  Short lines that do not read as
    prose are held pending; they join the block when a footer line stands above them and
    either another footer line stands below them (sandwiched) or the line above is a heading
    ("Pressekontakt:", "Copyright:") whose content they are.
    """
    start = len(lines)
    pending = False
    for i in range(len(lines) - 1, -1, -1):
        s, e = lines[i]
        if s >= e:
            continue
        line = text[s:e]
        if _line_kind(line, tail=True):
            if pending and start == len(lines) and not _is_heading(line):
                break
            start, pending = i, False
        elif len(line) <= MAX_TAIL_SHORT and not _reads_as_prose(line):
            pending = True
        else:
            break
    return start


def _is_heading(line: str) -> bool:
    m = _LINE_MARKER.match(line)
    return line.endswith((":", "：")) or (m is not None and m.end() >= len(line.rstrip(" :：")))


def _reads_as_prose(line: str) -> bool:
    """A question or a sentence: a heading of cut-off body, not a name under "Kontakt:"."""
    return line.endswith(("!", "?", "؟", "？")) or (line.endswith(".") and len(line.split()) >= 4)


def _pieces(text: str, s: int, e: int, kind: str) -> list[Boilerplate]:
    """Split a boilerplate line at glued markers ("...jpgView original content:...") so that
    each piece has its own kind."""
    cuts = [m.start() for m in _MARKER.finditer(text, s, e) if m.start() > s and _kind_of(m) != "copyright"]
    bounds = [s, *cuts, e]
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a:b].strip()
        if not piece:
            continue
        a = text.index(piece, a)
        m = _MARKER.match(text, a)
        out.append(Boilerplate(piece, a, a + len(piece), _kind_of(m) if m else kind))
    return out


def _glued_footer(text: str, s: int, e: int) -> list[Boilerplate]:
    """Footer glued to the last sentence of a line: "...470 Milliarden Yuan.Siehe Original-Link: ..."."""
    for m in _MARKER.finditer(text, s, e):
        a = m.start()
        before = text[s:a].rstrip()
        if not before or before[-1] not in ".!?»”\")":
            continue  # a footer starts after a sentence, never inside one
        rest = text[a:e]
        marks = list(_MARKER.finditer(rest))
        bounds = [mm.start() for mm in marks] + [len(rest)]
        pieces = [rest[x:y] for x, y in zip(bounds, bounds[1:], strict=False)]
        if any(len(p) > MAX_GLUED_PIECE for p in pieces):
            continue
        evidence = _URL.search(rest) or _EMAIL.search(rest) or _PHONE.search(rest)
        if not (evidence or len(marks) >= 2 or not _is_label(m)):
            continue
        return _pieces(text, a, e, _kind_of(m))
    return []


# ---- datelines ----------------------------------------------------------------------------

_WIRES = re.compile(
    r"PR ?Newswire|ots|Business ?Wire|GLOBE ?NEWSWIRE|ACCESSWIRE|Newsfile|CNW|Marketwired|PRWeb|EQS|AFP|AP|"
    r"Reuters|dpa(?:-AFX)?|Keystone-SDA|SDA|ATS|ANSA|EFE|Europa Press|Xinhua|IANS|PTI|Lusa|TASS|Interfax|"
    r"RIA Novosti|Belga|ANP|APA|KNA|epd|AAP|Kyodo|Yonhap|Bloomberg|UPI|KYODO|Agence France-Presse|"
    r"Associated Press|Kathpress|sda|awp|AWP|CP|PA", re.I)
_PLACE = r"[^\W\d_][\w .'’&/-]{0,40}?(?:,\s*[^\W\d_][\w .'’-]{0,30}?){0,2}"
_DASH = r"(?:-{1,2}|[–—])"
_DATELINE = [
    # BEIJING, Nov. 11, 2022 /PRNewswire/ --      GENÈVE, 14 mars 2025 /PRNewswire/ --
    re.compile(rf"(?P<head>{_PLACE},[^\n/()]{{3,40}}?)\s*/(?P<wire>[^/\n]{{2,40}})/\s*{_DASH}\s*"),
    # SAN FRANCISCO--(BUSINESS WIRE)--
    re.compile(rf"(?P<head>{_PLACE}(?:,[^\n/()]{{3,40}}?)?)\s*--\s*\((?P<wire>[^()\n]{{2,40}})\)\s*--\s*"),
    # Peking (ots/PRNewswire) -     PARIS (AFP) —     NEW YORK, Nov. 11, 2022 (GLOBE NEWSWIRE) --
    re.compile(rf"(?P<head>{_PLACE}(?:,[^\n/()]{{3,40}}?)?)\s*\((?P<wire>[^()\n]{{2,40}})\)\s*{_DASH}\s*"),
    # Bern, 11.11.2022 - Der Bundesrat ...   (no wire: only with a date we can read)
    re.compile(rf"(?P<head>{_PLACE},[^\n/()]{{3,40}}?)\s+{_DASH}\s+"),
]


def find_dateline(text: str, start: int = 0) -> Dateline | None:
    """The dateline at the start of the body (at or after ``start``): place, date text, wire."""
    from .dates import parse_date

    pos = start
    while pos < len(text) and text[pos].isspace():
        pos += 1
    for i, pattern in enumerate(_DATELINE):
        m = pattern.match(text, pos)
        if not m:
            continue
        place, date_text = _split_head(m.group("head"))
        wire = m.groupdict().get("wire")
        wire = wire.strip() if wire else None
        dated = date_text is not None and parse_date(date_text) is not None
        if not place or len(place.split()) > 6:
            continue
        known = wire is not None and _WIRES.fullmatch(wire.split("/")[0].strip()) is not None
        if i == 0 and not (date_text and (known or dated)):
            continue
        if i in (1, 2) and not (known or (place.isupper() and len(place) > 2) or dated):
            continue
        if i == 3 and not dated:
            continue
        end = m.end()
        raw = text[m.start():end].rstrip()
        return Dateline(text=raw, place=place, wire=wire, date_text=date_text, start=m.start(),
                        end=m.start() + len(raw))
    return None


def _split_head(head: str) -> tuple[str, str | None]:
    """"AUSTIN, Texas, Nov. 11, 2022" -> ("AUSTIN, Texas", "Nov. 11, 2022"): the date starts at
    the first comma-separated part with a digit in it."""
    parts = [p.strip() for p in head.split(",")]
    for k, part in enumerate(parts):
        if k > 0 and re.search(r"\d", part):
            return ", ".join(parts[:k]), ", ".join(parts[k:])
    return head.strip(" ,"), None
