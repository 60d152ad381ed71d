"""``import``: UrduPoint article pages out of WARC files made elsewhere (docs/page-archive.md).

Records are read with pagearchive/warc_files.py; every article response of the site with status 200
goes through ``page_item`` (crawl/page_items.py) and the pipelines, dated by its WARC-Date, and
into the page archive. Everything else is counted by kind and skipped; bad input is a run
problem per file.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, ClassVar

from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.extensions.storage import storage_of
from urdupoint_news.crawl.spider import SpiderArgumentError
from urdupoint_news.crawl.verdict import add_problem
from urdupoint_news.pagearchive.pages import (
    FetchedPage,
    StoredPage,
    article_edition,
    is_archived,
    iso_utc,
    payload_digest,
    stored_headers,
)
from urdupoint_news.pagearchive.replay import ReplaySpider, replay_items
from urdupoint_news.pagearchive.warc_files import WarcProblem, WarcRecord, read_warc
from urdupoint_news.pagearchive.writer import page_archiver_for
from urdupoint_news.site.items import RejectItem
from urdupoint_news.site.urls import SITE_URL, canonical_url

logger = logging.getLogger(__name__)


def site_url(uri: str) -> str | None:
    """The crawl's spelling of a URL of the site (``http://``, the bare domain and query strings
    included, see ``canonical_url``); None for another site."""
    url = canonical_url(uri)
    return url if url.startswith(SITE_URL + "/") else None


IMPORT_COUNTS = {
    "taken": "UrduPoint article pages taken",
    "not_200": "UrduPoint article responses not 200",
    "too_large": "UrduPoint article pages over DOWNLOAD_MAXSIZE",
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
        # Commas only: a path may hold spaces (the command refuses names with a comma).
        self.files = [path.strip() for path in (files or "").split(",") if path.strip()]
        if not self.files:
            raise SpiderArgumentError("files must name at least one WARC file")

    async def start(self) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        stats.set_value(statkeys.PAGES_FROM, "WARC records of article pages")
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
            records = read_warc(path, wanted, max_body=max_body(self.settings))
            for number, event in enumerate(records, 1):
                if number % self.yield_every == 0:
                    await asyncio.sleep(0)
                if isinstance(event, WarcProblem):
                    counts["problems"] += 1
                    logger.error("%s", event)
                    add_problem(stats, str(event))
                    continue
                kind = self.classify(event)
                counts[kind] += 1
                stats.inc_value(statkeys.imported(kind))
                if kind == "too_large":
                    # The crawl's cap, on the decoded size: rejected as a crawl rejects it, and
                    # never written to the page archive.
                    stats.inc_value("response_received_count")  # read, as a crawl's page
                    stats.inc_value(statkeys.ARTICLE_REQUESTS)
                    stats.inc_value(statkeys.TOO_LARGE)
                    url = site_url(event.url or "") or event.url or ""
                    yield RejectItem(url, "too_large", f"{event.too_large}, in {Path(path).name}")
                    continue
                if kind != "taken":
                    continue
                page = self.imported_page(event)
                fetched_at = iso_utc(page.fetched_at)
                if archiver is not None and not is_archived(
                    storage_of(self.crawler).archive.db,
                    page.url,
                    fetched_at,
                    payload_digest(page.body),
                ):
                    archiver.keep(page, source=f"import:{Path(path).name}")
                stored = StoredPage(
                    url=page.url,
                    status=page.status,
                    headers=stored_headers(page.headers, len(page.body), body_decoded=True),
                    body=page.body,
                )
                for item in replay_items(
                    stored, stats=stats, fetched_at=fetched_at, reextracted=False
                ):
                    yield item
            logger.info("%s: %s", path, describe(counts))
            total += counts
        if not total["taken"] and not total["too_large"] and not total["problems"]:
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
        if record.status == 200 and record.too_large:
            return "too_large"
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


def max_body(settings: Any) -> int | None:
    """The crawl's page size cap (``DOWNLOAD_MAXSIZE``; 0: none), for every way a page comes in."""
    return settings.getint("DOWNLOAD_MAXSIZE") or None


def describe(counts: Counter[str]) -> str:
    return ", ".join(
        f"{counts[key]} {label}" for key, label in IMPORT_COUNTS.items() if counts[key]
    )
