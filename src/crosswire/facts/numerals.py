"""Cardinal numbers written in words, with their case forms, where dateparser's data has none.

dateparser's per-language "simplifications" (read in :mod:`.lexicon`) give English "two" to
"twelve" and a handful of Russian and Ukrainian words, and nothing for Croatian, Icelandic or Italian.
CLDR has the rule-based spell-out data ("spellout-numbering") but Babel does not ship it, so the
words here form a small closed lexicon: the cardinals 2-20, the tens and 100 with the case
forms a news sentence uses ("похудел на восемь килограммов", "из трёх", "двумя"), from the
declension tables of the Wiktionary entries for each numeral (ru, uk, hr, is) and the English
cardinals.  One (1) is left out: it is also an article or a pronoun ("one of", "один из").
Only whole words are listed, so no stem matches an unrelated word, and forms that are also
common words are left out (Russian "семью" is "family", Ukrainian "сьома" "seventh").
"""
from __future__ import annotations

from functools import lru_cache

import regex

# value: space-separated forms (nominative first, then the oblique cases)
_FORMS: dict[str, dict[int, str]] = {
    "en": {2: "twice", 13: "thirteen", 14: "fourteen", 15: "fifteen", 16: "sixteen", 17: "seventeen",
           18: "eighteen", 19: "nineteen", 20: "twenty", 30: "thirty", 40: "forty", 50: "fifty",
           60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety", 100: "hundred",
           # ordinals stand for "5." / "5位" / "第5" of other languages; "first" and "second"
           # (also a unit of time) are left out
           3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth",
           10: "tenth",
           # an anniversary English names in one word where Japanese writes "200周年"
           # ("the bridge's bicentenary", drift_scripts_synth seed 1)
           200: "bicentenary bicentennial", 300: "tercentenary tricentennial"},
    "ru": {2: "два две двух двум двумя", 3: "три трёх трех трём трем тремя",
           4: "четыре четырёх четырех четырём четырем четырьмя", 5: "пять пяти пятью",
           6: "шесть шести шестью", 7: "семь семи", 8: "восемь восьми восемью восьмью",
           9: "девять девяти девятью", 10: "десять десяти десятью",
           11: "одиннадцать одиннадцати", 12: "двенадцать двенадцати", 13: "тринадцать тринадцати",
           14: "четырнадцать четырнадцати", 15: "пятнадцать пятнадцати", 16: "шестнадцать шестнадцати",
           17: "семнадцать семнадцати", 18: "восемнадцать восемнадцати", 19: "девятнадцать девятнадцати",
           20: "двадцать двадцати", 30: "тридцать тридцати", 40: "сорок сорока",
           50: "пятьдесят пятидесяти", 60: "шестьдесят шестидесяти", 70: "семьдесят семидесяти",
           80: "восемьдесят восьмидесяти", 90: "девяносто девяноста", 100: "сто ста"},
    "uk": {2: "два дві двох двом двома", 3: "три трьох трьом трьома",
           4: "чотири чотирьох чотирьом чотирма", 5: "п'ять п’ять п'яти п’яти п'ятьох п’ятьох п'ятьма п’ятьма",
           6: "шість шести шістьох шістьма", 7: "сім семи сімох", 8: "вісім восьми вісьмох вісьмома",
           9: "дев'ять дев’ять дев'яти дев’яти", 10: "десять десяти десятьох",
           11: "одинадцять одинадцяти", 12: "дванадцять дванадцяти", 13: "тринадцять тринадцяти",
           14: "чотирнадцять чотирнадцяти", 15: "п'ятнадцять п’ятнадцять п'ятнадцяти п’ятнадцяти",
           16: "шістнадцять шістнадцяти", 17: "сімнадцять сімнадцяти", 18: "вісімнадцять вісімнадцяти",
           19: "дев'ятнадцять дев’ятнадцять", 20: "двадцять двадцяти", 30: "тридцять тридцяти",
           40: "сорок сорока", 50: "п'ятдесят п’ятдесят п'ятдесяти п’ятдесяти", 60: "шістдесят шістдесяти",
           70: "сімдесят сімдесяти", 80: "вісімдесят вісімдесяти", 90: "дев'яносто дев’яносто", 100: "сто ста"},
    "hr": {2: "dva dvije dvaju dvama dvjema", 3: "tri triju trima", 4: "četiri četiriju četirima",
           5: "pet", 6: "šest", 7: "sedam", 8: "osam", 9: "devet", 10: "deset", 11: "jedanaest",
           12: "dvanaest", 13: "trinaest", 14: "četrnaest", 15: "petnaest", 16: "šesnaest",
           17: "sedamnaest", 18: "osamnaest", 19: "devetnaest", 20: "dvadeset", 30: "trideset",
           40: "četrdeset", 50: "pedeset", 60: "šezdeset", 70: "sedamdeset", 80: "osamdeset",
           90: "devedeset", 100: "sto"},
    "is": {2: "tveir tvær tvö tveggja tveimur tveim", 3: "þrír þrjár þrjú þriggja þremur þrem",
           4: "fjórir fjórar fjögur fjögurra fjórum", 5: "fimm", 6: "sex", 7: "sjö", 8: "átta",
           9: "níu", 10: "tíu", 11: "ellefu", 12: "tólf", 13: "þrettán", 14: "fjórtán", 15: "fimmtán",
           16: "sextán", 17: "sautján", 18: "átján", 19: "nítján", 20: "tuttugu", 30: "þrjátíu",
           40: "fjörutíu", 50: "fimmtíu", 60: "sextíu", 70: "sjötíu", 80: "áttatíu", 90: "níutíu",
           100: "hundrað"},
    # dateparser has none for Italian and only "un"/"una" for Spanish and Portuguese, while it
    # gives French and German their cardinals: without these, "deux millions" (2,000,000) stood
    # against "due milioni" read as a bare "milioni" (1,000,000), a false alarm on an untouched
    # drift_synth pair.  Italian "sei" ("you are") is left out, as common words are above.
    "it": {2: "due", 3: "tre", 4: "quattro", 5: "cinque", 7: "sette", 8: "otto", 9: "nove", 10: "dieci",
           11: "undici", 12: "dodici", 13: "tredici", 14: "quattordici", 15: "quindici", 16: "sedici",
           17: "diciassette", 18: "diciotto", 19: "diciannove", 30: "trenta", 40: "quaranta",
           50: "cinquanta", 60: "sessanta", 70: "settanta", 80: "ottanta", 90: "novanta"},
    # dateparser stops at twelve for French and German, and has no French seven ("sept" is also
    # its abbreviation of September; the date readers claim "15 sept. 2022" first): "ses quinze
    # années" stood against "15 anni" as a figure B never states, and "Sept nouveaux venus" was no
    # seven (false "missing" alarms on untouched drift_synth pairs, seeds 43 and 11).  Italian
    # "venti" (also "winds") and French "cent" (also the coin) are left out.
    "fr": {7: "sept", 13: "treize", 14: "quatorze", 15: "quinze", 16: "seize", 20: "vingt", 30: "trente",
           40: "quarante", 50: "cinquante", 60: "soixante"},
    "de": {13: "dreizehn", 14: "vierzehn", 15: "fünfzehn", 16: "sechzehn", 17: "siebzehn", 18: "achtzehn",
           19: "neunzehn", 20: "zwanzig", 30: "dreissig dreißig", 40: "vierzig", 50: "fünfzig",
           60: "sechzig", 70: "siebzig", 80: "achtzig", 90: "neunzig"},
    "es": {2: "dos", 3: "tres", 4: "cuatro", 5: "cinco", 6: "seis", 7: "siete", 8: "ocho", 9: "nueve",
           10: "diez", 11: "once", 12: "doce"},
    "pt": {2: "dois duas", 3: "três", 4: "quatro", 5: "cinco", 6: "seis", 7: "sete", 8: "oito", 9: "nove",
           10: "dez", 11: "onze", 12: "doze"},
}


