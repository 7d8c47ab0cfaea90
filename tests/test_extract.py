"""Main text of HTML pages: the story kept whole, the chrome around it gone, every real page read."""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from crosswire.errors import InputError
from crosswire.ingest import ReadOptions, read_paths
from crosswire.ingest.html import article_from_html

# A real AP story (the benchmark's detroit.cbslocal.com page), paragraph by paragraph.
STORY = [
    "ST. JOSEPH, Mich. (AP) — Michigan health authorities are reporting a 6th fatality linked to Eastern "
    "Equine Encephalitis.",
    "Berrien County Health Department officials said Monday the victim was one of two people who contracted "
    "the mosquito borne virus. The death occurred Saturday.",
    "Cases of Eastern Equine Encephalitis first appeared in West Michigan at the end of August. The virus has "
    "been reported in Barry, Berrien, Calhoun, Cass, Kalamazoo and Van Buren counties. The outbreak has "
    "resulted in 10 human cases and 46 animal cases.",
]
MENU = "".join(f"<li><a href='/{w.lower()}'>{w}</a></li>" for w in
               ("News", "Sports", "Lions", "Tigers", "Pistons", "Weather", "Traffic", "Video", "Galleries") * 20)


def _page(body: str) -> str:
    return (f"<!doctype html><html><head><title>Michigan reports sixth EEE death</title></head><body>"
            f"<header class='page-header'><ul class='menu'>{MENU}</ul></header>{body}"
            f"<footer><a href='/privacy'>Privacy</a> © 2019 CBS Broadcasting Inc.</footer></body></html>")


def test_story_inside_a_wrapper_named_for_its_sidebar_is_kept() -> None:
    # the wrapper's class says "sidebar" because a sidebar sits beside the story, not because it is one
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    html = _page(f"<div class='main-white page-content and-w-sidebar'><h1>Michigan reports sixth EEE death</h1>"
                 f"<div class='story'>{paragraphs}</div>"
                 f"<aside class='sidebar'><a href='/x'>Most read: Lions lose again</a></aside></div>")
    a = article_from_html(html, "eee.html")
    for p in STORY:
        assert p in a.text
    assert "Most read" not in a.text and "Pistons" not in a.text


def test_story_laid_out_in_a_table_is_read() -> None:
    cell = "<br><br>".join(STORY)
    html = _page(f"<table width='100%'><tr><td width='20%'><a href='/a'>Archive</a></td>"
                 f"<td><font size='4'>Michigan reports sixth EEE death</font><br>{cell}</td></tr></table>")
    a = article_from_html(html, "table.html")
    assert "46 animal cases" in a.text and "Michigan health authorities" in a.text
    # the story's cell is paragraphs of its own, not glued to the archive cell beside it
    assert "|" not in a.text and "\n\nMichigan reports sixth EEE death" in f"\n\n{a.text}"


NEO_BANKS = [
    "The latest wave of tech-based financial startups promises to fix banking for people who live paycheck "
    "to paycheck, with friendlier apps, fewer fees and early access to wages.",
    "So-called neo-banks, or challenger banks, have raised billions of dollars from investors over the past "
    "two years, and several now count millions of customers in the United States.",
    "There was a lot that was appealing about the gig economy at first. It was only scale, and the hard "
    "realities of American economics, that made it look less consumer-friendly a few years later.",
    "Whether it is due to competition from banks, each other, or bigger tech companies, many of these "
    "startups will go out of business, leaving their customers to find another bank.",
]


def test_a_story_split_into_chunks_is_read_whole_in_order() -> None:
    # wired.com cuts a long story into containers of one kind with an ad row between them;
    # trafilatura alone keeps the first container and loses the rest
    paragraphs = NEO_BANKS + ["Meanwhile, " + p[0].lower() + p[1:] for p in NEO_BANKS]
    chunk = ("<div class='grid grid-margins'><div class='grid--item body body__container article__body'>{}</div>"
             "<div class='grid--item grid-layout__aside'><div class='sticky-box'></div></div></div>")
    ad = ("<div class='row full-bleed-ad'><div class='ad ad--mid-content'><span class='ad-label'>Advertisement"
          "</span></div></div>")
    body = (chunk.format("".join(f"<p>{p}</p>" for p in paragraphs[:3])) + ad
            + chunk.format("".join(f"<p>{p}</p>" for p in paragraphs[3:])))
    html = _page(f"<main><h1>The future of banking</h1><div class='article__chunks'>{body}</div></main>")
    a = article_from_html(html, "wired.html")
    at = [a.text.find(p) for p in paragraphs]
    assert all(i >= 0 for i in at) and at == sorted(at), at
    assert "Advertisement" not in a.text


