"""``reparse``: archived pages extracted again with today's parsers (docs/page-archive.md).

Extraction is most of a reparse's work and needs nothing from the crawl, so batches of pages are
read and extracted in worker processes while the crawl's own process runs the pipelines (the one
writer of the database).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import resource
import signal
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, ClassVar

from urdupoint_news.archive.schema import open_database
from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.extensions.extra_layouts import install_layouts
from urdupoint_news.crawl.spider import SpiderArgumentError, parse_day
from urdupoint_news.crawl.verdict import add_problem
from urdupoint_news.pagearchive.importing import max_body
from urdupoint_news.pagearchive.pages import (
    PageArchiveError,
    PageReader,
    PageTooLarge,
    select_pages,
)
from urdupoint_news.pagearchive.replay import ReplaySpider, replay_items, split_list
from urdupoint_news.pagearchive.writer import warc_directory
from urdupoint_news.site.items import RejectItem
from urdupoint_news.site.urls import canonical_url

logger = logging.getLogger(__name__)

EDITIONS = ("en", "ur")


class _Counts:
    """Stats of a worker process, added to the crawl's when its batch comes back."""

    def __init__(self) -> None:
        self.values: Counter[str] = Counter()

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] += count


class _CollectLogs(logging.Handler):
    """A worker's log records, to be logged again by the crawl (in its format, to its file)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
        self.records.append((record.name, record.levelno, message))


@dataclass
class BatchResult:
    items: list[Any] = field(default_factory=list)
    stats: Counter[str] = field(default_factory=Counter)
    logs: list[tuple[str, int, str]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)  # rows whose file is gone
    unreadable: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    too_large: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    cpu: float = 0.0  # seconds of CPU the batch took where it ran


_worker: dict[str, Any] = {}


def _start_worker(layout_paths: list[str]) -> None:
    # Ctrl-C reaches the whole process group: the crawl shuts down and ends its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    install_layouts(layout_paths)
    logging.getLogger().addHandler(_worker.setdefault("logs", _CollectLogs()))
    logging.getLogger().setLevel(logging.INFO)


def reparse_batch(
    directory: str, rows: list[dict[str, Any]], max_body: int | None = None
) -> BatchResult:
    """Read and extract archived pages (in a worker process, or in the crawl's own)."""
    if _worker.get("directory") != directory:
        _worker.update(directory=directory, reader=PageReader(directory), stats=_Counts())
    reader, stats, logs = _worker["reader"], _worker["stats"], _worker.get("logs")
    result, started = BatchResult(), time.process_time()
    for row in rows:
        try:
            page = reader.read(row["file"], row["offset"], row["length"], max_body=max_body)
        except PageTooLarge as exc:
            result.too_large.append((row, str(exc)))
            continue
        except FileNotFoundError:
            result.missing.append(row)
            continue
        except PageArchiveError as exc:
            result.unreadable.append((row, str(exc)))
            continue
        result.items += replay_items(
            page, stats=stats, fetched_at=row["fetched_at"], reextracted=True
        )
    result.stats, stats.values = stats.values, Counter()
    result.cpu = time.process_time() - started
    if logs is not None:
        result.logs, logs.records = logs.records, []
    return result


def batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class ReparseSpider(ReplaySpider):
    """Re-extract archived pages with today's parsers: the newest 200 page of every URL that
    matches (``fetched_since``: pages fetched on or after that day, UTC; ``edition``; ``urls``).
    A page whose WARC file is missing is named and skipped.

    ``URDUPOINT_REPARSE_WORKERS`` processes read and extract batches of
    ``URDUPOINT_REPARSE_BATCH`` pages (default: one per CPU; 0: none, all in the crawl's process,
    as for a selection of fewer than two batches).
    """

    argument_names: ClassVar[tuple[str, ...]] = ("fetched_since", "edition", "urls")
    writes_pages: ClassVar[bool] = False  # reads the page archive, writes nothing there

    def __init__(
        self,
        *args: Any,
        fetched_since: str | None = None,
        edition: str | None = None,
        urls: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fetched_since = parse_day("fetched_since", fetched_since, "2025-09-01")
        if edition and edition not in EDITIONS:
            raise SpiderArgumentError(f"edition must be en or ur, got {edition!r}")
        self.edition = edition or None
        self.urls = [canonical_url(url) for url in split_list(urls)]
        self.missing: Counter[str] = Counter()
        self.selected = self.read = self.unreadable = 0
        self.batch_cpu = 0.0

    async def start(self) -> AsyncIterator[Any]:
        self.crawler.stats.set_value(statkeys.PAGES_FROM, "archived pages")
        directory = warc_directory(self.settings)
        if directory is None:
            add_problem(self.crawler.stats, "the page archive is off (URDUPOINT_WARC_DIR is empty)")
            return
        db = open_database(self.settings.get("URDUPOINT_DB_PATH"), create=False)
        try:
            rows = select_pages(db, since=self.fetched_since, edition=self.edition, urls=self.urls)
            size = max(1, self.settings.getint("URDUPOINT_REPARSE_BATCH"))
            async for result in self._results(str(directory), batches(rows, size)):
                for item in self._take(result, directory):
                    yield item
        finally:
            db.close()
        self._finish()

    async def _results(
        self, directory: str, work: Iterator[list[dict[str, Any]]]
    ) -> AsyncIterator[BatchResult]:
        workers = self.settings.getint("URDUPOINT_REPARSE_WORKERS")
        cap = max_body(self.settings)
        first = list(islice(work, 2))
        if workers < 1 or len(first) < 2:
            for batch in chain(first, work):
                yield reparse_batch(directory, batch, cap)
            return
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.settings.getlist("URDUPOINT_EXTRA_LAYOUTS"),),
        )
        try:
            pending: deque[Future[BatchResult]] = deque()
            for batch in chain(first, work):
                pending.append(pool.submit(reparse_batch, directory, batch, cap))
                if len(pending) >= workers * 2:
                    yield await asyncio.wrap_future(pending.popleft())
            while pending:
                yield await asyncio.wrap_future(pending.popleft())
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _take(self, result: BatchResult, directory: Path) -> list[Any]:
        stats = self.crawler.stats
        for key, count in result.stats.items():
            stats.inc_value(key, count)
        for name, level, message in result.logs:
            logging.getLogger(name).log(level, "%s", message)
        for row in result.missing:
            if not self.missing[row["file"]]:
                logger.warning(
                    "WARC file %s is missing: its archived pages are skipped (first: %s)",
                    directory / row["file"],
                    row["url"],
                )
            self.missing[row["file"]] += 1
        for row, error in result.unreadable:
            stats.inc_value(statkeys.PAGES_UNREADABLE)
            logger.error("Archived page %s cannot be read: %s", row["url"], error)
        rejects: list[Any] = []
        for row, why in result.too_large:
            # The crawl's cap holds for pages that come back from the archive too.
            stats.inc_value("response_received_count")  # read, as a crawl's page
            stats.inc_value(statkeys.ARTICLE_REQUESTS)
            stats.inc_value(statkeys.TOO_LARGE)
            rejects.append(RejectItem(row["url"], "too_large", f"archived page {why}"))
        self.batch_cpu += result.cpu
        read = result.stats["response_received_count"]
        self.read += read + len(result.too_large)
        self.selected += read + len(result.missing) + len(result.unreadable) + len(result.too_large)
        self.unreadable += len(result.unreadable)
        return [*result.items, *rejects]

    def _finish(self) -> None:
        stats = self.crawler.stats
        usage = resource.getrusage(resource.RUSAGE_SELF)
        logger.info(
            "Reparse read %d of %d pages: reading and extraction took %.1f s of CPU, "
            "this process %.1f s in all",
            self.read,
            self.selected,
            self.batch_cpu,
            usage.ru_utime + usage.ru_stime,
        )
        if self.missing:
            stats.set_value(statkeys.PAGES_MISSING, sum(self.missing.values()))
            logger.warning(
                "%d archived pages skipped because their WARC files are missing: %s",
                sum(self.missing.values()),
                ", ".join(sorted(self.missing)),
            )
        if not self.selected:
            add_problem(stats, "no archived page matches")
        elif not self.read:
            add_problem(
                stats, f"none of the {self.selected} archived pages that match could be read"
            )
        else:
            # A share of the input that could not be read is a failed run past a threshold:
            # cron hears of 389 unreadable pages of 2,007, not of one lost file in a thousand.
            lost = self.selected - self.read
            limit = self.settings.getfloat("URDUPOINT_MAX_UNREADABLE_RATIO")
            if lost / self.selected > limit:
                missing = sum(self.missing.values())
                add_problem(
                    stats,
                    f"{lost} of {self.selected} archived pages could not be read ({missing} in "
                    f"missing WARC files, {self.unreadable} unreadable), more than "
                    f"URDUPOINT_MAX_UNREADABLE_RATIO ({limit:g})",
                )
