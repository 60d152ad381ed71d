"""The article item: one story as extraction produces it and the pipelines store it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ArticleItem:
    """Every field maps to a column of the ``articles`` table (see README "Schema").

    Extraction fills what the page holds; the clean pipeline normalises text and derives
    ``word_count`` and ``content_hash``; validation rejects items missing title, date or body.
    """

    url: str | None = None
    article_id: int | None = None
    edition: str | None = None
    category: str | None = None
    title: str | None = None
    summary: str | None = None
    author: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    dateline: str | None = None
    source: str | None = None
    body: str | None = None
    word_count: int | None = None
    image_url: str | None = None
    content_hash: str | None = None
    extractor: str | None = None


@dataclass
class RejectItem:
    """A page that looked like an article but cannot become one; stored in ``rejects``."""

    url: str
    reason: str
    detail: str = ""


@dataclass
class ArchivedPageArticle(ArticleItem):
    """An article extracted from a page fetched earlier (``reparse``, ``import``): what the
    store needs to date it. These two fields are not columns (docs/page-archive.md).
    """

    fetched_at: str | None = None  # when the page was fetched (its WARC-Date), ISO 8601 UTC
    reextracted: bool = False  # the same stored page read again, not a new sighting