def test_teasers_nested_in_the_story_are_not_the_story() -> None:
    # "you may also like": whole posts as <article>s inside the story's <article>, longer than it
    teasers = "".join(f"<article class='post'><h2><a href='/p{i}'>{p[:40]}</a></h2><p>{p} {p}</p></article>"
                      for i, p in enumerate(NEO_BANKS))
    story = "".join(f"<p>{p}</p>" for p in STORY)
    html = _page(f"<article class='postbox'><h1>Michigan reports sixth EEE death</h1>{story}"
                 f"<h3 class='relatedpoststitle'>You may also like...</h3>{teasers}</article>")
    a = article_from_html(html, "nested.html")
    assert all(p in a.text for p in STORY)
    assert not any(p[:60] in a.text for p in NEO_BANKS)


def test_a_post_the_story_quotes_is_kept() -> None:
    # nj.com embeds tweets in "social-media-embed" boxes; the story is about what they say
    tweet = ("Yes this is real and yes the state spent nearly half a million dollars on it: "
             "https://t.co/Nc0nKoXGBP")
    embed = (f"<div class='social-media-embed'><blockquote class='twitter-tweet'><p lang='en'>{tweet}</p>"
             f"&mdash; Dianna E. Anderson (@diannaeanderson) <a href='https://twitter.com/x/status/1'>November 18, "
             f"2019</a></blockquote></div>")
    share = "<div class='social-share'><a href='/share/fb'>Facebook</a> <a href='/share/tw'>Twitter</a></div>"
    story = "".join(f"<p>{p}</p>" for p in STORY)
    html = _page(f"<article><h1>Michigan reports sixth EEE death</h1>{share}{story[:len(story) // 2]}"
                 f"{embed}{story[len(story) // 2:]}</article>")
    a = article_from_html(html, "tweet.html")
    assert tweet in a.text and "Facebook" not in a.text


def test_a_story_that_cleaning_would_cut_is_read_from_the_whole_page() -> None:
    # boxes with a chrome word in their class, each holding a part of the story: none holds most of
    # the page's prose, so all go as chrome; the whole page is the floor
    boxes = "".join(f"<div class='promo-box'>{''.join(f'<p>{p}</p>' for p in part)}</div>"
                    for part in (NEO_BANKS[:2], NEO_BANKS[2:3], NEO_BANKS[3:]))
    a = article_from_html(_page(f"<div class='content'><h1>The future of banking</h1>{boxes}</div>"), "cut.html")
    assert all(p in a.text for p in NEO_BANKS)


def test_page_without_prose_is_refused_with_the_reason() -> None:
    with pytest.raises(InputError, match="no main text found"):
        article_from_html(_page(""), "menu-only.html")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    words = re.findall(r"\w+", text)
    return Counter(tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3)))


def test_every_benchmark_page_is_read_and_keeps_the_gold_body(shared_dir: Path, tmp_path: Path) -> None:
    pages = sorted((shared_dir / "data" / "extract-dev").glob("*.html.gz"))
    if not pages:
        pytest.skip("extract-dev pages not present")
    gold = json.loads((shared_dir / "data" / "extract-dev.gold.json").read_text(encoding="utf-8"))
    for p in pages:
        (tmp_path / p.name.removesuffix(".gz")).write_bytes(gzip.decompress(p.read_bytes()))
    errors: list[InputError] = []
    arts = {Path(a.source).name.removesuffix(".html"): a
            for a in read_paths([tmp_path], ReadOptions(on_error=errors.append))}
    assert not errors, [e.reason for e in errors]
    assert len(arts) == len(pages)
    # recall of the gold body's shingles, per page: extraction keeps the story on every page but the
    # few where the gold itself is a product list or a gallery (trafilatura alone misses those too)
    recall = []
    for name, a in arts.items():
        g = _shingles(gold[name]["articleBody"])
        recall.append(sum((g & _shingles(a.text)).values()) / max(1, sum(g.values())))
    assert sum(r >= 0.9 for r in recall) >= 0.9 * len(recall)
    assert sum(recall) / len(recall) > 0.95


