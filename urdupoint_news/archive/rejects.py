"""The ``rejects`` table: pages that could not become articles, and pages not fetched yet."""

from __future__ import annotations

from urdupoint_news.archive.transactions import Transactions, writes

# Rejects of article pages that could not be fetched (a server or network error): asked for again
# by later runs while ``fetch_failed``, ``gave_up`` (final) after the last attempt.
FETCH_FAILED = "fetch_failed"
GAVE_UP = "gave_up"


class RejectRows(Transactions):
    def fetch_failures(self) -> list[str]:
        """Article pages earlier runs could not fetch and will try again, oldest failure first."""
        rows = self.db.execute(
            "select url from rejects where reason = ? order by seen_at, url", [FETCH_FAILED]
        ).fetchall()
        return [url for (url,) in rows]

    @writes
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

    @writes
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
