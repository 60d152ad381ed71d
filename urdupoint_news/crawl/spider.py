"""What every UrduPoint spider shares: arguments, incremental rules, article fetching.

Spiders only navigate; a page becomes an item in ``crawl/page_items.py`` (a plain function) and
everything after it is the pipelines' job. The listing spiders' walk (home -> listings -> pages)
is ``spiders/listing/``.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any, ClassVar, Self

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from urdupoint_news.archive.storage import Archive
from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.downloadermiddlewares.blocking import SiteBlocking
from urdupoint_news.crawl.downloadermiddlewares.redirects import OffsiteRedirect
from urdupoint_news.crawl.extensions.storage import Storage, storage_of
from urdupoint_news.crawl.page_items import checked_page_item, count_article_page, followed_link
from urdupoint_news.crawl.settings_check import LARGEST, check_directories, check_settings
from urdupoint_news.errors import UserFacingError, report_in_one_line
from urdupoint_news.site.dates import PAKISTAN
from urdupoint_news.site.items import (
    FetchFailure,
    RejectItem,
)
from urdupoint_news.site.sections import is_category_name
from urdupoint_news.site.urls import SITE_URL
from urdupoint_news.site.urlset import UrlSet
from urdupoint_news.switches import parse_switch

logger = logging.getLogger(__name__)
report_in_one_line()

DEAD_LINK_STATUSES = {404, 410}


SPIDER_ARGUMENTS = ("categories", "max_pages", "since", "refresh")
EARLIER_RUNS = "a listing of an earlier run"  # where the pages asked for again were found
# Scrapy's messages for a download over DOWNLOAD_MAXSIZE (HTTP handler, decompression).
_OVER_CAP = re.compile(r"(\d+) bytes which is larger than download max size \((\d+)\)")
_UNPACKED_OVER_CAP = re.compile(r"\((\d+) B compressed, .*exceeded DOWNLOAD_MAXSIZE \((\d+) B\)")


def failed_request(failure: Failure) -> scrapy.Request:
    """The request an errback's failure is about (Scrapy sets it on the failure)."""
    request: scrapy.Request = failure.request  # type: ignore[attr-defined]
    return request


def failure_reason(failure: Failure) -> str:
    """Why a request failed, in a few words: ``HTTP 503``, ``DNS lookup failed: ...``."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    return failure.getErrorMessage() or failure.type.__name__


def too_large(failure: Failure) -> str | None:
    """Why a download was given up for being over ``DOWNLOAD_MAXSIZE``, or None.

    Scrapy cancels such a download (``DownloadCancelledError``), or ignores a compressed answer
    that unpacks past the cap (``IgnoreRequest``); only their messages tell these causes from
    others, so they are read here, in one place."""
    message = failure.getErrorMessage()
    if failure.check(DownloadCancelledError) and (found := _OVER_CAP.search(message)):
        return f"{found[1]} bytes, over DOWNLOAD_MAXSIZE ({found[2]} bytes)"
    if failure.check(IgnoreRequest) and (found := _UNPACKED_OVER_CAP.search(message)):
        return f"{found[1]} compressed bytes unpack to over DOWNLOAD_MAXSIZE ({found[2]} bytes)"
    return None


class SpiderArgumentError(UserFacingError, ValueError):
    """A ``-a`` argument that cannot be understood."""


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(name: str, value: str | None, example: str) -> date | None:
    """A day given as YYYY-MM-DD, strictly: Python also reads 20250901 and 2025-W36-1, which
    the docs do not promise and a typo can produce. Raises SpiderArgumentError."""
    if not value:
        return None
    text = str(value).strip()
    try:
        if not ISO_DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise SpiderArgumentError(f"{name} must be a date like {example}, got {value!r}") from None


def refuse_unknown_arguments(spider: str, known: Iterable[str], given: Iterable[str]) -> None:
    """A misspelt ``-a`` would otherwise be ignored (``-a maxpages=1``: a crawl without a bound,
    hours of requests on the real site); refused with the closest name. Names starting with
    ``_`` are Scrapyd's own (``_job``, ``_version``)."""
    names = sorted(set(known))
    for name in given:
        if name in names or name.startswith("_"):
            continue
        close = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        listed = ", ".join(names) or "none"
        raise SpiderArgumentError(
            f"unknown argument {name!r} for {spider}{hint}; its arguments: {listed}"
        )


def parse_arguments(
    categories: str | None = None,
    max_pages: str | int | None = None,
    since: str | None = None,
    refresh: str | bool | None = None,
) -> dict[str, Any]:
    """Check and convert the spider arguments; raises SpiderArgumentError with one clear line."""
    parsed: dict[str, Any] = {}
    parsed["categories"] = (
        [c.strip().lower() for c in str(categories).split(",") if c.strip()] if categories else []
    )
    for slug in parsed["categories"]:
        if not is_category_name(slug):
            raise SpiderArgumentError(
                f"categories: {slug!r} is not a category name (lower-case letters, digits and "
                "'-', e.g. business or crime)"
            )
    try:
        parsed["max_pages"] = int(max_pages) if max_pages not in (None, "") else None
    except ValueError:
        raise SpiderArgumentError(f"max_pages must be a whole number, got {max_pages!r}") from None
    if parsed["max_pages"] is not None and parsed["max_pages"] < 1:
        raise SpiderArgumentError("max_pages must be at least 1")
    if parsed["max_pages"] is not None and parsed["max_pages"] > LARGEST:
        raise SpiderArgumentError(f"max_pages must be at most {LARGEST}, got {max_pages}")
    parsed["since"] = parse_day("since", since, "2025-09-01")
    switch = parse_switch("" if refresh is None else refresh, empty=False)
    if switch is None:
        raise SpiderArgumentError(f"refresh must be true or false, got {refresh!r}")
    parsed["refresh"] = switch
    return parsed


