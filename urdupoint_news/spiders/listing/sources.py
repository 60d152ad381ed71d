"""Two discovery sources for one listing run: the listings, and the daily sitemaps.

Every listing run also reads the site's daily sitemaps
(``/sitemap/daily/data/YYYY/YYYY-MM-DD.xml.gz``, docs/extraction.md, M) of today and yesterday,
Pakistan time: the site names its sitemaps by Pakistan's calendar, and just after midnight
today's may not exist yet. Their story URLs of the
run's edition are fetched like the listings' (stories only the sitemap lists are not lost), and
each story is counted by the source that found it: ``listing``, ``sitemap`` or ``both`` (the
``urdupoint/found_by/*`` stats, the ``found_by_*`` columns of the run's ``crawl_runs`` row and,
merged over runs, ``articles.found_by``).

Editions: the evidence shows the daily sitemaps under the Urdu scheme only (at the site root,
not under ``/en/``), listing pages that are not stories (columns, kids' pages). Whether they list
English stories is not evidenced. So each listing spider reads the same daily sitemaps and keeps
the story URLs of its own edition (``is_article``): an English story in a daily sitemap belongs
to the English run, an Urdu one to the Urdu run, and a sitemap that lists no story of an
edition gives that edition no audit (noted in the log), not an error.

A day without a sitemap (404/410) is noted, not an error; an unreadable one is a warning. Once
the run has nothing left to do (``spider_idle``, while the archive is still open), yesterday's
sitemap is the check of the listings: crawl/verdict/sitemap_audit.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any, Self

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.spider import DEAD_LINK_STATUSES, UrduPointSpider, failed_request
from urdupoint_news.crawl.verdict import add_finding
from urdupoint_news.crawl.verdict.sitemap_audit import DayStories, audit
from urdupoint_news.site.urls import canonical_url
from urdupoint_news.site.urlset import UrlSet
from urdupoint_news.spiders.sitemap_files import UnreadableSitemap, sitemap_links
from urdupoint_news.spiders.urdupoint_sitemaps import daily_sitemap_path, today_in_pakistan

SITEMAP_SOURCE = "the daily sitemap"  # where a story was found, in logs and rejects


class DiscoverySources(UrduPointSpider):
    """The listing spiders' bookkeeping of which source found which story, the daily sitemaps
    read as the second source, and the findings of the run (a listing emptied, the audit),
    recorded with ``add_finding``: the run is ``degraded`` unless it failed."""

    sitemap_min_listed: float = 0.9  # URDUPOINT_SITEMAP_MIN_LISTED

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.sitemap_min_listed = crawler.settings.getfloat("URDUPOINT_SITEMAP_MIN_LISTED")
        crawler.signals.connect(spider.audit_sitemaps, signal=signals.spider_idle)
        return spider

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listed = UrlSet()  # story links the listings showed in this run
        self.sitemapped = UrlSet()  # story links the daily sitemaps listed in this run
        today = today_in_pakistan()
        self.sitemap_days = [today, today - timedelta(days=1)]  # the second one is complete
        self.day_stories: dict[str, list[str]] = {}  # YYYY-MM-DD -> its stories of the edition
        self.cut_short: set[str] = set()  # why walks stopped before the end of their lists
        self.listing_findings: list[str] = []  # listings that stopped holding items
        self.audit_finding: str | None = None

    # --- which source found what -------------------------------------------------------------
    def sighted(self, urls: Iterable[str], source: str) -> None:
        """``source`` (``listing`` or ``sitemap``) shows these story links. A story stored
        before (by an earlier run, or earlier in this one) is marked at once; one being fetched
        is marked when it is stored (``found_by_of``, read by the store pipeline)."""
        mine, other = (
            (self.listed, self.sitemapped)
            if source == "listing"
            else (self.sitemapped, self.listed)
        )
        stats = self.crawler.stats
        for url in urls:
            if url in mine:
                continue
            mine.add(url)
            if url in other:
                stats.inc_value(
                    statkeys.found_by("sitemap" if source == "listing" else "listing"), -1
                )
                stats.inc_value(statkeys.found_by("both"))
            else:
                stats.inc_value(statkeys.found_by(source))
            if url in self.stored_before or url in other:
                self.mark_found_by(url, source)

    def mark_found_by(self, url: str, source: str) -> None:
        self.write(lambda archive: archive.found_by(url, source))

    def found_by_of(self, url: str) -> str | None:
        """``listing``, ``sitemap`` or ``both``: which source of this run showed ``url``."""
        listed, sitemapped = url in self.listed, url in self.sitemapped
        if listed and sitemapped:
            return "both"
        return "listing" if listed else "sitemap" if sitemapped else None

    # --- the daily sitemaps --------------------------------------------------------------------
    def sitemap_requests(self) -> Iterator[scrapy.Request]:
        for day in self.sitemap_days:
            yield scrapy.Request(
                self.site_url + daily_sitemap_path(day),
                callback=self.parse_daily_sitemap,
                errback=self.daily_sitemap_failed,
                cb_kwargs={"day": day.isoformat()},
            )

    def parse_daily_sitemap(self, response: Response, day: str) -> Iterator[Any]:
        stats = self.crawler.stats
        try:
            links = sitemap_links(response.body)
        except UnreadableSitemap as exc:
            stats.inc_value(statkeys.DAILY_SITEMAPS_UNREADABLE)
            self.logger.warning("Daily sitemap %s is unreadable: %s", response.url, exc)
            return
        stats.inc_value(statkeys.DAILY_SITEMAPS_READ)
        urls = [canonical_url(link, base=response.url) for link in links]
        stories = list(dict.fromkeys(url for url in urls if self.is_article(url)))
        self.day_stories[day] = stories
        self.logger.info(
            "Daily sitemap of %s: %d pages, %d stories of this edition",
            day,
            len(urls),
            len(stories),
        )
        requests = list(self.article_requests(stories, found_on=SITEMAP_SOURCE))
        self.sighted(stories, "sitemap")
        yield from requests

    def daily_sitemap_failed(self, failure: Failure) -> None:
        day = failed_request(failure).cb_kwargs["day"]
        if failure.check(HttpError) and failure.value.response.status in DEAD_LINK_STATUSES:
            # The site has no sitemap for some days (or none yet for today): a note.
            self.crawler.stats.inc_value(statkeys.DAILY_SITEMAPS_MISSING)
            self.logger.info("No daily sitemap for %s: the listings are the only source", day)
            return
        self.crawler.stats.inc_value(statkeys.DAILY_SITEMAPS_UNREADABLE)
        self.logger.warning(
            "Daily sitemap of %s could not be read: %s", day, self.failure_message(failure)
        )

    # --- the findings --------------------------------------------------------------------------
    def audit_sitemaps(self, spider: scrapy.Spider) -> None:
        """Yesterday's sitemap against what the listings found (crawl/verdict/sitemap_audit.py),
        once nothing is left to fetch and while the archive is open."""
        if spider is not self:
            return
        day = self.sitemap_days[1].isoformat()
        cut_short = set(self.cut_short)
        if self.categories:
            cut_short.add("categories")
        checked: DayStories | None = None
        if day in self.day_stories:
            stories = self.day_stories[day]
            known = self.storage.archive.sources_of(stories)
            listed = frozenset(
                url
                for url in stories
                if url in self.listed or known.get(url, (None, None))[0] in ("listing", "both")
            )
            categories = {url: category for url, (_, category) in known.items()}
            checked = DayStories(day, tuple(stories), listed, categories)
        result = audit(checked, min_listed=self.sitemap_min_listed, cut_short=cut_short)
        if result.finding and self.audit_finding is None:  # idle can come more than once
            self.audit_finding = result.finding
            add_finding(self.crawler.stats, result.finding)
            self.logger.warning("Sitemap audit: %s", result.finding)
        elif not result.finding:
            self.logger.info("Sitemap audit: %s", result.note)

    def listing_emptied(self, url: str, category: str, why: str) -> None:
        """A listing that held items in earlier runs holds none now: the run is degraded."""
        finding = f"the {category} listing {url} held stories before and {why}"
        if finding not in self.listing_findings:
            self.listing_findings.append(finding)
            add_finding(self.crawler.stats, finding)  # the run is degraded (crawl/verdict)
            self.logger.warning("Listing emptied: %s", finding)
