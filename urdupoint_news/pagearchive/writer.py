"""Keep every article page a crawl fetches in the page archive (``pagearchive/pages.py``).

``ArchiveFetchedPages`` is an extension: on ``response_received`` it writes the responses to
article requests (those whose callback is the spider's ``parse_article``, whatever their status)
as WARC records and records where they are in ``pages``, in the same transaction as the
pipelines' rows. The archive's WARC bytes are made durable before each commit, so a committed row
never points at bytes a crash could lose.

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

from urdupoint_news.archive.storage import StorageError
from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.extensions.storage import storage_of
from urdupoint_news.crawl.verdict import add_problem
from urdupoint_news.pagearchive import location
from urdupoint_news.pagearchive.pages import FetchedPage, PageWriter, page_row

logger = logging.getLogger(__name__)

STOP_REASON = "warc_write_failed"

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

    def keep(self, page: FetchedPage, *, source: str) -> bool:
        """Archive one page; False when it was not (the archive failed earlier or now)."""
        if self.failed:
            return False
        archive = storage_of(self.crawler).archive
        if not self._hooked:
            archive.before_commit.append(self._sync)
            self._hooked = True
        try:
            location = self.writer.write(page)
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
        self.archiver.keep(fetched_page(response, request), source=spider.name)

    def spider_closed(self, spider: Spider) -> None:
        self.archiver.close()
