"""Keep every article page a crawl fetches in the page archive (``pagearchive/pages.py``).

``ArchiveFetchedPages`` is an extension: on ``response_received`` it writes the responses to
article requests (those whose callback is the spider's ``parse_article``, whatever their status)
as WARC records and records where they are in ``pages``, in the same transaction as the
pipelines' rows. The archive's WARC bytes are made durable before each commit, so a committed row
never points at bytes a crash could lose.

A crawl's pages are compressed on a thread of their own (``keep_soon``): zlib releases the GIL
while it deflates, so an 80 KB page's 1.5-2 ms of gzip no longer holds up the reactor. The reactor
thread still makes each record (warcio, a fraction of a millisecond), appends the compressed
records to the file in the order the pages came, and writes their ``pages`` rows; it takes each
page's compressed records as soon as they are ready, and waits for all of them before every
commit, so the rule above holds: every row the commit writes points at bytes appended and
``fsync``ed before it. A crawl killed meanwhile loses only records whose rows were never
committed, as before.

When the disk refuses a record, the partial record is cut off the file, no row is written, one
line says what happened, and the spider is closed (``warc_write_failed``): the run is failed and
what was stored before is committed as usual. Pages already downloaded are still stored, but
without a copy in the archive (``crawl -a refresh=true`` fetches them again).

Settings (docs/page-archive.md): ``URDUPOINT_WARC_DIR`` (unset: ``<name>.warc/`` next to the
database, pagearchive/location.py; empty: off; the environment variable of the same name sets it
for every run) and
``URDUPOINT_WARC_MAX_BYTES`` (size at which files rotate).
"""

from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import deferred_from_coro

from urdupoint_news.archive.storage import Archive, StorageError
from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.extensions.storage import storage_of
from urdupoint_news.crawl.verdict import add_problem
from urdupoint_news.pagearchive import location
from urdupoint_news.pagearchive.pages import (
    CompressedRecords,
    FetchedPage,
    PageRecords,
    PageWriter,
    compress_records,
    page_row,
)

logger = logging.getLogger(__name__)

STOP_REASON = "warc_write_failed"
# Pages whose records may wait for the compressing thread before the reactor waits for the
# oldest: a bound on the memory they hold (a batch of 50 articles at most, usually a few).
MAX_PENDING = 64
# Records smaller than this are compressed on the reactor's thread when none is pending: handing
# a page to the thread and back costs the reactor about as much as deflating 30 KB (a
# template-size page of 11 KiB deflates in 0.2 ms; an 80 KB page in 1.7 ms, docs/performance.md).
THREAD_FROM_BYTES = 32 * 1024

_archivers: WeakKeyDictionary[Crawler, PageArchiver | None] = WeakKeyDictionary()


def warc_directory(settings: BaseSettings) -> Path | None:
    """Where the crawl's WARC files go; None when the page archive is off."""
    return location.warc_directory(settings)


def page_archiver_for(crawler: Crawler) -> PageArchiver | None:
    """The crawl's one page archiver (None when the archive is off), created on first use."""
    if crawler not in _archivers:
        directory = warc_directory(crawler.settings)
        _archivers[crawler] = PageArchiver(crawler, directory) if directory else None
    return _archivers[crawler]


@dataclass
class _Pending:
    """A page whose records are being compressed, and where its row goes."""

    compressed: Future[CompressedRecords]
    page: FetchedPage
    records: PageRecords
    source: str
    archive: Archive  # the archive of the moment it was kept: its next commit waits for it


