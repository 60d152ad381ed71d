"""The archive the pipelines write: one SQLite file, written in batched transactions.

Every write of a crawl goes through one connection inside an open transaction that is committed
every ``batch_size`` items and at the end of the run. Reads on the same connection see the
uncommitted rows, so deduplication works within a batch; readers on other connections (the CLI,
Datasette) see whole batches only, thanks to WAL. A run killed mid-way loses at most its open
batch, and since the database is the crawl's memory the next run fetches those pages again.

What a run counts (new articles, duplicates, rejects...) is counted with the rows, through
``count``, and handed on (``after_commit``) only once the transaction holding them is committed:
a run never reports rows it did not store. The first write the database refuses (disk full,
read-only file, I/O error) rolls the open transaction back and raises ``StorageError``; every
later write raises it again at once, so a crawl stops at its first storage error.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlite_utils import Database

from urdupoint_news.archive.schema import ARTICLE_COLUMNS, open_database
from urdupoint_news.errors import UserFacingError
from urdupoint_news.site.items import Article
from urdupoint_news.site.urlset import UrlSet

logger = logging.getLogger(__name__)

ARTICLE_FIELDS = tuple(f.name for f in fields(Article))  # the columns an Article fills

# Rejects of article pages that could not be fetched (a server or network error): asked for again
# by later runs while ``fetch_failed``, ``gave_up`` (final) after the last attempt.
FETCH_FAILED = "fetch_failed"
GAVE_UP = "gave_up"

# Errors of the caller (a bug), not of the storage: they are raised as they are.
_NOT_STORAGE_ERRORS = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)

_P = ParamSpec("_P")
_R = TypeVar("_R")


class StorageError(UserFacingError):
    """The database refused a write: the disk is full, the file is read-only, an I/O error."""


def _writes(
    method: Callable[Concatenate[Archive, _P], _R],
) -> Callable[Concatenate[Archive, _P], _R]:
    """A write of the archive: refused at once after a storage error; a storage error of its
    own rolls the open transaction back and becomes ``StorageError``."""

    @functools.wraps(method)
    def write(self: Archive, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        if self.failure is not None:
            raise self.failure
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            if not is_storage_error(exc):
                raise
            raise self.refused(exc) from exc

    return write


def is_storage_error(error: sqlite3.Error) -> bool:
    """Did the database refuse the work (full, read-only, I/O...), rather than the caller err?"""
    return not isinstance(error, _NOT_STORAGE_ERRORS)


@dataclass(frozen=True)
class ListingHistory:
    """How far a listing's history has been walked (docs/scheduling.md, "Resumable history")."""

    completed_at: str | None  # a walk last reached the end of the list (or the part walked before)
    resume_after: str | None  # the oldest story an unfinished walk had finished with


