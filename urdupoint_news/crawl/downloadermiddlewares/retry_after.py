"""``Retry-After`` on a 429 or 503: nothing more is asked of that host until the time is up.

Scrapy's RetryMiddleware retries 429 and 503 answers at once (re-queued at a lower priority);
it does not read ``Retry-After``. This downloader middleware works with it rather than replacing
it: it sits just before it in the chain (560; RetryMiddleware is 550, so this one sees the answer
first), reads the header (seconds, or an HTTP date) and pauses the host: every request for it
waits in ``process_request`` until the time is up, the retry RetryMiddleware queues included, so
the server gets the quiet it asked for. The wait is capped by ``URDUPOINT_RETRY_AFTER_MAX``
(seconds, default 120): a server asking for an hour does not stall a scheduled run for an hour;
the request is retried after the cap (and counts as failed if it keeps failing; later runs
ask again). A bot-protection challenge (crawl/downloadermiddlewares/blocking.py, 585) is seen
before this middleware
and still stops the run at once.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.task import deferLater

from urdupoint_news.crawl import statkeys

logger = logging.getLogger(__name__)

STATUSES = frozenset({429, 503})


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """The wait a ``Retry-After`` value asks for (delay-seconds or an HTTP date), None when it
    cannot be read."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfter:
    def __init__(self, crawler: Crawler, cap: float) -> None:
        self.stats = crawler.stats
        self.cap = cap
        self.paused_until: dict[str, float] = {}  # host -> time.monotonic() when it may be asked

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfter:
        return cls(crawler, max(0.0, crawler.settings.getfloat("URDUPOINT_RETRY_AFTER_MAX")))

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        wait = self.paused_until.get(host, 0.0) - time.monotonic()
        if wait > 0:
            from twisted.internet import reactor  # the one Scrapy installed (not at import)

            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))

    def process_response(self, request: Request, response: Response) -> Response:
        header = response.headers.get(b"Retry-After")
        if response.status not in STATUSES or not header:
            return response
        asked = retry_after_seconds(header.decode("latin-1"))
        if asked is None:
            return response
        wait = min(asked, self.cap)
        host = urlparse_cached(request).hostname or ""
        until = time.monotonic() + wait
        if until > self.paused_until.get(host, 0.0):
            self.paused_until[host] = until
            self.stats.inc_value(statkeys.RETRY_AFTER_WAITS)
            capped = f" (asked {asked:.0f} s, URDUPOINT_RETRY_AFTER_MAX)" if asked > wait else ""
            logger.info(
                "HTTP %d with Retry-After from %s: nothing asked of %s for %g s%s",
                response.status,
                request.url,
                host,
                wait,
                capped,
            )
        return response
