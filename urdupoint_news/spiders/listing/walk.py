"""The walk: one category's listing paged through, its stories fetched page by page.

**Walk** (one per category): a listing page's article links are fetched, then its next page
is asked for once the page's stories are done: ``rel=next``, else a numbered link, else the
Urdu load-more POST (``act``, ``tid``, ``m`` = 1, 2, …; a batch counts as a page), else a built
URL (``-updatesN``, ``/news/N.html``). The walk ends at a page or batch without article items, a
404, a load-more answer that is not JSON, ``max_pages``, a story older than ``since``, a page
that only repeats the walk's earlier pages (the first load-more batch may repeat the section
page once), ``URDUPOINT_MAX_LISTING_PAGES`` whatever happens, and (unless ``refresh``) a page
with no unseen story but stories stored by earlier runs, once the walk is *caught up*.

**Resumable history** (the ``listings`` columns ``history_completed_at`` and ``resume_after``):
a walk that reaches the end of the list, or catches up, completes the listing's history; this
is written once the stories of its last page are done, after their rows, so it is never
committed without them. Each page read moves ``resume_after`` to the page's oldest story (the
last item: lists are newest first), written before its stories are asked for, so the point
committed is never behind a stored story (a walk killed at any moment left nothing unstored
above it). Page numbers are not kept: new stories push old ones down between runs, a story
link stays what it is. A walk is caught up when the history was completed once and, if an
earlier walk did not finish (killed, crashed, a full disk, ``max_pages``, ``since``, an error),
it has read past the page holding that walk's ``resume_after``. Before that, a page with nothing
unseen does not end the walk: a plain run completes what an interrupted or bounded one left.

"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self
from urllib.parse import urljoin

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from urdupoint_news.archive.storage import ListingHistory, utc_now
from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.downloadermiddlewares.blocking import SiteBlocking
from urdupoint_news.crawl.spider import (
    DEAD_LINK_STATUSES,
    failed_request,
    failure_reason,
    followed_link,
)
from urdupoint_news.site.listings import (
    LOAD_MORE_PATH,
    LoadMore,
    built_next_page,
    find_load_more,
    item_links,
    load_more_links,
    next_page_link,
)
from urdupoint_news.site.urls import same_site
from urdupoint_news.site.urlset import UrlSet
from urdupoint_news.spiders.listing.ending import EndKind, PageRead, end_reason
from urdupoint_news.spiders.listing.sources import DiscoverySources

WALK_META = "urdupoint_walk"
_EMPTY = Selector(text="<html></html>")


def page(response: Response) -> Selector:
    """The page's HTML; a PDF or image where a page was expected holds no links or items."""
    return response.selector if isinstance(response, TextResponse) else _EMPTY


@dataclass
class Walk:
    """One category's listing, paged through in this run."""

    category: str
    url: str  # its first page
    remembered: bool = False  # taken from the listings table, not found by this run
    guessed: bool = False  # built from the category's name (ListingSpider.listing_url)
    pages: int = 0  # pages and load-more batches read
    links: UrlSet = field(default_factory=UrlSet)  # article links its pages showed this run
    load_more: LoadMore | None = None
    pagination: str | None = None
    waiting: int = 0  # article requests of the last page not finished yet
    next_request: scrapy.Request | None = None
    # How far earlier walks took the listing, as this run started (module notes).
    history: ListingHistory = field(default_factory=lambda: ListingHistory(None, None))
    resume_page: int | None = None  # the page of this walk that held history.resume_after
    completes: bool = False  # the end reached is the end of the history (or the part walked)

    @property
    def moves_resume(self) -> bool:
        """May this walk's progress replace ``resume_after``? Only once past an earlier walk's
        point: a shorter walk must not hide what that one left undone."""
        return self.history.resume_after is None or self.resume_page is not None

    def caught_up(self) -> bool:
        """May a page with nothing unseen end the walk (the page being read now)?"""
        if self.history.completed_at is None:
            return False  # the history was never walked to its end
        return self.history.resume_after is None or (
            self.resume_page is not None and self.resume_page < self.pages
        )


