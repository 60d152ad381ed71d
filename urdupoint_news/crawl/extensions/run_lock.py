"""The run lock and the database check, both taken while the crawler is built."""

from __future__ import annotations

import logging
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from urdupoint_news.archive.access import check_writable
from urdupoint_news.crawl.lock import RunLock

logger = logging.getLogger(__name__)

# The lock each crawler took, for the database check to give back when it refuses the run.
_locks: WeakKeyDictionary[Crawler, RunLock] = WeakKeyDictionary()


class RunLockExtension:
    """Refuse to start a second crawl on the same database (``URDUPOINT_LOCK_ENABLED``).

    ``urdupoint-news crawl`` holds the lock itself for all its spiders and turns this off for
    the crawls it starts; a bare ``scrapy crawl`` (Scrapyd, ad hoc) takes it here.
    """

    def __init__(self, db_path: str) -> None:
        self.lock = RunLock(db_path)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLockExtension:
        if not crawler.settings.getbool("URDUPOINT_LOCK_ENABLED", True):
            raise NotConfigured
        ext = cls(crawler.settings.get("URDUPOINT_DB_PATH"))
        # Taken while the crawler is built, before any page is fetched or row written.
        ext.lock.acquire()
        _locks[crawler] = ext.lock
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def engine_stopped(self) -> None:
        self.lock.release()


class DatabaseCheck:
    """Open the database once while the crawler is built, after the lock and before anything is
    fetched: a directory, a file that is not SQLite, a damaged or truncated one, a read-only
    directory or disk stop the run there, with one line (archive/access.py)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatabaseCheck:
        try:
            check_writable(crawler.settings.get("URDUPOINT_DB_PATH"))
        except Exception:
            lock = _locks.pop(crawler, None)
            if lock is not None:
                lock.abandon()  # a refused run leaves no lock file it made
            raise
        return cls()
