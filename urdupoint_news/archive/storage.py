"""The archive the pipelines write: one SQLite file, written in batched transactions.

Every write of a crawl goes through one connection inside an open transaction that is committed
every ``batch_size`` items and at the end of the run. Reads on the same connection see the
uncommitted rows, so deduplication works within a batch; readers on other connections (the CLI,
Datasette) see whole batches only, thanks to WAL. A run killed mid-way loses at most its open
batch, and since the database is the crawl's memory the next run fetches those pages again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from urdupoint_news.archive.schema import open_database
from urdupoint_news.site.items import Article

logger = logging.getLogger(__name__)

ARTICLE_FIELDS = tuple(f.name for f in fields(Article))  # the columns an Article fills


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# The fields besides title and body that a re-fetch or reparse may correct on its own.
METADATA_FIELDS = (
    "category", "summary", "author", "published_at", "dateline", "source", "image_url",
    "edition", "extractor",
)  # fmt: skip


class Archive:
    """Batched, transactional access to the articles, duplicates, rejects and versions tables."""

    def __init__(self, path: str | Path, *, batch_size: int = 50) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.db: Database = open_database(self.path)
        self.batch_size = max(1, batch_size)
        self._pending = 0
        # Called before every commit: the page archive makes its WARC bytes durable first, so
        # no committed ``pages`` row points at bytes a crash could lose.
        self.before_commit: list[Callable[[], None]] = []
        # Articles inserted by this run (a copy found later demotes one: the run's counts move).
        self.added: set[str] = set()

    # --- transactions -------------------------------------------------------------------
    def _write(self) -> Database:
        if not self.db.conn.in_transaction:
            self.db.begin()
        return self.db

    def item_done(self) -> None:
        """Count one processed item; commit when the batch is full."""
        self._pending += 1
        if self._pending >= self.batch_size:
            self.commit()

    def commit(self) -> None:
        for hook in self.before_commit:
            hook()
        self.db.commit()
        self._pending = 0

    def close(self) -> None:
        self.commit()
        self.db.close()

    # --- reads --------------------------------------------------------------------------
    def article(self, url: str) -> dict[str, Any] | None:
        # Plain SQL: Table.get() looks the table's schema up on every call, and this runs twice
        # per item (reparse reads thousands of pages a second).
        cursor = self.db.execute("select * from articles where url = ?", [url])
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None

    def is_known(self, url: str) -> bool:
        """Stored as an article, or recorded as a duplicate or a reject: not worth fetching
        again unless the run is a refresh."""
        return bool(
            self.db.execute(
                "select 1 from articles where url = ? union all "
                "select 1 from duplicates where url = ? union all "
                "select 1 from rejects where url = ? limit 1",
                [url, url, url],
            ).fetchone()
        )

    def is_duplicate(self, url: str) -> bool:
        return bool(self.db.execute("select 1 from duplicates where url = ?", [url]).fetchone())

    def published_at(self, url: str) -> str | None:
        row = self.db.execute("select published_at from articles where url = ?", [url]).fetchone()
        return row[0] if row else None

    def article_with_hash(self, content_hash: str, *, excluding: str) -> dict[str, Any] | None:
        rows = self.db.table("articles").rows_where(
            "content_hash = ? and url != ?", [content_hash, excluding], limit=1
        )
        return next(iter(rows), None)

    # --- writes -------------------------------------------------------------------------
    def store(self, item: Article, *, seen_at: str, reextracted_at: str | None = None) -> str:
        """Insert or update one article; returns ``new``, ``updated`` or ``unchanged``.

        ``seen_at`` is when the page was fetched: now for a crawl, the WARC-Date of an imported
        record. A changed title or body keeps the previous version in ``article_versions``; a
        capture older than the stored one never replaces it (it can only show the story was
        seen earlier). ``reextracted_at`` marks a stored page extracted again (``reparse``): no
        new sighting, so ``last_seen_at`` stays, and a changed text is superseded at that time.
        """
        db = self._write()
        articles = db.table("articles")
        row = {name: getattr(item, name) for name in ARTICLE_FIELDS}
        previous = self.article(item.url)
        db.execute("delete from rejects where url = ?", [item.url])
        if previous is None:
            row.update(first_seen_at=seen_at, last_seen_at=seen_at)
            articles.insert(row, pk="url")
            self.added.add(item.url)
            return "new"
        if reextracted_at is None and seen_at < (previous["last_seen_at"] or ""):
            if seen_at < (previous["first_seen_at"] or seen_at):
                articles.update(item.url, {"first_seen_at": seen_at})
            return "unchanged"
        if previous["content_hash"] == item.content_hash and previous["title"] == item.title:
            # The text is the same; a corrected byline, section, image or date (or a parser
            # that now reads them) still reaches the row, without a text version.
            changed = {
                name: row[name]
                for name in METADATA_FIELDS
                if row[name] is not None and row[name] != previous[name]
            }
            if reextracted_at is None:
                changed["last_seen_at"] = seen_at
            if changed:
                articles.update(item.url, changed)
            return "updated" if set(changed) - {"last_seen_at"} else "unchanged"
        db.table("article_versions").insert(
            {
                "url": previous["url"],
                "title": previous["title"],
                "summary": previous["summary"],
                "body": previous["body"],
                "content_hash": previous["content_hash"],
                "published_at": previous["published_at"],
                "modified_at": previous["modified_at"],
                "fetched_at": previous["last_seen_at"],
                "superseded_at": reextracted_at or seen_at,
            }
        )
        if reextracted_at is not None:
            # The story did not change on the site, our reading of it did: only the page's own
            # stamp can move modified_at.
            modified = item.modified_at or previous["modified_at"]
            last_seen = previous["last_seen_at"]
        else:
            # The page's own modification stamp when it moved on, else the time we saw the change.
            modified, last_seen = item.modified_at, seen_at
            if not modified or (previous["modified_at"] and modified <= previous["modified_at"]):
                modified = seen_at
        row.update(
            modified_at=modified,
            first_seen_at=previous["first_seen_at"],
            last_seen_at=last_seen,
        )
        articles.upsert(row, pk="url")
        return "updated"

    def record_duplicate(
        self,
        item: Article,
        *,
        duplicate_of: str,
        kind: str,
        similarity: float,
        seen_at: str,
    ) -> None:
        self._write().table("duplicates").upsert(
            {
                "url": item.url,
                "duplicate_of": duplicate_of,
                "kind": kind,
                "similarity": round(similarity, 4),
                "article_id": item.article_id,
                "title": item.title,
                "published_at": item.published_at,
                "content_hash": item.content_hash,
                "first_seen_at": seen_at,
            },
            pk="url",
        )

    def demote(
        self, url: str, *, duplicate_of: str, kind: str, similarity: float, seen_at: str
    ) -> None:
        """A stored article turned out to be a copy of an earlier one: move it to duplicates.

        Copies that pointed at it now point at the new canonical story.
        """
        previous = self.article(url)
        if previous is None:
            return
        db = self._write()
        db.table("duplicates").upsert(
            {
                "url": url,
                "duplicate_of": duplicate_of,
                "kind": kind,
                "similarity": round(similarity, 4),
                "article_id": previous["article_id"],
                "title": previous["title"],
                "published_at": previous["published_at"],
                "content_hash": previous["content_hash"],
                "first_seen_at": previous["first_seen_at"] or seen_at,
            },
            pk="url",
        )
        db.execute(
            "update duplicates set duplicate_of = ? where duplicate_of = ?", [duplicate_of, url]
        )
        db.table("articles").delete(url)
        self.added.discard(url)

    def record_page(self, row: dict[str, Any]) -> None:
        """Where an archived page is (``pages``), in the run's transaction."""
        self._write().table("pages").insert(row)

    def record_reject(self, url: str, reason: str, detail: str, *, seen_at: str) -> None:
        self._write().table("rejects").upsert(
            {"url": url, "reason": reason, "detail": detail[:1000], "seen_at": seen_at}, pk="url"
        )

    # --- listings -----------------------------------------------------------------------
    def listings(self, edition: str) -> dict[str, str]:
        """Category -> listing URL of the edition's listings found by earlier runs (the most
        recently seen one when a category was found at several URLs)."""
        rows = self.db.execute(
            "select category, url from listings where edition = ? order by last_seen_at, url",
            [edition],
        ).fetchall()
        return dict(rows)

    def remember_listing(
        self, url: str, *, edition: str, category: str, parent_url: str | None, seen_at: str
    ) -> None:
        """Record a listing found by discovery (or see it again)."""
        db = self._write()
        if db.execute("select 1 from listings where url = ?", [url]).fetchone():
            db.table("listings").update(
                url, {"category": category, "parent_url": parent_url, "last_seen_at": seen_at}
            )
            return
        db.table("listings").insert(
            {
                "url": url,
                "edition": edition,
                "category": category,
                "parent_url": parent_url,
                "first_seen_at": seen_at,
                "last_seen_at": seen_at,
            }
        )

    def listing_paged(self, url: str, pagination: str) -> None:
        """How the listing's next pages were reached this run."""
        self._write().execute("update listings set pagination = ? where url = ?", [pagination, url])
