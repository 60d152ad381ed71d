"""The ``listings`` table: the listings discovery found, and how far their history was walked."""

from __future__ import annotations

from dataclasses import dataclass

from urdupoint_news.archive.transactions import Transactions, writes


@dataclass(frozen=True)
class ListingHistory:
    """How far a listing's history has been walked (docs/scheduling.md, "Resumable history")."""

    completed_at: str | None  # a walk last reached the end of the list (or the part walked before)
    resume_after: str | None  # the oldest story an unfinished walk had finished with


class ListingMemory(Transactions):
    def listings(self, edition: str) -> dict[str, str]:
        """Category -> listing URL of the edition's listings found by earlier runs (the most
        recently seen one when a category was found at several URLs)."""
        rows = self.db.execute(
            "select category, url from listings where edition = ? order by last_seen_at, url",
            [edition],
        ).fetchall()
        return dict(rows)

    @writes
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

    @writes
    def listing_paged(self, url: str, pagination: str) -> None:
        """How the listing's next pages were reached this run."""
        self._write().execute("update listings set pagination = ? where url = ?", [pagination, url])

    def listing_history(self, url: str) -> ListingHistory:
        """How far walks have taken the listing at ``url`` (nothing yet when it is not known)."""
        row = self.db.execute(
            "select history_completed_at, resume_after from listings where url = ?", [url]
        ).fetchone()
        return ListingHistory(*row) if row else ListingHistory(None, None)

    @writes
    def walked_to(self, url: str, link: str) -> None:
        """An unfinished walk of the listing has finished every story down to ``link``."""
        self._write().execute("update listings set resume_after = ? where url = ?", [link, url])

    @writes
    def history_completed(self, url: str, *, at: str) -> None:
        """A walk of the listing reached the end of its list, or the part walked before."""
        self._write().execute(
            "update listings set history_completed_at = ?, resume_after = null where url = ?",
            [at, url],
        )
