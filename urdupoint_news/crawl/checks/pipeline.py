"""``FieldCheckPipeline``: each article page's cross-checks counted and recorded, the run judged.

The spider yields a ``FieldChecks`` item just before the article's own item (crawl/spider.py
``article_items``; reparse's worker processes send it back with the article). This pipeline
runs first: it writes the page's disagreements with the article (``disagreements``, in the
run's batched transaction), counts them per edition, layout and field, and drops the item,
which is no article. When the run closes it writes the counts (``run_checks``) and, for each
field above its threshold (``URDUPOINT_CHECK_*``), one finding that makes the run ``degraded``.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from urdupoint_news.archive.schema import open_database
from urdupoint_news.archive.storage import StorageError, is_storage_error, utc_now
from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.checks.check import FieldChecks
from urdupoint_news.crawl.checks.run import (
    BODY_EXTRA,
    BODY_MISSES,
    CheckCounter,
    CheckLimits,
    body_verdicts,
    findings,
)
from urdupoint_news.crawl.extensions.storage import storage_of
from urdupoint_news.crawl.verdict import add_finding

logger = logging.getLogger(__name__)

VALUE_CHARS = 500  # a value longer than this is cut in the record (a body's sentence, a title)


def _cut(text: str | None) -> str | None:
    if text is None or len(text) <= VALUE_CHARS:
        return text
    return text[: VALUE_CHARS - 1] + "…"


def disagreement_rows(
    checks: FieldChecks, limits: CheckLimits, *, run_id: int | None, seen_at: str
) -> list[dict[str, Any]]:
    """The ``disagreements`` rows of one page (without its URL): each disagreeing pair of
    sources, and a body that misses the generic's text or holds text the generic lacks."""
    common = {"layout": checks.layout, "run_id": run_id, "seen_at": seen_at}
    rows = [
        {
            "field": d.field,
            "source_a": d.source_a,
            "value_a": _cut(d.value_a),
            "source_b": d.source_b,
            "value_b": _cut(d.value_b),
            **common,
        }
        for d in checks.disagreements
    ]
    verdicts = body_verdicts(checks, limits)
    shares = checks.body
    if verdicts and shares and (verdicts[BODY_MISSES] or verdicts[BODY_EXTRA]):
        layout_value = (
            f"{shares.layout_sentences} sentences, {shares.generic_held:.0%} of the generic's"
        )
        generic_value = (
            f"{shares.generic_sentences} sentences, {shares.layout_held:.0%} of the layout's"
        )
        if verdicts[BODY_MISSES] and shares.first_missing:
            generic_value += f"; missing e.g. {shares.first_missing!r}"
        if verdicts[BODY_EXTRA] and shares.first_extra:
            layout_value += f"; extra e.g. {shares.first_extra!r}"
        rows.append(
            {
                "field": "body",
                "source_a": checks.layout,
                "value_a": _cut(layout_value),
                "source_b": "generic",
                "value_b": _cut(generic_value),
                **common,
            }
        )
    return rows


class FieldCheckPipeline:
    """Count and record each page's cross-checks; judge the run's when it closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.limits = CheckLimits.from_settings(crawler.settings)
        self.counter = CheckCounter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldCheckPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FieldChecks):
            return item
        if not self.limits.enabled:
            raise DropItem("cross-checks are off", log_level="DEBUG")
        stats = self.crawler.stats
        self.counter.add(item, self.limits)
        rows = disagreement_rows(
            item, self.limits, run_id=stats.get_value(statkeys.RUN_ID), seen_at=utc_now()
        )
        stats.inc_value(statkeys.CHECKED_PAGES)
        stats.inc_value(statkeys.CHECKED_FIELDS, len(item.checked))
        stats.inc_value(statkeys.DISAGREEING_FIELDS, len({row["field"] for row in rows}))
        verdicts = body_verdicts(item, self.limits) or {}
        if verdicts.get(BODY_MISSES):
            stats.inc_value(statkeys.BODIES_MISSING_TEXT)
        if verdicts.get(BODY_EXTRA):
            stats.inc_value(statkeys.BODIES_WITH_EXTRA_TEXT)
        for row in rows:
            logger.info(
                "Disagreement on %s: %s %s=%r, %s=%r",
                item.url, row["field"], row["source_a"], row["value_a"], row["source_b"],
                row["value_b"],
            )  # fmt: skip
        storage_of(self.crawler).guarded(
            lambda archive: archive.record_disagreements(item.url, rows)
        )
        raise DropItem("cross-checks counted", log_level="DEBUG")

    def close_spider(self) -> None:
        # Scrapy closes pipelines in reverse order: the store has committed and closed the
        # run's archive by now, so the counts go in with a connection of their own. The
        # findings reach the stats before the run is judged (CrawlRunRecorder, spider_closed).
        stats = self.crawler.stats
        for line in findings(self.counter, self.limits):
            add_finding(stats, line)
        run_id = stats.get_value(statkeys.RUN_ID)
        rows = self.counter.rows()
        if run_id is None or not rows or stats.get_value(statkeys.STORAGE_FAILED):
            return
        path = self.crawler.settings.get("URDUPOINT_DB_PATH")
        try:
            db = open_database(path, create=False)
            try:
                with db.atomic():
                    db.table("run_checks").insert_all([{"run_id": run_id, **row} for row in rows])
            finally:
                db.close()
        except sqlite3.Error as error:
            if not is_storage_error(error):
                raise
            storage_of(self.crawler).failed(
                StorageError(f"could not write the database {path}: {error}")
            )
