"""The daily-sitemap backfill's pure parts: which days, reading a sitemap, judging a run."""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime
from http.client import HTTPConnection
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from urdupoint_news.cli import cli
from urdupoint_news.crawl.spider import SpiderArgumentError
from urdupoint_news.site.urls import SITE_URL
from urdupoint_news.spiders import sitemap_files
from urdupoint_news.spiders.urdupoint_sitemaps import (
    MAX_DAYS,
    UnreadableSitemap,
    UrduPointSitemapsSpider,
    backfill_problems,
    daily_sitemap_path,
    days_to_crawl,
    sitemap_links,
    today_in_pakistan,
)

D = date.fromisoformat
URLSET = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc>https://www.urdupoint.com/daily/livenews/2025-09-10/news-4512345.html</loc></url>"
    b"<url><loc> https://www.urdupoint.com/daily/column/a/1/b.html </loc></url>"
    b"<url><lastmod>2025-09-10</lastmod></url>"
    b"</urlset>"
)
LISTED = [
    "https://www.urdupoint.com/daily/livenews/2025-09-10/news-4512345.html",
    "https://www.urdupoint.com/daily/column/a/1/b.html",
]


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        ("2025-09-30T18:59:59+00:00", "2025-09-30"),  # 23:59:59 in Karachi
        ("2025-09-30T19:00:00+00:00", "2025-10-01"),  # midnight in Karachi, still the 30th in UTC
        ("2025-12-31T20:30:00+00:00", "2026-01-01"),
        ("2025-10-01T04:59:00+05:00", "2025-10-01"),
    ],
)
def test_today_is_pakistans_date_not_utcs(utc: str, day: str) -> None:
    assert today_in_pakistan(datetime.fromisoformat(utc)) == D(day)


def test_today_defaults_to_the_clock() -> None:
    now = datetime.now(UTC)
    assert today_in_pakistan() in {today_in_pakistan(now), today_in_pakistan(datetime.now(UTC))}


def test_days_run_from_until_back_to_since_newest_first() -> None:
    days = days_to_crawl(D("2025-09-08"), D("2025-09-10"), today=D("2025-09-20"))
    assert days == [D("2025-09-10"), D("2025-09-09"), D("2025-09-08")]


def test_until_defaults_to_today() -> None:
    assert days_to_crawl(D("2025-09-29"), None, today=D("2025-10-01")) == [
        D("2025-10-01"),
        D("2025-09-30"),
        D("2025-09-29"),
    ]


def test_one_day_range() -> None:
    assert days_to_crawl(D("2024-02-29"), D("2024-02-29"), today=D("2025-01-01")) == [
        D("2024-02-29")
    ]


def test_a_later_until_stops_at_today() -> None:
    assert days_to_crawl(D("2025-09-30"), D("2026-01-01"), today=D("2025-10-01")) == [
        D("2025-10-01"),
        D("2025-09-30"),
    ]


def test_a_range_of_max_days_is_allowed_and_one_more_is_not() -> None:
    days = days_to_crawl(D("2024-01-01"), D("2024-12-31"), today=D("2025-06-01"))
    assert len(days) == MAX_DAYS == 366
    with pytest.raises(SpiderArgumentError, match=r"is 367 days; a run backfills at most 366"):
        days_to_crawl(D("2023-12-31"), D("2024-12-31"), today=D("2025-06-01"))


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        (None, None, "urdupoint_sitemaps needs -a since=YYYY-MM-DD (the first day to backfill)"),
        ("2025-09-12", "2025-09-10", "until 2025-09-10 is before since 2025-09-12"),
        ("2025-10-02", None, "since 2025-10-02 is after today in Pakistan (2025-10-01)"),
        ("2020-01-01", None, "since 2020-01-01 to until 2025-10-01 is 2101 days"),
    ],
)
def test_ranges_that_cannot_be_crawled_are_one_clear_line(
    since: str | None, until: str | None, message: str
) -> None:
    with pytest.raises(SpiderArgumentError) as error:
        days_to_crawl(since and D(since), until and D(until), today=D("2025-10-01"))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "urdupoint_sitemaps needs -a since=YYYY-MM-DD"),
        (
            {"since": "2025-09-01", "until": "end"},
            "until must be a date like 2025-09-30, got 'end'",
        ),
        ({"since": "September"}, "since must be a date like 2025-09-01, got 'September'"),
        ({"since": "2025-09-12", "until": "2025-09-01"}, "until 2025-09-01 is before since"),
    ],
)
def test_the_spider_checks_its_arguments_when_made(arguments: dict, message: str) -> None:
    with pytest.raises(SpiderArgumentError, match=message):
        UrduPointSitemapsSpider(**arguments)


def test_the_spider_knows_its_days() -> None:
    spider = UrduPointSitemapsSpider(since="2025-09-10", until="2025-09-12")
    assert (spider.since, spider.until) == (D("2025-09-10"), D("2025-09-12"))
    assert spider.days == [D("2025-09-12"), D("2025-09-11"), D("2025-09-10")]
    assert "until" in spider.argument_names  # recorded in crawl_runs


def test_daily_sitemap_path_is_the_sites_scheme() -> None:
    assert daily_sitemap_path(D("2025-09-05")) == "/sitemap/daily/data/2025/2025-09-05.xml.gz"


def test_a_gzipped_sitemap_is_read() -> None:
    assert sitemap_links(gzip.compress(URLSET)) == LISTED


