"""A site that blocks the crawler or changed its navigation ends the run failed: ``urdupoint-news
crawl`` exits non-zero and its last line says why (real CLI and spider processes, the sample site
served on 127.0.0.1 and changed by the test)."""

from __future__ import annotations

import json

import pytest

from support.crawling import cli, fast_settings, rows
from urdupoint_news.archive.storage import Archive
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.site.urls import SITE_URL


@pytest.fixture
def site():
    with SiteMirror() as mirror:
        yield mirror


def crawl(site: SiteMirror, db, *spiders: str):
    result = cli("crawl", *spiders, "--db", str(db), *fast_settings(site.base_url))
    assert "Traceback" not in result.stderr
    return result, result.stderr.strip().splitlines()[-1]


def test_a_challenge_stops_both_editions_after_a_handful_of_requests(site, tmp_path):
    site.block(403)  # every answer: 403, cf-mitigated: challenge, "Just a moment..."
    result, last = crawl(site, tmp_path / "n.db")
    assert result.returncode == 1
    assert last == (
        "Error: crawl failed: urdupoint_en: the site is blocking the crawler (bot-protection "
        "challenge: HTTP 403, cf-mitigated: challenge, at https://www.urdupoint.com/robots.txt)"
    )
    assert "urdupoint_ur: not run - the site is blocking the crawler" in result.stdout
    assert sum(site.request_counts().values()) <= 3  # no retries, no further pages
    [run] = rows(tmp_path / "n.db", "crawl_runs")
    assert (run["status"], run["finish_reason"]) == ("failed", "blocked")
    assert json.loads(run["problems"])[0].startswith("the site is blocking the crawler")


def test_a_just_a_moment_page_without_the_header_is_a_challenge_too(site, tmp_path):
    site.block(503, header=False)  # 503 is otherwise retried
    result, last = crawl(site, tmp_path / "n.db", "urdupoint_ur")
    assert result.returncode == 1
    assert last.startswith("Error: crawl failed: urdupoint_ur: the site is blocking the crawler")
    assert 'HTTP 503, a "Just a moment..." page' in last
    assert sum(site.request_counts().values()) <= 3


def test_a_home_that_cannot_be_read_fails_the_run(site, tmp_path):
    site.fail("/en/", 403)  # a plain 403, no challenge
    result, last = crawl(site, tmp_path / "n.db", "urdupoint_en")
    assert result.returncode == 1
    assert last == (
        "Error: crawl failed: urdupoint_en: the edition home cannot be read: "
        "https://www.urdupoint.com/en/ (HTTP 403)"
    )


def test_a_home_whose_navigation_leads_to_no_listing_fails_the_run(site, tmp_path):
    # The redesigned home links only pages that hold no article items.
    site.set_page(
        "/en/",
        '<html><body><nav><a href="/en/prayer-timings.html">Prayer Timings</a>'
        '<a href="/en/about-us.html">About</a></nav></body></html>',
    )
    result, last = crawl(site, tmp_path / "n.db", "urdupoint_en")
    assert result.returncode == 1
    assert last == (
        "Error: crawl failed: urdupoint_en: the navigation of https://www.urdupoint.com/en/ led "
        "to no listing (1 candidate pages looked at): the site's navigation or listing markup "
        "has probably changed"
    )
    assert "failed - 5 pages, 0 new" in result.stdout


def test_a_remembered_listing_that_lost_its_items_and_is_found_nowhere_fails_the_run(
    site, tmp_path
):
    db = tmp_path / "n.db"
    archive = Archive(db)  # what an earlier run's discovery left
    archive.remember_listing(
        SITE_URL + "/en/news/pakistan/crime.html",
        edition="en",
        category="crime",
        parent_url=SITE_URL + "/en/news/pakistan.html",
        seen_at="2025-09-10T10:00:00+00:00",
    )
    archive.close()
    site.set_page("/en/news/pakistan/crime.html", "<html><body><p>No stories.</p></body></html>")
    result = cli(
        "crawl", "urdupoint_en", "--db", str(db), "-a", "categories=crime",
        *fast_settings(site.base_url),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: crawl failed: urdupoint_en: categories not found on the site: crime"
    )
    requests = site.request_counts()
    # the remembered page, then discovery again from the home (Pakistan, and Crime under it),
    # then the built guess /en/news/crime.html
    assert requests["/en/news/pakistan/crime.html"] == 2
    assert requests["/en/"] == 1 and requests["/en/news/crime.html"] == 1
