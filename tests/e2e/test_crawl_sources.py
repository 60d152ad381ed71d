"""End to end: the daily sitemap as the listing runs' second source, and listings that go empty.

Real ``scrapy crawl`` runs over the sample site on 127.0.0.1. The sample site's own daily
sitemaps are of September 2025; these tests serve sitemaps for today and yesterday (Pakistan
time, as the spiders count days) with ``SiteMirror.set_page``.
"""

from __future__ import annotations

import gzip
from datetime import timedelta

from support.crawling import crawl_sample_site, rows
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.site.urls import SITE_URL
from urdupoint_news.spiders.urdupoint_sitemaps import daily_sitemap_path, today_in_pakistan

WEIRD = [  # the two stories of /weird/ (its page and its load-more batch)
    "/daily/livenews/2025-09-14/news-4521003.html",
    "/daily/livenews/2025-09-13/news-4521004.html",
]
LISTED = [  # stories of other sections
    "/daily/livenews/2025-09-14/news-4521001.html",
    "/daily/livenews/2025-09-13/news-4521002-dw.html",
    "/pakistan/news/lahore/national-news/live-news-4521101.html",
    "/daily/livenews/2025-09-12/news-4521005.html",
    "/daily/livenews/2025-09-14/news-4521006.html",
    "/daily/livenews/2025-09-11/news-4521007.html",
    "/daily/livenews/2025-09-10/news-4512388.html",
    "/daily/livenews/2025-09-12/news-4514120.html",
]
NOT_STORIES = ["/daily/column/javed-chaudhry/41235/qaumi-zaban-ka-muqadma.html"]


def sitemap(paths: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{SITE_URL}{path}</loc></url>" for path in paths)
    xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    return gzip.compress(xml.encode())


def serve_sitemaps(site: SiteMirror, yesterday: list[str], today: list[str]) -> None:
    day = today_in_pakistan()
    site.set_page(daily_sitemap_path(day - timedelta(days=1)), sitemap(yesterday))
    site.set_page(daily_sitemap_path(day), sitemap(today))


def test_a_listing_gone_from_the_site_is_named_and_its_stories_come_from_the_sitemap(tmp_path):
    def weird_gone(site: SiteMirror) -> None:
        site.fail_under("/weird/", 404)  # the section page is gone; the homes still link it
        serve_sitemaps(site, yesterday=[*LISTED, *WEIRD, *NOT_STORIES], today=LISTED[:2])

    crawl = crawl_sample_site("urdupoint_ur", tmp_path / "ur.db", change=weird_gone)
    result = crawl["result"]
    assert result.returncode == 3, result.stderr[-3000:]  # degraded
    assert "Traceback" not in result.stderr
    articles = {row["url"].removeprefix(SITE_URL): row for row in rows(crawl["db"], "articles")}
    assert len(articles) == 12  # every story, the two of the lost section included
    assert all(articles[path]["found_by"] == "sitemap" for path in WEIRD)
    assert all(articles[path]["found_by"] == "both" for path in LISTED)
    assert articles["/daily/livenews/2025-09-10/news-4512345.html"]["found_by"] == "listing"
    assert {articles[path]["category"] for path in WEIRD} == {"weird"}
    [run] = rows(crawl["db"], "crawl_runs")
    assert run["status"] == "degraded"
    assert (run["found_by_sitemap"], run["found_by_both"]) == (2, 8)
    assert run["found_by_listing"] >= 3
    [finding] = __import__("json").loads(run["problems"])
    assert finding.startswith("listings found 8 of the 10 stories of the ")
    assert "(80%, below 90%)" in finding
    assert "listings seem to be missing for: weird (2)" in finding
    # columns in the sitemap are not stories: never fetched
    assert not any(path.startswith("/daily/column/") for path in crawl["requests"])


def test_the_threshold_is_a_setting_and_a_complete_sitemap_keeps_the_run_ok(tmp_path):
    def sitemaps(site: SiteMirror) -> None:
        serve_sitemaps(site, yesterday=[*LISTED, *WEIRD], today=[])

    crawl = crawl_sample_site("urdupoint_ur", tmp_path / "ur.db", change=sitemaps)
    assert crawl["result"].returncode == 0, crawl["result"].stderr[-3000:]
    assert "listings found 10 of the 10 stories" in crawl["result"].stderr
    [run] = rows(crawl["db"], "crawl_runs")
    assert (run["status"], run["found_by_sitemap"], run["found_by_both"]) == ("ok", 0, 10)


def test_a_site_without_daily_sitemaps_is_noted_not_an_error(tmp_path):
    crawl = crawl_sample_site("urdupoint_en", tmp_path / "en.db")  # no sitemap for these days
    assert crawl["result"].returncode == 0, crawl["result"].stderr[-3000:]
    assert "No daily sitemap for" in crawl["result"].stderr
    day = today_in_pakistan()
    assert crawl["requests"][daily_sitemap_path(day)] == 1
    assert crawl["requests"][daily_sitemap_path(day - timedelta(days=1))] == 1
    [run] = rows(crawl["db"], "crawl_runs")
    assert (run["status"], run["found_by_sitemap"], run["found_by_both"]) == ("ok", 0, 0)


def test_a_listing_emptied_between_two_runs_makes_the_second_degraded(tmp_path):
    db = tmp_path / "en.db"
    first = crawl_sample_site("urdupoint_en", db)
    assert first["result"].returncode == 0

    def world_emptied(site: SiteMirror) -> None:
        found = site.lookup("/en/news/world.html")
        assert found is not None
        html = found[0].decode()
        start, end = (
            html.index('<div class="txt_box">'),
            html.index("</div>", html.index("<p>The International")),
        )
        site.set_page("/en/news/world.html", html[:start] + html[end + len("</div>") :])

    second = crawl_sample_site("urdupoint_en", db, change=world_emptied)
    result = second["result"]
    assert result.returncode == 3, result.stderr[-3000:]
    runs = rows(db, "crawl_runs")
    assert [run["status"] for run in runs] == ["ok", "degraded"]
    assert runs[1]["problems"] == (
        '["the world listing https://www.urdupoint.com/en/news/world.html held stories before '
        'and holds none now, while the home still links it"]'
    )
