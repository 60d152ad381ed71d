"""End to end: ``scrapy crawl urdupoint_ur`` over the Urdu sample site (``demo/site_ur``, see its
README) and over a test site variant with the old ``/daily/<section>.html`` sections.

The sample site's sections follow docs/site-schemes.md: found from ``/`` and ``/daily/``, later
items only through ``POST /daily/ajax_lmore.php`` (parameters in an ``onclick``, ``data-``
attributes or an inline script), numbered ``/technology/news/N.html`` pages without links,
``-dw`` and district story URLs.
"""

from __future__ import annotations

import json

import pytest

from support.crawling import (
    FIXTURES,
    copy_database,
    crawl_sample_site,
    daily_sitemap_paths,
    rows,
    run_crawl,
)
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.site.urls import SITE_URL

ORIGINAL = "/daily/livenews/2025-09-10/news-4512345.html"
ARABIC_COPY = "/daily/livenews/2025-09-12/news-4514155.html"
DAILY_SECTIONS = FIXTURES / "sites" / "daily_sections"

LOAD_MORE = "POST /daily/ajax_lmore.php?act=get_more_cat_news&m={m}&tid={tid}"
SPORTS, PAKISTAN, WEIRD = "c3BvcnRzLW5ld3M", "cGFraXN0YW4tbmV3cw", "d2VpcmQ"
SPORTS_BATCH = "/daily/ajax_lmore/get_more_cat_news/" + SPORTS + "/{m}.json"
DW = "/daily/livenews/2025-09-13/news-4521002-dw.html"
DISTRICT = "/pakistan/news/lahore/national-news/live-news-4521101.html"
# Every story the sample site lists, in a section page or a load-more batch.
STORIES = {
    4512345: ORIGINAL,
    4512388: "/daily/livenews/2025-09-10/news-4512388.html",
    4513002: "/daily/livenews/2025-09-11/news-4513002.html",
    4514120: "/daily/livenews/2025-09-12/news-4514120.html",
    4514155: ARABIC_COPY,
    4521001: "/daily/livenews/2025-09-14/news-4521001.html",
    4521002: DW,
    4521101: DISTRICT,
    4521003: "/daily/livenews/2025-09-14/news-4521003.html",
    4521004: "/daily/livenews/2025-09-13/news-4521004.html",
    4521005: "/daily/livenews/2025-09-12/news-4521005.html",
    4521006: "/daily/livenews/2025-09-14/news-4521006.html",
    4521007: "/daily/livenews/2025-09-11/news-4521007.html",
}


def load_more(tid: str, m: int) -> str:
    return LOAD_MORE.format(m=m, tid=tid)


def posts(requests) -> dict[str, int]:
    return {path: count for path, count in requests.items() if path.startswith("POST ")}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_sample_site("urdupoint_ur", tmp_path_factory.mktemp("ur") / "news.db")


@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    db = tmp_path_factory.mktemp("daily") / "news.db"
    return crawl_sample_site("urdupoint_ur", db, roots=(DAILY_SECTIONS,))


def by_id(db) -> dict[int, dict]:
    return {row["article_id"]: row for row in rows(db, "articles")}


