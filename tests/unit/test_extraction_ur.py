"""The Urdu article layout (``ur_current``) on saved pages, compared field by field."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from urdupoint_news.demo import SAVED_PAGES
from urdupoint_news.extraction import extract_article
from urdupoint_news.extraction.base import Page
from urdupoint_news.extraction.ur_current import UrCurrent

FIXTURES = Path(__file__).parents[1] / "fixtures"
PAGES = SAVED_PAGES / "ur"
EXPECTED = FIXTURES / "expected" / "ur"
NAMES = sorted(path.stem for path in EXPECTED.glob("*.json"))
# Derived by the clean pipeline, not by extraction.
DERIVED = {"word_count", "content_hash"}

ARTICLE_URL = "https://www.urdupoint.com/daily/livenews/2025-09-12/news-4514000.html"


def _load(name: str) -> tuple[Page, dict]:
    spec = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    return Page(html, spec["url"]), spec["expected"]


def _page(article_html: str, head: str = "", attrs: str = 'dir="rtl"') -> Page:
    html = (
        f'<!DOCTYPE html><html lang="ur" {attrs}><head><meta charset="utf-8">{head}</head>'
        f"<body>{article_html}</body></html>"
    )
    return Page(html, ARTICLE_URL)


def test_every_saved_page_has_its_expected_json() -> None:
    assert len(NAMES) >= 3
    assert sorted(path.stem for path in PAGES.glob("*.html")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_layout_recognises_saved_page(name: str) -> None:
    page, _ = _load(name)
    assert UrCurrent.matches(page)


@pytest.mark.parametrize("name", NAMES)
def test_saved_page_extracts_the_expected_fields(name: str) -> None:
    page, expected = _load(name)
    item = dataclasses.asdict(UrCurrent(page).extract())
    assert set(expected) == set(item) - DERIVED
    for field, value in expected.items():
        assert item[field] == value, field


@pytest.mark.parametrize("name", NAMES)
def test_body_holds_no_page_furniture(name: str) -> None:
    page, _ = _load(name)
    body = UrCurrent(page).extract().body or ""
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
    ):
        assert furniture not in body


@pytest.mark.parametrize("name", NAMES)
def test_extract_article_picks_the_urdu_layout_for_saved_page(name: str) -> None:
    page, expected = _load(name)
    item = extract_article(page.html, page.url)
    assert item.extractor == "ur_current"
    assert item.body == expected["body"]


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
