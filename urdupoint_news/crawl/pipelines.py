"""Item pipelines, one job each: clean -> validate -> deduplicate -> store.

They share the run's one archive connection, the ``Storage`` extension
(crawl/extensions/storage.py): writes are committed in batches, counts reach the stats when their
rows are committed, and the first write the database refuses stops the run.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any, NoReturn, TypeVar

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from urdupoint_news.archive.dedup import Placement, Story, group_of, place, story_from_row
from urdupoint_news.archive.neardup import NearDuplicateIndex
from urdupoint_news.archive.storage import (
    ARTICLE_FIELDS,
    GAVE_UP,
    Archive,
    StorageError,
    is_storage_error,
    utc_now,
)
from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.extensions.storage import storage_of
from urdupoint_news.site.items import (
    REQUIRED_FIELDS,
    ArchivedArticle,
    ArchivedPageArticle,
    Article,
    ArticleItem,
    FetchFailure,
    RedirectedArticleItem,
    RejectItem,
)
from urdupoint_news.site.normalize import content_hash, word_count
from urdupoint_news.site.text import clean_text

logger = logging.getLogger(__name__)

_Pipeline = TypeVar("_Pipeline", bound="_ArchivePipeline")


def _stops_at_storage_errors(
    process_item: Callable[[_Pipeline, Any], Any],
) -> Callable[[_Pipeline, Any], Any]:
    """A refused write stops the run; the item (and every later one) is dropped quietly."""

    @functools.wraps(process_item)
    def process(self: _Pipeline, item: Any) -> Any:
        try:
            return process_item(self, item)
        except StorageError as error:
            self.storage.failed(error)
        except sqlite3.Error as error:  # a write outside Archive's own (the near-duplicate index)
            if not is_storage_error(error):
                raise
            self.storage.failed(self.archive.refused(error))
        failure = self.archive.failure
        raise DropItem(f"not stored: {failure}", log_level="DEBUG") from None

    return process


class _ArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.storage = storage_of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _ArchivePipeline:
        return cls(crawler)

    @property
    def archive(self) -> Archive:
        return self.storage.archive


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
            item.word_count = word_count(item.body)
            item.content_hash = content_hash(item.body)
        return item


class ValidatePipeline(_ArchivePipeline):
    """A draft without title, date or body goes to ``rejects`` with its reason, then is dropped;
    a complete one goes on as an :class:`Article`. A page that could not be fetched is
    remembered for later runs (``fetch_failed``, then ``gave_up``)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.fetch_attempts = max(1, crawler.settings.getint("URDUPOINT_FETCH_ATTEMPTS", 3))

    @_stops_at_storage_errors
    def process_item(self, item: Any) -> Article:
        if isinstance(item, FetchFailure):
            self._fetch_failed(item)
        if isinstance(item, RejectItem):
            self._reject(item.url, item.reason, item.detail)
        # Under the link followed (before any redirect): later runs know it and do not ask again.
        link = item.followed if isinstance(item, RedirectedArticleItem) else item.url
        missing = [name for name in REQUIRED_FIELDS if not getattr(item, name)]
        if item.article_id is None:
            self._reject(link, "not_article", "the page's URL is not an article URL")
        if missing:
            self._reject(
                link,
                f"missing_{missing[0]}",
                f"extractor {item.extractor} found no {', '.join(missing)}",
            )
        if not _is_aware_iso(item.published_at):
            self._reject(
                link,
                "bad_published_at",
                f"not an ISO 8601 time with offset: {item.published_at!r}",
            )
        if isinstance(item, ArchivedPageArticle):  # a stored page: keeps its fetch time
            return ArchivedArticle.from_draft(item)
        return Article.from_draft(item)

    def _reject(self, url: str, reason: str, detail: str) -> NoReturn:
        self.storage.reject(url, reason, detail)
        self.archive.item_done()
        raise DropItem(f"rejected {url}: {reason} ({detail})")

    def _fetch_failed(self, item: FetchFailure) -> NoReturn:
        archive = self.archive
        reason, attempts = archive.record_fetch_failure(
            item.url, item.detail, seen_at=utc_now(), max_attempts=self.fetch_attempts
        )
        archive.count(statkeys.FETCH_FAILURES)
        if reason == GAVE_UP:
            archive.count(statkeys.REJECTS)
            archive.count(statkeys.rejects(GAVE_UP))
        archive.item_done()
        if reason == GAVE_UP:
            raise DropItem(f"gave up on {item.url} after {attempts} runs: {item.detail}")
        raise DropItem(f"not fetched {item.url}: {item.detail}; the next run asks again")


def _is_aware_iso(value: str | None) -> bool:
    try:
        return datetime.fromisoformat(value or "").tzinfo is not None
    except ValueError:
        return False


