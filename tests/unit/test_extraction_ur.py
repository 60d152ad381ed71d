"""The Urdu article layouts (``ur_current``, ``ur_legacy``) on saved pages, compared field by
field, then the behaviours the evidenced markup asks for."""

from __future__ import annotations

import dataclasses
import re

import pytest

from support.cases import all_cases, case
from urdupoint_news.extraction import LAYOUTS, choose_layout, extract_article
from urdupoint_news.extraction.base import Page
from urdupoint_news.extraction.ur_current import UrCurrent
from urdupoint_news.extraction.ur_legacy import UrLegacy

NAMES = [found.name for found in all_cases("ur")]
# Derived by the clean pipeline, not by extraction.
DERIVED = {"word_count", "content_hash"}

ARTICLE_URL = "https://www.urdupoint.com/daily/livenews/2025-09-12/news-4514000.html"


def _load(name: str) -> tuple[Page, dict]:
    found = case(name)
    return Page(found.html, found.url), found.expected


def _page(article_html: str, head: str = "", attrs: str = 'dir="rtl"') -> Page:
    html = (
        f'<!DOCTYPE html><html lang="ur" {attrs}><head><meta charset="utf-8">{head}</head>'
        f"<body>{article_html}</body></html>"
    )
    return Page(html, ARTICLE_URL)


@pytest.mark.parametrize("name", NAMES)
def test_layout_recognises_saved_page(name: str) -> None:
    page, _ = _load(name)
    assert UrCurrent.matches(page)


@pytest.mark.parametrize("name", NAMES)
def test_saved_page_extracts_the_expected_fields(name: str) -> None:
    page, expected = _load(name)
    item = dataclasses.asdict(choose_layout(page)(page).extract())
    assert set(expected) == set(item) - DERIVED
    for field, value in expected.items():
        assert item[field] == value, field


@pytest.mark.parametrize("name", NAMES)
def test_body_holds_no_page_furniture(name: str) -> None:
    page, _ = _load(name)
    body = choose_layout(page)(page).extract().body or ""
    for furniture in (
        "اشتہار",
        "منٹ پہلے",
        "گھنٹے پہلے",
        "مزید اہم خبریں",
        "تازہ ترین خبریں",
        "متعلقہ عنوان",
        "شیئر کریں",
        "مزید پڑھیں",
        "فیس بک",
        "adsbygoogle",
        "googletag",
        "ستمبر 2025",  # the dateline's date and the printed stamp
        "ستمبر ۲۰۲۵",
        "جاری ہے)",  # the "(continued)" marker where an ad cuts the story
    ):
        assert furniture not in body


@pytest.mark.parametrize("name", NAMES)
def test_extract_article_picks_the_urdu_layout_for_saved_page(name: str) -> None:
    page, expected = _load(name)
    item = extract_article(page.html, page.url)
    # The page's version: ur_legacy for div.txt_detail (before ~2021), ur_current otherwise.
    assert item.extractor == ("ur_legacy" if "txt_detail" in page.html else "ur_current")
    assert item.extractor == expected["extractor"]
    assert item.body == expected["body"]


def test_the_first_sample_pages_stay_with_the_current_layout() -> None:
    first = ["ur_current_2025_09_10_agency", "ur_current_2025_09_10_normal"]
    first.append("ur_current_2025_09_11_lists_in_body")
    for name in first:
        page, _ = _load(name)
        assert extract_article(page.html, page.url).extractor == "ur_current"


def test_english_page_is_not_an_urdu_article() -> None:
    # The old English markup also uses div.news_article, but left to right.
    page = _page('<div class="main_bar fl news_article"><h1>Title</h1></div>', attrs='lang="en"')
    assert not UrCurrent.matches(page)


def test_rtl_page_without_article_container_is_not_an_article() -> None:
    assert not UrCurrent.matches(_page('<div class="item_shadow"><a href="/x">خبر</a></div>'))


