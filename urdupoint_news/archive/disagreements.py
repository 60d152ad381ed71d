"""The ``disagreements`` table: the cross-checks' records (crawl/checks/; docs/schema.md)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from urdupoint_news.archive.transactions import Transactions, writes

COLUMNS = ("field", "source_a", "value_a", "source_b", "value_b", "layout", "run_id", "seen_at")


def for_url(db: Database, url: str) -> list[dict[str, Any]]:
    """The disagreements of the article page ``url`` at its latest check (none when it was
    never checked, or in an archive older than the cross-checks)."""
    if not db["disagreements"].exists():
        return []
    return list(
        db.query(f"SELECT {', '.join(COLUMNS)} FROM disagreements WHERE url = ? ORDER BY id", [url])
    )


def line(row: dict[str, Any]) -> str:
    """``published_at: printed 2025-09-10T15:10:00+05:00, json_ld 2025-09-10T16:10:00+05:00``."""
    return (
        f"{row['field']}: {row['source_a']} {row['value_a']!s}, "
        f"{row['source_b']} {row['value_b']!s}"
    )


class DisagreementRows(Transactions):
    @writes
    def record_disagreements(self, url: str, rows: list[dict[str, Any]]) -> None:
        """The latest cross-check of ``url`` (crawl/checks/): its disagreements replace those of
        an earlier check, in the run's transaction."""
        db = self._write()
        db.conn.execute("delete from disagreements where url = ?", [url])
        for row in rows:
            self._insert("disagreements", {"url": url, **row})