class ListingWalks(DiscoverySources):
    """Pages through listings (``walks``, one per category); discovery (``ListingSpider``)
    says which."""

    edition: ClassVar[str]
    # from the settings (URDUPOINT_MAX_LISTING_PAGES)
    max_listing_pages: int = 1000

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_listing_pages = crawler.settings.getint("URDUPOINT_MAX_LISTING_PAGES")
        return spider

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.walks: dict[str, Walk] = {}

    @property
    def stats(self) -> Any:
        return self.crawler.stats

    # --- walks ------------------------------------------------------------------------------
    def start_walk(self, category: str, url: str, *, remembered: bool = False) -> Walk:
        history = self.storage.archive.listing_history(url)
        walk = Walk(category, url, remembered=remembered, history=history)
        if history.completed_at is None:
            self.logger.info("%s: history not walked to its end yet: walking on to it", category)
        elif history.resume_after is not None:
            self.logger.info(
                "%s: an earlier walk stopped at %s: walking on past it",
                category,
                history.resume_after,
            )
        self.walks[category] = walk
        return walk

    def listing_request(self, walk: Walk, url: str) -> scrapy.Request:
        self.stats.inc_value(statkeys.LISTING_REQUESTS)
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.listing_failed,
            cb_kwargs={"category": walk.category},
            meta={WALK_META: walk.category},
        )

    def load_more_request(self, walk: Walk, batch: int) -> scrapy.Request:
        assert walk.load_more is not None
        self.stats.inc_value(statkeys.LISTING_REQUESTS)
        return scrapy.FormRequest(
            urljoin(self.site_url, LOAD_MORE_PATH),
            formdata=walk.load_more.form(batch),
            # what the page's own script sends; the endpoint answers JSON
            headers={"X-Requested-With": "XMLHttpRequest", "Referer": walk.url},
            callback=self.parse_load_more,
            errback=self.listing_failed,
            cb_kwargs={"category": walk.category, "batch": batch},
            meta={WALK_META: walk.category},
        )

    def parse_listing(self, response: Response, category: str) -> Iterator[Any]:
        walk = self.walks[category]
        links = item_links(page(response), response.url, self.is_article)
        if walk.remembered and walk.pages == 0 and not links:
            yield from self.rediscover(walk, f"{response.url} holds no article items any more")
            return
        yield from self.read_listing_page(walk, response, links)

    def read_listing_page(self, walk: Walk, response: Response, links: list[str]) -> Iterator[Any]:
        def next_step() -> scrapy.Request | None:
            return self.next_request(walk, response)

        yield from self.read(walk, links, where=response.url, next_step=next_step)

    def parse_load_more(self, response: Response, category: str, batch: int) -> Iterator[Any]:
        walk = self.walks[category]
        where = f"load-more batch {batch} of {walk.url}"
        links = load_more_links(response.body, walk.url, self.is_article)
        if links is None:
            # the evidenced end of a load-more list (docs/extraction.md)
            self.end(walk, f"{where} is not the JSON the list answers with", complete=True)
            return
        yield from self.read(
            walk,
            links,
            where=where,
            # whether m=1 starts after the section page's own items is not known (evidence)
            tolerate_repeat=batch == 1,
            next_step=lambda: self.load_more_request(walk, batch + 1),
        )

    def read(
        self,
        walk: Walk,
        links: list[str],
        *,
        where: str,
        next_step: Callable[[], scrapy.Request | None],
        tolerate_repeat: bool = False,
    ) -> Iterator[Any]:
        """One page or batch of a walk: its stories, then (once they are done) the next page."""
        walk.pages += 1
        self.stats.inc_value(statkeys.LISTING_PAGES)
        self.stats.inc_value(statkeys.LISTING_LINKS, len(links))
        if not links:
            ending = end_reason(self.page_read(walk, where, links))
            assert ending is not None  # a page without items always ends the walk
            if ending.kind is EndKind.NO_SUCH_CATEGORY:
                self.category_missing(walk.category)
            elif ending.kind is EndKind.FIRST_PAGE_EMPTY:
                self.logger.warning("Listing %s has no article items (markup changed?)", where)
            self.end(walk, ending.why, complete=ending.complete)
            return
        if walk.guessed and walk.pages == 1:  # the built URL is the category's listing
            self.write(
                lambda archive: archive.remember_listing(
                    walk.url,
                    edition=self.edition,
                    category=walk.category,
                    parent_url=None,
                    seen_at=utc_now(),
                )
            )
        resume = walk.history.resume_after
        if resume is not None and walk.resume_page is None and resume in links:
            walk.resume_page = walk.pages
        if walk.moves_resume:  # before the page's stories: never behind a stored one
            oldest = links[-1]  # listings are newest first
            self.write(lambda archive: archive.walked_to(walk.url, oldest))
        repeats = all(link in walk.links for link in links)
        walk.links.update(links)
        requests = list(self.article_requests(links, found_on=where, category=walk.category))
        walk.waiting += len(requests)
        self.sighted(links, "listing")
        yield from requests
        # Links seen earlier in this run (on an earlier page, another listing) are not the end
        # of the list; links stored by earlier runs are, once the walk has caught up.
        read = self.page_read(
            walk,
            where,
            links,
            repeats=repeats,
            tolerate_repeat=tolerate_repeat,
            unseen=len(requests),
        )
        ending = end_reason(read)
        if ending is None and (request := next_step()) is not None:
            walk.next_request = request
        else:
            ending = ending or end_reason(read, next_page=False)
            assert ending is not None
            if ending.kind is EndKind.HARD_CAP:
                self.logger.warning(
                    "%s: URDUPOINT_MAX_LISTING_PAGES (%d) reached", walk.category, walk.pages
                )
            if ending.kind in (EndKind.MAX_PAGES, EndKind.HARD_CAP):
                self.cut_short.add(ending.kind.value)
            self.end(walk, ending.why, complete=ending.complete)
        yield from self.release(walk)

    def page_read(
        self,
        walk: Walk,
        where: str,
        links: list[str],
        *,
        repeats: bool = False,
        tolerate_repeat: bool = False,
        unseen: int = 0,
    ) -> PageRead:
        """The facts ``end_reason`` decides on, for the page of ``walk`` just read."""
        return PageRead(
            where=where,
            page=walk.pages,
            links=len(links),
            guessed=walk.guessed,
            repeats=repeats,
            tolerate_repeat=tolerate_repeat,
            unseen=unseen,
            stored_before=any(link in self.stored_before for link in links),
            refresh=self.refresh,
            caught_up=walk.caught_up(),
            max_pages=self.max_pages,
            max_listing_pages=self.max_listing_pages,
        )

    def next_request(self, walk: Walk, response: Response) -> scrapy.Request | None:
        """The next page of a listing page: linked, else load-more, else built (module notes)."""
        url = next_page_link(page(response), response.url)
        kind = "linked"
        if url is None and walk.load_more is None and walk.pages == 1:
            walk.load_more = find_load_more(page(response))
            if walk.load_more is not None:
                self.paged(walk, "load_more")
                return self.load_more_request(walk, 1)
        if url is None:
            url, kind = built_next_page(response.url), "built"
        if url is None or not same_site(url, self.site_url):
            self.paged(walk, "single")
            return None
        self.paged(walk, kind)
        return self.listing_request(walk, url)

    def paged(self, walk: Walk, kind: str) -> None:
        if walk.pagination is None:
            walk.pagination = kind
            self.write(lambda archive: archive.listing_paged(walk.url, kind))

    def release(self, walk: Walk) -> Iterator[scrapy.Request]:
        """Once the stories of the walk's last page are done: the next page, or the end."""
        if walk.waiting:
            return
        if walk.next_request is None:
            self.history_end(walk)
            return
        request, walk.next_request = walk.next_request, None
        if walk.category in self.exhausted:
            self.cut_short.add("since")
            self.end(walk, f"stories older than {self.since} reached")
            return
        yield request

    def end(self, walk: Walk, why: str, *, complete: bool = False) -> None:
        """The walk ends. ``complete``: at the end of the list, or where the history was walked
        before; recorded once the last page's stories are done (``release``)."""
        walk.next_request = None
        walk.completes = complete
        self.logger.info("%s: %s; %d pages or batches read", walk.category, why, walk.pages)
        if not walk.waiting:
            self.history_end(walk)

    def history_end(self, walk: Walk) -> None:
        if walk.completes and self.walks.get(walk.category) is walk:
            walk.completes = False
            self.write(lambda archive: archive.history_completed(walk.url, at=utc_now()))

    def article_finished(self, request: scrapy.Request) -> Iterable[Any]:
        walk = self.walks.get(request.meta.get("urdupoint_category") or "")
        if walk is None:
            return ()
        walk.waiting -= 1
        return self.release(walk)

    def request_dropped(self, request: scrapy.Request, spider: scrapy.Spider) -> None:
        """A request the scheduler refused (a redirect to a page asked before): no callback
        will come, so the walk must not wait for it."""
        super().request_dropped(request, spider)
        walk = self.walks.get(request.meta.get("urdupoint_category") or "")
        if walk is not None and WALK_META not in request.meta:
            walk.waiting -= 1
            for follow in self.release(walk):
                self.crawler.engine.crawl(follow)
        elif WALK_META in request.meta:
            walk = self.walks.get(request.meta[WALK_META])
            if walk is not None:
                self.end(walk, f"{request.url} was already read", complete=True)

    def listing_failed(self, failure: Failure) -> Iterator[Any]:
        walk = self.walks.get(failed_request(failure).cb_kwargs["category"])
        if walk is None or failure.check(SiteBlocking):
            return
        url = followed_link(failed_request(failure))
        status = failure.value.response.status if failure.check(HttpError) else None
        if walk.pages == 0 and walk.remembered:
            yield from self.rediscover(walk, f"{url} answered {failure_reason(failure)}")
            return
        if walk.pages and status in DEAD_LINK_STATUSES:
            self.end(walk, f"{url} answered HTTP {status}: past the end", complete=True)
            return
        if walk.guessed and status in DEAD_LINK_STATUSES:
            self.category_missing(walk.category)
            self.end(walk, f"{url} answered HTTP {status}: no such category")
            return
        # The rest of the list waits for a later run, which walks on past this point.
        self.cut_short.add("a listing error")
        self.listing_error(failure)
        self.end(walk, f"{url} could not be read")

    def listing_error(self, failure: Failure) -> None:
        """A listing page (or a candidate) answered a server or network error."""
        url = followed_link(failed_request(failure))
        if url not in self.failed_urls:
            self.stats.inc_value(statkeys.LISTING_ERRORS)
            self.stats.set_value(statkeys.LISTING_ERROR, f"{url} ({self.failure_message(failure)})")
        self.failed(failure)

    def category_missing(self, category: str) -> None:
        if self.settings.getbool("URDUPOINT_CATEGORIES_ANY_EDITION"):
            # urdupoint-news crawl runs every edition and judges the categories over all of
            # them: one edition without the category is not a failed run (cli/crawl.py).
            self.logger.info("Category %r is not in this edition", category)
            return
        missing = self.stats.get_value(statkeys.CATEGORIES_MISSING)
        self.stats.set_value(
            statkeys.CATEGORIES_MISSING, f"{missing}, {category}" if missing else category
        )

    def rediscover(self, walk: Walk, why: str) -> Iterator[Any]:
        """A remembered listing is gone: find the category again (discovery's job)."""
        raise NotImplementedError