class PageArchiver:
    """Writes pages to the WARC files and their rows to ``pages``; stops the crawl on failure."""

    def __init__(self, crawler: Crawler, directory: Path) -> None:
        self.crawler = crawler
        self.directory = directory
        self.writer = PageWriter(
            directory, max_bytes=crawler.settings.getint("URDUPOINT_WARC_MAX_BYTES")
        )
        self.failed = False
        self._hooked = False
        self._closing: Any = None
        self._pending: deque[_Pending] = deque()
        self._compressor: ThreadPoolExecutor | None = None

    def _archive(self) -> Archive:
        archive = storage_of(self.crawler).archive
        if not self._hooked:
            archive.before_commit.append(self._sync)
            self._hooked = True
        return archive

    def keep(self, page: FetchedPage, *, source: str) -> bool:
        """Archive one page now; False when it was not (the archive failed earlier or now)."""
        self._drain(wait=True)  # pages kept earlier go first
        if self.failed:
            return False
        archive = self._archive()
        records = self.writer.records(page)
        return self._store(page, records, compress_records(records), source, archive)

    def keep_soon(self, page: FetchedPage, *, source: str) -> None:
        """Archive one page, its records compressed on the compressing thread: appended and
        given its row by this thread, in order, when ready and at the latest before the
        archive's next commit (the module's notes)."""
        if self.failed:
            return
        archive = self._archive()
        records = self.writer.records(page)
        if not self._pending and len(records.response) + len(records.request) < THREAD_FROM_BYTES:
            self._store(page, records, compress_records(records), source, archive)
            return
        if self._compressor is None:
            # One thread: records are ready in the order they were handed over, and the crawl
            # takes at most one more core than the reactor's.
            self._compressor = ThreadPoolExecutor(1, thread_name_prefix="urdupoint-warc")
        compressed = self._compressor.submit(compress_records, records)
        self._pending.append(_Pending(compressed, page, records, source, archive))
        self._drain(wait=len(self._pending) > MAX_PENDING)

    def _drain(self, *, wait: bool, in_commit: bool = False) -> None:
        """Append and record the pending pages whose records are ready, oldest first (every
        one when ``wait``); none once the archive has failed. ``in_commit``: a row the database
        refuses refuses the commit that is waiting for it (StorageError), as a refused row of
        the commit's own would."""
        while self._pending and (wait or self._pending[0].compressed.done()):
            entry = self._pending.popleft()
            compressed = entry.compressed.result()
            if self.failed:
                continue
            stored = self._store(entry.page, entry.records, compressed, entry.source, entry.archive)
            if not stored and in_commit and entry.archive.failure is not None:
                raise entry.archive.failure

    def _store(
        self,
        page: FetchedPage,
        records: PageRecords,
        compressed: CompressedRecords,
        source: str,
        archive: Archive,
    ) -> bool:
        try:
            location = self.writer.append(records, compressed)
        except OSError as exc:
            self._fail(exc)
            return False
        try:
            archive.record_page(page_row(page, location, source=source))
        except StorageError as error:  # the database, not the WARC file, refused the write
            storage_of(self.crawler).failed(error)
            return False
        self.crawler.stats.inc_value(statkeys.PAGES_ARCHIVED)
        return True

    def _sync(self) -> None:
        """Before each commit: every page kept so far appended with its row, then the file
        made durable."""
        self._drain(wait=True, in_commit=True)
        try:
            self.writer.sync()
        except OSError as exc:
            self._fail(exc)

    def _fail(self, exc: OSError) -> None:
        if self.failed:
            return
        self.failed = True
        where = self.directory / self.writer.file if self.writer.file else self.directory
        problem = f"could not write the page archive {where}: {exc.strerror or exc}"
        logger.error("%s; stopping the crawl", problem)
        add_problem(self.crawler.stats, problem)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            self._closing = deferred_from_coro(engine.close_spider_async(reason=STOP_REASON))

    def close(self) -> None:
        # The database's last commit took every page kept before it; one still pending came
        # after a refused write, so no row of it can be committed. Its records are appended all
        # the same, as a page whose row the database refused always was.
        while self._pending:
            entry = self._pending.popleft()
            compressed = entry.compressed.result()
            if not self.failed:
                try:
                    self.writer.append(entry.records, compressed)
                except OSError as exc:
                    self._fail(exc)
        if self._compressor is not None:
            self._compressor.shutdown(wait=True)
            self._compressor = None
        try:
            self.writer.close()
        except OSError as exc:
            self._fail(exc)


def _header_pairs(headers: Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("utf-8", "replace"))
        for name, values in headers.items()
        for value in values
    ]


def fetched_page(response: Response, request: Request) -> FetchedPage:
    """The exchange as Scrapy saw it: the response after its middlewares (decompressed, after
    redirects) and the request with the headers they added."""
    request_headers = _header_pairs(request.headers)
    if not any(name.lower() == "host" for name, _ in request_headers):
        request_headers.insert(0, ("Host", urlsplit(request.url).netloc))
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    return FetchedPage(
        url=response.url,
        fetched_at=datetime.now(UTC),
        status=response.status,
        reason=reason,
        headers=_header_pairs(response.headers),
        body=response.body,
        protocol=response.protocol or "HTTP/1.1",
        request_headers=request_headers,
        method=request.method,
        ip_address=str(response.ip_address) if response.ip_address else None,
    )


class ArchiveFetchedPages:
    """The extension: article responses go to the page archive (``URDUPOINT_WARC_DIR``)."""

    def __init__(self, archiver: PageArchiver) -> None:
        self.archiver = archiver

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveFetchedPages:
        archiver = page_archiver_for(crawler)
        if archiver is None:
            raise NotConfigured
        ext = cls(archiver)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        parse_article = getattr(spider, "parse_article", None)
        if parse_article is None or request.callback != parse_article:
            return
        if "cached" in response.flags:  # HTTPCACHE_ENABLED: not a fetch
            return
        self.archiver.keep_soon(fetched_page(response, request), source=spider.name)

    def spider_closed(self, spider: Spider) -> None:
        self.archiver.close()
