"""The ``crawl_runs`` record of a run, completed with its verdict (``CrawlRunRecorder``)."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from urdupoint_news.archive import coverage
from urdupoint_news.archive.schema import open_database
from urdupoint_news.archive.storage import StorageError, is_storage_error, utc_now
from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.extensions.storage import storage_of
from urdupoint_news.crawl.verdict import RunStatus, Verdict, drift, health
from urdupoint_news.crawl.verdict.judge import HealthLimits, judge

logger = logging.getLogger(__name__)


SCRAPYD_JOB_VARIABLES = ("SCRAPYD_JOB", "SCRAPY_JOB")

# Room kept on the database's disk while a run goes (``<database>.reserve``), given back just
# before the run's record is completed: a run stopped by a full disk can still say so.
RESERVE_BYTES = 256 * 1024


def scrapyd_job(spider: Spider) -> str | None:
    """The id of the Scrapyd job this run is, or None when Scrapyd did not start it."""
    job = getattr(spider, "_job", None)
    if job:
        return str(job)
    return next((os.environ[name] for name in SCRAPYD_JOB_VARIABLES if os.environ.get(name)), None)


class CrawlRunRecorder:
    """One ``crawl_runs`` row per run: written when it starts, completed when it ends with the
    run's verdict (``failed`` on a health problem, else ``degraded`` when its field coverage
    drifted below the spider's norm, else ``ok``) and its coverage (``run_coverage``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.run_id: int | None = None
        # Checked as the crawler is built: a bad threshold stops the run before it fetches.
        self.drift_limits = drift.Thresholds.from_settings(crawler.settings)
        self.health_limits = HealthLimits.from_settings(crawler.settings)
        self.reserve = Path(f"{self.settings.get('URDUPOINT_DB_PATH')}.reserve")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        # Lower priority than the pipelines' close: the counts are final when this runs.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _db(self):
        return open_database(self.settings.get("URDUPOINT_DB_PATH"))

    def spider_opened(self, spider: Spider) -> None:
        arguments = {
            key: value
            for key, value in vars(spider).items()
            if key in getattr(spider, "argument_names", ())
        }
        try:
            db = self._db()
            try:
                with db.atomic():
                    # Rows still "running" belong to runs that were killed: we hold the lock now.
                    db.execute(
                        "update crawl_runs set status = 'interrupted', finish_reason = 'killed' "
                        "where status = 'running'"
                    )
                    table = db["crawl_runs"].insert(
                        {
                            "spider": spider.name,
                            "arguments": json.dumps(arguments, default=str),
                            "started_at": utc_now(),
                            "status": "running",
                            "scrapyd_job": scrapyd_job(spider),
                        }
                    )
                    self.run_id = table.last_pk
                # Records of the run written by others (crawl/checks/) carry its id.
                self.crawler.stats.set_value(statkeys.RUN_ID, self.run_id)
            finally:
                db.close()
        except sqlite3.Error as error:
            if not is_storage_error(error):
                raise
            path = self.settings.get("URDUPOINT_DB_PATH")
            storage_of(self.crawler).failed(
                StorageError(f"could not write the database {path}: {error}")
            )
            return
        try:
            with self.reserve.open("wb") as reserve:
                os.posix_fallocate(reserve.fileno(), 0, RESERVE_BYTES)
        except OSError:
            self.reserve.unlink(missing_ok=True)  # no room even for that: the run goes without

    def _complete(
        self, db: Any, run_id: int, row: dict[str, Any], coverages: list[coverage.Coverage]
    ) -> None:
        def write() -> None:
            with db.atomic():
                db["crawl_runs"].update(run_id, row)
                coverage.record(db, run_id, coverages)

        try:
            write()
        except sqlite3.OperationalError:
            # Full: the log's committed frames into the database file, then the log emptied,
            # and once more.
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            write()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        spider_problems: list[str] = getattr(spider, "run_problems", list)()
        coverages = storage_of(self.crawler).coverage.result()
        for edition in coverages:
            logger.info("Coverage: %s", coverage_line(edition))
        if self.run_id is None:  # its start could not be recorded: no history to judge it by
            self._verdict(judge(stats, reason, self.health_limits, spider_problems=spider_problems))
            return
        self.reserve.unlink(missing_ok=True)  # room for this last write, whatever happened
        verdict: Verdict | None = None
        try:
            db = self._db()
            try:

                def drifted() -> list[str]:
                    found = drift.judge(
                        db, spider.name, coverages, self.drift_limits, before_run=self.run_id
                    )
                    return [finding.text for finding in found]

                verdict = judge(
                    stats,
                    reason,
                    self.health_limits,
                    spider_problems=spider_problems,
                    drift=drifted,
                )
                self._verdict(verdict)
                row = {
                    "finished_at": utc_now(),
                    "finish_reason": reason,
                    "status": str(verdict.status),
                    "pages": stats.get("response_received_count", 0),
                    "articles_new": stats.get(statkeys.ARTICLES_NEW, 0),
                    "articles_updated": stats.get(statkeys.ARTICLES_UPDATED, 0),
                    "articles_unchanged": stats.get(statkeys.ARTICLES_UNCHANGED, 0),
                    "duplicates": stats.get(statkeys.DUPLICATES, 0),
                    "rejects": stats.get(statkeys.REJECTS, 0),
                    "errors": stats.get("log_count/ERROR", 0),
                    "extractors": json.dumps(health.extractor_counts(stats), sort_keys=True),
                    "problems": json.dumps(list(verdict.reasons)),
                }
                if hasattr(spider, "found_by_of"):  # a listing run: the stories each source found
                    for source in ("listing", "sitemap", "both"):
                        row[f"found_by_{source}"] = stats.get(statkeys.found_by(source), 0)
                self._complete(db, self.run_id, row, coverages)
            finally:
                db.close()
        except sqlite3.Error as error:
            if verdict is None:  # the norms could not be read: the verdict without drift
                self._verdict(
                    judge(stats, reason, self.health_limits, spider_problems=spider_problems)
                )
            # The verdict stays in the stats: `scrapy crawl` still exits with it.
            self.crawler.stats.set_value(statkeys.RUN_UNRECORDED, str(error))
            logger.error(
                "could not record the end of the run in %s: %s",
                self.settings.get("URDUPOINT_DB_PATH"),
                error,
            )

    def _verdict(self, verdict: Verdict) -> None:
        """Leave the verdict in the stats, for the crawl command's exit status
        (urdupoint_news/crawl/commands), and log why a run is not ok."""
        verdict.record(self.crawler.stats)
        # `urdupoint-news crawl` prints the verdict itself (URDUPOINT_EXIT_LINE off): its log file
        # keeps the problems, and its terminal shows them once, in its own lines.
        shown_here = self.settings.getbool("URDUPOINT_EXIT_LINE", True)
        for reason in verdict.reasons:
            if verdict.status is RunStatus.DEGRADED:
                level = logging.WARNING if shown_here else logging.INFO
                logger.log(level, "Degraded: %s", reason)
            else:
                logger.log(logging.ERROR if shown_here else logging.INFO, "Run problem: %s", reason)


def coverage_line(edition: coverage.Coverage) -> str:
    """``en: 20 articles, title 100%, ..., 230 words (median), en_current 18, fallback 2``."""
    shares = ", ".join(f"{name} {drift.percent(edition.share(name))}" for name in coverage.FIELDS)
    words = edition.total.median_words
    layouts = ", ".join(f"{name} {c.articles}" for name, c in edition.layouts.items())
    return (
        f"{edition.edition}: {edition.articles} articles, {shares}, "
        f"{words if words is None else round(words)} words (median), {layouts}"
    )