def test_rtl_set_on_body_is_enough() -> None:
    html = '<html><body dir="RTL"><div class="news_article"><h1>سرخی</h1></div></body></html>'
    assert UrCurrent.matches(Page(html, ARTICLE_URL))


def test_body_keeps_arabic_code_points_and_only_composes_to_nfc() -> None:
    # Arabic kaf/yeh/heh and a ZWNJ stay as published; a decomposed ے + hamza becomes ۓ (NFC).
    decomposed = "\u06d2\u0654"
    body = (
        "<p>كراچی (اردو پوائنٹ اخبارتازہ ترین۔ 10 ستمبر 2025ء) "
        f"يه خبر آ{decomposed}   گی\u200cکہ</p>"
    )
    item = UrCurrent(_page(f'<div class="news_article"><h1>سرخی</h1>{body}</div>')).extract()
    assert item.dateline == "كراچی"
    assert item.body == "يه خبر آ\u06d3 گی\u200cکہ"


def test_body_without_dateline_keeps_its_first_paragraph() -> None:
    article = '<div class="news_article"><h1>سرخی</h1><p>پہلا پیراگراف۔</p><p>دوسرا۔</p></div>'
    item = UrCurrent(_page(article)).extract()
    assert (item.dateline, item.source) == (None, None)
    assert item.body == "پہلا پیراگراف۔\n\nدوسرا۔"


def test_printed_urdu_date_is_used_without_structured_data() -> None:
    article = (
        '<div class="news_article"><h1>سرخی</h1>'
        '<div class="news_date">ہفتہ ۱۳ ستمبر ۲۰۲۵ ۰۷:۰۵</div><p>متن</p></div>'
    )
    assert UrCurrent(_page(article)).extract().published_at == "2025-09-13T07:05:00+05:00"


def test_structured_date_wins_over_the_printed_one() -> None:
    head = '<meta property="article:published_time" content="2025-09-13T02:05:00Z">'
    article = (
        '<div class="news_article"><h1>سرخی</h1>'
        '<span class="article-date">ہفتہ 13 ستمبر 2025 07:00</span><p>متن</p></div>'
    )
    assert UrCurrent(_page(article, head)).extract().published_at == "2025-09-13T07:05:00+05:00"


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ('<a rel="author" href="/daily/team/x.html">ثناء احمد</a>', "ثناء احمد"),
        ('<span class="byline">اردو پوائنٹ</span>', None),
        ('<span class="byline">نیوز ڈیسک</span>', None),
        ('<span class="byline">اے پی پی</span>', None),
        ("", None),
    ],
)
def test_author_is_a_person_never_the_site_or_an_agency(byline: str, author: str | None) -> None:
    article = f'<div class="news_article"><h1>سرخی</h1>{byline}<p>متن</p></div>'
    item = UrCurrent(_page(article)).extract()
    assert item.author == author
    assert "ثناء" not in (item.body or "")


def test_json_ld_organisation_author_is_not_an_author() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "ثناء احمد"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    article = '<div class="news_article"><h1>سرخی</h1><p>متن</p></div>'
    assert UrCurrent(_page(article, head)).extract().author is None


@pytest.mark.parametrize(
    ("breadcrumb", "category"),
    [
        ('<a href="/daily/">اردو پوائنٹ</a><a href="/daily/world.html">دنیا</a>', "world"),
        ('<a href="https://www.urdupoint.com/daily/Showbiz.html">شوبز</a>', "showbiz"),
        ('<a href="/daily/">اردو پوائنٹ</a>', None),
        ('<a href="https://example.com/daily/world.html">دنیا</a>', None),  # another site
        ('<a href="/daily/livenews/2025-09-12/news-4513999.html">خبر</a>', None),  # an article
        ("", None),
    ],
)
def test_category_is_the_breadcrumb_section_slug(breadcrumb: str, category: str | None) -> None:
    html = f'<div class="breadcrumb">{breadcrumb}</div><div class="news_article"><h1>س</h1></div>'
    assert UrCurrent(_page(html)).extract().category == category


