"""English-edition extraction on saved pages: every field of every page against its expected JSON,
then the behaviours the pages exist for (widgets, organisations, redesigns, damaged pages)."""

import dataclasses
import json
import re

import pytest

from support.cases import all_cases, case
from urdupoint_news.demo import SAVED_PAGES
from urdupoint_news.extraction import LAYOUTS, Fallback, extract_article
from urdupoint_news.extraction.en_current import EnCurrent
from urdupoint_news.extraction.en_legacy import EnLegacy
from urdupoint_news.site.items import ArticleItem

# Demo pages that are no extraction case (pages the crawl must reject or cut).
PAGES = SAVED_PAGES / "en"
COMPUTED_LATER = {"word_count", "content_hash"}  # filled by the clean pipeline
ITEM_FIELDS = [f.name for f in dataclasses.fields(ArticleItem) if f.name not in COMPUTED_LATER]
CASES = [found.name for found in all_cases("en")]


def load_case(name: str) -> tuple[str, dict]:
    found = case(name)
    return found.url, found.expected


def _html(name: str) -> str:
    if name in CASES:
        return case(name).html
    return (PAGES / f"{name}.html").read_text(encoding="utf-8")


def extract_saved(name: str, url: str | None = None) -> ArticleItem:
    return extract_article(_html(name), url or load_case(name)[0])


@pytest.fixture(scope="module")
def extracted() -> dict[str, ArticleItem]:
    return {name: extract_saved(name) for name in CASES}


def test_the_pages_the_behaviours_below_need_are_cases():
    assert {SEED, LEGACY_APP, "fallback_2025_09_11_redesign"} <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_expected_json_lists_every_item_field(name):
    assert sorted(load_case(name)[1]) == sorted(ITEM_FIELDS)


@pytest.mark.parametrize(("name", "field"), [(n, f) for n in CASES for f in ITEM_FIELDS])
def test_saved_page_field_matches_expected(extracted, name, field):
    expected = load_case(name)[1]
    assert getattr(extracted[name], field) == expected[field]


@pytest.mark.parametrize("name", CASES)
def test_fields_computed_by_the_pipeline_are_left_empty(extracted, name):
    assert extracted[name].word_count is None
    assert extracted[name].content_hash is None


SEED = "en_current_2025_09_10_seed"
LEGACY_APP = "en_legacy_2019_03_17_app"
SEED_URL = (
    "https://www.urdupoint.com/en/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html"
)


def test_layouts_list_holds_the_english_versions():
    assert EnLegacy in LAYOUTS
    assert EnCurrent in LAYOUTS
    assert Fallback not in LAYOUTS  # it is the last resort, outside the list


def test_seed_date_is_the_articles_stamp_not_the_first_in_the_document():
    from parsel import Selector

    html = _html(SEED)
    first_stamp = Selector(text=html).css(".article-date::text").get()
    assert "03:05 PM" in first_stamp  # a "Latest" strip comes before the article
    assert extract_article(html, SEED_URL).published_at == "2025-09-10T15:10:00+05:00"


def test_seed_body_keeps_no_boilerplate():
    body = extract_saved(SEED).body
    for junk in (
        "Recent Stories",
        "Gold price rises",
        "More Stories From",
        "minutes ago",
        "Advertisement",
        "adsbygoogle",
        "Read more",
        "Facebook",
        "receives Japanese Ambassador",  # image caption
        "Related Topics",
        "Economic Affairs Division\n",  # tag link text
        "ISLAMABAD, (",
    ):
        assert junk not in body
    assert body.count("\n\n") == 6  # seven story paragraphs


def test_legacy_page_is_read_by_the_legacy_layout_without_the_repeated_h2():
    item = extract_saved(LEGACY_APP)
    assert item.extractor == "en_legacy"
    assert not item.body.startswith(
        "The Punjab government has approved Rs 2.5 billion for clean "
        "drinking water schemes in eleven districts of south Punjab\n"
    )
    assert "google_ad" not in item.body and "max-width" not in item.body


def test_exact_copy_has_the_same_body_as_the_story_it_copies(extracted):
    original, copy = (
        extracted["en_current_2025_09_10_org_author"],
        extracted["en_current_2025_09_10_exact_copy"],
    )
    assert copy.body == original.body
    assert copy.url != original.url and copy.article_id != original.article_id
    assert copy.title != original.title


