"""Language identification with py3langid, tuned on real press releases.

Three choices, each measured on releases-dev (``python -m crosswire.text.evaluate language``):

* **Supported set.**  py3langid knows 140 labels, many of them small languages that steal
  Swiss German and English text: Luxembourgish takes "Tierpark Bern: Vogelgrippevirus ...",
  Nigerian Pidgin takes short English titles, Frisian takes German.  Over all 140 labels title
  accuracy is 0.989; over the set below it is 0.998.
* **A prior for short text.**  On a title the model cannot tell German from Danish
  ("Asylstatistik 2021"), so each label gets a prior: the languages news reaches crosswire in
  (``CORE``) weigh 1, the others ``OTHER_PRIOR``.  On a paragraph the likelihood swamps the prior
  and Swedish is still Swedish; on five words German wins, as it should here.
* **Lowercase words only, when there are enough of them.**  Capitalised words are mostly names,
  and names carry the wrong language: lists of promoted officers ("Bühler Martin, 7235 Fideris
  GR") under a French heading come out German.  Dropping capitalised words (German nouns too:
  the function words remain) brings text accuracy from 0.996 to 0.9995.

Confidence is the posterior probability of the winning language after the prior (py3langid's
normalised probabilities, which it calibrates across text lengths), so 0..1 and comparable.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

UNDETERMINED = ("und", 0.0)

#: Languages crosswire expects; they decide short, ambiguous texts.
CORE = ("en", "de", "fr", "it", "es", "pt", "nl", "ru", "zh", "ar",
        # own scripts, so they never compete with the above on short text
        "ja", "ko", "el", "he", "th", "hi", "ka", "hy")
#: Detected when the text says so clearly; ISO 639-1 codes only.
EXTENDED = ("pl", "cs", "sk", "sl", "hr", "sr", "bs", "bg", "mk", "uk", "be", "ro", "hu", "fi", "et",
            "lv", "lt", "sv", "da", "no", "is", "ca", "gl", "eu", "ga", "cy", "sq", "mt", "tr", "az",
            "kk", "uz", "fa", "ur", "bn", "ta", "te", "ml", "mr", "gu", "kn", "pa", "si", "ne", "id",
            "ms", "tl", "vi", "sw", "af", "am", "my", "km", "lo", "mn")
SUPPORTED = CORE + EXTENDED
#: py3langid labels that are dialects/scripts of a supported language, folded into it.
ALIASES = {"wuu": "zh", "yue": "zh", "ary": "ar", "arz": "ar", "nn": "no"}
#: Weight of a non-core language against a core one before the evidence is seen.
OTHER_PRIOR = 0.05
#: Below this many characters of lowercase words, the whole text (names included) is used.
MIN_LOWERCASE_CHARS = 40
#: Characters read from a long text.
MAX_CHARS = 2000
#: Fewer letters than this is no evidence at all.
MIN_LETTERS = 3
#: A winner below this is no decision ("CHF 1.5 Mio." -> 0.10 Arabic).  No releases-dev title
#: scores below it; the 0.2-0.3 band is still right 7 times in 8.
MIN_CONFIDENCE = 0.2

_NOISE = re.compile(r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[#@]\w+", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # Loading decompresses a 4.5 MB model (~0.3 s): once per process.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # "zxx" (no linguistic content) stays in so that code or tables can abstain
    ident.set_languages([code for code in (*SUPPORTED, *ALIASES, "zxx") if code in ident.labels])
    return ident


@lru_cache(maxsize=1)
def _priors() -> dict[str, float]:
    return {code: (1.0 if code in CORE else OTHER_PRIOR) for code in SUPPORTED} | {"zxx": OTHER_PRIOR}


def rank_languages(text: str, languages: Iterable[str] | None = None) -> list[tuple[str, float]]:
    """Posterior over ``languages`` (default: all supported, with the short-text prior), best first.

    Passing ``languages`` restricts the choice to them with a flat prior; probabilities are
    renormalised over that subset, which is exactly the softmax restricted to it.
    """
    if not text or not text.strip():
        return [UNDETERMINED]
    scores: dict[str, float] = {}
    for label, p in _identifier().rank(text):
        code = ALIASES.get(label, label)
        scores[code] = scores.get(code, 0.0) + p
    if languages is not None:
        keep = set(languages)
        scores = {c: p for c, p in scores.items() if c in keep}
    else:
        priors = _priors()
        scores = {c: p * priors.get(c, OTHER_PRIOR) for c, p in scores.items()}
    total = sum(scores.values())
    if total <= 0:
        return [UNDETERMINED]
    return sorted(((c, p / total) for c, p in scores.items()), key=lambda x: x[1], reverse=True)


def evidence(text: str) -> str:
    """What the model reads: no URLs/e-mails, and only lowercase words when there are enough."""
    if "://" in text or "www." in text or "@" in text or "#" in text:
        text = _NOISE.sub(" ", text)
    lower = " ".join(w for w in _WORD.findall(text) if not w[0].isupper())
    return lower if len(lower) >= MIN_LOWERCASE_CHARS else text


def _has_letters(text: str, n: int) -> bool:
    for ch in text:
        if ch.isalpha():
            n -= 1
            if n <= 0:
                return True
    return False


def detect_language(text: str) -> tuple[str, float]:
    """``(ISO 639-1 code, probability)``; ``("und", 0.0)`` for empty, very short or non-text input."""
    if not _has_letters(text, MIN_LETTERS):
        return UNDETERMINED
    # a few thousand characters decide any language; more only costs time (py3langid walks
    # the bytes in Python) on long documents
    code, p = rank_languages(evidence(text[:MAX_CHARS]))[0]
    if code == "zxx" or p < MIN_CONFIDENCE:
        return UNDETERMINED
    return code, float(p)