# A day counted as 24 hours, one word where English says "24 hours": Russian "за сутки",
# Ukrainian "за добу", Icelandic "síðasta sólarhringinn" (drift-scripts-dev's faithful pairs).
_WHOLE_DAY: dict[str, str] = {
    "ru": "сутки суток суткам сутками",
    "uk": "доба доби добу добою",
    "is": "sólarhringur sólarhring sólarhringinn sólarhrings sólarhringnum",
}
HOURS_IN_A_DAY = 24


@lru_cache(maxsize=32)
def numerals(lang: str) -> dict[str, int]:
    """Casefolded word -> value for ``lang`` (empty when none are listed)."""
    words = {w.casefold(): v for v, forms in _FORMS.get(lang, {}).items() for w in forms.split()}
    return words | {w: HOURS_IN_A_DAY for w in _WHOLE_DAY.get(lang, "").split()}


# Words that are numbers only in context (English): "second" is an ordinal after an article or
# a possessive and before a lower-case noun ("the second division", "its second win"; "a
# second" is the unit of time), and "a"/"an" is one before a unit of time a preposition or
# "later"/"ago" frames ("in a month", "a year later": "1ヶ月後", "1年前").  A "1" read so is
# what a number word stands for across, like "three" (compare/figures.is_number_word).
_IN_CONTEXT: dict[str, list[tuple[regex.Pattern[str], int]]] = {
    "en": [
        # also joined to its noun: "the second-division league" ("２部", drift_scripts_synth seed 2)
        # "a second" before a noun is another one ("a second win" / "2勝目", "a second bout" / "２度";
        # seed 17), unless the words after make it the unit of time ("a second later", "a second or two")
        (regex.compile(r"(?<=(?<!\p{L})(?i:a)[ \u00a0])((?i:second))(?=[ \u00a0]\p{Ll})(?![ \u00a0](?:later|ago|earlier"
                       r"|before|after|or|and|of|to|in|on|per|each|longer|too|for|the|a|an|that|when|is|was)(?!\p{L}))"), 2),
        # and before an acronym that a lower-case noun follows: "her second UFC win" ("2勝目"; seed 17)
        (regex.compile(r"(?<=(?<!\p{L})(?i:the|its|his|her|their|our)[ \u00a0])((?i:second))"
                       r"(?=[ \u00a0-]\p{Ll}|[ \u00a0]\p{Lu}{2,}[ \u00a0]\p{Ll})"), 2),
        # "one" counts where no article or pronoun could stand: before "of" and a set ("one of
        # the 34" / "34人のうちの1人"), after a limit ("only one"), and before a unit and a
        # standing ("one game behind" / "1ゲーム差"); "a single" / "at single" likewise
        # ("At Single Bank Branch" / "銀行1支店"; drift_scripts_synth seed 2)
        (regex.compile(r"(?<!\p{L})(?<!(?i:no|any|each|every|some)[ \u00a0])((?i:one))(?=[ \u00a0]of[ \u00a0](?:the|these|those|its|his|her|their|our|them|us"
                       r"|\d)(?!\p{L}))"
                       r"|(?<=(?<!\p{L})(?i:only|just|exactly|at[ \u00a0]least|at[ \u00a0]most)[ \u00a0])((?i:one))"
                       r"(?![\p{L}-])"
                       r"|(?<!\p{L})((?i:one|a[ \u00a0]single))(?=[ \u00a0]\p{Ll}+[ \u00a0](?:behind|ahead|short|clear)"
                       r"(?!\p{L}))"
                       r"|(?<=(?<!\p{L})(?i:a|at|in|one|per)[ \u00a0])((?i:single))(?=[ \u00a0]\p{L})"), 1),
        (regex.compile(r"(?<=(?<!\p{L})(?i:in|within|for|after|over|than|about|nearly|almost|around|only|just"
                       r"|has|have|had|gets|got|given)"
                       r"[ \u00a0])((?i:an?[ \u00a0](?:minute|hour|day|week|fortnight|month|year|decade|century)))"
                       r"(?!\p{L})|(?<!\p{L})((?i:an?[ \u00a0](?:minute|hour|day|week|month|year|decade)"
                       r"[ \u00a0](?:later|ago|earlier|before)))(?!\p{L})"), 1),
    ],
    # "one of" in the languages that have a cardinal list above ("один із 34", "jedan od 34")
    "ru": [(regex.compile(r"(?<!\p{L})((?i:один|одна|одно))(?=[ \u00a0]из(?!\p{L}))"), 1)],
    "uk": [(regex.compile(r"(?<!\p{L})((?i:один|одна|одне))(?=[ \u00a0]і?з(?!\p{L}))"), 1)],
    "hr": [(regex.compile(r"(?<!\p{L})((?i:jedan|jedna|jedno))(?=[ \u00a0]od(?!\p{L}))"), 1)],
}
# Roman numerals of I, V and X, two letters or more ("wilaya VI", "World War II", "Benedict
# XVI" -- a Japanese version writes "第6軍管区"): a lone "I" is the pronoun, "V" and "X" are
# letters, and L, C, D and M spell abbreviations ("CD", "MD", "LCD") far more often.
_ROMAN = regex.compile(r"(?<![\p{L}\p{N}\-‐.])(?=[IVX]{2})(X{0,3})(IX|IV|V?I{0,3})(?![\p{L}\p{N}\-‐])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman(s: str) -> int:
    total = 0
    for k, c in enumerate(s):
        v = _ROMAN_VALUES[c]
        total += -v if k + 1 < len(s) and _ROMAN_VALUES[s[k + 1]] > v else v
    return total


def context_numbers(text: str, lang: str | None) -> list[tuple[int, int, int]]:
    """(start, end, value) of the numbers written as words that only context makes numbers,
    and of Roman numerals (in any language: "Stufe II", "Петра II")."""
    out = []
    for rx, value in _IN_CONTEXT.get((lang or "").split("-")[0], []):
        for m in rx.finditer(text):
            g = next(k for k in range(1, rx.groups + 1) if m.group(k))
            out.append((m.start(g), m.end(g), value))
    out += [(m.start(), m.end(), _roman(m.group())) for m in _ROMAN.finditer(text) if m.group()]
    return out