def test_category_falls_back_to_json_ld_breadcrumb_urls() -> None:
    ld = (
        '{"@type": "BreadcrumbList", "itemListElement": ['
        '{"@type": "ListItem", "position": 2,'
        ' "item": {"@id": "/daily/health.html", "name": "صحت"}},'
        '{"@type": "ListItem", "position": 1, "item": "/daily/", "name": "اردو پوائنٹ"}]}'
    )
    head = f'<script type="application/ld+json">{ld}</script>'
    page = _page('<div class="news_article"><h1>سرخی</h1></div>', head)
    assert UrCurrent(page).extract().category == "health"


def test_title_and_summary_fall_back_to_structured_data() -> None:
    head = (
        '<meta property="og:title" content="او جی سرخی"><meta name="description" content="خلاصہ">'
    )
    item = UrCurrent(_page('<div class="news_article"><p>متن</p></div>', head)).extract()
    assert (item.title, item.summary) == ("او جی سرخی", "خلاصہ")


def test_image_falls_back_to_first_article_image_made_absolute() -> None:
    article = (
        '<div class="news_article"><h1>سرخی</h1>'
        '<ul><li class="item_shadow"><img src="/thumbs/other.jpg"></li></ul>'
        '<img src="/images/news/main.jpg"><p>متن</p></div>'
    )
    item = UrCurrent(_page(article)).extract()
    assert item.image_url == "https://www.urdupoint.com/images/news/main.jpg"


@pytest.mark.parametrize(
    "block",
    [
        '<div class="item_shadow"><p>دوسری خبر کا خلاصہ</p></div>',
        '<div class="more-news"><p>دوسری خبر کا خلاصہ</p></div>',
        '<div class="share_buttons"><p>دوسری خبر کا خلاصہ</p></div>',
        '<div><h4>متعلقہ خبریں</h4><div><p><a href="/x">دوسری</a> خبر کا خلاصہ</p></div></div>',
        "<p>مزید پڑھیں: دوسری خبر کا خلاصہ</p>",
        "<p>۱۵ منٹ قبل</p>",
    ],
)
def test_teasers_of_other_stories_stay_out_of_body(block: str) -> None:
    article = f'<div class="news_article"><h1>سرخی</h1><p>اصل متن</p>{block}<p>آخری بات</p></div>'
    assert UrCurrent(_page(article)).extract().body == "اصل متن\n\nآخری بات"


# --- the evidenced markup (docs/extraction.md) ---------------------------------------------------
# Saved pages built from the evidence (the others are this project's first, guessed markup).
EVIDENCED = [
    "ur_current_2021_06_12_district",
    "ur_current_2025_09_14_app",
    "ur_current_2025_09_15_dw",
    "ur_legacy_2020_11_05_txt_detail",
]
_JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.DOTALL)


def test_evidenced_pages_cover_every_urdu_url_form_and_version() -> None:
    urls = {name: _load(name)[0].url for name in EVIDENCED}
    assert any(url.endswith("-dw.html") for url in urls.values())
    assert any("/live-news-" in url for url in urls.values())
    assert {_load(name)[1]["extractor"] for name in EVIDENCED} == {"ur_current", "ur_legacy"}


@pytest.mark.parametrize("name", EVIDENCED)
def test_evidenced_pages_carry_no_dir_rtl(name: str) -> None:
    page, _ = _load(name)
    assert "dir=" not in page.html
    assert page.sel.css("ul.bread_crumb_en") and page.sel.css("div.tagcloud.rtl.ar.urdu")


@pytest.mark.parametrize("name", NAMES)
def test_pages_read_the_same_without_dir_rtl(name: str) -> None:
    page, expected = _load(name)
    html = re.sub(r'\sdir="rtl"', "", page.html, flags=re.IGNORECASE)
    assert "dir=" not in html
    item = dataclasses.asdict(extract_article(html, page.url))
    assert {field: item[field] for field in expected} == expected