# --- the sample site: sections of the evidenced schemes -------------------------------------------
def test_urdu_crawl_of_the_sections_is_a_healthy_run(crawled):
    result = crawled["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    [run] = rows(crawled["db"], "crawl_runs")
    assert (run["status"], json.loads(run["problems"]), run["errors"]) == ("ok", [], 0), (
        result.stderr[-3000:]
    )


def test_sections_are_found_from_both_homes_by_what_they_hold(crawled):
    requests = crawled["requests"]
    assert requests["/"] == 1 and requests["/daily/"] == 1
    listings = {row["category"]: row for row in rows(crawled["db"], "listings")}
    assert {category: (row["url"], row["pagination"]) for category, row in listings.items()} == {
        "agriculture": (SITE_URL + "/daily/live/agriculture.html", "single"),
        "pakistan": (SITE_URL + "/pakistan/news.html", "load_more"),
        "sports": (SITE_URL + "/sports/news.html", "load_more"),
        "technology": (SITE_URL + "/technology/news/1.html", "built"),
        "weird": (SITE_URL + "/weird/", "load_more"),
    }
    assert {row["edition"] for row in listings.values()} == {"ur"}
    assert requests["/kids/"] == 1  # in the menu; its items are not stories
    assert all(count == 1 for count in requests.values()), requests
    assert not any(path.startswith(("/en/", "/about-us", "/contact-us")) for path in requests)


def test_later_items_come_only_through_the_load_more_post(crawled):
    walks = [line for line in crawled["result"].stderr.splitlines() if "[urdupoint_ur]" in line]
    assert posts(crawled["requests"]) == {
        # m=1 repeats the section page, which is not the end; m=3 has no items
        load_more(SPORTS, 1): 1,
        load_more(SPORTS, 2): 1,
        load_more(SPORTS, 3): 1,
        # m=2 holds an empty list
        load_more(PAKISTAN, 1): 1,
        load_more(PAKISTAN, 2): 1,
        # m=2 answers an error page, not JSON
        load_more(WEIRD, 1): 1,
        load_more(WEIRD, 2): 1,
    }, "\n".join(walks)
    stored = by_id(crawled["db"])
    for story in (4514120, 4513002, 4512345, 4521004):  # listed only in load-more batches
        assert story in stored


def test_numbered_pages_are_built_until_a_404(crawled):
    requests = crawled["requests"]
    assert requests["/technology/news/2.html"] == 1
    assert requests["/technology/news/3.html"] == 1
    assert "/technology/news/4.html" not in requests
    assert 4521007 in by_id(crawled["db"])  # only on page 2


def test_every_story_link_ends_in_articles_or_duplicates(crawled):
    db = crawled["db"]
    requests = crawled["requests"]
    assert all(requests[path] == 1 for path in STORIES.values())
    assert sorted(by_id(db)) == sorted(set(STORIES) - {4514155})
    [dup] = rows(db, "duplicates")
    assert (dup["url"], dup["duplicate_of"], dup["kind"]) == (
        SITE_URL + ARABIC_COPY,
        SITE_URL + ORIGINAL,
        "exact",
    )
    assert rows(db, "rejects") == []


def test_dw_and_district_stories_are_stored_with_their_sections(crawled):
    stored = by_id(crawled["db"])
    dw, district = stored[4521002], stored[4521101]
    assert dw["url"] == SITE_URL + DW
    assert (dw["edition"], dw["category"]) == ("ur", "sports")
    assert district["url"] == SITE_URL + DISTRICT
    assert (district["edition"], district["category"]) == ("ur", "pakistan")
    assert district["dateline"] == "لاہور"


def test_evidenced_urdu_page_is_stored_with_the_right_fields(crawled):
    row = by_id(crawled["db"])[4521001]
    assert row["title"] == "ایشیا کپ ہاکی، پاکستان نے ملائیشیا کو تین ایک سے ہرا دیا"
    assert row["category"] == "sports"
    assert row["published_at"] == "2025-09-14T19:50:00+05:00"
    assert row["dateline"] == "ڈھاکہ"
    assert row["source"] == "اُردو پوائنٹ اخبارتازہ ترین - اے پی پی"
    assert row["author"] is None
    assert row["extractor"] == "ur_current"
    assert row["body"].startswith("ایشیا کپ ہاکی ٹورنامنٹ میں پاکستان نے اپنے تیسرے میچ میں")
    for junk in ("(جاری ہے)", "googletag", "ہاکی ایشیا کپ", "مزید اہم خبریں", "شیئر کریں"):
        assert junk not in row["body"]
    assert len(row["body"].split("\n\n")) == 3


def test_stories_of_every_section_keep_their_category(crawled):
    categories = {story: row["category"] for story, row in by_id(crawled["db"]).items()}
    assert categories[4521003] == categories[4521004] == "weird"
    assert categories[4521005] == "agriculture"
    assert categories[4521006] == categories[4521007] == "technology"


def test_max_pages_counts_load_more_batches_as_pages(tmp_path):
    crawl = crawl_sample_site("urdupoint_ur", tmp_path / "m.db", "categories=sports", "max_pages=2")
    assert crawl["result"].returncode == 0, crawl["result"].stderr[-2000:]
    assert posts(crawl["requests"]) == {load_more(SPORTS, 1): 1}  # page 1 and batch 1
    assert 4514120 not in by_id(crawl["db"])  # only in batch 2


def test_since_stops_at_the_batch_that_reaches_older_stories(tmp_path):
    crawl = crawl_sample_site(
        "urdupoint_ur", tmp_path / "s.db", "categories=sports", "since=2025-09-12"
    )
    assert crawl["result"].returncode == 0, crawl["result"].stderr[-2000:]
    # batch 2 holds 4514120 (12 September) and 4513002 (11 September): no batch 3 is asked for
    assert load_more(SPORTS, 2) in crawl["requests"]
    assert load_more(SPORTS, 3) not in crawl["requests"]
    stored = by_id(crawl["db"])
    assert 4514120 in stored and 4513002 not in stored


def test_a_load_more_endpoint_that_ignores_the_batch_number_does_not_loop(tmp_path):
    def ignore_batch_number(site: SiteMirror) -> None:
        first = site.lookup(SPORTS_BATCH.format(m=1))[0]
        for m in (2, 3, 4):
            site.set_page(SPORTS_BATCH.format(m=m), first)

    crawl = crawl_sample_site(
        "urdupoint_ur", tmp_path / "r.db", "categories=sports", change=ignore_batch_number
    )
    assert crawl["result"].returncode == 0, crawl["result"].stderr[-2000:]
    assert posts(crawl["requests"]) == {load_more(SPORTS, 1): 1, load_more(SPORTS, 2): 1}


FRESH = "/daily/livenews/2025-09-15/news-4522001.html"


def add_fresh_sports_story(site: SiteMirror) -> None:
    """A new story at the top of the sports page; its load-more batches stay as they were."""
    section = site.lookup("/sports/news.html")[0].decode()
    item = (
        f'<li class="item_shadow"><a href="{SITE_URL}{FRESH}"><h3 class="urdu">تازہ خبر</h3></a>'
        '<div class="item_date"><span>15 ستمبر 2025</span> <span>10:00</span></div></li>\n  '
        '<li class="item_shadow">'
    )
    site.set_page("/sports/news.html", section.replace('<li class="item_shadow">', item, 1))
    story = site.lookup(STORIES[4521001])[0].decode()
    story = story.replace("4521001", "4522001").replace("2025-09-14", "2025-09-15")
    start = story.index('<div class="detail_txt')
    end = story.index("</div>", story.index("(جاری ہے)") + 20)
    body = (
        '<div class="detail_txt urdu fs17 lh34 aj rtl">ڈھاکہ (اُردو پوائنٹ اخبارتازہ ترین - اے پی'
        " پی۔ 15 ستمبر2025ء) ایشیا کپ ہاکی کے سیمی فائنل میں پاکستان نے جاپان کو دو صفر سے ہرا"
        " کر فائنل کے لیے کوالیفائی کر لیا۔<br><br>فائنل منگل کو بھارت اور کوریا کے میچ کی فاتح"
        " ٹیم سے کھیلا جائے گا۔"
    )
    site.set_page(FRESH, story[:start] + body + story[end:])


def test_incremental_run_stops_at_the_first_batch_of_stories_stored_earlier(crawled, tmp_path):
    db = copy_database(crawled["db"], tmp_path / "again.db")
    crawl = crawl_sample_site("urdupoint_ur", db, change=add_fresh_sports_story)
    assert crawl["result"].returncode == 0, crawl["result"].stderr[-2000:]
    requests = crawl["requests"]
    # page 1 has an unseen story: go on; batch 1 holds stories an earlier run stored: up to date
    assert posts(requests) == {load_more(SPORTS, 1): 1}
    assert "/technology/news/2.html" not in requests  # page 1 was up to date
    assert [path for path in requests if "/livenews/" in path or "/live-news-" in path] == [FRESH]
    assert 4522001 in by_id(db)
    assert rows(db, "crawl_runs")[-1]["status"] == "ok"


# --- the test site variant: /daily/<section>.html with rel=next ---------------------------------
def test_old_daily_sections_are_still_found_and_paged(daily):
    assert daily["result"].returncode == 0, daily["result"].stderr[-3000:]
    articles = by_id(daily["db"])
    assert sorted(articles) == [4512345, 4512388, 4513002, 4514120]
    assert {row["edition"] for row in articles.values()} == {"ur"}
    assert {row["extractor"] for row in articles.values()} == {"ur_current"}
    assert articles[4512388]["category"] == "business"  # listed under pakistan
    assert daily["requests"]["/daily/pakistan-page2.html"] == 1  # rel=next followed
    assert daily["requests"]["/daily/sports-page2.html"] == 1
    assert "/daily/business.html" not in daily["requests"]  # no home links it
    listings = {row["category"]: row["pagination"] for row in rows(daily["db"], "listings")}
    assert listings == {"pakistan": "linked", "sports": "linked"}


def test_urdu_row_fields(daily):
    [row] = rows(daily["db"], "articles", article_id=4512345)
    assert row["title"] == "پنجاب حکومت کا صوبے بھر میں ایک ہزار نئے اسکول کھولنے کا اعلان"
    assert row["dateline"] == "لاہور"
    assert row["author"] == "محمد علی"
    assert row["published_at"].endswith("+05:00")
    assert "منٹ پہلے" not in row["body"]
    assert "مزید اہم خبریں" not in row["body"]
    assert not row["body"].startswith("لاہور")


def test_republished_copy_with_arabic_code_points_is_a_duplicate(daily):
    [dup] = rows(daily["db"], "duplicates")
    assert (dup["url"], dup["duplicate_of"], dup["kind"]) == (
        SITE_URL + ARABIC_COPY,
        SITE_URL + ORIGINAL,
        "exact",
    )


def test_urdu_spider_never_crawls_the_english_edition(crawled, daily):
    for crawl in (crawled, daily):
        assert not any(path.startswith("/en/") for path in crawl["requests"])


def test_english_spider_never_crawls_the_urdu_edition(tmp_path):
    with SiteMirror() as site:
        run_crawl("urdupoint_en", tmp_path / "en.db", site.base_url, "categories=world")
        paths = site.request_counts()
    # the daily sitemaps are the site's own, at its root: both editions' second source
    shared = {"/robots.txt", *daily_sitemap_paths()}
    assert not any(not path.startswith("/en/") and path not in shared for path in paths)