# thehill.com, 2019-11-19: a name in the story's sentence carries a hover card (portrait, name, the
# person's latest headlines) inside the paragraph itself
OMAR = ("A New York man pleaded guilty to charges he threatened to kill Rep. {name} (D-Minn.) in a phone call "
        "to her office earlier this year.")
CARD = ("<span class='rollover-people-block'><span class='rollover-block'><span><img src='/omar.jpg' alt=''>"
        "<a class='name' href='/people/ilhan-omar'>Ilhan Omar</a><a class='people-articles' href='/a1'>"
        "Hillicon Valley: Progressives oppose funding bill over surveillance authority</a>"
        "<a class='people-articles' href='/a2'>Trump to host Erdoğan at the White House next week</a>"
        "</span></span></span>")


AOC = "Rep. {name} (D-N.Y.) shortly after the arrest linked the incident to a TV host’s comments."
HEADLINES = ("Sanders doubles down on Bolivia 'coup,' few follow suit", "Overnight Energy: Mark Ruffalo pushes "
             "Congress on 'forever chemicals' | Lawmakers spar over actor's testimony | House Dems unveil renewable "
             "energy tax plan", "Hillicon Valley: Progressives oppose funding bill over surveillance authority | "
             "Senators call for 5G security coordinator | Facebook gets questions over location tracking")


def test_a_hover_card_inside_a_sentence_is_not_the_story() -> None:
    name = f"<span class='rollover-people'><a href='/people/ilhan-omar'>Ilhan Omar</a>{CARD}</span>"
    # a card longer than its sentence: the sentence is not a list of links once the card is gone
    aoc = (f"<span class='rollover-people'><a href='/people/aoc'>Alexandria Ocasio-Cortez</a><span><span>"
           f"<img src='/aoc.jpg'>{''.join(f'<a href=/h{i}>{h}</a> ' for i, h in enumerate(HEADLINES))}"
           f"</span></span></span>")
    story = "".join(f"<p>{p}</p>" for p in [OMAR.format(name=name)] + STORY + [AOC.format(name=aoc)])
    a = article_from_html(_page(f"<article><h1>Man pleads guilty</h1>{story}</article>"), "card.html")
    assert OMAR.format(name="Ilhan Omar") in a.text and AOC.format(name="Alexandria Ocasio-Cortez") in a.text
    assert "Ruffalo" not in a.text
    assert "Hillicon Valley" not in a.text and "Erdoğan" not in a.text


def test_a_tag_list_goes_but_a_tag_linked_in_a_sentence_stays() -> None:
    # autoracing.com.br lists its tags after the story; phys.org links a tag inside a sentence
    tags = ", ".join(f"<a href='/tag/{t.replace(' ', '-')}/' rel='tag'>{t}</a>" for t in
                     ("calendario stock car 2018", "stock car brasil", "stock car cascavel", "stock car interlagos"))
    sentence = ("Radiation exposure from high-energy particles is a key hazard of deep <a href='/tags/space+travel/' "
                "rel='tag' class='textTag'>space travel</a>, but the crew will be shielded in their pods.")
    story = "".join(f"<p>{p}</p>" for p in STORY) + f"<p>{sentence}</p>"
    a = article_from_html(_page(f"<article><h1>Michigan reports sixth EEE death</h1>{story}"
                                f"<strong>Tags<br>{tags}</strong></article>"), "tags.html")
    assert "key hazard of deep space travel, but" in a.text
    assert "stock car brasil" not in a.text and "Tags" not in a.text


def test_the_page_date_stamp_is_metadata_not_a_paragraph() -> None:
    # autoracing.com.br puts the date under the headline; panarmenian.net at the top of the body
    stamp = "<span class='data' itemprop='datePublished'>segunda-feira, 22 de janeiro de 2018 às 0:13</span>"
    story = "".join(f"<p>{p}</p>" for p in STORY)
    a = article_from_html(_page(f"<article><h1>Michigan reports sixth EEE death</h1>{stamp}"
                                f"<div class='article_date'>November 20, 2019 - 11:28 AMT</div>{story}"
                                f"<p>The first case was confirmed on August 30, 2019.</p></article>"), "date.html")
    assert "segunda-feira" not in a.text and "11:28 AMT" not in a.text
    assert a.text.startswith(STORY[0]) and "confirmed on August 30, 2019." in a.text


