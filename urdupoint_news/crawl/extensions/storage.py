"""The run's one connection to the archive, as a Scrapy extension (``Storage``).

Spiders, pipelines and the other extensions find it with ``storage_of(crawler)``
(``crawler.get_extension``), so all writes of a run go through one connection and are committed
in batches (archive/transactions.py). What they count (``urdupoint/articles_new``...) reaches
the run's stats only when the rows are committed. The first write the database refuses stops the
run (``failed``): one line says why, the spider is closed, and items still on their way are
dropped without a word each.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from urdupoint_news.archive.coverage import CoverageCounter
from urdupoint_news.archive.storage import Archive, StorageError, utc_now
from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.verdict import add_problem

logger = logging.getLogger(__name__)

STORAGE_STOP_REASON = "storage_failed"  # crawl_runs.finish_reason of a run the database stopped


class Storage:
    """The crawl's archive (opened on first use) and the field coverage of what it stored."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._archive: Archive | None = None
        # Counted as articles are stored (archive/coverage.py); it outlives the archive, for the
        # run's record (crawl/extensions/run_recorder.py).
        self.coverage = CoverageCounter()
        self._closing: Any = None  # the engine's close after a refused write, kept referenced

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Storage:
        return cls(crawler)

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            settings = self.crawler.settings
            archive = Archive(
                settings.get("URDUPOINT_DB_PATH"),
                batch_size=settings.getint("URDUPOINT_BATCH_SIZE"),
            )
            archive.after_commit.append(self._committed)
            self._archive = archive
        return self._archive

    def _committed(self, counts: Counter[str]) -> None:
        for key, amount in counts.items():
            self.crawler.stats.inc_value(key, amount)

    def reject(self, url: str, reason: str, detail: str) -> None:
        """Record that ``url`` cannot become an article, and count it with the rows; raises
        StorageError when the database refuses."""
        archive = self.archive
        archive.record_reject(url, reason, detail, seen_at=utc_now())
        archive.count(statkeys.REJECTS)
        archive.count(statkeys.rejects(reason))

    def guarded(self, write: Callable[[Archive], None]) -> None:
        """A write outside the pipelines (the spiders' listings, their rejects): a refused one
        stops the run like one of the pipelines'."""
        try:
            write(self.archive)
        except StorageError as error:
            self.failed(error)

    def failed(self, error: StorageError) -> None:
        """The database refused a write: the run fails with one line, and stops (the first
        time)."""
        stats = self.crawler.stats
        if stats.get_value(statkeys.STORAGE_FAILED):
            return
        stats.set_value(statkeys.STORAGE_FAILED, str(error))
        logger.error("%s; stopping the crawl", error)
        add_problem(stats, str(error))
        if self.crawler.crawling and self.crawler.engine.spider is not None:
            self._closing = deferred_from_coro(
                self.crawler.engine.close_spider_async(reason=STORAGE_STOP_REASON)
            )

    def close(self) -> None:
        """Commit what is pending and close the archive (the pipelines' last step)."""
        archive, self._archive = self._archive, None
        if archive is None:
            return
        try:
            archive.close()
        except StorageError as error:
            self.failed(error)


def storage_of(crawler: Crawler) -> Storage:
    """The run's ``Storage`` (enabled in ``EXTENSIONS``)."""
    storage = crawler.get_extension(Storage)
    if storage is None:
        raise RuntimeError("the Storage extension is not enabled (EXTENSIONS, settings.py)")
    return storage