def test_saved_page_ids_are_distinct(extracted):
    ids = [item.article_id for item in extracted.values()]
    assert len(set(ids)) == len(ids)


def test_organisation_in_json_ld_is_no_author_and_agency_stays_in_source(extracted):
    assert extracted["en_current_2025_09_10_org_author"].author is None
    assert (
        extracted["en_current_2025_09_10_crosslisted"].author is None
    )  # a "Person" named "News Desk"
    assert extracted["en_current_2025_09_10_crosslisted"].source.endswith("/ AFP")


def test_page_without_any_date_gives_no_date_not_a_sidebar_one():
    url = "https://www.urdupoint.com/en/business/traders-protest-against-new-fixed-tax-regime-2193308.html"
    item = extract_saved("bad_no_date", url)
    assert item.extractor == "en_current"
    assert item.published_at is None
    assert item.title == "Traders Protest Against New Fixed Tax Regime"
    assert item.body.startswith("Traders in several markets of the city kept their shops closed")


def test_truncated_page_keeps_title_date_and_its_complete_paragraphs():
    url = "https://www.urdupoint.com/en/pakistan/wheat-flour-price-cut-by-rs100-per-bag-in-pun-2193309.html"
    item = extract_saved("truncated", url)
    assert item.title == "Wheat Flour Price Cut By Rs100 Per Bag In Punjab"
    assert item.published_at == "2025-09-10T12:40:00+05:00"
    assert item.dateline == "LAHORE"
    assert item.body == (
        "The Punjab Food Department on Wednesday cut the price of a 20-kilogram bag of wheat "
        "flour by Rs100 with immediate effect.\n\n"
        "A notification issued by the department said the new price would apply in all "
        "districts of the province."
    )


def test_page_cut_at_a_tag_boundary_keeps_its_last_paragraph():
    html = (PAGES / "truncated.html").read_text(encoding="utf-8") + "ket.</p>\n"
    url = "https://www.urdupoint.com/en/pakistan/wheat-flour-price-cut-by-rs100-per-bag-in-pun-2193309.html"
    assert extract_article(html, url).body.endswith(
        "fall in the price of wheat in the open market."
    )


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html",
        "not html at all",
        "\x00\x01binary\xff",
        "<html><body><div class='detail_txt'><p>Only a body</p></div></body></html>",
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>',
        '<script type="application/ld+json">{"@type":"NewsArticle","author":[null, 5, {}],'
        '"image": {"url": 7}, "datePublished": "yesterday", "headline": ["A", "B"]}</script>',
        "<h1>" + "<div>" * 5000 + "deep" + "</div>" * 5000,
    ],
)
@pytest.mark.parametrize(
    "url",
    [
        "https://www.urdupoint.com/en/business/some-story-2193399.html",
        "https://www.urdupoint.com/daily/livenews/2025-09-10/news-4512345.html",
        "https://example.com/whatever",
    ],
)
def test_damaged_pages_never_raise(html, url):
    item = extract_article(html, url)
    assert isinstance(item, ArticleItem)
    assert item.url and item.extractor


def test_fallback_reads_time_datetime_and_meta_when_there_is_no_json_ld():
    html = """<html><head><meta property="og:title" content="Dam Work Resumes - UrduPoint">
    <meta name="author" content="Zainab Qureshi"></head><body>
    <div class="page"><main><time datetime="2025-09-12T08:15:00+05:00">Sep 12</time>
    <section class="copy"><p>PESHAWAR, (UrduPoint / Pakistan Point News / APP - 12th Sep, 2025)
    Work on the Mohmand dam resumed on Friday after a two-week halt caused by floods.</p>
    <p>The project director said the dam would be completed on schedule despite the delay.</p>
    </section></main><div class="promo">Advertisement</div></div></body></html>"""
    url = "https://www.urdupoint.com/en/pakistan/dam-work-resumes-2193398.html"
    item = extract_article(html, url)
    assert item.extractor == "fallback"
    assert item.title == "Dam Work Resumes"
    assert item.published_at == "2025-09-12T08:15:00+05:00"
    assert item.author == "Zainab Qureshi"
    assert (item.dateline, item.source) == ("PESHAWAR", "UrduPoint / Pakistan Point News / APP")
    assert item.body == (
        "Work on the Mohmand dam resumed on Friday after a two-week halt caused by floods.\n\n"
        "The project director said the dam would be completed on schedule despite the delay."
    )
    assert item.category == "pakistan"