@pytest.mark.parametrize("name", NAMES)
def test_printed_date_alone_gives_the_same_published_at(name: str) -> None:
    page, expected = _load(name)
    html = _JSON_LD.sub("", page.html)
    assert "ld+json" not in html and "published_time" not in html
    assert extract_article(html, page.url).published_at == expected["published_at"]


def test_layouts_list_holds_the_urdu_versions_legacy_first() -> None:
    assert LAYOUTS.index(UrLegacy) < LAYOUTS.index(UrCurrent)


def _article(body: str, date: str = "", container: str = "detail_txt urdu fs17 lh34 aj rtl") -> str:
    return (
        f'<div class="news_article"><h1 class="urdu">سرخی</h1><h2>ذیلی سرخی</h2>{date}'
        f'<div class="{container}">{body}</div></div>'
    )


@pytest.mark.parametrize(
    ("date", "published"),
    [
        ("<p><span>اتوار</span> <span>14 ستمبر 2025</span> <span>19:50</span></p>", "19:50"),
        ("<p><span>اتوار</span><span>14 ستمبر 2025</span><span>19:50</span></p>", "19:50"),
        ("<p>\n<span>اتوار</span>\n<span>۱۴ ستمبر ۲۰۲۵</span>\n<span>۰۷:۰۵</span>\n</p>", "07:05"),
        ('<p class="fs12"><span>14 ستمبر 2025</span> <span>23:59</span></p>', "23:59"),
    ],
)
def test_printed_date_is_the_first_p_split_over_spans(date: str, published: str) -> None:
    item = UrCurrent(_page(_article("متن", date), attrs='lang="ur"')).extract()
    assert item.published_at == f"2025-09-14T{published}:00+05:00"


def test_a_first_paragraph_of_story_text_is_not_read_as_the_date() -> None:
    # No printed date and no body container: the first p is the story, whose dateline holds a
    # date without a time; that is not the publication time.
    article = (
        '<div class="news_article"><h1>سرخی</h1>'
        "<p>لاہور (اُردو پوائنٹ اخبارتازہ ترین۔ 14 ستمبر 2025ء) صوبائی حکومت نے آج ایک اہم"
        " اجلاس میں نئی پالیسی کی منظوری دی اور کہا کہ اس پر فوری عمل ہو گا۔</p></div>"
    )
    assert UrCurrent(_page(article)).extract().published_at is None


def test_json_ld_date_without_colon_in_the_offset_is_read() -> None:
    ld = '{"@type": "NewsArticle", "datePublished": "2025-09-14T19:50:00+0500"}'
    head = f'<script type="application/ld+json">{ld}</script>'
    item = UrCurrent(_page(_article("متن"), head, attrs='lang="ur"')).extract()
    assert item.published_at == "2025-09-14T19:50:00+05:00"


@pytest.mark.parametrize(
    ("crumbs", "category"),
    [
        (["/", "/sports/news.html"], "sports"),
        (["https://www.urdupoint.com/", "https://www.urdupoint.com/showbiz/news.html"], "showbiz"),
        (
            ["/", "/daily/live/agriculture.html", "/daily/live/agriculture/dairy.html"],
            "agriculture",
        ),
        (
            ["/", "/pakistan/news/lahore.html", "/pakistan/news/lahore/important-news.html"],
            "lahore",
        ),
        (["/", "/technology/news/3.html"], "technology"),
        (["/", "/weird/"], "weird"),
        (["/"], None),
        (["/", "https://example.com/sports/news.html"], None),
    ],
)
def test_section_is_the_second_link_of_bread_crumb_en(crumbs: list[str], category: str | None):
    links = "".join(f'<li><a href="{href}">لنک</a></li>' for href in crumbs)
    html = f'<ul class="bread_crumb_en">{links}</ul>' + _article("متن")
    assert UrCurrent(_page(html, attrs='lang="ur"')).extract().category == category


