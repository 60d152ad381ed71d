"""End to end: the real ``scrapy crawl urdupoint_en`` over the sample site served on 127.0.0.1.

The site (urdupoint_news/demo/site, see its README) has listing pages in both listing markups
and without pagination links (later pages are built ``-updatesN`` URLs, ending at a 404, an
empty page or a page that repeats), a nested category found one level down, a menu page that is
not a listing, articles of every layout, a cross-listed story, an exact and a near copy, junk
links, a robots-forbidden link, a dead link, a PDF at an article URL and a page without a date.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.crawling import (
    copy_database,
    crawl_sample_site,
    daily_sitemap_paths,
    rows,
    run_crawl,
)
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.site.urls import SITE_URL

SEED = "/en/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html"
ORG = "/en/pakistan/senate-passes-bill-to-set-up-federal-cyber-c-2193302.html"
WORLD = "/en/world/imf-says-global-growth-to-slow-as-trade-tens-2193304.html"
COPY = "/en/pakistan/bill-for-cyber-crime-authority-sails-through-2193305.html"
NEAR = "/en/business/pakistan-and-japan-vow-to-expand-trade-and-inv-2193310.html"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_sample_site("urdupoint_en", tmp_path_factory.mktemp("en") / "news.db")


def by_id(db: Path) -> dict[int, dict]:
    return {row["article_id"]: row for row in rows(db, "articles")}


def test_crawl_exits_cleanly_without_tracebacks(crawled):
    result = crawled["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "ScrapyDeprecationWarning" not in result.stderr


def test_every_good_story_is_stored_once(crawled):
    assert sorted(by_id(crawled["db"])) == [
        2193301,  # seed, current layout
        2193302,  # organisation as author
        2193303,  # sports
        2193304,  # world, cross-listed on business
        2193306,  # older layout, on listing page 3 (older listing markup)
        2193307,  # redesigned layout -> fallback extractor
        2193309,  # truncated HTML that still has title, date and body
    ]


def test_seed_article_row_is_clean_and_complete(crawled):
    row = by_id(crawled["db"])[2193301]
    assert row["url"] == crawled["base"] + SEED  # no ?utm_source / #comments from the listing
    assert row["edition"] == "en"
    assert row["category"] == "business"
    assert row["title"] == "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation"
    assert row["author"] == "Muhammad Irfan"
    assert row["published_at"] == "2025-09-10T15:10:00+05:00"
    assert row["dateline"] == "ISLAMABAD"
    assert row["source"] == "UrduPoint / Pakistan Point News"
    assert row["extractor"] == "en_current"
    body = row["body"]
    assert body.startswith("Pakistan and Japan on Wednesday renewed their resolve")
    assert body.endswith("the new economic zones.")
    for junk in (
        "Recent Stories",
        "More Stories From",
        "minutes ago",
        "Advertisement",
        "Read more",
        "UrduPoint / Pakistan Point News -",
        "Facebook",
    ):
        assert junk not in body
    assert row["word_count"] == len(body.split())
    assert len(row["content_hash"]) == 64
    assert row["first_seen_at"] == row["last_seen_at"]


def test_category_comes_from_the_article_not_the_listing(crawled):
    articles = by_id(crawled["db"])
    assert articles[2193304]["category"] == "world"  # linked from the business listing
    assert articles[2193306]["category"] == "pakistan"  # also listed on business page 3


def test_every_extractor_is_recorded(crawled):
    articles = by_id(crawled["db"])
    assert articles[2193306]["extractor"] == "en_legacy"
    assert articles[2193307]["extractor"] == "fallback"
    assert articles[2193307]["author"] == "Sana Batool"
    assert articles[2193307]["published_at"] == "2025-09-11T09:30:00+05:00"


def test_copies_are_recorded_as_duplicates_of_the_earlier_story(crawled):
    base = crawled["base"]
    duplicates = {row["url"]: row for row in rows(crawled["db"], "duplicates")}
    assert set(duplicates) == {base + COPY, base + NEAR}
    assert duplicates[base + COPY]["kind"] == "exact"
    assert duplicates[base + COPY]["duplicate_of"] == base + ORG
    assert duplicates[base + NEAR]["kind"] == "near"
    assert duplicates[base + NEAR]["duplicate_of"] == base + SEED
    assert 0.6 <= duplicates[base + NEAR]["similarity"] < 1.0


def test_bad_pages_are_rejected_with_a_reason(crawled):
    reasons = {
        row["url"].removeprefix(crawled["base"]): row["reason"]
        for row in rows(crawled["db"], "rejects")
    }
    assert reasons == {
        "/en/business/traders-protest-against-new-fixed-tax-regime-2193308.html": (
            "missing_published_at"
        ),
        "/en/business/sbp-annual-report-2024-25-released-2193311.html": "not_html",
        "/en/business/deleted-story-about-gold-prices-2193399.html": "http_404",
        "/en/private/internal-preview-of-budget-story-2193312.html": "not_fetched",
    }


def test_no_article_is_fetched_twice_and_junk_is_never_fetched(crawled):
    requests = crawled["requests"]
    article_paths = [path for path in requests if path.endswith(".html") and "/news/" not in path]
    assert all(requests[path] == 1 for path in article_paths), requests
    assert requests[SEED] == 1  # linked with ?utm, #comments, #top and from home
    fetched = set(requests)
    assert not any(path.startswith(("/en/team/", "/en/videos/", "/daily/")) for path in fetched)
    assert "/en/about-us.html" not in fetched


def test_robots_txt_is_obeyed(crawled):
    assert crawled["requests"]["/robots.txt"] == 1
    assert not any(path.startswith("/en/private/") for path in crawled["requests"])
    [row] = rows(crawled["db"], "rejects", reason="not_fetched")
    assert row["detail"] == "Forbidden by robots.txt, found on business"


def test_listings_without_pagination_links_are_paged_by_built_urls(crawled):
    requests = crawled["requests"]
    assert requests["/en/news/business-updates2.html"] == 1
    assert requests["/en/news/business-updates3.html"] == 1  # older listing markup
    assert requests["/en/news/business-updates4.html"] == 1  # a page with no items: the end
    assert "/en/news/business-updates5.html" not in requests
    assert requests["/en/news/sports-updates2.html"] == 1  # a 404: the end
    assert "/en/news/sports-updates3.html" not in requests


def test_a_page_that_repeats_the_listing_ends_it(crawled):
    # /en/news/world-updates2.html answers page 1 again (a server ignoring the page number)
    assert crawled["requests"]["/en/news/world-updates2.html"] == 1
    assert "/en/news/world-updates3.html" not in crawled["requests"]


def test_a_nested_category_is_found_one_level_down_and_paged(crawled):
    requests = crawled["requests"]
    assert requests["/en/news/pakistan/crime.html"] == 1  # linked from Pakistan, not the home
    assert requests["/en/news/pakistan/crime-updates2.html"] == 1
    assert requests["/en/news/pakistan/crime-updates3.html"] == 1  # 404
    # the exact copy is listed only on Crime's page 2
    assert rows(crawled["db"], "duplicates", url=crawled["base"] + COPY)


def test_discovery_keeps_the_listings_and_leaves_other_pages(crawled):
    listings = {row["category"]: row for row in rows(crawled["db"], "listings")}
    base = crawled["base"]
    assert sorted(listings) == ["business", "crime", "pakistan", "sports", "world"]
    assert listings["crime"]["url"] == base + "/en/news/pakistan/crime.html"
    assert listings["crime"]["parent_url"] == base + "/en/news/pakistan.html"
    assert {row["edition"] for row in listings.values()} == {"en"}
    assert {row["pagination"] for row in listings.values()} == {"built"}
    requests = crawled["requests"]
    assert requests["/en/prayer-timings.html"] == 1  # in the menu, holds no article items
    assert "prayer-timings" not in listings
    # static pages, people, videos and the other edition are never candidates
    assert not any(
        p.startswith(("/en/about-us", "/en/team", "/en/videos", "/daily/")) for p in requests
    )


def test_every_article_link_ends_in_articles_duplicates_or_rejects(crawled):
    db, base = crawled["db"], crawled["base"]
    ended = {
        row["url"] for table in ("articles", "duplicates", "rejects") for row in rows(db, table)
    }
    linked = {
        base + path
        for path in crawled["requests"]
        if path.startswith("/en/")
        and not path.startswith("/en/news/")
        and path not in ("/en/", "/en/prayer-timings.html")
    }
    assert linked | {base + "/en/private/internal-preview-of-budget-story-2193312.html"} == ended


def test_a_menu_link_to_a_binary_file_is_no_listing_and_discovery_goes_on(tmp_path):
    def link_an_image(site: SiteMirror) -> None:
        home = site.lookup("/en/")[0].decode()
        menu = '<li><a href="https://www.urdupoint.com/en/budget-2025/">Budget</a></li>\n'
        site.set_page("/en/", home.replace("<ul>\n", "<ul>\n" + menu, 1))
        image = b"\x89PNG\r\n\x1a\n" + bytes(64)  # binary: not a text response
        site.set_page("/en/budget-2025/", image, content_type="image/png")

    crawl = crawl_sample_site("urdupoint_en", tmp_path / "p.db", change=link_an_image)
    result = crawl["result"]
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Spider error" not in result.stderr and "Traceback" not in result.stderr
    assert crawl["requests"]["/en/budget-2025/"] == 1
    assert "budget-2025/ holds no article items: not a listing" in result.stderr
    assert "Discovered 5 listings" in result.stderr
    assert rows(crawl["db"], "crawl_runs")[-1]["status"] == "ok"


def test_categories_go_straight_to_a_listing_found_by_an_earlier_run(crawled, tmp_path):
    db = copy_database(crawled["db"], tmp_path / "again.db")
    with SiteMirror() as site:
        result = run_crawl("urdupoint_en", db, site.base_url, "categories=crime")
        requests = site.request_counts()
    assert result.returncode == 0, result.stderr[-2000:]
    # no home, no discovery: the remembered listing, up to date at page 1
    assert set(requests) == {"/robots.txt", "/en/news/pakistan/crime.html", *daily_sitemap_paths()}
    assert rows(db, "crawl_runs")[-1]["status"] == "ok"


def test_dead_link_is_logged_and_the_crawl_goes_on(crawled):
    stderr = crawled["result"].stderr
    assert "Dead article link" in stderr
    assert "deleted-story-about-gold-prices-2193399.html (HTTP 404)" in stderr


def test_run_is_recorded_with_counts(crawled):
    [run] = rows(crawled["db"], "crawl_runs")
    assert run["spider"] == "urdupoint_en"
    assert run["status"] == "ok"
    assert run["finish_reason"] == "finished"
    assert (run["articles_new"], run["duplicates"], run["rejects"]) == (7, 2, 4)
    assert run["errors"] == 0
    assert json.loads(run["extractors"]) == {"en_current": 8, "en_legacy": 1, "fallback": 1}


def test_full_text_search_finds_stored_stories(crawled):
    from urdupoint_news.archive.schema import open_database

    db = open_database(str(crawled["db"]), create=False)
    hits = db.execute(
        "select a.article_id from articles_fts join articles a on a.rowid = articles_fts.rowid "
        "where articles_fts match 'JICA'"
    ).fetchall()
    assert hits == [(2193301,)]


def test_max_pages_and_categories_limit_the_crawl(tmp_path):
    with SiteMirror() as site:
        result = run_crawl(
            "urdupoint_en", tmp_path / "n.db", site.base_url, "categories=business", "max_pages=1"
        )
        requests = site.request_counts()
    assert result.returncode == 0, result.stderr[-2000:]
    assert "/en/news/business-updates2.html" not in requests
    assert "/en/news/sports.html" not in requests
    assert 2193301 in by_id(tmp_path / "n.db")
    assert 2193307 not in by_id(tmp_path / "n.db")  # only on page 2


def test_the_hard_cap_ends_a_listing_whatever_the_site_answers(tmp_path):
    with SiteMirror() as site:
        result = run_crawl(
            "urdupoint_en",
            tmp_path / "c.db",
            site.base_url,
            "categories=business",
            URDUPOINT_MAX_LISTING_PAGES="2",
        )
        requests = site.request_counts()
    assert result.returncode == 0, result.stderr[-2000:]
    assert requests["/en/news/business-updates2.html"] == 1
    assert "/en/news/business-updates3.html" not in requests
    assert "business: URDUPOINT_MAX_LISTING_PAGES (2) reached" in result.stderr


def test_since_skips_and_stops_at_older_stories(tmp_path):
    with SiteMirror() as site:
        result = run_crawl("urdupoint_en", tmp_path / "s.db", site.base_url, "since=2025-09-01")
    assert result.returncode == 0, result.stderr[-2000:]
    stored = by_id(tmp_path / "s.db")
    assert 2193306 not in stored  # published 2019
    assert 2193301 in stored
    assert rows(tmp_path / "s.db", "rejects", reason="older_than_since") == []


def test_settings_given_with_s_win_over_the_projects(tmp_path):
    with SiteMirror() as site:
        result = run_crawl(
            "urdupoint_en",
            tmp_path / "x.db",
            site.base_url,
            "categories=world",
            LOG_LEVEL="DEBUG",
            CONCURRENT_REQUESTS_PER_DOMAIN="1",
        )
    assert "DEBUG:" in result.stderr
    assert "'CONCURRENT_REQUESTS_PER_DOMAIN': '1'" in result.stderr


def test_bad_spider_argument_fails_with_one_clear_line(tmp_path):
    with SiteMirror() as site:
        result = run_crawl("urdupoint_en", tmp_path / "b.db", site.base_url, "since=yesterday")
    assert result.returncode != 0
    assert "ERROR: since must be a date like 2025-09-01, got 'yesterday'" in result.stderr
    assert "Traceback" not in result.stderr


def test_near_copy_published_in_a_later_run_is_caught_after_a_restart(tmp_path):
    db = tmp_path / "later.db"
    with SiteMirror() as site:
        listing = site.lookup("/en/news/business.html")[0].decode()
        without_copy = listing.replace(NEAR, "/en/business/not-yet-published-2193398.html")
        site.set_page("/en/news/business.html", without_copy)
        first = run_crawl("urdupoint_en", db, site.base_url, "categories=business")
        assert first.returncode == 0, first.stderr[-2000:]
        assert rows(db, "duplicates", kind="near") == []

        site.set_page("/en/news/business.html", listing)  # the copy appears on the listing
        second = run_crawl("urdupoint_en", db, site.base_url, "categories=business")
        assert second.returncode == 0, second.stderr[-2000:]
        [dup] = rows(db, "duplicates", kind="near")
        assert (dup["url"], dup["duplicate_of"]) == (SITE_URL + NEAR, SITE_URL + SEED)


def test_server_errors_are_retried_and_dropped_items_are_logged_without_their_content(tmp_path):
    with SiteMirror() as site:
        site.fail(SEED, 503)
        result = run_crawl("urdupoint_en", tmp_path / "r.db", site.base_url, "categories=business")
        assert site.request_counts()[SEED] == 2
    assert 2193301 in by_id(tmp_path / "r.db")
    assert "'retry/count': 1" in result.stderr
    assert "ArticleItem(" not in result.stderr
    assert "INFO: Dropped: rejected" in result.stderr
    assert "WARNING: Dropped" not in result.stderr
