"""Interrupted and bounded runs are completed by the next plain run (no ``refresh``): a crawl of a
category with a deep history (tests/support/deep_site.py, hundreds of stories over many pages,
served on 127.0.0.1) killed with SIGKILL at several moments, an incremental run killed half-way
through the new stories, a load-more list killed half-way, ``max_pages`` and ``since`` runs, and a
listing page that fails mid-walk. Kills are driven by the site: it freezes at the N-th article
request (``SiteMirror.freeze_at``) and the crawl is killed there."""

from __future__ import annotations

import os
import signal
import subprocess

from support.crawling import ROOT, crawl_command, rows, run_crawl
from support.deep_site import EN_LISTING, PER_PAGE, UR_LISTING, DeepSite
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.site.urls import SITE_URL

EN_STORIES = "/en/business/"
UR_STORIES = "/daily/livenews/"


def killed_at(site: SiteMirror, db, spider: str, count: int, prefix: str, **settings) -> None:
    """A crawl the site freezes at its ``count``-th request under ``prefix``, killed there."""
    site.clear_requests()
    frozen = site.freeze_at(count, prefix)
    process = subprocess.Popen(
        crawl_command(spider, db, site.base_url, **settings),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert frozen.wait(120), f"the crawl never made {count} requests under {prefix}"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        site.thaw()


def stored(db) -> set[str]:
    return {row["url"] for row in rows(db, "articles")}


def listing(db, path: str) -> dict:
    [row] = rows(db, "listings", url=SITE_URL + path)
    return row


def test_a_crawl_killed_at_several_moments_is_completed_by_the_next_plain_run(tmp_path):
    db = tmp_path / "news.db"
    with SiteMirror() as site:
        deep = DeepSite(site, "en", 200)  # 10 pages
        killed_at(site, db, "urdupoint_en", 70, EN_STORIES)  # on page 4; 50 stored (a batch)
        first = stored(db)
        assert first and first < deep.urls
        assert listing(db, EN_LISTING)["history_completed_at"] is None
        assert listing(db, EN_LISTING)["resume_after"] in deep.urls

        deep.add(25)  # new stories push every page down by more than a page
        killed_at(site, db, "urdupoint_en", 120, EN_STORIES)  # the resumed run, killed again
        assert first < stored(db) < deep.urls

        result = run_crawl("urdupoint_en", db, site.base_url)
        assert result.returncode == 0, result.stderr[-2000:]
        assert stored(db) == deep.urls  # what an uninterrupted crawl stores: every story
        assert not rows(db, "rejects") and not rows(db, "duplicates")
        row = listing(db, EN_LISTING)
        assert row["history_completed_at"] is not None and row["resume_after"] is None
        runs = rows(db, "crawl_runs")
        assert [run["status"] for run in runs] == ["interrupted"] * 2 + ["ok"]

        # The history is complete now: an incremental run killed half-way through the new
        # stories (pages 1-2 stored, pages 3-4 not) is completed by the next plain run too.
        deep.add(70)
        killed_at(site, db, "urdupoint_en", 45, EN_STORIES, URDUPOINT_BATCH_SIZE="10")
        assert 30 <= len(deep.urls - stored(db)) <= 45
        site.clear_requests()
        result = run_crawl("urdupoint_en", db, site.base_url)
        assert result.returncode == 0, result.stderr[-2000:]
        assert stored(db) == deep.urls
        # It walked past the page the killed run stopped at, to the stories stored before the
        # new ones, and no further.
        pages = [path for path in site.request_counts() if path.startswith("/en/news/economy")]
        assert len(pages) == 5, sorted(pages)
        assert "no unseen story on https://www.urdupoint.com/en/news/economy-updates5.html" in (
            result.stderr
        )


def test_a_load_more_list_killed_half_way_is_completed_by_the_next_plain_run(tmp_path):
    db = tmp_path / "news.db"
    with SiteMirror() as site:
        deep = DeepSite(site, "ur", 100)  # the section page and four load-more batches
        killed_at(site, db, "urdupoint_ur", 50, UR_STORIES, URDUPOINT_BATCH_SIZE="10")
        assert 0 < len(stored(db)) < 50
        deep.add(30)
        result = run_crawl("urdupoint_ur", db, site.base_url)
        assert result.returncode == 0, result.stderr[-2000:]
        assert stored(db) == deep.urls
        row = listing(db, UR_LISTING)
        assert (row["pagination"], row["resume_after"]) == ("load_more", None)


def test_bounded_runs_leave_the_rest_of_the_history_to_the_next_plain_run(tmp_path):
    db = tmp_path / "news.db"
    with SiteMirror() as site:
        deep = DeepSite(site, "en", 60)  # 3 pages
        newest_page = {story.url for story in deep.pages()[0]}
        first = run_crawl("urdupoint_en", db, site.base_url, "max_pages=1")
        assert first.returncode == 0, first.stderr[-2000:]
        assert stored(db) == newest_page
        oldest_of_page_1 = deep.pages()[0][-1].url
        assert listing(db, EN_LISTING)["resume_after"] == oldest_of_page_1

        # since: the day of the story 30th from the top; older ones are left for later.
        since = deep.stories[30].published.date()
        dated = run_crawl("urdupoint_en", db, site.base_url, f"since={since}")
        assert dated.returncode == 0, dated.stderr[-2000:]
        recent = {story.url for story in deep.stories if story.published.date() >= since}
        assert stored(db) == recent | newest_page
        assert len(recent) < 60
        assert listing(db, EN_LISTING)["history_completed_at"] is None

        plain = run_crawl("urdupoint_en", db, site.base_url)
        assert plain.returncode == 0, plain.stderr[-2000:]
        assert stored(db) == deep.urls
        assert listing(db, EN_LISTING)["history_completed_at"] is not None


def test_a_listing_page_that_fails_mid_walk_is_walked_past_by_the_next_run(tmp_path):
    db = tmp_path / "news.db"
    with SiteMirror() as site:
        deep = DeepSite(site, "en", 3 * PER_PAGE)
        page_2 = EN_LISTING.replace(".html", "-updates2.html")
        site.fail(page_2, 500, 500)  # and its retry
        first = run_crawl("urdupoint_en", db, site.base_url)
        assert first.returncode == 0, first.stderr[-2000:]  # one error; the run goes on
        assert stored(db) == {story.url for story in deep.pages()[0]}
        [run] = rows(db, "crawl_runs")
        assert (run["status"], run["errors"]) == ("ok", 1)
        assert f"Request failed: {SITE_URL}{page_2} (HTTP 500)" in first.stderr

        second = run_crawl("urdupoint_en", db, site.base_url)
        assert second.returncode == 0, second.stderr[-2000:]
        assert stored(db) == deep.urls
