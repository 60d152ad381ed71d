"""The cross-checks' sources, rules, generic extractor and run findings on small pages."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from urdupoint_news.crawl.checks import check_article, generic, rules, sources
from urdupoint_news.crawl.checks.check import _without_dateline
from urdupoint_news.crawl.checks.run import CheckCounter, CheckLimits, findings
from urdupoint_news.crawl.settings_check import SettingError, check_settings
from urdupoint_news.extraction import Page, extract_page

EN_URL = "https://www.urdupoint.com/en/business/pakistan-japan-renew-resolve-2193301.html"
UR_URL = "https://www.urdupoint.com/daily/livenews/2025-09-14/news-4521001.html"
STORY = [
    "The federal government on Thursday approved a new plan for the farmers of the province.",
    "The plan covers seeds, fertiliser and credit for small growers in every district.",
    "Officials said the first payments would reach growers before the sowing season begins.",
    "The minister said the province would review the plan after one year of work.",
]


def en_page(
    *, ld_date="2025-09-10T15:10:00+05:00", stamp="Published September 10, 2025 | 03:10 PM"
):
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return f"""<html><head>
<meta property="og:title" content="Pakistan, Japan Renew Resolve - UrduPoint">
<script type="application/ld+json">{{"@type":"BreadcrumbList","itemListElement":[
 {{"@type":"ListItem","position":1,"name":"Home","item":"https://www.urdupoint.com/en/"}},
 {{"@type":"ListItem","position":2,"name":"Business",
   "item":"https://www.urdupoint.com/en/news/business.html"}}]}}</script>
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Pakistan, Japan Renew
 Resolve","datePublished":"{ld_date}","author":{{"@type":"Person","name":"Muhammad Irfan"}}}}
</script></head><body>
<div class="sidebar"><span class="article-date">Published September 10, 2025 | 01:00 PM</span></div>
<div class="main"><h1>Pakistan, Japan Renew Resolve</h1>
<div class="byline"><a href="/en/team/muhammad-irfan-112.html">Muhammad Irfan (@irfan)</a>
<span class="article-date">{stamp}</span></div>
<div class="detail_txt">{paragraphs}</div></div>
<footer><p>About Us | Contact Us | Advertisment | Our Network | Who We Are | Site Links</p></footer>
</body></html>"""


def check(html: str, url: str = EN_URL, meta: dict | None = None):
    page = Page(html, url)
    return check_article(page, extract_page(page), meta or {})


def test_every_english_source_is_read_and_the_fields_agree():
    page = Page(en_page(), EN_URL)
    assert sources.date_sources(page, {}) == [
        ("json_ld", "2025-09-10T15:10:00+05:00"),
        ("printed", "2025-09-10T15:10:00+05:00"),  # the stamp by the title, not the sidebar's
    ]
    assert sources.section_sources(page, {"urdupoint_category": "business"}) == [
        ("json_ld_breadcrumb", "business"),
        ("url", "business"),
        ("listing", "business"),
    ]
    assert [s.name for s in sources.title_sources(page)] == ["h1", "og_title", "json_ld"]
    assert sources.author_sources(page) == [
        ("byline", "Muhammad Irfan"),
        ("json_ld", "Muhammad Irfan"),
    ]
    result = check(en_page())
    assert result.checked == ["published_at", "category", "title", "author", "body"]
    assert result.disagreements == []
    assert result.body is not None and result.body.generic_held == 1.0


def test_a_printed_date_an_hour_off_is_a_disagreement_and_an_absent_one_is_not():
    result = check(en_page(ld_date="2025-09-10T16:10:00+05:00"))
    assert [(d.field, d.source_a, d.source_b) for d in result.disagreements] == [
        ("published_at", "json_ld", "printed")
    ]
    result = check(en_page(stamp="6 minutes ago"))
    assert "published_at" in result.unchecked and result.disagreements == []


def test_urdu_sources_date_row_author_breadcrumb_url_day_and_share_title():
    html = """<html><head><meta property="og:title" content="ایشیا کپ ہاکی میں فتح">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"ایشیا کپ ہاکی میں فتح",
