"""The ``duplicates`` table: copies of stories, with their own text and what they copy."""

from __future__ import annotations

from typing import Any

from urdupoint_news.archive.articles import ARTICLE_FIELDS, ArticleRows
from urdupoint_news.archive.schema import ARTICLE_COLUMNS
from urdupoint_news.archive.transactions import writes
from urdupoint_news.site.items import Article
from urdupoint_news.site.urlset import UrlSet


class DuplicateRows(ArticleRows):
    # Copies recorded by this run (one can become an original when copies are placed again:
    # archive/dedup.py).
    added_duplicates: UrlSet

    def is_duplicate(self, url: str) -> bool:
        return bool(self.db.execute("select 1 from duplicates where url = ?", [url]).fetchone())

    @writes
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

    @writes
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
