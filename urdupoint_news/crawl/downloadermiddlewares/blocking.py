"""Stop at once when the site serves a bot-protection challenge, and say so.

Public scrapers of UrduPoint met Cloudflare challenges ("Just a moment...", HTTP 403/503, header
``cf-mitigated: challenge``; docs/extraction.md, "Bot protection"). A challenge is never a page of
the site, and asking again only makes it worse: the first one closes the spider (reason
``blocked``), every request still queued is refused before it leaves, and the run's health says
that the site is blocking the crawler. Nothing here tries to get past a challenge.

The middleware sits between HttpCompressionMiddleware (590, so a compressed challenge is read)
and MetaRefreshMiddleware (580) / RetryMiddleware (550): a 503 challenge is never retried and a
challenge page's refresh tag is never followed.
"""

from __future__ import annotations

import logging
import re

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.defer import Deferred

from urdupoint_news.crawl import statkeys

logger = logging.getLogger(__name__)

CLOSE_REASON = "blocked"
_CHALLENGE_TITLE = re.compile(rb"<title>\s*Just a moment\.\.\.\s*</title>", re.IGNORECASE)
_SNIFF_BYTES = 16384  # the title sits at the top of a challenge page
# Challenge pages come with these statuses; a 200 page that happens to carry the title is read as
# the page it is (a story, or a document the spider rejects), the header alone is proof anywhere.
CHALLENGE_STATUSES = frozenset({403, 429, 503})


class SiteBlocking(IgnoreRequest):
    """The site answered with a bot-protection challenge: the run stops asking."""


def challenge(response: Response) -> str | None:
    """Why ``response`` is a bot-protection challenge, or None when it is not one: the header
    ``cf-mitigated: challenge``, or a 403/429/503 "Just a moment..." page."""
    mitigated = (response.headers.get(b"cf-mitigated") or b"").decode("latin-1").strip().lower()
    if mitigated == "challenge":
        return f"HTTP {response.status}, cf-mitigated: challenge"
    if response.status in CHALLENGE_STATUSES and _CHALLENGE_TITLE.search(
        response.body[:_SNIFF_BYTES]
    ):
        return f'HTTP {response.status}, a "Just a moment..." page'
    return None


class ChallengeStop:
    """Downloader middleware: the first challenge closes the spider; nothing more is asked."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.blocked: str | None = None
        self._closing: Deferred[None] | None = None  # kept: the close runs on its own

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeStop:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if self.blocked:
            raise SiteBlocking(f"not asked: {self.blocked}")

    def process_response(self, request: Request, response: Response) -> Response:
        reason = challenge(response)
        if reason is None:
            return response
        detail = f"bot-protection challenge: {reason}, at {response.url}"
        if self.blocked is None:
            self.blocked = detail
            stats = self.crawler.stats
            stats.set_value(statkeys.BLOCKED, detail)
            logger.error("The site is blocking the crawler (%s); stopping at once", detail)
            self._closing = deferred_from_coro(
                self.crawler.engine.close_spider_async(reason=CLOSE_REASON)
            )
        raise SiteBlocking(f"challenge: {detail}")


def is_blocked(spider: Spider) -> bool:
    return bool(spider.crawler.stats.get_value(statkeys.BLOCKED))