@functools.lru_cache(maxsize=32)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{column}"' for column in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'


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
        # Articles inserted by this run (a copy found later demotes one: the run's counts move),
        # and copies recorded by this run (one can become an original when copies are placed
        # again: archive/dedup.py).
        # (As digests: site/urlset.py. A long run keeps a few bytes per story.)
        self.added = UrlSet()
        self.added_duplicates = UrlSet()
        # What the open transaction counts, handed to ``after_commit`` once it is committed.
        self.counts: Counter[str] = Counter()
        self.after_commit: list[Callable[[Counter[str]], None]] = []
        self.failure: StorageError | None = None  # the first write the database refused

    # --- transactions -------------------------------------------------------------------
    def _write(self) -> Database:
        if not self.db.conn.in_transaction:
            self.db.begin()
        return self.db

    def refused(self, error: sqlite3.Error) -> StorageError:
        """The database refused a write: roll back, refuse every later write."""
        if self.failure is not None:
            return self.failure
        self.failure = StorageError(f"could not write the database {self.path}: {error}")
        self.counts.clear()  # rolled back: none of it was stored
        with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back already
            self.db.conn.rollback()
        return self.failure

    def count(self, key: str, amount: int = 1) -> None:
        """Count ``amount`` of ``key`` with the rows of the open transaction."""
        self.counts[key] += amount

    @_writes
    def item_done(self) -> None:
        """Count one processed item; commit when the batch is full."""
        self._pending += 1
        if self._pending >= self.batch_size:
            self.commit()

    @_writes
    def commit(self) -> None:
        for hook in self.before_commit:
            hook()
        self.db.commit()
        self._pending = 0
        counts, self.counts = self.counts, Counter()
        for after in self.after_commit:
            after(counts)

    def close(self) -> None:
        """Commit what is pending (unless a write failed before) and close; raises
        StorageError when the last commit is refused."""
        try:
            if self.failure is None:
                self.commit()
        finally:
            self.db.close()

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        # Plain SQL for the rows every page writes: sqlite-utils' Table.insert reads the table's
        # schema (five statements) and the row back on every call. The values are scalars.
        self.db.conn.execute(_insert_sql(table, tuple(row)), tuple(row.values()))

    # --- reads --------------------------------------------------------------------------
    def article(self, url: str) -> dict[str, Any] | None:
        # Plain SQL: Table.get() looks the table's schema up on every call, and this runs twice
        # per item (reparse reads thousands of pages a second).
        cursor = self.db.execute("select * from articles where url = ?", [url])
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None

    def is_known(self, url: str) -> bool:
        """Stored as an article, or recorded as a duplicate or a reject: not worth fetching
        again unless the run is a refresh. A page that could not be fetched yet is not known."""
        return bool(
            self.db.execute(
                "select 1 from articles where url = ? union all "
                "select 1 from duplicates where url = ? union all "
                "select 1 from rejects where url = ? and reason != ? limit 1",
                [url, url, url, FETCH_FAILED],
            ).fetchone()
        )

    def fetch_failures(self) -> list[str]:
        """Article pages earlier runs could not fetch and will try again, oldest failure first."""
        rows = self.db.execute(
            "select url from rejects where reason = ? order by seen_at, url", [FETCH_FAILED]
        ).fetchall()
        return [url for (url,) in rows]

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
    @_writes
    def store(self, item: Article, *, seen_at: str, reextracted_at: str | None = None) -> str:
        """Insert or update one article; returns ``new``, ``updated`` or ``unchanged``.

        ``seen_at`` is when the page was fetched: now for a crawl, the WARC-Date of an imported
        record. A changed title or body keeps the previous version in ``article_versions``; a
        capture older than the stored one never replaces it (it can only show the story was
        seen earlier). ``reextracted_at`` marks a stored page extracted again (``reparse``): no
        new sighting, so ``last_seen_at`` stays, and a changed text is superseded at that time.
        """
        db = self._write()
        row = {name: getattr(item, name) for name in ARTICLE_FIELDS}
        previous = self.article(item.url)
        db.execute("delete from rejects where url = ?", [item.url])
        if previous is None:
            row.update(first_seen_at=seen_at, last_seen_at=seen_at)
            self._insert("articles", row)
            self.added.add(item.url)
            return "new"
        articles = db.table("articles")  # (looks the schema up: not on the path of new stories)
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

    @_writes
    def record_duplicate(
        self,
        item: Article,
        *,
        duplicate_of: str,
        kind: str,
        similarity: float,
        seen_at: str,
    ) -> None:
        """Store ``item`` as a copy of ``duplicate_of``: with all its fields and its own text."""
        row = {name: getattr(item, name) for name in ARTICLE_FIELDS}
        row.update(
            duplicate_of=duplicate_of,
            kind=kind,
            similarity=round(similarity, 4),
            first_seen_at=seen_at,
            last_seen_at=seen_at,
        )
        db = self._write()
        db.table("duplicates").upsert(row, pk="url")
        db.execute("delete from rejects where url = ?", [item.url])  # fetched at last
        self.added_duplicates.add(item.url)

    @_writes
    def demote(
        self, url: str, *, duplicate_of: str, kind: str, similarity: float, seen_at: str
    ) -> None:
        """A stored article turned out to be a copy of an earlier one: move it, with all its
        fields, to duplicates.

        Copies recorded without a body (before m007: they cannot be placed again) that pointed
        at it now point at its original.
        """
        previous = self.article(url)
        if previous is None:
            return
        db = self._write()
        row = {**previous, "duplicate_of": duplicate_of, "kind": kind}
        row.update(
            similarity=round(similarity, 4), first_seen_at=previous["first_seen_at"] or seen_at
        )
        db.table("duplicates").upsert(row, pk="url")
        db.execute(
            "update duplicates set duplicate_of = ? where duplicate_of = ?", [duplicate_of, url]
        )
        db.table("articles").delete(url)
        if url in self.added:
            self.added.discard(url)
            self.added_duplicates.add(url)

    def promote(self, url: str) -> None:
        """A stored copy turned out to be an original (its original became a copy of another
        story it does not match): move it, with all its fields, to articles."""
        row = self.stored_duplicate(url)
        if row is None or row["body"] is None:
            return
        db = self._write()
        db.table("articles").insert({name: row[name] for name in ARTICLE_COLUMNS}, pk="url")
        db.table("duplicates").delete(url)
        if url in self.added_duplicates:
            self.added_duplicates.discard(url)
            self.added.add(url)

    def repoint(self, url: str, *, duplicate_of: str, kind: str, similarity: float) -> None:
        """A stored copy is a copy of another original (or with another similarity)."""
        self._write().execute(
            "update duplicates set duplicate_of = ?, kind = ?, similarity = ? where url = ?",
            [duplicate_of, kind, round(similarity, 4), url],
        )

    def stored_duplicate(self, url: str) -> dict[str, Any] | None:
        cursor = self.db.execute("select * from duplicates where url = ?", [url])
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None

    def urls_with_hash(self, content_hash: str) -> list[str]:
        """Stored stories (articles, and copies with their text) with this content hash."""
        rows = self.db.execute(
            "select url from articles where content_hash = ? union "
            "select url from duplicates where content_hash = ? and body is not null",
            [content_hash, content_hash],
        ).fetchall()
        return sorted(url for (url,) in rows)

    @_writes
    def record_page(self, row: dict[str, Any]) -> None:
        """Where an archived page is (``pages``), in the run's transaction."""
        self._write()
        self._insert("pages", row)

    @_writes
    def record_disagreements(self, url: str, rows: list[dict[str, Any]]) -> None:
        """The latest cross-check of ``url`` (crawl/checks/): its disagreements replace those of
        an earlier check, in the run's transaction."""
        db = self._write()
        db.conn.execute("delete from disagreements where url = ?", [url])
        for row in rows:
            self._insert("disagreements", {"url": url, **row})

    @_writes
    def record_reject(self, url: str, reason: str, detail: str, *, seen_at: str) -> None:
        self._write().table("rejects").upsert(
            {
                "url": url,
                "reason": reason,
                "detail": detail[:1000],
                "seen_at": seen_at,
                "attempts": None,
            },
            pk="url",
        )

    @_writes
    def record_fetch_failure(
        self, url: str, detail: str, *, seen_at: str, max_attempts: int
    ) -> tuple[str, int]:
        """An article page this run could not fetch: ``fetch_failed`` (asked for again by later
        runs) until ``max_attempts`` runs have tried, then ``gave_up``. Returns the reason
        recorded and the runs that tried."""
        db = self._write()
        row = db.execute("select reason, attempts from rejects where url = ?", [url]).fetchone()
        attempts = 1
        if row is not None and row[0] in (FETCH_FAILED, GAVE_UP):
            attempts = (row[1] or 0) + 1
        reason = GAVE_UP if attempts >= max_attempts else FETCH_FAILED
        runs = "run" if attempts == 1 else "runs"
        db.table("rejects").upsert(
            {
                "url": url,
                "reason": reason,
                "detail": f"{detail} ({attempts} {runs} of {max_attempts})"[:1000],
                "seen_at": seen_at,
                "attempts": attempts,
            },
            pk="url",
        )
        return reason, attempts

    # --- listings -----------------------------------------------------------------------
    def listings(self, edition: str) -> dict[str, str]:
        """Category -> listing URL of the edition's listings found by earlier runs (the most
        recently seen one when a category was found at several URLs)."""
        rows = self.db.execute(
            "select category, url from listings where edition = ? order by last_seen_at, url",
            [edition],
        ).fetchall()
        return dict(rows)

    @_writes
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

    @_writes
    def listing_paged(self, url: str, pagination: str) -> None:
        """How the listing's next pages were reached this run."""
        self._write().execute("update listings set pagination = ? where url = ?", [pagination, url])

    def listing_history(self, url: str) -> ListingHistory:
        """How far walks have taken the listing at ``url`` (nothing yet when it is not known)."""
        row = self.db.execute(
            "select history_completed_at, resume_after from listings where url = ?", [url]
        ).fetchone()
        return ListingHistory(*row) if row else ListingHistory(None, None)

    @_writes
    def walked_to(self, url: str, link: str) -> None:
        """An unfinished walk of the listing has finished every story down to ``link``."""
        self._write().execute("update listings set resume_after = ? where url = ?", [link, url])

    @_writes
    def history_completed(self, url: str, *, at: str) -> None:
        """A walk of the listing reached the end of its list, or the part walked before."""
        self._write().execute(
            "update listings set history_completed_at = ?, resume_after = null where url = ?",
            [at, url],
        )
