"""Spiders that fetch nothing: their pages come from the page archive (``urdupoint_reparse``) or
from WARC files made elsewhere (``urdupoint_import``).

They run like any crawl (``scrapy crawl``, the pipelines, stats, ``crawl_runs``, the health
checks) and hand every stored page to the same ``parse_article`` a fetched page goes through. Each
page counts as a response and as an article request, so ``crawl_runs.pages``, the progress line
and the reject and fallback ratios judge a replay as they judge a crawl. Items carry the page's
fetch time (``ArchivedPageArticle``) so the store dates them by the page, not by the run.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import resource
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import chain, islice
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

from scrapy import Request
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from urdupoint_news.archive.pages import (
    FetchedPage,
    PageArchiveError,
    PageReader,
    StoredPage,
    article_edition,
    is_archived,
    iso_utc,
    payload_digest,
    select_pages,
    stored_headers,
)
from urdupoint_news.archive.schema import open_database
from urdupoint_news.archive.warc_files import WarcProblem, WarcRecord, read_warc
from urdupoint_news.crawl.base import SpiderArgumentError, UrduPointSpider
from urdupoint_news.crawl.extra_layouts import install_layouts
from urdupoint_news.crawl.health import add_problem
from urdupoint_news.crawl.pipelines import archive_for
from urdupoint_news.crawl.warc import page_archiver_for, warc_directory
from urdupoint_news.site.items import ArchivedPageArticle, ArticleItem
from urdupoint_news.site.urls import SITE_URL, canonical_url

logger = logging.getLogger(__name__)

EDITIONS = ("en", "ur")


def stored_response(page: StoredPage) -> Response:
    """The Scrapy response a stored page stands for (the class Scrapy would have picked)."""
    headers = Headers()
    for name, value in page.headers:
        headers.appendlist(name, value)
    response_class = responsetypes.from_args(headers=headers, url=page.url, body=page.body)
    return response_class(
        url=page.url,
        status=page.status,
        headers=headers,
        body=page.body,
        request=Request(page.url),
    )


def split_list(value: str | None) -> list[str]:
    """``-a`` values naming several things: separated by commas, spaces or new lines."""
    return [part for part in (value or "").replace(",", " ").split() if part]


def replay_items(
    spider: UrduPointSpider, page: StoredPage, *, fetched_at: str, reextracted: bool
) -> list[Any]:
    """The items of a stored page, exactly as a crawl gets them from a fetched one."""
    stats = spider.crawler.stats
    stats.inc_value("response_received_count")
    stats.inc_value("urdupoint/article_requests")
    items = []
    for item in spider.parse_article(stored_response(page), listing=spider.name):
        if type(item) is ArticleItem:
            item = ArchivedPageArticle(
                **asdict(item), fetched_at=fetched_at, reextracted=reextracted
            )
        items.append(item)
    return items


class ReplaySpider(UrduPointSpider):
    """Base of the spiders that read stored pages instead of fetching them."""

    def is_article(self, url: str) -> bool:
        return article_edition(url) is not None


# --- reparse ------------------------------------------------------------------------------------
# Extraction is most of a reparse's work and needs nothing from the crawl, so batches of pages are
# read and extracted in worker processes while this process runs the pipelines (the one writer).


class _Counts:
    """Stats of a worker process, added to the crawl's when its batch comes back."""

    def __init__(self) -> None:
        self.values: Counter[str] = Counter()

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] += count


class _PageParser(ReplaySpider):
    """``parse_article`` outside the crawl, for a worker process."""

    name = "urdupoint_reparse"

    def __init__(self) -> None:
        super().__init__()
        self.crawler: Any = SimpleNamespace(stats=_Counts())


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
    cpu: float = 0.0  # seconds of CPU the batch took where it ran


_worker: dict[str, Any] = {}


def _start_worker(layout_paths: list[str]) -> None:
    install_layouts(layout_paths)
    logging.getLogger().addHandler(_worker.setdefault("logs", _CollectLogs()))
    logging.getLogger().setLevel(logging.INFO)