"datePublished":"2025-09-14T19:50:00+0500"}</script></head><body>
<ul id="bread_crumb_ur" class="bread_crumb_ur"><li><a href="https://www.urdupoint.com/">home</a></li>
<li><a href="https://www.urdupoint.com/sports/news.html">کھیل</a></li><li>ایشیا کپ</li></ul>
<div class="main_bar news_article"><h1 class="urdu">ایشیا کپ ہاکی میں فتح</h1>
<p class="art_info_bar rtl ar urdu fs15"><img src="a.jpg"> احمد علی خان اتوار 14 ستمبر 2025
<span class="arial">19:50</span></p>
<div class="detail_txt urdu"><p>پاکستان نے ملائیشیا کو تین ایک سے ہرا دیا اور
سیمی فائنل میں جگہ بنا لی۔</p></div>
<a class="share" data-title="ایشیا کپ ہاکی میں فتح - اُردو پوائنٹ کھیل">share</a>
</div></body></html>"""
    page = Page(html, UR_URL)
    meta = {
        "urdupoint_listing": "https://www.urdupoint.com/sitemap/daily/data/2025/2025-09-14.xml.gz"
    }
    assert sources.date_sources(page, meta) == [
        ("json_ld", "2025-09-14T19:50:00+05:00"),
        ("printed", "2025-09-14T19:50:00+05:00"),
        ("url", "2025-09-14"),
        ("sitemap", "2025-09-14"),
    ]
    assert sources.section_sources(page, {}) == [("breadcrumb", "sports")]
    assert ("share_title", "ایشیا کپ ہاکی میں فتح") in sources.title_sources(page)
    assert sources.author_sources(page) == [("byline", "احمد علی خان")]


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("2025-09-10T15:10:00+05:00", "2025-09-10T15:10:59+05:00", True),
        ("2025-09-10T15:10:00+05:00", "2025-09-10T15:11:00+05:00", False),
        ("2025-09-10T23:50:00+05:00", "2025-09-10", True),
        ("2025-09-10T00:10:00+05:00", "2025-09-09", False),
    ],
)
def test_dates_agree_to_the_minute_or_to_the_day(a, b, agree):
    assert rules.dates_agree(a, b) is agree


def test_titles_agree_folded_or_contained_without_the_site_suffix():
    assert rules.titles_agree("Pakistan, Japan Renew Resolve", "PAKISTAN JAPAN RENEW RESOLVE")
    assert rules.titles_agree("Pakistan, Japan Renew Resolve - UrduPoint", "Pakistan, Japan Renew")
    assert rules.titles_agree("ایشیا کپ - اُردو پوائنٹ کھیل", "ایشیا کپ")
    assert not rules.titles_agree("Pakistan, Japan Renew Resolve", "Gold prices rise again")


def test_listing_that_names_another_section_is_cross_listing_not_a_disagreement():
    result = check(en_page(), meta={"urdupoint_category": "world"})
    assert "category" in result.checked and result.disagreements == []


def test_the_generic_extractor_reads_no_class_and_leaves_out_chrome_and_link_lists():
    html = """<html><body><nav><p>Home News Business Sports World Pakistan Videos Urdu</p></nav>
<div class="anything"><p>A first story paragraph long enough to be counted as story text here.</p>
<p>A second story paragraph, which also holds enough words to count as text.</p>
<ul><li><a href="/x">Another story's headline linked from a list of other stories</a></li></ul>
<p>(جاری ہے)</p></div>
<footer><p>About Us | Contact Us | Advertisment | Our Network | Who We Are</p></footer>
</body></html>"""
    text = generic.main_text(Page(html, EN_URL).root)
    assert text == [
        "A first story paragraph long enough to be counted as story text here.",
        "A second story paragraph, which also holds enough words to count as text.",
    ]


def test_body_shares_count_sentences_both_ways_once_the_dateline_is_split_off():
    generic_text = [
        "LAHORE, (UrduPoint / Pakistan Point News - 10th Sep, 2025) : " + STORY[0],
        *STORY[1:],
    ]
    # The layouts store the dateline apart; the generic text loses it the same way.
    shares = rules.body_shares(STORY[:2], _without_dateline(generic_text, "en"))
    assert shares.generic_held == 0.5 and shares.layout_held == 1.0
    assert shares.first_missing is not None and shares.first_missing.startswith("officials")
    shares = rules.body_shares(
        [*STORY, "Subscribe to our newsletter for the latest news today."], STORY
    )
    assert shares.generic_held == 1.0 and shares.layout_held == 0.8


def test_a_run_is_judged_per_field_with_a_minimum_count_and_one_line_with_an_example():
    limits = CheckLimits()
    counter = CheckCounter()
    for _ in range(4):
        counter.add(check(en_page(ld_date="2025-09-10T18:10:00+05:00")), limits)
    assert findings(counter, limits) == []  # 4 checked: fewer than the minimum of 5
    counter.add(check(en_page(ld_date="2025-09-10T18:10:00+05:00")), limits)
    (line,) = findings(counter, limits)
    assert line == (
        "published_at sources disagree (json_ld vs printed) on 5 of 5 en articles checked "
        f"(100%), via en_current, e.g. {EN_URL}"
    )
    assert findings(counter, CheckLimits(enabled=False)) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("URDUPOINT_CHECK_MAX_DISAGREEMENT", "1.5"),
        ("URDUPOINT_CHECK_BODY_MIN_SHARE", "x"),
        ("URDUPOINT_CHECK_MIN_ARTICLES", "0"),
        ("URDUPOINT_CHECK_ENABLED", "maybe"),
    ],
)
def test_check_thresholds_are_validated_up_front(name, value):
    settings = Settings()
    settings.setmodule("urdupoint_news.settings")
    settings.set(name, value, priority="cmdline")
    with pytest.raises(SettingError, match=f"invalid setting {name}="):
        check_settings(settings)
