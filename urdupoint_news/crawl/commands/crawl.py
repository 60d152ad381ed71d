"""``scrapy crawl``, whose exit status is the run's health.

Scrapy's own command exits 0 for any run that started, so Scrapyd, cron or Airflow running
``scrapy crawl`` would never see a failed run. This command runs the spider the same way, then
exits with the status ``CrawlRunRecorder`` gave the run (``RunStatus``: 1 failed,
3 degraded) and, for a run that is not ok, ends with the same one line ``urdupoint-news crawl``
prints. Everything else (options, ``-a``, ``-s``, ``-o``, logging) is Scrapy's;
``URDUPOINT_CONSOLE_LOG_LEVEL`` (set by ``urdupoint-news crawl``) adds a terminal handler beside
``LOG_FILE`` (crawl/console.py).
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.console import add_console_handler
from urdupoint_news.crawl.verdict import Verdict
from urdupoint_news.quick_exit import skip_final_collection


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("scrapy crawl takes exactly one spider name")
        skip_final_collection()  # the process ends with the run
        assert self.crawler_process is not None and self.settings is not None
        add_console_handler(self.settings)
        crawler = self.crawler_process.create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        verdict = Verdict.of(crawler.stats.get_stats())
        if verdict is None:  # the run never reached its close (killed, or failed to open)
            return
        self.exitcode = verdict.exit_status
        report = verdict.report(args[0])
        # When the verdict could not be written to crawl_runs, this line is the only one saying
        # why, even under `urdupoint-news crawl` (which reads the verdict from the database).
        unrecorded = crawler.stats.get_value(statkeys.RUN_UNRECORDED)
        if report and (crawler.settings.getbool("URDUPOINT_EXIT_LINE", True) or unrecorded):
            print(report, file=sys.stderr)
