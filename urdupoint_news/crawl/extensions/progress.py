"""What a run shows while it goes: a live line on a terminal, log lines elsewhere."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.console import clear_live_line_before_records, console_level

logger = logging.getLogger(__name__)


class Progress:
    """A live progress line on a terminal; plain periodic log lines elsewhere."""

    def __init__(self, crawler: Crawler, interval: float, live: bool) -> None:
        self.stats = crawler.stats
        self.interval = interval
        self.live = live
        self.task: Any = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("URDUPOINT_PROGRESS_INTERVAL")
        if not interval:
            raise NotConfigured
        # Live on a terminal that shows warnings at least (not under ``-q``: errors only).
        shown = console_level(crawler.settings)
        live = sys.stderr.isatty() and shown is not None and shown <= logging.WARNING
        ext = cls(crawler, 1.0 if live else interval, live)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        get = self.stats.get_value
        pages = get("response_received_count", 0)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        return (
            f"pages {pages} | articles {get(statkeys.ARTICLES_NEW, 0)} new, "
            f"{get(statkeys.ARTICLES_UPDATED, 0)} updated | "
            f"duplicates {get(statkeys.DUPLICATES, 0)} | rejects {get(statkeys.REJECTS, 0)}"
            f" | {pages / elapsed:.1f} pages/s | errors {get('log_count/ERROR', 0)}"
        )

    def tick(self) -> None:
        if self.live:
            sys.stderr.write("\r\x1b[K" + self.line())
            sys.stderr.flush()
        else:
            logger.info("Progress: %s", self.line())

    def spider_opened(self, spider: Spider) -> None:
        if self.live:  # Scrapy has installed its final log handler by now
            clear_live_line_before_records()
        self.started = time.monotonic()
        self.task = create_looping_call(self.tick)
        self.task.start(self.interval, now=False)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.live:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
