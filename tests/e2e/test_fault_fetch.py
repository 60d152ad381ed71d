"""A site that answers errors: 500s on the home, on every listing, everywhere (the run fails with
one line, from ``urdupoint-news crawl`` and ``scrapy crawl``); articles that fail with server
errors (asked for again by later runs, a bounded number of times, one error per URL); 429/503
with ``Retry-After`` (the site is left alone for that long, capped); redirect loops, off-site
redirects and rejects after a redirect (recorded under the link followed, never asked again).
Real spider processes against the sample site on 127.0.0.1, changed by the test."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from support.crawling import cli, fast_settings, rows, run_crawl
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.site.urls import SITE_URL

SPORTS = "/en/sports/babar-rizwan-return-as-pakistan-announce-od-2193303.html"
SEED = "/en/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html"
SPORTS_LISTING = "/en/news/sports.html"
NO_DATE = "/en/business/traders-protest-against-new-fixed-tax-regime-2193308.html"
WORLD = "/en/world/imf-says-global-growth-to-slow-as-trade-tens-2193304.html"


def last_line(result) -> str:
    assert "Traceback" not in result.stderr
    return result.stderr.strip().splitlines()[-1]


def add_sports_items(site: SiteMirror, *paths: str) -> None:
    listing = site.lookup(SPORTS_LISTING)[0].decode()
    items = "".join(f'<li><a href="{path}">Story</a></li>' for path in paths)
    site.set_page(
        SPORTS_LISTING, listing.replace('<ul class="news_list">', f'<ul class="news_list">{items}')
    )


# --- errors everywhere ------------------------------------------------------------------------
def test_a_home_answering_500_fails_the_run_of_both_commands(tmp_path):
    expected = (
        "Error: crawl failed: urdupoint_en: the edition home cannot be read: "
        "https://www.urdupoint.com/en/ (HTTP 500)"
    )
    with SiteMirror() as site:
        site.fail("/en/", 500, 500)  # and its retry (RETRY_TIMES=1)
        result = cli(
            "crawl", "urdupoint_en", "--db", str(tmp_path / "a.db"), *fast_settings(site.base_url)
        )
        assert result.returncode == 1
        assert last_line(result) == expected
        [run] = rows(tmp_path / "a.db", "crawl_runs")
        assert (run["status"], run["errors"]) == ("failed", 1)  # one URL, asked twice: one error

        site.fail("/en/", 500, 500)
        result = run_crawl("urdupoint_en", tmp_path / "b.db", site.base_url)
        assert result.returncode == 1
        assert last_line(result) == expected


def test_every_listing_answering_500_fails_the_run(tmp_path):
    with SiteMirror() as site:
        site.fail_under("/en/news/", 500)
        result = run_crawl("urdupoint_en", tmp_path / "n.db", site.base_url)
    assert result.returncode == 1
    assert last_line(result).startswith(
        "Error: crawl failed: urdupoint_en: every listing answered errors (4 listing pages could "
        "not be read, the last: https://www.urdupoint.com/en/news/"
    )
    assert last_line(result).endswith(".html (HTTP 500))")
    [run] = rows(tmp_path / "n.db", "crawl_runs")
    assert (run["status"], run["errors"]) == ("failed", 4)


def test_a_site_answering_500_everywhere_fails_the_run(tmp_path):
    with SiteMirror() as site:
        site.fail_under("/", 500)
        result = run_crawl("urdupoint_ur", tmp_path / "n.db", site.base_url)
    assert result.returncode == 1
    assert last_line(result) == (
        "Error: crawl failed: urdupoint_ur: the edition home cannot be read: "
        "https://www.urdupoint.com/daily/ (HTTP 500)"
    ) or last_line(result) == (
        "Error: crawl failed: urdupoint_ur: the edition home cannot be read: "
        "https://www.urdupoint.com/ (HTTP 500)"
    )
    [run] = rows(tmp_path / "n.db", "crawl_runs")
    assert (run["status"], run["errors"]) == ("failed", 2)  # the two homes


# --- articles ---------------------------------------------------------------------------------
def test_articles_failing_with_server_errors_are_asked_for_again_by_later_runs(tmp_path):
    db = tmp_path / "n.db"
    settings = {"RETRY_TIMES": "2", "URDUPOINT_FETCH_ATTEMPTS": "2"}
    with SiteMirror() as site:
        add_sports_items(site, WORLD)
        site.fail(SPORTS, 500, 502, 503)  # three requests (two retries): one run's worth
        site.fail_under(SEED, 503)  # this one fails in every run
        first = run_crawl("urdupoint_en", db, site.base_url, "categories=sports", **settings)
        assert first.returncode == 0, first.stderr[-2000:]
        assert site.request_counts()[SPORTS] == 3
        failed = {row["url"]: row for row in rows(db, "rejects")}
        assert set(failed) == {SITE_URL + SPORTS, SITE_URL + SEED}
        assert failed[SITE_URL + SPORTS]["reason"] == "fetch_failed"
        assert failed[SITE_URL + SPORTS]["attempts"] == 1
        # said where the link was found: the listing page's URL, as for feeds and sitemaps
        assert failed[SITE_URL + SPORTS]["detail"] == (
            f"HTTP 503, found on {SITE_URL}/en/news/sports.html (1 run of 2)"
        )
        [run] = rows(db, "crawl_runs")
        assert (run["status"], run["errors"], run["rejects"]) == ("ok", 2, 0)  # once per URL
        assert first.stderr.count(f"ERROR: Request failed: {SITE_URL}{SPORTS}") == 1

        # The listing no longer shows the story: it is asked for all the same.
        listing = site.lookup(SPORTS_LISTING)[0].decode()
        site.set_page(SPORTS_LISTING, listing.replace(f'<a href="{SPORTS}">', '<a href="/en/">'))
        site.clear_requests()
        second = run_crawl("urdupoint_en", db, site.base_url, "categories=sports", **settings)
        assert second.returncode == 0, second.stderr[-2000:]
        assert site.request_counts()[SPORTS] == 1
        assert {row["url"] for row in rows(db, "articles")} == {SITE_URL + SPORTS, SITE_URL + WORLD}
        [gave_up] = rows(db, "rejects", url=SITE_URL + SEED)
        assert (gave_up["reason"], gave_up["attempts"]) == ("gave_up", 2)
        assert gave_up["detail"] == "HTTP 503, found on a listing of an earlier run (2 runs of 2)"
        assert not rows(db, "rejects", url=SITE_URL + SPORTS)
        assert rows(db, "crawl_runs")[-1]["rejects"] == 1  # gave_up: a reject now

        site.clear_requests()
        third = run_crawl("urdupoint_en", db, site.base_url, "categories=sports", **settings)
        assert third.returncode == 0, third.stderr[-2000:]
        assert SEED not in site.request_counts()  # given up on


def test_retry_after_leaves_the_site_alone_for_that_long_then_retries(tmp_path):
    with SiteMirror() as site:
        site.fail(SPORTS, 429, headers={"Retry-After": "2"})
        result = run_crawl("urdupoint_en", tmp_path / "a.db", site.base_url, "categories=sports")
        assert result.returncode == 0, result.stderr[-2000:]
        assert rows(tmp_path / "a.db", "articles", url=SITE_URL + SPORTS)
        asked = _times(site, SPORTS)
        assert len(asked) == 2 and asked[1] - asked[0] >= 2.0
        # Nothing was sent to the site meanwhile (requests already on their way aside).
        assert not [t for t, _ in site.request_times if asked[0] + 0.5 < t < asked[0] + 2.0]
        assert "nothing asked of www.urdupoint.com for 2 s" in result.stderr

        # An HTTP date an hour away is capped by URDUPOINT_RETRY_AFTER_MAX.
        site.clear_requests()
        later = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
        site.fail(SPORTS, 503, headers={"Retry-After": later})
        result = run_crawl(
            "urdupoint_en", tmp_path / "b.db", site.base_url, "categories=sports",
            URDUPOINT_RETRY_AFTER_MAX="1",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        asked = _times(site, SPORTS)
        assert len(asked) == 2 and asked[1] - asked[0] >= 1.0
        assert re.search(r"for 1 s \(asked 3[56]\d\d s, URDUPOINT_RETRY_AFTER_MAX\)", result.stderr)


def _times(site: SiteMirror, path: str) -> list[float]:
    return [t for t, requested in site.request_times if requested == path]


# --- redirects --------------------------------------------------------------------------------
def test_redirects_that_loop_or_leave_the_site_are_rejected_under_the_link_followed(tmp_path):
    db = tmp_path / "n.db"
    loop, partner = "/en/sports/loop-story-2193401.html", "/en/sports/loop-story-b-2193402.html"
    offsite, moved = "/en/sports/moved-story-2193403.html", "/en/sports/old-story-2193404.html"
    with SiteMirror() as site:
        add_sports_items(site, loop, offsite, moved)
        site.redirect(loop, partner)
        site.redirect(partner, SITE_URL + loop)
        site.redirect(offsite, "https://www.example.com/sports/moved-story.html", status=301)
        site.redirect(moved, NO_DATE)  # a page without a date: rejected, under the link
        lenient = {"URDUPOINT_MAX_REJECT_RATIO": "0.9"}  # three rejects of five links, on purpose
        first = run_crawl("urdupoint_en", db, site.base_url, "categories=sports", **lenient)
        assert first.returncode == 0, first.stderr[-2000:]
        rejects = {row["url"]: row for row in rows(db, "rejects")}
        assert {url: row["reason"] for url, row in rejects.items()} == {
            SITE_URL + loop: "redirect_loop",
            SITE_URL + offsite: "offsite_redirect",
            SITE_URL + moved: "missing_published_at",
        }
        assert rejects[SITE_URL + offsite]["detail"] == (
            "HTTP 301 redirect off the site, to https://www.example.com/sports/moved-story.html, "
            "found on https://www.urdupoint.com/en/news/sports.html"
        )
        assert rejects[SITE_URL + loop]["detail"] == (
            f"redirects back: {SITE_URL}{loop} -> {SITE_URL}{partner} -> {SITE_URL}{loop}"
        )

        site.clear_requests()
        second = run_crawl("urdupoint_en", db, site.base_url, "categories=sports", **lenient)
        assert second.returncode == 0, second.stderr[-2000:]
        assert not {loop, partner, offsite, moved, NO_DATE} & set(site.request_counts())
