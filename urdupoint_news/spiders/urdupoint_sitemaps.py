"""``urdupoint_sitemaps``: backfill a range of days from the site's daily sitemaps.

The site publishes one gzipped sitemap per day, ``/sitemap/daily/data/YYYY/YYYY-MM-DD.xml.gz``
(docs/sitemaps.md). This spider asks for one per day, newest day first, and follows the story
URLs they list (either edition); columns, kids' pages and the like are listed too and left alone.
Extraction, pipelines and the incremental rules are the other spiders' (``UrduPointSpider``).

    scrapy crawl urdupoint_sitemaps -a since=2025-08-01 -a until=2025-08-31

See docs/sitemaps.md.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from urdupoint_news.crawl.spider import (
    DEAD_LINK_STATUSES,
    SpiderArgumentError,
    UrduPointSpider,
    failed_request,
    failure_reason,
    parse_day,
)
from urdupoint_news.site.dates import PAKISTAN
from urdupoint_news.site.urls import canonical_url, is_en_article, is_ur_article
from urdupoint_news.spiders.sitemap_files import UnreadableSitemap, sitemap_links

logger = logging.getLogger(__name__)

# One request per day: a year is 366 sitemap requests plus every story they list (a day lists
# hundreds), many hours at the polite rate. Longer backfills are split into runs; a run skips the
# stories earlier runs stored, so the split costs nothing.
MAX_DAYS = 366
# The sitemap protocol's own limit for one (uncompressed) sitemap file.

STATS = "urdupoint/sitemap_days"  # prefix of this spider's counters


def today_in_pakistan(now: datetime | None = None) -> date:
    """The site's calendar day (its sitemaps are named by Pakistan's date, UTC+5)."""
    return (now or datetime.now(PAKISTAN)).astimezone(PAKISTAN).date()


def parse_until(value: str | None) -> date | None:
    return parse_day("until", value, "2025-09-30")


def days_to_crawl(since: date | None, until: date | None, today: date) -> list[date]:
    """Every day from ``until`` (default and at most: ``today``) back to ``since``, newest
    first. Raises SpiderArgumentError with one clear line when the range cannot be crawled."""
    if since is None:
        raise SpiderArgumentError(
            "urdupoint_sitemaps needs -a since=YYYY-MM-DD (the first day to backfill)"
        )
    if since > today:
        raise SpiderArgumentError(
            f"since {since} is after today in Pakistan ({today}): no sitemap exists for it yet"
        )
    if until is not None and until < since:
        raise SpiderArgumentError(f"until {until} is before since {since}")
    # A later day has no sitemap yet: asking for it would only count a 404.
    last = today if until is None else min(until, today)
    count = (last - since).days + 1
    if count > MAX_DAYS:
        raise SpiderArgumentError(
            f"since {since} to until {last} is {count} days; a run backfills at most {MAX_DAYS}"
            " (split the range: each run skips the stories earlier runs stored)"
        )
    return [last - timedelta(days=offset) for offset in range(count)]


def daily_sitemap_path(day: date) -> str:
    # isoformat pads the year to four digits (strftime's %Y does not on every platform: year 1
    # was asked for as /1/1-01-01.xml.gz).
    return f"/sitemap/daily/data/{day.year:04d}/{day.isoformat()}.xml.gz"


def backfill_problems(stats: Mapping[str, Any], first: date, last: date) -> list[str]:
    """Why a backfill run is not healthy, from its counters (empty when it is).

    Missing days (404) are normal: the site has no sitemap for some days. But a run that found
    no sitemap at all, could not read some, or read sitemaps listing no story it recognises has
    not backfilled the range, and says so.
    """
    days = (last - first).days + 1
    read = stats.get(f"{STATS}/read", 0)
    missing = stats.get(f"{STATS}/missing", 0)
    unreadable = stats.get(f"{STATS}/unreadable", 0)
    found: list[str] = []
    answered = read + missing + unreadable
    if answered < days:
        found.append(f"the run ended after {answered} of the {days} days")
    if unreadable:
        found.append(
            f"{unreadable} of {days} daily sitemaps could not be read "
            f"({stats.get(f'{STATS}/last_unreadable', '?')}); a later run fills the gap"
        )
    if missing == days:
        found.append(
            f"no daily sitemap for any of the {days} days {first} to {last} (all HTTP 404): "
            "nothing to backfill there, or the site moved its sitemaps"
        )
    elif read and not stats.get("urdupoint/sitemap_story_links", 0):
        links = stats.get("urdupoint/sitemap_links", 0)
        found.append(
            f"the {read} daily sitemaps read list {links} pages but no story URL this crawler "
            "recognises: the site's URL scheme may have changed"
        )
    return found


class UrduPointSitemapsSpider(UrduPointSpider):
    name = "urdupoint_sitemaps"
    argument_names = (*UrduPointSpider.argument_names, "until")

    def __init__(self, *args: Any, until: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asked = parse_until(until)
        self.days = days_to_crawl(self.since, asked, today_in_pakistan())
        self.until: date = self.days[0]
        self.until_asked_for_later = asked is not None and asked > self.until

    def is_article(self, url: str) -> bool:
        return is_ur_article(url, self.site_url) or is_en_article(url, self.site_url)

    async def start(self) -> AsyncIterator[Any]:
        if self.categories or self.max_pages:
            logger.warning("categories and max_pages do not apply to %s: ignored", self.name)
        if self.until_asked_for_later:
            logger.warning("until is after today in Pakistan: backfilling up to %s", self.until)
        logger.info(
            "Backfilling %d days, %s back to %s, from the daily sitemaps",
            len(self.days),
            self.until,
            self.since,
        )
        self.crawler.stats.set_value(f"{STATS}/requested", len(self.days))
        yield self.day_request(0)

    def day_request(self, index: int) -> scrapy.Request:
        """The sitemap of ``self.days[index]``. Days are asked for one after another, each
        once the one before has been answered (read, missing or failed): newest first whatever
        the scheduler does, one sitemap in flight, and its stories (priority 10) queued ahead of
        the next day."""
        return scrapy.Request(
            self.site_url + daily_sitemap_path(self.days[index]),
            callback=self.parse_sitemap,
            errback=self.sitemap_not_read,
            cb_kwargs={"index": index},
        )

    def next_day(self, index: int) -> Iterator[scrapy.Request]:
        if index + 1 < len(self.days):
            yield self.day_request(index + 1)

    def parse_sitemap(self, response: Response, index: int) -> Iterator[scrapy.Request]:
        yield from self.next_day(index)  # first: nothing below can end the walk early
        stats = self.crawler.stats
        try:
            links = sitemap_links(response.body)
        except UnreadableSitemap as exc:
            self.unreadable(response.url, str(exc))
            logger.error("Daily sitemap %s is unreadable: %s", response.url, exc)
            return
        stats.inc_value(f"{STATS}/read")
        urls = [canonical_url(link, base=response.url) for link in links]
        stories = [url for url in urls if self.is_article(url)]
        stats.inc_value("urdupoint/sitemap_links", len(urls))
        stats.inc_value("urdupoint/sitemap_story_links", len(stories))
        logger.info(
            "Sitemap of %s: %d pages, %d of them stories",
            self.days[index],
            len(urls),
            len(stories),
        )
        yield from self.article_requests(stories, found_on=response.url)

    def sitemap_not_read(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failed_request(failure)
        index = request.cb_kwargs["index"]
        yield from self.next_day(index)
        if failure.check(HttpError) and failure.value.response.status in DEAD_LINK_STATUSES:
            # The site has no sitemap for some days: counted, not an error.
            self.crawler.stats.inc_value(f"{STATS}/missing")
            logger.info(
                "No daily sitemap for %s (HTTP %s)",
                self.days[index],
                failure.value.response.status,
            )
            return
        reason = failure_reason(failure)
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            reason = f"not fetched: {reason}"
        self.unreadable(request.url, reason)
        self.failed(failure)

    def unreadable(self, url: str, reason: str) -> None:
        self.crawler.stats.inc_value(f"{STATS}/unreadable")
        self.crawler.stats.set_value(f"{STATS}/last_unreadable", f"{url}: {reason}")

    def run_problems(self) -> list[str]:
        return backfill_problems(self.crawler.stats.get_stats(), self.days[-1], self.until)

    def closed(self, reason: str) -> None:
        get = self.crawler.stats.get_value
        logger.info(
            "Daily sitemaps, %s back to %s: %d days, %d read, %d missing (404), %d unreadable",
            self.until,
            self.since,
            len(self.days),
            get(f"{STATS}/read", 0),
            get(f"{STATS}/missing", 0),
            get(f"{STATS}/unreadable", 0),
        )
