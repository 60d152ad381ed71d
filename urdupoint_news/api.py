"""The archive from Python: a small read-only API for notebooks and programs.

    from urdupoint_news import api

    with api.open_archive("data/demo.db") as archive:
        for hit in archive.search("کریم آباد", edition="ur", limit=5):
            print(hit["article_id"], hit["snippet"])
        story = archive.article(2193301)          # with its copies and earlier versions
        for article in archive.records(edition="en", since="2025-09-01"):
            print(article.published_at, article.title)
        print(archive.stats()["articles"])

The ``urdupoint-news`` query commands are a thin layer over this module: what they print is what
these methods return. Everything is read-only (the file is opened with ``mode=ro``, also in a
directory the user cannot write). Bad input raises ``ArchiveError`` (a ``ValueError``-like error
whose message is one line fit to show as is).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any

from sqlite_utils import Database

from urdupoint_news.archive import corpus, disagreements, query
from urdupoint_news.archive.query import ArchiveError, Filters

__all__ = ["Archive", "ArchiveError", "Article", "open_archive"]


@dataclass(frozen=True)
class Article:
    """One stored story (a row of ``articles``; docs/schema.md says what each field holds)."""

    url: str
    article_id: int | None
    edition: str | None
    category: str | None
    title: str
    summary: str | None
    author: str | None
    published_at: str
    modified_at: str | None
    dateline: str | None
    source: str | None
    body: str
    word_count: int | None
    image_url: str | None
    content_hash: str | None
    extractor: str | None
    first_seen_at: str | None
    last_seen_at: str | None


# The dataclass and the table must not drift apart.
assert tuple(f.name for f in fields(Article)) == query.EXPORT_COLUMNS


class Archive:
    """An archive opened read-only. Use as a context manager, or call ``close()``.

    The filters of ``search``, ``latest`` and ``articles`` are keyword arguments: ``category``
    (slug), ``author`` (part of the name, any case), ``since`` and ``until`` (``YYYY-MM-DD``,
    inclusive, Pakistan time as published) and ``edition`` (``en`` or ``ur``).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.db: Database = query.open_archive(self.path)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        mark: tuple[str, str] = ("[", "]"),
        **filters: str | None,
    ) -> list[dict[str, Any]]:
        """Best matches first, each with a ``snippet`` of its text as published in which the
        matches are wrapped in ``mark``. ``text`` is FTS5 query syntax, folded as the index is
        (any spelling finds any other: docs/querying.md)."""
        return query.search(self.db, text, Filters(**filters), limit=limit, mark=mark)

    def latest(self, *, limit: int = 20, **filters: str | None) -> list[dict[str, Any]]:
        """The most recently published articles first (the listing columns)."""
        return query.latest(self.db, Filters(**filters), limit=limit)

    def article(self, ref: str | int) -> dict[str, Any]:
        """One whole article by URL or numeric id, with ``copies`` (the stories recorded as its
        duplicates), ``versions`` (its earlier texts, oldest first) and ``disagreements`` (where
        its sources disagreed at its latest cross-check). A copy's own URL or id gives the copy,
        with ``duplicate_of`` naming the article it copies."""
        article = query.get_article(self.db, str(ref))
        article["disagreements"] = disagreements.for_url(self.db, article["url"])
        return article

    def articles(self, *, limit: int | None = None, **filters: str | None) -> Iterator[dict]:
        """Every column of the matching articles as dicts, oldest first, one at a time
        (constant memory whatever the archive's size)."""
        return query.export_rows(self.db, Filters(**filters), limit=limit)

    def records(self, *, limit: int | None = None, **filters: str | None) -> Iterator[Article]:
        """``articles()`` as ``Article`` dataclasses."""
        return (Article(**row) for row in self.articles(limit=limit, **filters))

    def export_jsonl(self, *, limit: int | None = None, **filters: str | None) -> Iterator[bytes]:
        """``articles()`` as JSON Lines, each line UTF-8 encoded with its newline (fast)."""
        return query.export_jsonl(self.db, Filters(**filters), limit=limit)

    def export_parquet(
        self,
        directory: str | os.PathLike[str],
        *,
        limit: int | None = None,
        duplicates: bool = False,
        versions: bool = False,
        **filters: str | None,
    ) -> corpus.Written:
        """``articles.parquet`` (and ``duplicates.parquet``, ``versions.parquet`` when asked)
        with a dataset card, ``README.md``, in ``directory``; returns the files' row counts."""
        return corpus.write_corpus(
            self.db,
            directory,
            Filters(**filters),
            limit=limit,
            duplicates=duplicates,
            versions=versions,
        )

    def rejects(
        self,
        *,
        reason: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = 50,
    ) -> list[dict[str, Any]]:
        """Pages that could not become an article, last seen first (docs/crawling.md has the
        reasons); ``since``/``until`` are days of ``seen_at`` (UTC)."""
        return query.rejects(self.db, reason=reason, since=since, until=until, limit=limit)

    def stats(self, *, days: int = 14, runs: int = 5) -> dict[str, Any]:
        """Counts: articles per edition, category and day (``days`` latest days), duplicates,
        rejects, the last ``runs`` crawl runs and their field coverage."""
        return query.stats(self.db, days=days, runs=runs)

    def daily_counts(self, *, weeks: int = 4) -> dict[str, list[tuple[str, int]]]:
        """Stories published per day and edition over the last ``weeks`` weeks of the archive
        (ending at its newest story), every day listed, oldest first."""
        return query.daily_counts(self.db, weeks=weeks)


def open_archive(path: str | os.PathLike[str]) -> Archive:
    """Open an existing archive read-only (never creates or migrates one)."""
    return Archive(path)