def reparse_batch(directory: str, rows: list[dict[str, Any]]) -> BatchResult:
    """Read and extract archived pages (in a worker process, or in the crawl's own)."""
    if _worker.get("directory") != directory:
        _worker.update(directory=directory, reader=PageReader(directory), parser=_PageParser())
    reader, parser, logs = _worker["reader"], _worker["parser"], _worker.get("logs")
    result, started = BatchResult(), time.process_time()
    for row in rows:
        try:
            page = reader.read(row["file"], row["offset"], row["length"])
        except FileNotFoundError:
            result.missing.append(row)
            continue
        except PageArchiveError as exc:
            result.unreadable.append((row, str(exc)))
            continue
        result.items += replay_items(parser, page, fetched_at=row["fetched_at"], reextracted=True)
    result.stats, parser.crawler.stats.values = parser.crawler.stats.values, Counter()
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

    def __init__(
        self,
        *args: Any,
        fetched_since: str | None = None,
        edition: str | None = None,
        urls: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        try:
            self.fetched_since = date.fromisoformat(fetched_since) if fetched_since else None
        except ValueError:
            raise SpiderArgumentError(
                f"fetched_since must be a date like 2025-09-01, got {fetched_since!r}"
            ) from None
        if edition and edition not in EDITIONS:
            raise SpiderArgumentError(f"edition must be en or ur, got {edition!r}")
        self.edition = edition or None
        self.urls = [canonical_url(url) for url in split_list(urls)]
        self.missing: Counter[str] = Counter()
        self.selected = self.read = 0
        self.batch_cpu = 0.0

    async def start(self) -> AsyncIterator[Any]:
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
        first = list(islice(work, 2))
        if workers < 1 or len(first) < 2:
            for batch in chain(first, work):
                yield reparse_batch(directory, batch)
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
                pending.append(pool.submit(reparse_batch, directory, batch))
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
            stats.inc_value("urdupoint/pages_unreadable")
            logger.error("Archived page %s cannot be read: %s", row["url"], error)
        self.batch_cpu += result.cpu
        read = result.stats["response_received_count"]
        self.read += read
        self.selected += read + len(result.missing) + len(result.unreadable)
        return result.items

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
            stats.set_value("urdupoint/pages_missing", sum(self.missing.values()))
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


def site_url(uri: str) -> str | None:
    """The crawl's spelling of a URL of the site (``http://``, the bare domain and query strings
    included, see ``canonical_url``); None for another site."""
    url = canonical_url(uri)
    return url if url.startswith(SITE_URL + "/") else None


IMPORT_COUNTS = {
    "taken": "UrduPoint article pages taken",
    "not_200": "UrduPoint article responses not 200",
    "revisits": "revisit records",
    "not_articles": "other UrduPoint pages",
    "other_sites": "other sites",
    "other_records": "records of other types",
    "problems": "problems",
}


class ImportSpider(ReplaySpider):
    """Take the UrduPoint article responses out of WARC files made elsewhere (``files``: paths,
    comma separated) into the pipelines and the page archive, dated by their WARC-Date."""

    argument_names: ClassVar[tuple[str, ...]] = ("files",)
    yield_every = 1000  # records; lets the reactor breathe while long runs of other sites pass

    def __init__(self, *args: Any, files: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.files = split_list(files)
        if not self.files:
            raise SpiderArgumentError("files must name at least one WARC file")

    async def start(self) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        archiver = page_archiver_for(self.crawler)
        if archiver is None:
            logger.warning(
                "The page archive is off (URDUPOINT_WARC_DIR is empty): imported pages are "
                "extracted but not kept"
            )
        total = Counter[str]()
        for path in self.files:
            counts = Counter[str]()
            wanted = lambda uri: bool((url := site_url(uri)) and article_edition(url))  # noqa: E731
            for number, event in enumerate(read_warc(path, wanted), 1):
                if number % self.yield_every == 0:
                    await asyncio.sleep(0)
                if isinstance(event, WarcProblem):
                    counts["problems"] += 1
                    logger.error("%s", event)
                    add_problem(stats, str(event))
                    continue
                kind = self.classify(event)
                counts[kind] += 1
                stats.inc_value(f"urdupoint/import/{kind}")
                if kind != "taken":
                    continue
                page = self.imported_page(event)
                fetched_at = iso_utc(page.fetched_at)
                if archiver is not None and not is_archived(
                    archive_for(self.crawler).db, page.url, fetched_at, payload_digest(page.body)
                ):
                    archiver.keep(page, source=f"import:{Path(path).name}")
                stored = StoredPage(
                    url=page.url,
                    status=page.status,
                    headers=stored_headers(page.headers, len(page.body), body_decoded=True),
                    body=page.body,
                )
                for item in replay_items(self, stored, fetched_at=fetched_at, reextracted=False):
                    yield item
            logger.info("%s: %s", path, describe(counts))
            total += counts
        if not total["taken"] and not total["problems"]:
            add_problem(
                stats, f"no UrduPoint article page in the input ({describe(total) or 'empty'})"
            )

    @staticmethod
    def classify(record: WarcRecord) -> str:
        if record.type == "revisit":
            return "revisits"
        if record.type != "response":
            return "other_records"
        url = site_url(record.url or "")
        if url is None:
            return "other_sites"
        if article_edition(url) is None:
            return "not_articles"
        if record.status != 200 or record.body is None:
            return "not_200"
        return "taken"

    @staticmethod
    def imported_page(record: WarcRecord) -> FetchedPage:
        assert record.url and record.body is not None and record.date is not None  # classify()
        return FetchedPage(
            url=site_url(record.url) or record.url,
            fetched_at=record.date,
            status=200,
            reason=record.reason,
            headers=record.headers,
            body=record.body,
            protocol=record.protocol,
            body_decoded=True,
        )


def describe(counts: Counter[str]) -> str:
    return ", ".join(
        f"{counts[key]} {label}" for key, label in IMPORT_COUNTS.items() if counts[key]
    )
