"""One SQLite file, written in batched transactions: what every table of the archive shares.

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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlite_utils import Database

from urdupoint_news.archive.schema import open_database
from urdupoint_news.errors import UserFacingError

logger = logging.getLogger(__name__)

# Errors of the caller (a bug), not of the storage: they are raised as they are.
_NOT_STORAGE_ERRORS = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)

_P = ParamSpec("_P")
_R = TypeVar("_R")
_T = TypeVar("_T", bound="Transactions")


class StorageError(UserFacingError):
    """The database refused a write: the disk is full, the file is read-only, an I/O error."""


def writes(
    method: Callable[Concatenate[_T, _P], _R],
) -> Callable[Concatenate[_T, _P], _R]:
    """A write of the archive: refused at once after a storage error; a storage error of its
    own rolls the open transaction back and becomes ``StorageError``."""

    @functools.wraps(method)
    def write(self: _T, *args: _P.args, **kwargs: _P.kwargs) -> _R:
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


@functools.lru_cache(maxsize=32)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{column}"' for column in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Transactions:
    """Batched, transactional writes on one connection; the tables' rows are in the mixins of
    ``Archive`` (archive/storage.py)."""

    def __init__(self, path: str | Path, *, batch_size: int = 50) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.db: Database = open_database(self.path)
        self.batch_size = max(1, batch_size)
        self._pending = 0
        # Called before every commit: the page archive makes its WARC bytes durable first, so
        # no committed ``pages`` row points at bytes a crash could lose.
        self.before_commit: list[Callable[[], None]] = []
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

    @writes
    def item_done(self) -> None:
        """Count one processed item; commit when the batch is full."""
        self._pending += 1
        if self._pending >= self.batch_size:
            self.commit()

    @writes
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
