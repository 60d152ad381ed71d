"""The archive the pipelines write: one SQLite file, each table's rows in a module of its own.

``Archive`` puts them together on one batched, transactional connection (archive/transactions.py):
articles and their versions (articles.py), copies (duplicates.py), rejects (rejects.py), the
listings' memory (listing_memory.py) and the page archive's ``pages`` rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from urdupoint_news.archive.articles import ARTICLE_FIELDS, METADATA_FIELDS
from urdupoint_news.archive.disagreements import DisagreementRows
from urdupoint_news.archive.duplicates import DuplicateRows
from urdupoint_news.archive.listing_memory import ListingHistory, ListingMemory
from urdupoint_news.archive.rejects import FETCH_FAILED, GAVE_UP, RejectRows
from urdupoint_news.archive.transactions import (
    StorageError,
    Transactions,
    is_storage_error,
    utc_now,
    writes,
)
from urdupoint_news.site.urlset import UrlSet

__all__ = [
    "ARTICLE_FIELDS",
    "FETCH_FAILED",
    "GAVE_UP",
    "METADATA_FIELDS",
    "Archive",
    "ListingHistory",
    "StorageError",
    "is_storage_error",
    "utc_now",
]


class PageRows(Transactions):
    @writes
    def record_page(self, row: dict[str, Any]) -> None:
        """Where an archived page is (``pages``), in the run's transaction."""
        self._write()
        self._insert("pages", row)


class Archive(DuplicateRows, RejectRows, ListingMemory, PageRows, DisagreementRows):
    """Batched, transactional access to the articles, duplicates, rejects, listings, pages and
    disagreements tables."""

    def __init__(self, path: str | Path, *, batch_size: int = 50) -> None:
        super().__init__(path, batch_size=batch_size)
        self.added = UrlSet()
        self.added_duplicates = UrlSet()