def test_a_call_to_action_in_the_story_box_goes_and_a_story_sentence_about_signing_up_stays() -> None:
    # nj.com and space.com close their stories with these, in the story's own container
    tip = ("<p><i>Have a tip? Amy Kuperinsky may be reached at </i><a href='mailto:akuperinsky@njadvancemedia.com'>"
           "<i>akuperinsky@njadvancemedia.com</i></a><i>. Follow her on Twitter </i>"
           "<a href='http://www.twitter.com/amykup'><i>@AmyKup</i></a><i>.</i></p>")
    news = ("<p><i>Get the latest updates right in your inbox. </i><a href='http://subscription.nj.com/'>"
            "<i>Subscribe to NJ.com’s newsletters</i></a><i>.</i></p>")
    # theverge.com: a quote in the story that uses the words, linked and long
    quote = ("Getting more meaningful reductions in pollution means tackling all of the sources at the same time, "
             "which has proven to be an <a href='/hurdle'>enormous hurdle</a>. “Part of the challenge is that there’s "
             "a character of ‘Oh no, you first,’ ‘No, you first,’” Apte said. “No one sector wants to sign up for "
             "regulations that would lead to sharp cuts in their emissions when other sectors are not necessarily "
             "sharing equal portions of the blame.”")
    story = "".join(f"<p>{p}</p>" for p in STORY) + f"<p>{quote}</p>"
    a = article_from_html(_page(f"<article><h1>Michigan reports sixth EEE death</h1>{story}{tip}{news}</article>"),
                          "cta.html")
    assert "No one sector wants to sign up for regulations" in a.text and STORY[-1] in a.text
    assert "Have a tip" not in a.text and "newsletters" not in a.text


TARIFFS = [
    "Breaking with decades of United States policy favoring free trade, President Donald Trump has pursued an "
    "agenda favoring tariffs as weapons in a widening trade war.",
    "Backers of tariffs say that they help American companies become more competitive with their foreign "
    "counterparts. As those companies prosper, the thinking goes, they can hire more workers.",
    "When the United States slaps tariffs on goods, it is the importer, usually an American company, that pays "
    "the tariff to U.S. Customs and Border Protection when the goods arrive.",
    "Some of that cost can be passed along to consumers in higher prices, and some is absorbed by the importer, "
    "economists say, depending on how much competition the importer faces.",
]


def test_a_subhead_in_a_bare_div_between_paragraphs_is_kept_and_an_ad_label_is_not() -> None:
    # politifact.com sets its subheads as <div class="pf_subheadline"> between the story's <p>s
    head = "<div class='pf_subheadline'>Who pays the cost of a tariff?</div>"
    body = "".join(f"<p>{p}</p>" for p in TARIFFS[:2]) + head + "<div class='ad-label'>Advert</div>" + \
        "".join(f"<p>{p}</p>" for p in TARIFFS[2:])
    a = article_from_html(_page(f"<main><h1>PolitiFact's guide to tariffs</h1><div class='article__text'>{body}"
                                f"</div></main>"), "subhead.html")
    assert a.text.split("\n\n") == TARIFFS[:2] + ["Who pays the cost of a tariff?"] + TARIFFS[2:]


