"""Item pipelines, one job each: clean -> validate -> deduplicate -> store.

They share one :class:`~urdupoint_news.archive.storage.Archive` per crawl (see
``archive_for``), so all writes of a run go through one connection and are committed in batches.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, NoReturn
from weakref import WeakKeyDictionary

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from urdupoint_news.archive.coverage import CoverageCounter
from urdupoint_news.archive.neardup import NearDuplicateIndex
from urdupoint_news.archive.storage import Archive, utc_now
from urdupoint_news.site.items import (
    REQUIRED_FIELDS,
    ArchivedArticle,
    ArchivedPageArticle,
    Article,
    ArticleItem,
    RejectItem,
)
from urdupoint_news.site.normalize import content_hash
from urdupoint_news.site.text import clean_text

logger = logging.getLogger(__name__)

_archives: WeakKeyDictionary[Crawler, Archive] = WeakKeyDictionary()
_coverage: WeakKeyDictionary[Crawler, CoverageCounter] = WeakKeyDictionary()


def archive_for(crawler: Crawler) -> Archive:
    """The crawl's one archive, opened on first use."""
    if crawler not in _archives:
        settings = crawler.settings
        _archives[crawler] = Archive(
            settings.get("URDUPOINT_DB_PATH"),
            batch_size=settings.getint("URDUPOINT_BATCH_SIZE"),
        )
    return _archives[crawler]


def coverage_for(crawler: Crawler) -> CoverageCounter:
    """The crawl's field coverage, counted as articles are stored (archive/coverage.py); it
    outlives the archive, for the run's record (crawl/extensions.py)."""
    if crawler not in _coverage:
        _coverage[crawler] = CoverageCounter()
    return _coverage[crawler]


def close_archive(crawler: Crawler) -> None:
    archive = _archives.pop(crawler, None)
    if archive is not None:
        archive.close()


class _ArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _ArchivePipeline:
        return cls(crawler)

    @property
    def archive(self) -> Archive:
        return archive_for(self.crawler)