class UrduPointSpider(scrapy.Spider):
    """Base of every spider: arguments, incremental rules, fetching and parsing articles."""

    argument_names: ClassVar[tuple[str, ...]] = SPIDER_ARGUMENTS  # recorded in crawl_runs
    writes_pages: ClassVar[bool] = True  # keeps pages in the page archive (reparse reads them)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        # Every setting is checked before the crawler builds anything from them (the spider is
        # made first): a bad -s value is one line, never a traceback mid-run.
        check_settings(crawler.settings)
        check_directories(crawler.settings, writes_pages=cls.writes_pages)
        spider: Self = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        return spider

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Subclasses take their own arguments first; what is left must be one of ours.
        refuse_unknown_arguments(
            getattr(self, "name", type(self).__name__), self.argument_names, kwargs
        )
        options = parse_arguments(**{k: kwargs.pop(k, None) for k in SPIDER_ARGUMENTS})
        super().__init__(*args, **kwargs)
        self.categories: list[str] = options["categories"]
        self.max_pages: int | None = options["max_pages"]
        self.since: date | None = options["since"]
        self.refresh: bool = options["refresh"]
        # Per-URL memory of the run, as digests (site/urlset.py): a long crawl stays small.
        self.seen = UrlSet()
        self.stored_before = UrlSet()  # links not fetched: earlier runs stored them
        self.exhausted: set[str] = set()  # categories that reached `since`
        self.failed_urls = UrlSet()  # requests that failed: an error each, once

    # Spiders name the site's own URLs even when pages come from a mirror (crawl/addons/mirror.py).
    site_url = SITE_URL

    @property
    def since_start(self) -> datetime | None:
        if self.since is None:
            return None
        return datetime(self.since.year, self.since.month, self.since.day, tzinfo=PAKISTAN)

    # --- edition hooks ------------------------------------------------------------------
    def is_article(self, url: str) -> bool:
        raise NotImplementedError

    def run_problems(self) -> list[str]:
        """Why the finished run is unhealthy, as only this spider can tell (one sentence each);
        crawl/verdict/health.py judges what every run shares. Read when the run's record is
        written."""
        return []

    # --- requests -----------------------------------------------------------------------
    def request_dropped(self, request: scrapy.Request, spider: scrapy.Spider) -> None:
        """A request the scheduler refused. For an article, a redirect to a page already asked
        for in this run (``article_requests`` never asks twice): no callback comes, so the link
        followed is recorded here, and later runs do not follow it again."""
        redirects = request.meta.get("redirect_urls") or []
        if request.callback != self.parse_article or not redirects:
            return
        link = followed_link(request)
        chain = [*redirects, request.url]
        if request.url in chain[:-1]:
            self.reject(link, "redirect_loop", f"redirects back: {' -> '.join(chain)}")
        else:
            self.reject(link, "redirected", f"redirected to {request.url}, fetched as such")

    def reject(self, url: str, reason: str, detail: str) -> None:
        """Record a reject outside the pipelines (no item can be sent from a signal handler)."""
        logger.info("Rejected %s: %s (%s)", url, reason, detail)

        self.storage.guarded(lambda archive: self.storage.reject(url, reason, detail))

    @property
    def storage(self) -> Storage:
        return storage_of(self.crawler)

    def write(self, write: Callable[[Archive], None]) -> None:
        """A write of the spider's own (listings, their history): a refused write stops the
        run like one of the pipelines'."""
        self.storage.guarded(write)

    def retry_requests(self) -> Iterator[scrapy.Request]:
        """The article pages of this spider that earlier runs could not fetch (``fetch_failed``
        rejects): asked for again whatever the listings show now."""
        urls = [url for url in self.storage.archive.fetch_failures() if self.is_article(url)]
        if urls:
            logger.info("Asking again for %d article pages earlier runs could not fetch", len(urls))
        yield from self.article_requests(urls, found_on=EARLIER_RUNS)

    def article_requests(
        self, urls: Iterable[str], *, found_on: str, category: str | None = None
    ) -> Iterator[scrapy.Request]:
        """Requests for the article links worth fetching: unseen this run, and (unless
        ``refresh``) not already in the archive. ``found_on`` is where the links were found (the
        URL of a listing page, feed or sitemap; said in rejects); ``category`` is the listing's
        slug, given to stories whose page names none."""
        archive = self.storage.archive
        for url in urls:
            if url in self.seen:
                continue
            self.seen.add(url)
            if self.refresh:
                if self.older_than_since(archive.published_at(url)):
                    # the listing has reached stories before since
                    self.exhausted.add(category or found_on)
                    continue
            elif archive.is_known(url):
                self.stored_before.add(url)
                continue
            self.crawler.stats.inc_value(statkeys.ARTICLE_REQUESTS)
            yield scrapy.Request(
                url,
                callback=self.parse_article,
                errback=self.failed_article,
                priority=10,  # finish a listing's stories before the next listing page
                cb_kwargs={"found_on": found_on},
                meta={"urdupoint_listing": found_on, "urdupoint_category": category},
            )

    def article_finished(self, request: scrapy.Request) -> Iterable[Any]:
        """Called once per article request, whatever became of it (listing spiders go on to the
        listing's next page when the last story of a page is done)."""
        return ()

    def parse_article(self, response: Response, found_on: str) -> Iterator[Any]:
        yield from self.article_items(response, found_on)
        if response.request is not None:
            yield from self.article_finished(response.request)

    def article_items(self, response: Response, found_on: str) -> Iterator[Any]:
        item, checks = checked_page_item(
            response,
            is_article=self.is_article,
            category=response.meta.get("urdupoint_category"),
        )
        if isinstance(item, RejectItem):
            yield item
            return
        count_article_page(self.crawler.stats, item)
        self.seen.add(item.url or response.url)
        if self.older_than_since(item.published_at):
            self.crawler.stats.inc_value(statkeys.OLDER_THAN_SINCE)
            self.exhausted.add(response.meta.get("urdupoint_category") or found_on)
            return
        if checks is not None:  # counted and recorded by FieldCheckPipeline, then dropped
            yield checks
        yield item

    def older_than_since(self, published_at: str | None) -> bool:
        if self.since_start is None or not published_at:
            return False
        try:
            return datetime.fromisoformat(published_at) < self.since_start
        except ValueError:
            return False

    def failed_article(self, failure: Failure) -> Iterator[Any]:
        yield from self.article_failure(failure)
        yield from self.article_finished(failed_request(failure))

    def article_failure(self, failure: Failure) -> Iterator[RejectItem | FetchFailure]:
        """Every article link ends somewhere: a reject recorded under the link followed (before
        any redirect), so later runs do not ask again (a refresh does), or, for a server or
        network error, a ``fetch_failed`` reject that later runs ask for again (bounded)."""
        request = failed_request(failure)
        link = followed_link(request)
        listing = request.cb_kwargs.get("found_on", "?")
        if failure.check(SiteBlocking):
            return  # the run is stopping; the story is asked for again by the next run
        if failure.check(OffsiteRedirect):
            logger.info("Not following %s: %s", link, failure.getErrorMessage())
            yield RejectItem(
                link, "offsite_redirect", f"{failure.getErrorMessage()}, found on {listing}"
            )
            return
        oversized = too_large(failure)
        if oversized:
            self.crawler.stats.inc_value(statkeys.TOO_LARGE)
            yield RejectItem(link, "too_large", f"{oversized}, found on {listing}")
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            redirects = request.meta.get("redirect_urls") or []
            if request.meta.get("redirect_times", 0) >= self.settings.getint("REDIRECT_MAX_TIMES"):
                logger.warning("Redirect loop from %s: %d redirects", link, len(redirects))
                yield RejectItem(
                    link,
                    "redirect_loop",
                    f"more than {len(redirects)} redirects ({' -> '.join(redirects[:3])} -> "
                    f"...), found on {listing}",
                )
                return
            # robots.txt forbids it (or a middleware filtered it): not an error of the run.
            reason = failure.getErrorMessage()
            logger.info("Not fetching %s: %s", link, reason)
            yield RejectItem(link, "not_fetched", f"{reason}, found on {listing}")
            return
        status = failure.value.response.status if failure.check(HttpError) else None
        if status in DEAD_LINK_STATUSES:
            self.crawler.stats.inc_value(statkeys.DEAD_LINKS)
            logger.warning("Dead article link %s (HTTP %s), linked from %s", link, status, listing)
            yield RejectItem(link, f"http_{status}", f"dead link, found on {listing}")
            return
        # Server errors and network failures (after Scrapy's retries): later runs ask again.
        self.failed(failure)
        yield FetchFailure(link, f"{self.failure_message(failure)}, found on {listing}")

    @staticmethod
    def failure_message(failure: Failure) -> str:
        return failure_reason(failure)

    def failed(self, failure: Failure) -> None:
        """Any other failed request: logged, counted (once per URL: a URL asked again in the same
        run is not another error), remembered for the health check."""
        if failure.check(SiteBlocking):
            return  # said once, by crawl/downloadermiddlewares/blocking.py
        url, message = followed_link(failed_request(failure)), self.failure_message(failure)
        self.crawler.stats.set_value(statkeys.LAST_DOWNLOAD_ERROR, f"{url}: {message}")
        if url in self.failed_urls:
            logger.info("Request failed again: %s (%s)", url, message)
            return
        self.failed_urls.add(url)
        logger.error("Request failed: %s (%s)", url, message)
