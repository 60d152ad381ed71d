"""End to end: ``scrapy crawl urdupoint_feeds`` reads the RSS feeds and the news sitemap."""

from __future__ import annotations

from support.crawling import rows, run_crawl
from urdupoint_news.demo.mirror import SiteMirror


def test_feed_spider_stores_articles_from_rss_and_news_sitemap(tmp_path):
    db = tmp_path / "feeds.db"
    with SiteMirror() as site:
        result = run_crawl("urdupoint_feeds", db, site.base_url)
        requests = site.request_counts()
    assert result.returncode == 0, result.stderr[-3000:]
    stored = {row["article_id"] for row in rows(db, "articles")}
    # RSS (en): 2193301, 2193303, 2193304; news sitemap: 2193302, 2193307 and an Urdu story;
    # RSS (ur): the Urdu stories, one of them a copy recorded in duplicates.
    assert {2193301, 2193302, 2193303, 2193304, 2193307} <= stored
    assert {4512345, 4512388, 4513002, 4514120} <= stored
    assert "/sitemap/news.xml" in requests  # announced by robots.txt
    assert not any(path.startswith("/en/videos/") for path in requests)
    assert not any(path.startswith("/en/news/") for path in requests)  # no listing pages
    [run] = rows(db, "crawl_runs")
    assert (run["spider"], run["status"]) == ("urdupoint_feeds", "ok")


def test_feed_spider_can_be_limited_to_one_edition(tmp_path):
    db = tmp_path / "feeds.db"
    with SiteMirror() as site:
        result = run_crawl("urdupoint_feeds", db, site.base_url, "editions=ur")
        requests = site.request_counts()
    assert result.returncode == 0, result.stderr[-3000:]
    assert "/en/sitemap/news.rss" not in requests
    assert {row["edition"] for row in rows(db, "articles")} == {"ur"}
