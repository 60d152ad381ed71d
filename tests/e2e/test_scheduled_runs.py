"""Scheduled runs end to end: incremental crawls, updates kept as versions, refresh, no overlap,
and a run killed with SIGKILL that the next run completes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from support.crawling import ROOT, crawl_command, daily_sitemap_paths, rows, run_crawl
from support.sitepages import current_article
from urdupoint_news.archive.schema import open_database
from urdupoint_news.crawl.lock import AlreadyRunning, RunLock
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.pagearchive.pages import PageReader

SEED = "/en/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html"
FRESH = "/en/business/cotton-arrivals-up-12-percent-2193320.html"
# What every run reads: the home, the pages its navigation leads to (the listings, the nested
# Crime listing and a menu page that is not one) and, when nothing on them is new, nothing else.
LISTING_PAGES_1 = {
    "/en/",
    "/robots.txt",
    "/en/news/business.html",
    "/en/news/pakistan.html",
    "/en/news/pakistan/crime.html",
    "/en/news/sports.html",
    "/en/news/world.html",
    "/en/prayer-timings.html",
}
FRESH_PAGE = current_article(
    FRESH,
    "Cotton Arrivals Up 12 Percent",
    "September 12, 2025 | 11:20 AM",
    "2025-09-12T11:20:00+05:00",
    [
        "Cotton arrivals at ginneries across the country rose 12 percent year on year by "
        "September 10, the Pakistan Cotton Ginners Association said on Friday.",
        "Punjab's factories received 1.1 million bales while Sindh reported 1.4 million bales, "
        "according to the fortnightly report released in Karachi.",
    ],
    dateline="KARACHI",
)


def add_fresh_story(site: SiteMirror) -> None:
    """Page 1 of business gets a new story at its top; the seed story is corrected in place."""
    listing = site.lookup("/en/news/business.html")[0].decode()
    box = (
        f'<div class="txt_box"><a href="{FRESH}"><h4>Cotton Arrivals Up 12 Percent</h4></a>'
        "<p>Cotton arrivals rose...</p></div>\n"
    )
    site.set_page("/en/news/business.html", listing.replace('<div class="txt_box">', box, 1))
    site.set_page(FRESH, FRESH_PAGE)
    seed = site.lookup(SEED)[0].decode()
    corrected = seed.replace("more than seven decades", "more than seven decades (corrected)")
    assert corrected != seed
    site.set_page(SEED, corrected)


@pytest.fixture
def site():
    with SiteMirror() as mirror:
        yield mirror


def latest_run(db):
    return rows(db, "crawl_runs")[-1]


def test_incremental_runs_fetch_only_what_is_new(site, tmp_path):
    db = tmp_path / "news.db"
    first = run_crawl("urdupoint_en", db, site.base_url)
    assert first.returncode == 0, first.stderr[-2000:]
    assert len(rows(db, "articles")) == 7

    add_fresh_story(site)
    site.clear_requests()
    second = run_crawl("urdupoint_en", db, site.base_url)
    assert second.returncode == 0, second.stderr[-2000:]
    requests = site.request_counts()
    # listing pages, the new story, and page 2 of business (page 1 had an unseen story); page 2
    # brought nothing unseen, so page 3 is not fetched; the corrected story is not re-fetched.
    assert set(requests) == LISTING_PAGES_1 | {FRESH, "/en/news/business-updates2.html"} | (
        daily_sitemap_paths()
    )
    assert all(count == 1 for count in requests.values())
    [fresh] = rows(db, "articles", article_id=2193320)
    assert fresh["category"] == "business"
    run = latest_run(db)
    assert (run["articles_new"], run["articles_updated"], run["status"]) == (1, 0, "ok")

    site.clear_requests()
    third = run_crawl("urdupoint_en", db, site.base_url)
    assert third.returncode == 0
    # listing pages and the daily sitemaps (the second source), nothing else
    assert set(site.request_counts()) == LISTING_PAGES_1 | daily_sitemap_paths()
    assert latest_run(db)["pages"] == len(LISTING_PAGES_1) + 2


def test_refresh_refetches_and_keeps_the_previous_version(site, tmp_path):
    db = tmp_path / "news.db"
    run_crawl("urdupoint_en", db, site.base_url)
    [before] = rows(db, "articles", article_id=2193301)
    add_fresh_story(site)
    site.clear_requests()
    time.sleep(1)  # seen times have one-second resolution
    result = run_crawl("urdupoint_en", db, site.base_url, "refresh=true")
    assert result.returncode == 0, result.stderr[-2000:]
    assert site.request_counts()[SEED] == 1

    [after] = rows(db, "articles", article_id=2193301)
    assert "(corrected)" in after["body"]
    assert after["content_hash"] != before["content_hash"]
    assert after["modified_at"] == after["last_seen_at"] > before["last_seen_at"]
    assert after["first_seen_at"] == before["first_seen_at"]
    [version] = rows(db, "article_versions")
    assert version["url"] == before["url"]
    assert version["body"] == before["body"]
    assert version["content_hash"] == before["content_hash"]
    assert version["fetched_at"] == before["last_seen_at"]

    [sports] = rows(db, "articles", article_id=2193303)
    run = latest_run(db)
    # Unchanged: only seen again (seen times are per item, so compare with the run, not the
    # corrected story: under load the two are stored in different seconds).
    assert sports["last_seen_at"] >= run["started_at"] > sports["first_seen_at"]
    assert (run["articles_new"], run["articles_updated"]) == (1, 1)
    assert run["articles_unchanged"] == 6
    assert json.loads(run["arguments"])["refresh"] is True


def test_refresh_with_since_refetches_only_newer_stories(site, tmp_path):
    db = tmp_path / "news.db"
    run_crawl("urdupoint_en", db, site.base_url)
    site.clear_requests()
    run_crawl("urdupoint_en", db, site.base_url, "refresh=true", "since=2025-09-01")
    requests = site.request_counts()
    assert requests[SEED] == 1
    assert "/en/pakistan/punjab-govt-approves-rs-25-billion-for-clea-2193306.html" not in requests


def test_scrapy_crawl_refuses_to_overlap_a_running_crawl(site, tmp_path):
    db = tmp_path / "news.db"
    with RunLock(db):
        result = run_crawl("urdupoint_en", db, site.base_url)
    assert result.returncode != 0
    assert "ERROR: a crawl is already running on" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.request_counts()  # nothing fetched


def test_cli_crawl_refuses_to_overlap_a_running_crawl(site, tmp_path):
    db = tmp_path / "news.db"
    with RunLock(db):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "urdupoint_news.cli",
                "crawl",
                "--db",
                str(db),
                "-s",
                f"URDUPOINT_BASE_URL={site.base_url}",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: a crawl is already running on")
    assert result.stderr.count("\n") == 1
    assert not site.request_counts()


def test_run_killed_mid_way_leaves_a_consistent_database_and_the_next_run_completes(site, tmp_path):
    db = tmp_path / "news.db"
    slow = {
        "DOWNLOAD_DELAY": "0.4",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
        "URDUPOINT_BATCH_SIZE": "1",
    }
    process = subprocess.Popen(
        crawl_command("urdupoint_en", db, site.base_url, **slow),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if db.exists() and _count(db, "articles") >= 2:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the crawl never stored two articles")
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    stored_before = _count(db, "articles")
    assert 2 <= stored_before < 7

    check = open_database(str(db), create=False)
    assert check.execute("pragma integrity_check").fetchone() == ("ok",)
    check.execute("insert into articles_fts(articles_fts) values('integrity-check')")
    assert rows(db, "crawl_runs")[-1]["status"] == "running"
    check.close()
    reader = PageReader(tmp_path / "news.warc")  # every committed page row reads a whole record
    for page in rows(db, "pages"):
        assert reader.read(page["file"], page["offset"], page["length"]).status == page["status"]

    result = run_crawl("urdupoint_en", db, site.base_url)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _count(db, "articles") == 7
    runs = rows(db, "crawl_runs")
    assert [run["status"] for run in runs] == ["interrupted", "ok"]


def _count(db, table):
    database = open_database(str(db), create=False)
    try:
        return database[table].count if database[table].exists() else 0
    finally:
        database.close()


def test_spider_orphaned_by_a_killed_crawl_command_still_holds_the_lock(site, tmp_path):
    db = tmp_path / "news.db"
    command = [sys.executable, "-m", "urdupoint_news.cli", "crawl", "urdupoint_en", "--db", str(db)]
    for name, value in {
        "URDUPOINT_BASE_URL": site.base_url,
        "DOWNLOAD_DELAY": "0.5",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
        "URDUPOINT_PROGRESS_INTERVAL": "0",
    }.items():
        command += ["-s", f"{name}={value}"]
    parent = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not site.request_counts().get("/en/"):
            time.sleep(0.1)
        os.kill(parent.pid, signal.SIGKILL)  # the command dies; its spider process lives on
        parent.wait()
        with pytest.raises(AlreadyRunning):
            RunLock(db).acquire()
    finally:
        os.killpg(parent.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while True:  # once the orphan is gone, the kernel has released the lock
        try:
            RunLock(db).acquire()
            break
        except AlreadyRunning:
            assert time.monotonic() < deadline, "the lock outlived every process"
            time.sleep(0.1)
