"""End to end: the ``urdupoint_sitemaps`` backfill over the sample site's daily sitemaps
(``demo/site_ur/sitemap/daily/README.md`` says what each lists)."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from datetime import date, timedelta

import pytest

from support.crawling import FAST, ROOT, rows, run_crawl
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.site.urls import SITE_URL
from urdupoint_news.spiders.urdupoint_sitemaps import daily_sitemap_path, today_in_pakistan

SITEMAPS = [daily_sitemap_path(date(2025, 9, day)) for day in (13, 12, 11, 10, 9, 8)]
STORIES = {
    "/daily/livenews/2025-09-10/news-4512345.html",
    "/daily/livenews/2025-09-10/news-4512388.html",
    "/daily/livenews/2025-09-11/news-4513002.html",
    "/daily/livenews/2025-09-12/news-4514120.html",
    "/daily/livenews/2025-09-12/news-4514155.html",  # exact copy of 4512345
    "/en/technology/pakistan-launches-national-ai-skills-progra-2193307.html",
}
NOT_STORIES = ("/daily/column/", "/kids/", "/en/videos/")


def cli(site: SiteMirror, db, *args: str) -> subprocess.CompletedProcess[str]:
    settings = {**FAST, "URDUPOINT_BASE_URL": site.base_url}
    return subprocess.run(
        [sys.executable, "-m", "urdupoint_news.cli", "crawl", "--db", str(db), *args]
        + [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def backfill(tmp_path_factory):
    """One backfill of 2025-09-08..13 with ``scrapy crawl``: three days have a sitemap (the 11th
    served already decompressed, as a server sending Content-Encoding: gzip has it), three are
    404s. Then the same days again through ``urdupoint-news crawl``, on a copy of the archive."""
    db = tmp_path_factory.mktemp("sitemaps") / "news.db"
    again = db.with_name("again.db")
    with SiteMirror() as site:
        eleventh = SITEMAPS[2]
        site.set_page(eleventh, gzip.decompress(site.lookup(eleventh)[0]))
        result = run_crawl(
            "urdupoint_sitemaps", db, site.base_url, "since=2025-09-08", "until=2025-09-13"
        )
        requests = list(site.requests)
        site.clear_requests()
        shutil.copy(db, again)
        rerun = cli(
            site, again, "urdupoint_sitemaps", "-a", "since=2025-09-10", "-a", "until=2025-09-12"
        )
        return {
            "db": db,
            "result": result,
            "requests": requests,
            "rerun": rerun,
            "rerun_requests": list(site.requests),
        }


def test_backfill_run_is_healthy(backfill):
    assert backfill["result"].returncode == 0, backfill["result"].stderr[-3000:]
    [run] = rows(backfill["db"], "crawl_runs")
    assert (run["spider"], run["status"], run["problems"]) == ("urdupoint_sitemaps", "ok", "[]")
    assert '"since": "2025-09-08"' in run["arguments"]
    assert '"until": "2025-09-13"' in run["arguments"]
    assert "6 days, 3 read, 3 missing (404), 0 unreadable" in backfill["result"].stderr
    assert "Traceback" not in backfill["result"].stderr


def test_one_request_per_day_newest_first(backfill):
    asked = [path for path in backfill["requests"] if path.startswith("/sitemap/")]
    assert asked == SITEMAPS


def test_only_story_urls_are_fetched_each_once(backfill):
    requests = backfill["requests"]
    assert set(requests) == {"/robots.txt", *SITEMAPS, *STORIES}
    assert len(requests) == len(set(requests))  # 4512345 is listed on two days
    assert not [path for path in requests if path.startswith(NOT_STORIES)]


def test_stories_of_both_editions_are_stored(backfill):
    articles = {row["article_id"]: row["edition"] for row in rows(backfill["db"], "articles")}
    assert articles == {4512345: "ur", 4512388: "ur", 4513002: "ur", 4514120: "ur", 2193307: "en"}
    [dup] = rows(backfill["db"], "duplicates")
    # fetched before its original (newest day first), the copy still ends as the duplicate
    assert (dup["article_id"], dup["duplicate_of"], dup["kind"]) == (
        4514155,
        SITE_URL + "/daily/livenews/2025-09-10/news-4512345.html",
        "exact",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "ERROR: urdupoint_sitemaps needs -a since=YYYY-MM-DD (the first day to backfill)"),
        (["since=2025-09-12", "until=2025-09-10"], "ERROR: until 2025-09-10 is before since"),
    ],
)
def test_scrapy_crawl_with_bad_range_is_one_clear_line(tmp_path, args, message):
    result = run_crawl("urdupoint_sitemaps", tmp_path / "b.db", "http://127.0.0.1:9", *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_backfill_again_fetches_no_stored_story(backfill):
    rerun = backfill["rerun"]
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert rerun.stdout.splitlines() == [
        "urdupoint_sitemaps: ok - 4 pages, 0 new, 0 updated, 0 unchanged, 0 duplicates, "
        "0 rejects, 0 errors (extractors: none)"
    ]
    assert backfill["rerun_requests"] == ["/robots.txt", *SITEMAPS[1:4]]


def test_cli_backfill_where_every_day_is_missing_fails(site, tmp_path):
    # until defaults to today in Pakistan: today and yesterday have no sitemap on the sample site
    before = today_in_pakistan()
    since = before - timedelta(days=1)
    result = cli(site, tmp_path / "n.db", "urdupoint_sitemaps", "-a", f"since={since}")
    after = today_in_pakistan()  # the run may have started on the next day, just after midnight
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    days = [
        [today - timedelta(days=n) for n in range((today - since).days + 1)]
        for today in {before, after}
    ]
    asked = [path for path in site.requests if path.startswith("/sitemap/")]
    assert asked in [[daily_sitemap_path(day) for day in run] for run in days]
    assert result.stderr.strip().splitlines()[-1] in [
        f"Error: crawl failed: urdupoint_sitemaps: no daily sitemap for any of the {len(run)} "
        f"days {since} to {run[0]} (all HTTP 404): "
        "nothing to backfill there, or the site moved its sitemaps"
        for run in days
    ]
    assert result.stdout.startswith(f"urdupoint_sitemaps: failed - {len(asked) + 1} pages, 0 new")


def test_cli_backfill_with_an_unreadable_day_fails(site, tmp_path):
    site.set_page(SITEMAPS[1], "<html><head><title>Just a moment...</title></head></html>")
    result = cli(
        site,
        tmp_path / "n.db",
        "urdupoint_sitemaps",
        "-a",
        "since=2025-09-11",
        "-a",
        "until=2025-09-12",
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: crawl failed: urdupoint_sitemaps: 1 of 2 daily sitemaps could not be read "
        f"({SITE_URL}{SITEMAPS[1]}: a <html> document, not a <urlset> sitemap); "
        "a later run fills the gap"
    )
    # the day that could be read was backfilled all the same
    assert {row["article_id"] for row in rows(tmp_path / "n.db", "articles")} == {4513002, 2193307}


def test_cli_without_since_is_one_clear_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "urdupoint_news.cli", "crawl", "urdupoint_sitemaps"]
        + ["--db", str(tmp_path / "n.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: urdupoint_sitemaps needs -a since=YYYY-MM-DD (the first day to backfill)"
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "n.db").exists()