# Hand-written news paragraphs in scripts without Latin letters; some without spaces between words
SCRIPTS = {
    "zh": ["国家统计局周二公布的数据显示，今年前十个月全国规模以上工业增加值同比增长百分之五点六，增速比前三季度回落零点一个百分点。",
           "分析人士认为，外部需求放缓和国内房地产投资下降是拖累工业生产的主要原因，预计明年一季度将有所企稳。",
           "统计局发言人表示，下一步将继续加大宏观政策调节力度，稳定市场预期，推动经济持续健康发展。"],
    "ja": ["気象庁は二十日、関東甲信地方で今年初めての木枯らし一号が吹いたと発表した。昨年より六日遅いという。",
           "東京都心では午前中に最大瞬間風速十五メートルを観測し、各地で気温が平年を下回った。",
           "気象庁は週末にかけて冬型の気圧配置が強まるとして、路面の凍結などに注意するよう呼びかけている。"],
    "ru": ["Центральный банк России в пятницу сохранил ключевую ставку на уровне шести с половиной процентов годовых, "
           "как и ожидали большинство опрошенных аналитиков.",
           "Регулятор отметил, что инфляция в октябре замедлилась сильнее прогноза, а потребительский спрос остаётся "
           "умеренным.",
           "Следующее заседание совета директоров по ключевой ставке запланировано на середину декабря."],
    "ar": ["أعلنت وزارة الصحة يوم الثلاثاء عن افتتاح ثلاثة مستشفيات جديدة في المحافظات الجنوبية بسعة إجمالية تبلغ ستمئة سرير.",
           "وقال الوزير في مؤتمر صحفي إن المستشفيات الجديدة ستخدم أكثر من مليون مواطن وستوفر آلاف فرص العمل.",
           "ومن المتوقع أن تبدأ المستشفيات باستقبال المرضى مطلع العام المقبل بعد استكمال تجهيز الأقسام."],
}
MENUS = {"zh": ("首页", "国内", "国际", "财经", "体育"), "ja": ("トップ", "国内", "国際", "経済", "スポーツ"),
         "ru": ("Главная", "Политика", "Экономика", "Спорт", "Культура"),
         "ar": ("الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة")}


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_pages_in_other_scripts_keep_their_text(lang: str) -> None:
    menu = "".join(f"<li><a href='/{i}'>{w}</a></li>" for i, w in enumerate(MENUS[lang] * 8))
    story = "".join(f"<p>{p}</p>" for p in SCRIPTS[lang])
    html = (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{SCRIPTS[lang][0][:12]}</title>"
            f"</head><body><nav><ul>{menu}</ul></nav><article><h1>{SCRIPTS[lang][0][:12]}</h1>"
            f"<time datetime='2019-11-20'>2019-11-20 10:30</time>{story}</article>"
            f"<footer><a href='/about'>{MENUS[lang][0]}</a> © 2019</footer></body></html>")
    a = article_from_html(html, f"{lang}.html")
    assert a.text.split("\n\n") == SCRIPTS[lang]


def test_the_title_of_a_removed_list_goes_with_it_and_a_subhead_before_an_ad_stays() -> None:
    # moneycontrol.com: "related news" over a list of headlines inside the story's box
    related = ("<div class='section-title'><h2>related news</h2></div><ul>"
               + "".join(f"<li><a href='/n{i}'>{p[:50]}</a></li>" for i, p in enumerate(NEO_BANKS)) + "</ul>")
    ad = "<div class='advert'><a href='https://ads.example/x'>Advertisement</a></div>"
    body = (f"<p>{TARIFFS[0]}</p><p>{TARIFFS[1]}</p>{related}<h2>Who pays the cost of a tariff?</h2>{ad}"
            f"<p>{TARIFFS[2]}</p><p>{TARIFFS[3]}</p>")
    a = article_from_html(_page(f"<article><h1>PolitiFact's guide to tariffs</h1>{body}</article>"), "titles.html")
    assert a.text.split("\n\n") == TARIFFS[:2] + ["Who pays the cost of a tariff?"] + TARIFFS[2:]


def test_the_headline_is_not_the_first_paragraph_when_the_title_words_it_differently() -> None:
    # the page's metadata words the headline one way, its <h1> another (inexhibit.com, usatoday.com)
    story = "".join(f"<p>{p}</p>" for p in STORY)
    html = (f"<!doctype html><html><head><title>Michigan reports sixth EEE death - CBS Detroit</title>"
            f"<meta property='og:title' content='Michigan reports sixth EEE death'></head>"
            f"<body><article><h1>Sixth death from Eastern Equine Encephalitis in Michigan</h1>{story}</article>"
            f"</body></html>")
    a = article_from_html(html, "headline.html")
    assert a.title == "Michigan reports sixth EEE death" and a.text.split("\n\n") == STORY


def test_the_headline_repeated_below_the_first_paragraph_goes() -> None:
    # cnn.com repeats its <h1> as the title of the video under the first paragraph
    h1 = "Why you just can't trust the White House on Donald Trump's health"
    story = f"<p>{STORY[0]}</p><p>{h1}</p>" + "".join(f"<p>{p}</p>" for p in STORY[1:])
    html = (f"<!doctype html><html><head><meta property='og:title' content='Trump health: White House "
            f"statement'></head><body><article><h1>{h1}</h1>{story}</article></body></html>")
    assert article_from_html(html, "cnn.html").text.split("\n\n") == STORY