def test_agency_byline_without_dateline_goes_to_source():
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
    "headline": "Rain Forecast", "datePublished": "2025-09-12T10:00:00+05:00",
    "author": {"@type": "Person", "name": "APP"}}</script></head><body><h1>Rain Forecast</h1>
    <div class="detail_txt"><p>The Met Office forecast rain in upper parts of the country.</p></div>
    </body></html>"""
    item = extract_article(html, "https://www.urdupoint.com/en/pakistan/rain-forecast-2193397.html")
    assert item.extractor == "en_current"
    assert (item.author, item.dateline, item.source) == (None, None, "APP")


def test_category_comes_from_the_articles_url_not_the_listing_it_was_found_on(extracted):
    # The world story is cross-listed on the business listing: its own URL and breadcrumb say world.
    assert extracted["en_current_2025_09_10_crosslisted"].category == "world"


def test_category_falls_back_to_breadcrumb_when_the_url_has_no_section():
    html = """<html><head><script type="application/ld+json">{"@type": "BreadcrumbList",
    "itemListElement": [{"position": 1, "name": "Home"}, {"position": 2, "name": "Health News"},
    {"position": 3, "name": "Polio Drive Begins"}]}</script></head>
    <body><h1>Polio Drive Begins</h1><p>A week-long polio drive began across the province today.</p>
    </body></html>"""
    item = extract_article(html, "https://mirror.example.org/story?id=2193396")
    assert item.extractor == "fallback"
    assert item.category == "health-news"


@pytest.mark.parametrize(
    ("byline", "person"),
    [
        ("Muhammad Irfan", "Muhammad Irfan"),
        ("  By   Sana Batool ", "Sana Batool"),
        ("Fahad Shabbir (@FahadShabbir)", "Fahad Shabbir"),  # a byline with the writer's handle
        ("Sumaira FH ( @sumaira.fh )", "Sumaira FH"),
        ("APP (@appcsocialmedia)", None),
        ("APP", None),
        ("Online", None),
        ("UrduPoint", None),
        ("Urdu Point Network", None),
        ("Pakistan Point News", None),
        ("News Desk", None),
        ("Sports Desk", None),
        ("Staff Reporter", None),
        ("", None),
        (None, None),
    ],
)
def test_person_name_drops_organisations(byline, person):
    from urdupoint_news.extraction.people import person_name

    assert person_name(byline) == person


@pytest.mark.parametrize(
    ("text", "boilerplate"),
    [
        ("Advertisement", True),
        ("ADVERTISEMENT", True),
        ("Read more: Japan to provide $10 million grant", True),
        ("Also read: Freelancers earn record remittances", True),
        ("6 minutes ago", True),
        ("1 hour ago", True),
        ("Recent Stories", True),
        ("More Stories From Business", True),
        ("Related Topics: Japan Pakistan", True),
        ("Share: Facebook Twitter WhatsApp", True),
        ("Facebook Twitter WhatsApp", True),
        ("The minister said he would read more reports before deciding.", False),
        ("Advertisement revenue of newspapers fell by 12 percent last year.", False),
        ("Recent stories of corruption have shaken public trust, he said.", False),
    ],
)
def test_boilerplate_paragraphs(text, boilerplate):
    from urdupoint_news.extraction.boilerplate import is_boilerplate_paragraph

    assert is_boilerplate_paragraph(text) is boilerplate


def test_story_list_inside_the_body_is_dropped_with_its_heading_intros_and_times():
    html = """<html><body><h1>Cotton Arrivals Rise</h1>
    <span class="article-date">Published September 10, 2025 | 01:00 PM</span>
    <div class="detail_txt">
      <p>MULTAN, (UrduPoint / Pakistan Point News - 10th Sep, 2025) Cotton arrivals rose.</p>
      <div><h4>More Stories From Business</h4>
        <div><a href="/en/business/a-2192001.html">Rupee firm</a> The rupee gained against the
          dollar in the interbank market. <span>6 minutes ago</span></div>
        <div><a href="/en/business/b-2192002.html">PSX up</a> Shares closed higher on buying in
          banking stocks. <span>1 hour ago</span></div>
      </div>
      <p>Ginners said the crop had recovered from the July floods.</p>
    </div></body></html>"""
    item = extract_article(html, "https://www.urdupoint.com/en/business/cotton-2193395.html")
    assert item.body == (
        "Cotton arrivals rose.\n\nGinners said the crop had recovered from the July floods."
    )


@pytest.mark.parametrize(
    ("fetched", "canonical", "stored"),
    [
        (  # tracking query and fragment go, rel=canonical wins on the same site
            "https://urdupoint.com/en/business/x-2193301.html?utm_source=fb#top",
            "https://www.urdupoint.com/en/business/pakistan-japan-2193301.html",
            "https://www.urdupoint.com/en/business/pakistan-japan-2193301.html",
        ),
        (  # a local mirror keeps its own URLs
            "http://127.0.0.1:8080/en/business/pakistan-japan-2193301.html",
            "https://www.urdupoint.com/en/business/pakistan-japan-2193301.html",
            "http://127.0.0.1:8080/en/business/pakistan-japan-2193301.html",
        ),
        (  # a canonical that is not an article is ignored
            "https://www.urdupoint.com/en/business/pakistan-japan-2193301.html?page=2",
            "https://www.urdupoint.com/en/news/business.html",
            "https://www.urdupoint.com/en/business/pakistan-japan-2193301.html",
        ),
    ],
)
def test_stored_url_is_the_same_site_canonical(fetched, canonical, stored):
    html = f'<html><head><link rel="canonical" href="{canonical}"></head><body></body></html>'
    assert extract_article(html, fetched).url == stored


# --- the evidenced markup (docs/extraction.md) ---------------------------------------------------
# Saved pages built from the evidence, one per stamp form, dateline form and layout version.
EVIDENCED = [
    "en_current_2020_10_01_month_day",
    "en_current_2021_03_22_handle",
    "en_current_2023_01_04_no_place",
    "en_current_2024_03_23_colon",
    "en_legacy_2020_12_18_tariff",
]
_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.mark.parametrize("name", EVIDENCED)
def test_evidenced_pages_have_the_four_json_ld_blocks_and_the_byline_row(name):
    html = _html(name)
    kinds = [json.loads(block, strict=False)["@type"] for block in _JSON_LD.findall(html)]
    assert kinds == ["WebSite", "Organization", "BreadcrumbList", "NewsArticle"]
    from parsel import Selector

    rows = Selector(text=html).xpath("//div[count(*[contains(@class, 'article-date')]) = 3]")
    assert len(rows) == 1
    row = rows.css(".article-date")
    assert row[0].css("a::attr(href)").get().startswith("https://www.urdupoint.com/en/team/")
    assert row[1].xpath("string()").get().endswith("minutes ago")


def test_evidenced_pages_cover_every_stamp_and_dateline_form(extracted):
    stamps = " ".join(_html(name) for name in EVIDENCED)
    assert "Published March 23, 2024 | 04:50 PM" in stamps
    assert "Fri 18th December 2020 | 03:40 PM" in stamps
    places = {extracted[name].dateline for name in EVIDENCED}
    assert {"QUETTA", "ISLAMABAD", "RAWALPINDI", None} <= places
    assert {extracted[name].extractor for name in EVIDENCED} == {"en_current", "en_legacy"}


@pytest.mark.parametrize("name", EVIDENCED)
def test_printed_stamp_alone_gives_the_same_published_at(name):
    # Without the JSON-LD the stamp of the byline row is all that dates the page.
    url, expected = load_case(name)
    html = _JSON_LD.sub("", _html(name))
    assert "datePublished" not in html
    assert extract_article(html, url).published_at == expected["published_at"]


@pytest.mark.parametrize("name", EVIDENCED)
def test_body_keeps_no_boilerplate_of_the_evidenced_pages(extracted, name):
    body = extracted[name].body
    for junk in (
        "Related Topics",
        "Recent Stories",
        "More Stories From",
        "minutes ago",
        " ..",
        "googletag",
        "About Us",
        "Advertisment",
        "Our Network",
        "Who We Are",
        "Site Links",
        "Share This News",
        "(UrduPoint",
        "@",
    ):
        assert junk not in body, junk
