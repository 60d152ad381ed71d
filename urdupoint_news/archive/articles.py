"""The ``articles`` table (and ``article_versions``): one row per story, its earlier texts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from urdupoint_news.archive.rejects import FETCH_FAILED
from urdupoint_news.archive.transactions import Transactions, writes
from urdupoint_news.site.items import Article
from urdupoint_news.site.urlset import UrlSet

ARTICLE_FIELDS = tuple(f.name for f in fields(Article))  # the columns an Article fills

# The fields besides title and body that a re-fetch or reparse may correct on its own.
METADATA_FIELDS = (
    "category", "summary", "author", "published_at", "dateline", "source", "image_url",
    "edition", "extractor",
)  # fmt: skip


class ArticleRows(Transactions):
    # Articles inserted by this run (a copy found later demotes one: the run's counts move), as
    # digests (site/urlset.py): a long run keeps a few bytes per story.
    added: UrlSet

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

    def published_at(self, url: str) -> str | None:
        row = self.db.execute("select published_at from articles where url = ?", [url]).fetchone()
        return row[0] if row else None

    @writes
    def found_by(self, url: str, source: str) -> None:
        """``source`` (``listing``, ``sitemap`` or ``both``) found the stored story at ``url``:
        merged with what found it before (one source, then the other: ``both``)."""
        self._write().execute(
            "update articles set found_by = case when found_by is null or found_by = :source"
            " then :source else 'both' end where url = :url",
            {"source": source, "url": url},
        )

    def sources_of(self, urls: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        """URL -> (found_by, category) of the stored stories among ``urls``."""
        found: dict[str, tuple[str | None, str | None]] = {}
        wanted = list(urls)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for url, found_by, category in self.db.execute(
                f"select url, found_by, category from articles where url in ({marks})", chunk
            ).fetchall():
                found[url] = (found_by, category)
        return found

    def article_with_hash(self, content_hash: str, *, excluding: str) -> dict[str, Any] | None:
        rows = self.db.table("articles").rows_where(
            "content_hash = ? and url != ?", [content_hash, excluding], limit=1
        )
        return next(iter(rows), None)

    @writes
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
