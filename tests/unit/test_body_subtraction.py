"""The body by subtraction (main_text.paragraphs) on markup no evidence describes: story text is
kept wherever it sits, and only what is known not to be story goes. Each variant below changes
the markup the way a redesign would (a new container class, paragraphs in divs, extra wrappers,
a wrapper named like an ad) and checks the whole body."""

from __future__ import annotations

import pytest

from urdupoint_news.extraction import extract_article
from urdupoint_news.site.dateline import split_dateline
from urdupoint_news.site.urdu import parse_urdu_datetime, split_urdu_dateline

UR_URL = "https://www.urdupoint.com/daily/livenews/2023-01-30/news-3458001.html"
EN_URL = "https://www.urdupoint.com/en/pakistan/story-of-the-day-1612399.html"
UR = [
    "وفاقی کابینہ نے بجلی کے نرخوں میں کمی کی منظوری دے دی ہے جس کا اطلاق اگلے ماہ سے ہو گا۔",
    "وزیر توانائی نے کہا کہ اس فیصلے سے گھریلو صارفین کو سالانہ اربوں روپے کا فائدہ پہنچے گا۔",
    "انہوں نے بتایا کہ صنعتی صارفین کے لیے بھی الگ پیکج کا اعلان جلد کیا جائے گا۔",
]
EN = [
    "The federal cabinet on Monday approved a cut in electricity tariffs from next month.",
    "The energy minister said the decision would save households billions of rupees a year.",
    "He said a separate package for industrial consumers would be announced soon.",
]
FURNITURE_UR = (
    '<div class="list_box"><p>مزید متعلقہ خبریں پڑھئیے</p><div class="box_item"><a href="/daily/x">'
    '<p>دوسری خبر کی سرخی</p><time class="arial">29 جنوری 2023</time></a></div></div>'
    '<div class="share_bar"><a data-title="سرخی - اُردو پوائنٹ پاکستان" href="#">فیس بک</a></div>'
    '<div class="tagcloud"><a href="/tag/x.html">بجلی</a></div>'
)


def _ur_page(body: str, container: str = "detail_txt urdu fs17 lh34 aj rtl") -> str:
    return (
        '<html lang="ur"><body><div class="news_article"><h1>بجلی کے نرخوں میں کمی</h1>'
        "<h2>گھریلو صارفین کو فائدہ ہو گا</h2>"
        '<p class="art_info_bar rtl ar urdu fs15"><span>پیر</span> <span>30 جنوری 2023</span>'
        ' <span class="arial">14:05</span></p>'
        f'<div class="{container}">{body}</div>{FURNITURE_UR}</div></body></html>'
    )


def _body(html: str, url: str = UR_URL) -> str | None:
    return extract_article(html, url).body


UR_VARIANTS = {
    "paragraphs in divs": "".join(f"<div>{text}</div>" for text in UR),
    "extra wrappers": f"<section><div><div><p>{UR[0]}</p></div></div><article><p>{UR[1]}</p>"
    f"<div><span>{UR[2]}</span></div></article></section>",
    "wrapper named like an ad holding the story": '<div class="story_ad_wrap"><div id="gpt-x">'
    f"</div><p>{UR[0]}</p><p>{UR[1]}</p></div><p>{UR[2]}</p>",
    "banner and promo wrappers, ad slots among the text": '<div class="txt_banner">'
    '<div id="gpt-center-banner"><script>googletag.cmd.push(function(){});</script></div>'
    f'<p>{UR[0]}</p></div><p class="hide_desk">(جاری ہے)</p>'
    f'<div class="promo_block"><p>{UR[1]}</p></div><div id="teads"></div><p></p>'
    f'<div id="eng_mob_ad_wrap"><div id="gpt-middle-banner"></div></div><p>{UR[2]}</p>',
    "text between line breaks around an ad": f"{UR[0]}<br><br>"
    f'<div id="div-gpt-ad-1-0"></div>{UR[1]}<br><br>{UR[2]}',
}


@pytest.mark.parametrize("body", UR_VARIANTS.values(), ids=UR_VARIANTS.keys())
def test_urdu_story_is_kept_and_furniture_dropped(body: str) -> None:
    assert _body(_ur_page(body)) == "\n\n".join(UR)


@pytest.mark.parametrize("body", UR_VARIANTS.values(), ids=UR_VARIANTS.keys())
def test_urdu_body_container_with_a_new_class_name(body: str) -> None:
    # No div.detail_txt: the whole article is read, its headings and date row subtracted.
    item = extract_article(_ur_page(body, container="story_text_2024"), UR_URL)
    assert item.body == "\n\n".join(UR)
    assert item.published_at == "2023-01-30T14:05:00+05:00"


def test_urdu_article_container_renamed_falls_back_and_keeps_the_story() -> None:
    html = _ur_page(UR_VARIANTS["banner and promo wrappers, ad slots among the text"])
    html = html.replace("news_article", "story_2024")
    item = extract_article(html, UR_URL)
    assert item.extractor == "fallback"
    assert item.body == "\n\n".join(UR)


