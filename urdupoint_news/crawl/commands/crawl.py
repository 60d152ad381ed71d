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
from urdupoint_news.crawl.settings_check import set_from_command_line
from urdupoint_news.crawl.verdict import Verdict
from urdupoint_news.errors import EXIT_BAD_INPUT, UserFacingError
from urdupoint_news.quick_exit import skip_final_collection


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Every input checked before Scrapy sets up logging and the crawler: settings (a
        lower-case or unknown LOG_LEVEL, a LOG_FILE in a missing directory, a DOWNLOAD_HANDLERS
        that is not a dict were tracebacks), the page archive's directory, the spider's
        arguments. Bad input is one ``ERROR:`` line and exit status 2, as in ``urdupoint-news``."""
        assert self.settings is not None
        try:
            # Scrapy's own message for a value it cannot take is "Invalid -s value".
            pairs = [(name, value) for name, _, value in (p.partition("=") for p in opts.set or [])]
            set_from_command_line(self.settings, pairs)
        except UserFacingError as error:
            print(f"ERROR: {error}", file=sys.stderr)
            sys.exit(EXIT_BAD_INPUT)
        super().process_options(args, opts)
        try:
            self._check(args, opts)
        except UserFacingError as error:
            print(f"ERROR: {error}", file=sys.stderr)
            sys.exit(EXIT_BAD_INPUT)
        level = self.settings.get("LOG_LEVEL")
        if isinstance(level, str) and level.upper() != level:
            # Any case is accepted; Python's logging knows the upper-case names only.
            priority = self.settings.getpriority("LOG_LEVEL") or 0
            self.settings.set("LOG_LEVEL", level.upper(), priority=priority)

    def _check(self, args: list[str], opts: argparse.Namespace) -> None:
        from scrapy.spiderloader import get_spider_loader

        from urdupoint_news.crawl.settings_check import check_directories, check_settings

        assert self.settings is not None
        check_settings(self.settings)
        if len(args) != 1:
            return  # Scrapy's usage error, in run()
        try:
            spider = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            return  # Scrapy says "Spider not found"
        writes_pages = getattr(spider, "writes_pages", None)
        if writes_pages is None:
            return  # not one of ours
        check_directories(self.settings, writes_pages=writes_pages)
        spider(**opts.spargs)  # its arguments: SpiderArgumentError; nothing starts

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