def test_site_breadcrumb_links_count_on_a_local_mirror() -> None:
    # A mirror serves the page on 127.0.0.1 but its links name the real site.
    crumbs = '<ul class="bread_crumb_en"><li><a href="https://www.urdupoint.com/">ا</a></li>'
    crumbs += '<li><a href="https://www.urdupoint.com/sports/news.html">کھیل</a></li></ul>'
    page = Page(
        crumbs + _article("متن"), "http://127.0.0.1:8000/daily/livenews/2025-09-14/news-1.html"
    )
    assert UrCurrent(page).extract().category == "sports"


@pytest.mark.parametrize(
    "marker",
    [
        '<div class="txt_banner"><span>(جاری ہے)</span><script>googletag.cmd.push()</script></div>',
        "(جاری ہے)",
        "( جاری ہے )",
        "(جاري هے)",  # typed on an Arabic keyboard
    ],
)
def test_continued_marker_is_left_out_of_the_body(marker: str) -> None:
    body = f"پہلا پیراگراف۔ {marker}<br><br>دوسرا پیراگراف۔"
    item = UrCurrent(_page(_article(body), attrs='lang="ur"')).extract()
    assert item.body == "پہلا پیراگراف۔\n\nدوسرا پیراگراف۔"


def test_continued_words_without_parentheses_are_story_text() -> None:
    body = "<p>مذاکرات کا عمل جاری ہے۔</p>"
    assert UrCurrent(_page(_article(body))).extract().body == "مذاکرات کا عمل جاری ہے۔"


def test_body_text_between_line_breaks_is_paragraphs_but_a_break_inside_p_is_not() -> None:
    body = (
        "پہلا پیراگراف۔<br><br><script>googletag.cmd.push(function(){});</script>"
        "دوسرا <b>پیراگراف</b>۔<br>\n<br>"
        "<p>تیسرا<br>پیراگراف۔</p>"
        '<div class="tagcloud rtl ar urdu"><a href="/tag/a.html">ٹیگ</a></div>'
        "<ul><li>فہرست</li></ul>"
    )
    item = UrCurrent(_page(_article(body), attrs='lang="ur"')).extract()
    assert item.body == "پہلا پیراگراف۔\n\nدوسرا پیراگراف۔\n\nتیسرا پیراگراف۔"


def test_legacy_body_container_is_read_by_the_legacy_version() -> None:
    page = _page(_article("پرانا متن۔", container="txt_detail urdu ar rtl"), attrs='lang="ur"')
    assert choose_layout(page) is UrLegacy
    assert UrLegacy(page).extract().body == "پرانا متن۔"
    assert UrCurrent.matches(page)  # the generic check holds; LAYOUTS order picks the version


@pytest.mark.parametrize(
    "url",
    [
        "https://www.urdupoint.com/daily/livenews/2025-09-15/news-4519321-dw.html",
        "https://www.urdupoint.com/pakistan/news/multan/national-news/live-news-3012345.html",
    ],
)
def test_fallback_knows_the_urdu_edition_from_every_article_url(url: str) -> None:
    item = extract_article("<html><body><p>نامعلوم صفحہ</p></body></html>", url)
    assert (item.extractor, item.edition) == ("fallback", "ur")


def test_fallback_splits_an_urdu_dateline_by_the_urdu_rules() -> None:
    html = (
        "<html><body><main><p>کراچی (اُردو پوائنٹ اخبارتازہ ترین - آن لائن۔ 15 ستمبر 2025ء)"
        " شہر میں موسلا دھار بارش سے نشیبی علاقے زیر آب آ گئے، شہریوں کو مشکلات کا سامنا ہے۔</p>"
        "<p>محکمہ موسمیات نے آئندہ دو روز میں مزید بارش کی پیش گوئی کی ہے، شہری احتیاط کریں۔</p>"
        "</main></body></html>"
    )
    item = extract_article(html, "https://www.urdupoint.com/daily/livenews/2025-09-15/news-1.html")
    assert item.extractor == "fallback"
    assert (item.dateline, item.source) == ("کراچی", "اُردو پوائنٹ اخبارتازہ ترین - آن لائن")
    assert item.body.startswith("شہر میں موسلا دھار بارش")