def test_a_named_widget_without_story_text_is_still_dropped() -> None:
    body = f'<p>{UR[0]}</p><div class="related_news"><a href="/daily/x">دوسری خبر</a></div>'
    body += f"<p>{UR[1]}</p>"
    body += '<div class="share_buttons"><p>دوسری خبر کا خلاصہ</p></div>'
    assert _body(_ur_page(body)) == f"{UR[0]}\n\n{UR[1]}"


def _en_page(body: str, container: str = "detail_txt") -> str:
    return (
        '<html><body><div class="container"><h1>Cabinet cuts power tariffs</h1>'
        '<span class="article-date">Published January 30, 2023 | 02:05 PM</span>'
        f'<div class="{container}">{body}</div>'
        '<div class="related_news"><h3>Recent Stories</h3><a href="/en/x-1.html">Other story ..</a>'
        "<span>6 minutes ago</span></div></div></body></html>"
    )


EN_VARIANTS = {
    "story inside a banner wrapper": f'<div class="banner_wrap"><div id="gpt-center-banner"></div>'
    f"<p>{EN[0]}</p></div><p>{EN[1]}</p><p>{EN[2]}</p>",
    "paragraphs in divs inside an ad-named wrapper": '<div class="ad-container">'
    + "".join(f"<div>{text}</div>" for text in EN)
    + "</div>",
    "recent stories inside the body": "".join(f"<p>{text}</p>" for text in EN)
    + '<div><h4>Recent Stories</h4><p><a href="/en/y-2.html">Another story cut short ..</a></p>'
    "<p>9 minutes ago</p></div>",
}


@pytest.mark.parametrize("body", EN_VARIANTS.values(), ids=EN_VARIANTS.keys())
def test_english_story_is_kept_and_furniture_dropped(body: str) -> None:
    item = extract_article(_en_page(body), EN_URL)
    assert item.extractor == "en_current"
    assert item.body == "\n\n".join(EN)


@pytest.mark.parametrize("body", EN_VARIANTS.values(), ids=EN_VARIANTS.keys())
def test_english_container_renamed_falls_back_and_keeps_the_story(body: str) -> None:
    item = extract_article(_en_page(body, container="article-body-2024"), EN_URL)
    assert item.extractor == "fallback"
    assert item.body == "\n\n".join(EN)


# --- the dateline and date forms of docs/extraction.md's "Added later" section ------------------
@pytest.mark.parametrize(
    ("opening", "place", "source"),
    [
        (
            "اسلام آباد(اردو پوائنٹ تازہ ترین اخبار۔04اگست 2019ء)",
            "اسلام آباد",
            "اردو پوائنٹ تازہ ترین اخبار",
        ),
        (
            "لاہور ( اُردو پوائنٹ اخبارتازہ ترین ۔ 29 جنوری 2023ء )",
            "لاہور",
            "اُردو پوائنٹ اخبارتازہ ترین",
        ),
        ("لاہور (  ۔ 29 جنوری 2023ء )", "لاہور", None),
        (
            "کراچی (اُردو پوائنٹ اخبارتازہ ترین - آن لائن۔ 30جنوری 2023ء)",
            "کراچی",
            "اُردو پوائنٹ اخبارتازہ ترین - آن لائن",
        ),
    ],
)
def test_urdu_dateline_forms_of_2019_to_2023(opening: str, place: str, source: str | None) -> None:
    assert split_urdu_dateline(f"{opening} شہر میں بارش ہوئی۔") == (
        place,
        source,
        "شہر میں بارش ہوئی۔",
    )


def test_monday_is_pir() -> None:
    assert parse_urdu_datetime("پیر 30 جنوری 2023 14:05") == "2023-01-30T14:05:00+05:00"


@pytest.mark.parametrize(
    "opening",
    [
        "LAHORE, (UrduPoint / Pakistan Point News - 30th Jan, 2023 ):",
        "LAHORE, (UrduPoint / Pakistan Point News - 30th Jan, 2023 ) :",
    ],
)
def test_english_2023_dateline_with_or_without_a_space_after_the_colon(opening: str) -> None:
    assert split_dateline(f"{opening}Punjab cut tariffs.") == (
        "LAHORE",
        "UrduPoint / Pakistan Point News",
        "Punjab cut tariffs.",
    )


def test_english_h2_repeating_the_title_is_neither_summary_nor_body() -> None:
    html = (
        '<html><head><meta name="description" content="Tariffs fall from next month."></head>'
        "<body><h1>Cabinet Cuts Power Tariffs</h1><h2>Cabinet cuts power tariffs</h2>"
        '<span class="article-date">Published January 30, 2023 | 02:05 PM</span>'
        '<div class="detail_txt"><h2>Cabinet cuts power tariffs</h2>'
        f"<p>{EN[0]}</p></div></body></html>"
    )
    item = extract_article(html, EN_URL)
    assert item.summary == "Tariffs fall from next month."
    assert item.body == EN[0]
