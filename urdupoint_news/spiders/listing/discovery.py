"""Discovery: the edition's listings found from its homes, or remembered from earlier runs.

**Discovery** (``-a categories`` or not): each home of the edition is read; its links, menus
first, that may lead to a listing (``listings.candidate_slug``, same edition, not an article,
not a home) are fetched, at most ``URDUPOINT_MAX_LISTING_CANDIDATES`` per run. A page that holds
article items is a listing of the category its URL names; one level down, its links to
sub-categories under its own path (``/en/news/pakistan/crime.html`` under
``/en/news/pakistan.html``) are candidates too. Listings found are remembered in the
``listings`` table: a run whose categories are all remembered goes straight to them, and falls
back to discovery when a remembered listing is gone. With ``-a categories`` only candidates of
those slugs are fetched first; the others only when a wanted category is still missing (it may
be nested one level down).

"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Self
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from urdupoint_news.archive.storage import utc_now
from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.downloadermiddlewares.blocking import SiteBlocking
from urdupoint_news.crawl.spider import DEAD_LINK_STATUSES, failed_request, failure_reason
from urdupoint_news.site.listings import (
    candidate_slug,
    holds_article_items,
    is_nested_under,
    item_links,
    navigation_first,
)
from urdupoint_news.site.urls import canonical_url, same_site
from urdupoint_news.spiders.listing.walk import ListingWalks, Walk, page


@dataclass
class Candidate:
    url: str
    slug: str
    parent: str | None  # the listing it was found on (nested), None for a home's link


class ListingSpider(ListingWalks):
    """Subclasses say where the edition lives and which URLs belong to it."""

    home_paths: ClassVar[tuple[str, ...]]
    # from the settings (URDUPOINT_MAX_LISTING_CANDIDATES)
    max_candidates: int = 60

    def in_edition(self, url: str) -> bool:
        """Is ``url`` (on the site) a page of this edition?"""
        raise NotImplementedError

    def listing_url(self, category: str) -> str | None:
        """First page of a category discovery did not find, when it can be built."""
        return None

    # --- setup ----------------------------------------------------------------------------
    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_candidates = crawler.settings.getint("URDUPOINT_MAX_LISTING_CANDIDATES")
        return spider

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.found: dict[str, Candidate] = {}  # category -> the listing discovery confirmed
        self.asked: set[str] = set()  # candidate URLs fetched or queued
        self.held_back: list[Candidate] = []
        self.pending = 0  # homes and candidate pages not answered yet
        self.discovering = False
        self.discovered = False
        self.homes = [urljoin(self.site_url, path) for path in self.home_paths]
        self.known_listings: dict[str, str] = {}  # URL -> category, of earlier runs' listings

    def wants(self, category: str) -> bool:
        return not self.categories or category in self.categories

    async def start(self) -> AsyncIterator[Any]:
        for request in self.retry_requests():
            yield request
        for request in self.sitemap_requests():  # the second source (listing/sources.py)
            yield request
        remembered = self.storage.archive.listings(self.edition)
        # Listings earlier runs found holding items: one that holds none now is a finding.
        self.known_listings = {url: category for category, url in remembered.items()}
        if self.categories and all(category in remembered for category in self.categories):
            self.logger.info(
                "Listings remembered from earlier runs: %s",
                ", ".join(f"{category} {remembered[category]}" for category in self.categories),
            )
            for category in self.categories:
                walk = self.start_walk(category, remembered[category], remembered=True)
                yield self.listing_request(walk, walk.url)
            return
        for request in self.home_requests():
            yield request

    # --- discovery --------------------------------------------------------------------------
    def home_requests(self) -> Iterator[scrapy.Request]:
        if self.discovering:
            return
        self.discovering = True
        self.stats.set_value(statkeys.HOMES, " and ".join(self.homes))
        self.pending += len(self.homes)
        for home in self.homes:
            yield scrapy.Request(home, callback=self.parse_home, errback=self.home_failed)

    def parse_home(self, response: Response) -> Iterator[Any]:
        self.pending -= 1
        self.stats.inc_value(statkeys.HOMES_READ)
        candidates = self.candidates(response, parent=None)
        self.logger.info("%s links %d candidate listing pages", response.url, len(candidates))
        yield from self.ask_candidates(candidates)
        yield from self.discovery_step()

    def home_failed(self, failure: Failure) -> Iterator[Any]:
        self.pending -= 1
        if not failure.check(SiteBlocking):
            message = failure_reason(failure)
            self.stats.set_value(statkeys.HOME_FAILED, f"{failed_request(failure).url} ({message})")
            self.failed(failure)
        yield from self.discovery_step()

    def candidates(self, response: Response, parent: str | None) -> list[Candidate]:
        """The page's links that may lead to a listing not asked for yet (module notes)."""
        found: list[Candidate] = []
        for href in navigation_first(page(response)):
            url = canonical_url(href, base=response.url)
            if url in self.asked or url in self.homes or not same_site(url, self.site_url):
                continue
            if not self.in_edition(url) or self.is_article(url):
                continue
            slug = candidate_slug(url)
            if slug is None or (parent is not None and not is_nested_under(url, parent)):
                continue
            self.asked.add(url)
            found.append(Candidate(url, slug, parent))
        return found

    def ask_candidates(self, candidates: list[Candidate]) -> Iterator[scrapy.Request]:
        """Fetch the candidates of wanted categories; hold the others back for when a wanted
        category is still missing (it may be nested under one of them)."""
        for candidate in candidates:
            if candidate.slug in self.found:
                continue
            if not self.wants(candidate.slug):
                if candidate.parent is None:
                    self.held_back.append(candidate)
                continue
            yield from self.candidate_request(candidate)

    def candidate_request(self, candidate: Candidate) -> Iterator[scrapy.Request]:
        if self.stats.get_value(statkeys.LISTING_CANDIDATES, 0) >= self.max_candidates:
            self.stats.inc_value(statkeys.LISTING_CANDIDATES_LEFT_OUT)
            return
        self.stats.inc_value(statkeys.LISTING_CANDIDATES)
        self.pending += 1
        yield scrapy.Request(
            candidate.url,
            callback=self.parse_candidate,
            errback=self.candidate_failed,
            cb_kwargs={"candidate": candidate},
            # asked once (self.asked), but maybe read before as a remembered listing that failed
            dont_filter=True,
        )

    def parse_candidate(self, response: Response, candidate: Candidate) -> Iterator[Any]:
        self.pending -= 1
        links = item_links(page(response), response.url, self.is_article)
        if not holds_article_items(links) and candidate.url in self.known_listings:
            linked_by = "the home" if candidate.parent is None else candidate.parent
            self.listing_emptied(
                candidate.url, candidate.slug, f"holds none now, while {linked_by} still links it"
            )
        elif not holds_article_items(links):
            self.logger.info("%s holds no article items: not a listing", response.url)
        elif candidate.slug in self.found:
            self.logger.info(
                "%s is another listing of %s (%s): not followed",
                response.url,
                candidate.slug,
                self.found[candidate.slug].url,
            )
        else:
            yield from self.listing_found(response, candidate, links)
        yield from self.discovery_step()

    def candidate_failed(self, failure: Failure) -> Iterator[Any]:
        self.pending -= 1
        status = failure.value.response.status if failure.check(HttpError) else None
        if status in DEAD_LINK_STATUSES or failure.check(SiteBlocking):
            self.logger.info(
                "Candidate listing %s not read: %s",
                failed_request(failure).url,
                failure.getErrorMessage(),
            )
        else:  # a server or network error: the page may well be a listing
            self.listing_error(failure)
        yield from self.discovery_step()

    def listing_found(
        self, response: Response, candidate: Candidate, links: list[str]
    ) -> Iterator[Any]:
        self.found[candidate.slug] = candidate
        self.stats.inc_value(statkeys.LISTINGS)
        self.write(
            lambda archive: archive.remember_listing(
                candidate.url,
                edition=self.edition,
                category=candidate.slug,
                parent_url=candidate.parent,
                seen_at=utc_now(),
            )
        )
        if candidate.parent is None:  # one level down: its sub-categories
            nested = self.candidates(response, parent=candidate.url)
            if nested:
                self.logger.info(
                    "%s links sub-categories: %s",
                    candidate.url,
                    ", ".join(c.slug for c in nested),
                )
            for sub in nested:
                if self.wants(sub.slug) and sub.slug not in self.found:
                    yield from self.candidate_request(sub)
        if self.wants(candidate.slug) and candidate.slug not in self.walks:
            walk = self.start_walk(candidate.slug, candidate.url)
            yield from self.read_listing_page(walk, response, links)

    def discovery_step(self) -> Iterator[Any]:
        """When every home and candidate asked for has answered: ask the held-back candidates
        if a wanted category is still missing, else close discovery."""
        if self.pending or self.discovered:
            return
        missing = [c for c in self.categories if c not in self.found and c not in self.walks]
        if missing and self.held_back:
            held, self.held_back = self.held_back, []
            for candidate in held:
                yield from self.candidate_request(candidate)
            if self.pending:
                return
        self.discovered = True
        self.finish_discovery()
        yield from self.unfound_categories()

    def finish_discovery(self) -> None:
        left_out = self.stats.get_value(statkeys.LISTING_CANDIDATES_LEFT_OUT, 0)
        if left_out:
            self.logger.warning(
                "%d candidate listing pages left out (URDUPOINT_MAX_LISTING_CANDIDATES = %d)",
                left_out,
                self.max_candidates,
            )
        self.logger.info(
            "Discovered %d listings: %s",
            len(self.found),
            ", ".join(f"{slug} {c.url}" for slug, c in sorted(self.found.items())),
        )

    def unfound_categories(self) -> Iterator[scrapy.Request]:
        missing = []
        for category in self.categories:
            if category in self.found or category in self.walks:
                continue
            url = self.listing_url(category)
            if url is None:
                self.logger.warning("Category %r is not in the site's navigation", category)
                missing.append(category)
                continue
            self.logger.warning("Category %r is not in the navigation; trying %s", category, url)
            walk = self.start_walk(category, url)
            walk.guessed = True
            yield self.listing_request(walk, url)
        for category in missing:
            self.category_missing(category)

    def rediscover(self, walk: Walk, why: str) -> Iterator[Any]:
        """A remembered listing is gone: find the category again from the homes."""
        self.logger.warning("Remembered listing of %s: %s; discovering again", walk.category, why)
        del self.walks[walk.category]
        if self.discovered:  # discovery already ran in this run and did not find it
            yield from self.unfound_categories()
        yield from self.home_requests()