class DedupPipeline(_ArchivePipeline):
    """Record exact and near copies in ``duplicates`` (with their own text) instead of storing
    them again as articles.

    Which story of a group of copies is the original is decided by publication order, never by
    fetch order (archive/dedup.py): a new story is placed together with the stored stories it is
    connected to, and those whose place changed move between ``articles`` and ``duplicates``.
    """

    def open_spider(self) -> None:
        self.near = NearDuplicateIndex(self.archive.db)
        if self.near.needs_rebuild:  # a new database, or an index scheme that changed
            count = self.near.rebuild()
            logger.info("Rebuilt the near-duplicate index over %d stored stories", count)

    @_stops_at_storage_errors
    def process_item(self, item: Article) -> Article:
        archive = self.archive
        seen_at = getattr(item, "fetched_at", None) or utc_now()
        if archive.is_duplicate(item.url):
            archive.count(statkeys.DUPLICATES_SEEN_AGAIN)
            archive.item_done()
            raise DropItem(f"known duplicate {item.url}")
        stored = archive.article(item.url)
        if stored is not None:
            # A re-fetch: keep the index in step with the body the store will write (the
            # signature is computed only then: most re-fetches and reparses change nothing).
            if stored["content_hash"] != item.content_hash:
                self.near.add(item.url, self.near.signature(item.body))
            return item

        story = Story(
            url=item.url,
            article_id=item.article_id,
            published_at=item.published_at,
            content_hash=item.content_hash,
            signature=self.near.signature(item.body),
            body=item.body,
        )
        group = group_of(story, self.near, self._stored_story, archive.urls_with_hash)
        if not group.complete:
            logger.warning(
                "%s: more than %d stories share its text; only those were compared", item.url,
                len(group.stories),
            )  # fmt: skip
        placements = place(group.stories.values(), self.near.threshold)
        for other in sorted(group.stories.values(), key=lambda s: s.order):
            if other is not story:
                self._move(other, placements[other.url], seen_at)
        self.near.add(item.url, story.signature)
        mine = placements[item.url]
        if mine.original:
            return item
        assert mine.duplicate_of and mine.kind and mine.similarity is not None
        archive.record_duplicate(
            item,
            duplicate_of=mine.duplicate_of,
            kind=mine.kind,
            similarity=mine.similarity,
            seen_at=seen_at,
        )
        archive.count(statkeys.DUPLICATES)
        archive.item_done()
        raise DropItem(f"{mine.kind} duplicate of {mine.duplicate_of}: {item.url}")

    def _stored_story(self, url: str) -> Story | None:
        row = self.archive.article(url)
        table = "articles"
        if row is None:
            row, table = self.archive.stored_duplicate(url), "duplicates"
        if row is None or row["body"] is None:
            return None
        return story_from_row(row, table, self.near.signature_of(url))

    def _move(self, story: Story, placement: Placement, seen_at: str) -> None:
        """Put a stored story in its new place, if that changed."""
        archive = self.archive
        if placement.same_as(story.placement):
            return
        if placement.original:
            was_new = story.url in archive.added_duplicates
            archive.promote(story.url)
            if was_new:  # recorded as a copy earlier in this run: it ends the run as new
                archive.count(statkeys.DUPLICATES, -1)
                archive.count(statkeys.ARTICLES_NEW)
                promoted = archive.article(story.url)
                if promoted is not None:  # what the run wrote: its coverage
                    values = {name: promoted[name] for name in ARTICLE_FIELDS}
                    self.storage.coverage.add(Article(**values))
            archive.count(statkeys.PROMOTED)
            logger.info("%s is an original again (its original is itself a copy)", story.url)
            return
        assert placement.duplicate_of and placement.kind and placement.similarity is not None
        if story.table == "articles":
            if story.url in archive.added:  # stored as new earlier in this run
                archive.count(statkeys.ARTICLES_NEW, -1)
            archive.demote(
                story.url,
                duplicate_of=placement.duplicate_of,
                kind=placement.kind,
                similarity=placement.similarity,
                seen_at=seen_at,
            )
            self.storage.coverage.discard(story.url)
            archive.count(statkeys.DUPLICATES)
            logger.info(
                "%s is a %s copy of %s, published earlier", story.url, placement.kind,
                placement.duplicate_of,
            )  # fmt: skip
            return
        archive.repoint(
            story.url,
            duplicate_of=placement.duplicate_of,
            kind=placement.kind,
            similarity=placement.similarity,
        )


class StorePipeline(_ArchivePipeline):
    """Upsert articles by URL; writes are committed in batches and at the end of the run."""

    @_stops_at_storage_errors
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
            # Which discovery source led to it (listing spiders: a listing, the daily sitemap).
            source_of = getattr(self.crawler.spider, "found_by_of", None)
            if source_of is not None and (source := source_of(item.url)) is not None:
                self.archive.found_by(item.url, source)
        self.archive.count(statkeys.articles(outcome))
        self.archive.item_done()
        if outcome in ("new", "updated"):  # what the run wrote: its coverage
            self.storage.coverage.add(item)
        return item

    def close_spider(self) -> None:
        self.storage.close()