def test_a_sitemap_served_decompressed_is_read() -> None:
    assert sitemap_links(URLSET) == LISTED


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html><head><title>Just a moment...</title></head></html>", "a <html> document"),
        (b"", "not XML"),
        (b"Service unavailable", "not XML"),
        (b"\x1f\x8b\x08\x00broken", "not a readable gzip file"),
        (
            b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<sitemap><loc>https://www.urdupoint.com/x.xml</loc></sitemap></sitemapindex>",
            "a <sitemapindex> document, not a <urlset> sitemap",
        ),
    ],
)
def test_what_is_not_a_sitemap_is_unreadable(body: bytes, reason: str) -> None:
    with pytest.raises(UnreadableSitemap, match=reason):
        sitemap_links(body)


def test_a_sitemap_over_the_size_limit_is_unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemap_files, "MAX_SITEMAP_BYTES", 100)
    with pytest.raises(UnreadableSitemap, match="over 100 bytes once decompressed"):
        sitemap_links(gzip.compress(URLSET))


FIRST, LAST = D("2025-09-01"), D("2025-09-30")


def counters(**values: int) -> dict[str, int]:
    names = {"stories": "urdupoint/sitemap_story_links", "links": "urdupoint/sitemap_links"}
    return {names.get(key, f"urdupoint/sitemap_days/{key}"): value for key, value in values.items()}


def test_missing_days_are_not_a_problem() -> None:
    assert (
        backfill_problems(counters(read=2, missing=28, links=900, stories=700), FIRST, LAST) == []
    )


def test_stories_all_stored_before_is_not_a_problem() -> None:
    # the story links were known already: nothing fetched, and nothing wrong
    assert backfill_problems(counters(read=30, links=20, stories=12), FIRST, LAST) == []


def test_every_day_missing_is_a_problem() -> None:
    assert backfill_problems(counters(missing=30), FIRST, LAST) == [
        "no daily sitemap for any of the 30 days 2025-09-01 to 2025-09-30 (all HTTP 404): "
        "nothing to backfill there, or the site moved its sitemaps"
    ]


def test_unreadable_days_are_a_problem() -> None:
    stats = counters(read=28, missing=1, unreadable=1, links=90, stories=80)
    stats["urdupoint/sitemap_days/last_unreadable"] = "https://x/2025-09-03.xml.gz: HTTP 503"
    assert backfill_problems(stats, FIRST, LAST) == [
        "1 of 30 daily sitemaps could not be read (https://x/2025-09-03.xml.gz: HTTP 503); "
        "a later run fills the gap"
    ]


def test_sitemaps_listing_no_story_url_are_a_problem() -> None:
    assert backfill_problems(counters(read=3, missing=27, links=40), FIRST, LAST) == [
        "the 3 daily sitemaps read list 40 pages but no story URL this crawler recognises: "
        "the site's URL scheme may have changed"
    ]


def test_a_run_that_ended_before_its_last_day_is_a_problem() -> None:
    # interrupted (or its walk from day to day broken): the range was not backfilled
    assert backfill_problems(counters(read=10, missing=2, links=50, stories=40), FIRST, LAST) == [
        "the run ended after 12 of the 30 days"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["urdupoint_sitemaps"], "urdupoint_sitemaps needs -a since=YYYY-MM-DD"),
        (["urdupoint_sitemaps", "-a", "since=2025-09-01", "-a", "until=soon"], "got 'soon'"),
        (
            ["urdupoint_sitemaps", "-a", "since=2025-09-12", "-a", "until=2025-09-01"],
            "until 2025-09-01 is before since 2025-09-12",
        ),
        (
            ["urdupoint_sitemaps", "-a", "since=2020-01-01", "-a", "until=2025-01-01"],
            "a run backfills at most 366",
        ),
        (["urdupoint_sitemaps", "-a", "since=09/01"], "since must be a date like 2025-09-01"),
        # each spider named checks its own arguments: only the backfill needs since
        (["urdupoint_ur", "urdupoint_sitemaps", "-a", "max_pages=1"], "needs -a since="),
        (["urdupoint_feeds", "-a", "editions=fr"], "editions must be a list of en, ur; got 'fr'"),
        (["-a", "since=last-week"], "since must be a date like 2025-09-01, got 'last-week'"),
    ],
)
def test_crawl_command_checks_each_spiders_arguments_before_starting(
    tmp_path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["crawl", "--db", str(tmp_path / "n.db"), *args])
    assert result.exit_code == 2
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert message in error
    assert not (tmp_path / "n.db").exists()


def test_crawl_command_gives_each_spider_the_arguments_it_knows(tmp_path) -> None:
    # until is for urdupoint_sitemaps: with it in the run, the listing spiders do not get it;
    # without it, nobody would read it, and a typo or a misunderstanding is refused.
    from urdupoint_news.cli.crawl import check_spider_arguments, spider_arguments
    from urdupoint_news.crawl.spider import SpiderArgumentError

    args = [("since", "2025-09-01"), ("until", "2025-09-02")]
    check_spider_arguments(["urdupoint_en", "urdupoint_sitemaps"], args)
    assert spider_arguments("urdupoint_en", args) == [("since", "2025-09-01")]
    assert spider_arguments("urdupoint_sitemaps", args) == args
    with pytest.raises(SpiderArgumentError, match="^unknown argument 'until' for urdupoint_en"):
        check_spider_arguments(["urdupoint_en", "urdupoint_ur"], [("until", "2025-09-01")])


def test_the_sample_sites_daily_sitemaps_are_served_as_gzip_bytes(site) -> None:
    connection = HTTPConnection(urlsplit(site.base_url).netloc, timeout=10)
    connection.request("GET", daily_sitemap_path(D("2025-09-12")))
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "application/gzip"
    body = response.read()
    connection.close()
    assert body.startswith(b"\x1f\x8b")
    assert SITE_URL + "/daily/livenews/2025-09-12/news-4514120.html" in sitemap_links(body)