class CleanPipeline:
    """Normalise text (entities, NFC, whitespace) and derive word count and content hash."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        adapter = ItemAdapter(item)
        for name, value in adapter.items():
            if isinstance(value, str):
                adapter[name] = clean_text(value) or None
        if item.category:
            item.category = item.category.lower()
        if item.body:
            item.word_count = len(item.body.split())
            item.content_hash = content_hash(item.body)
        return item


class ValidatePipeline(_ArchivePipeline):
    """A draft without title, date or body goes to ``rejects`` with its reason, then is dropped;
    a complete one goes on as an :class:`Article`."""

    def process_item(self, item: Any) -> Article:
        if isinstance(item, RejectItem):
            self._reject(item.url, item.reason, item.detail)
        missing = [name for name in REQUIRED_FIELDS if not getattr(item, name)]
        if item.article_id is None:
            self._reject(item.url, "not_article", "the page's URL is not an article URL")
        if missing:
            self._reject(
                item.url,
                f"missing_{missing[0]}",
                f"extractor {item.extractor} found no {', '.join(missing)}",
            )
        if not _is_aware_iso(item.published_at):
            self._reject(
                item.url,
                "bad_published_at",
                f"not an ISO 8601 time with offset: {item.published_at!r}",
            )
        if isinstance(item, ArchivedPageArticle):  # a stored page: keeps its fetch time
            return ArchivedArticle.from_draft(item)
        return Article.from_draft(item)

    def _reject(self, url: str, reason: str, detail: str) -> NoReturn:
        self.archive.record_reject(url, reason, detail, seen_at=utc_now())
        self.archive.item_done()
        self.stats.inc_value("urdupoint/rejects")
        self.stats.inc_value(f"urdupoint/rejects/{reason}")
        raise DropItem(f"rejected {url}: {reason} ({detail})")


def _is_aware_iso(value: str | None) -> bool:
    try:
        return datetime.fromisoformat(value or "").tzinfo is not None
    except ValueError:
        return False


def _instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def published_first(item: Article, stored: dict[str, Any]) -> bool:
    """Is ``item`` the canonical copy rather than ``stored``? Earliest wins; ties: lower id."""
    mine, theirs = _instant(item.published_at), _instant(stored["published_at"])
    if mine != theirs:
        return mine < theirs
    return (item.article_id or 0) < (stored["article_id"] or 0)


class DedupPipeline(_ArchivePipeline):
    """Record exact and near copies in ``duplicates`` instead of storing them again.

    The canonical copy is the one published first, whatever order the crawl fetched them in:
    when an earlier original arrives after its copy, the copy is demoted to ``duplicates``.
    """

    def open_spider(self) -> None:
        self.near = NearDuplicateIndex(self.archive.db)
        if self.near.needs_rebuild:  # a new database, or an index scheme that changed
            count = self.near.rebuild()
            logger.info("Rebuilt the near-duplicate index over %d stored articles", count)

    def process_item(self, item: Article) -> Article:
        archive, now = self.archive, utc_now()
        if archive.is_duplicate(item.url):
            archive.item_done()
            self.stats.inc_value("urdupoint/duplicates_seen_again")
            raise DropItem(f"known duplicate {item.url}")
        stored = archive.article(item.url)
        if stored is not None:
            # A re-fetch: keep the index in step with the body the store will write (the
            # signature is computed only then: most re-fetches and reparses change nothing).
            if stored["content_hash"] != item.content_hash:
                self.near.add(item.url, self.near.signature(item.body))
            return item

        signature = self.near.signature(item.body)
        match = self._find_copy(item, signature)
        if match is None:
            self.near.add(item.url, signature)
            return item
        original, kind, similarity = match
        if published_first(item, original):
            if original["url"] in archive.added:
                # stored as new earlier in this run: it ends the run as a duplicate instead
                self.stats.inc_value("urdupoint/articles_new", -1)
            archive.demote(
                original["url"],
                duplicate_of=item.url,
                kind=kind,
                similarity=similarity,
                seen_at=now,
            )
            self.near.remove(original["url"])
            coverage_for(self.crawler).discard(original["url"])
            self.near.add(item.url, signature)
            self.stats.inc_value("urdupoint/duplicates")
            logger.info("%s is the original of %s (%s copy)", item.url, original["url"], kind)
            return item
        archive.record_duplicate(
            item, duplicate_of=original["url"], kind=kind, similarity=similarity, seen_at=now
        )
        archive.item_done()
        self.stats.inc_value("urdupoint/duplicates")
        raise DropItem(f"{kind} duplicate of {original['url']}: {item.url}")

    def _find_copy(self, item: Article, signature: Any) -> tuple[dict[str, Any], str, float] | None:
        exact = self.archive.article_with_hash(item.content_hash, excluding=item.url)
        if exact is not None:
            return exact, "exact", 1.0
        near = self.near.find(signature, exclude=item.url)
        if near is not None:
            url, similarity = near
            stored = self.archive.article(url)
            if stored is not None:
                return stored, "near", similarity
        return None


class StorePipeline(_ArchivePipeline):
    """Upsert articles by URL; writes are committed in batches and at the end of the run."""

    def process_item(self, item: Article) -> Article:
        now = utc_now()
        if isinstance(item, ArchivedArticle) and item.fetched_at:
            # A page from the archive or an imported WARC: dated by its fetch, not by now.
            reextracted_at = now if item.reextracted else None
            outcome = self.archive.store(
                item, seen_at=item.fetched_at, reextracted_at=reextracted_at
            )
        else:
            outcome = self.archive.store(item, seen_at=now)
        self.archive.item_done()
        self.stats.inc_value(f"urdupoint/articles_{outcome}")
        if outcome in ("new", "updated"):  # what the run wrote: its coverage
            coverage_for(self.crawler).add(item)
        return item

    def close_spider(self) -> None:
        close_archive(self.crawler)
