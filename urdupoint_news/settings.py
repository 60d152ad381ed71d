"""Scrapy settings. Every value can be overridden with ``-s NAME=VALUE``.

The defaults are polite for the real site: obey robots.txt, one request at a time per domain with
a delay that AutoThrottle adapts to the server's response time, retries with back-off.
"""

import os

BOT_NAME = "urdupoint_news"

SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy crawl` exits non-zero when the run's health fails (urdupoint_news/crawl/commands).
COMMANDS_MODULE = "urdupoint_news.crawl.commands"

# --- project settings (see README "Settings") ---------------------------------------------
# Where pages are fetched from: the site, or a local mirror of it. Stored URLs are always the
# site's own (https://www.urdupoint.com/...), whichever it is.
URDUPOINT_BASE_URL = "https://www.urdupoint.com"
URDUPOINT_DB_PATH = "data/urdupoint.db"
# Rows are written in transactions of this many items (and at the end of the run).
URDUPOINT_BATCH_SIZE = 50
# Health thresholds: a finished run is reported "failed" when any is crossed (README "Health").
URDUPOINT_MAX_REJECT_RATIO = 0.5
URDUPOINT_MAX_FALLBACK_RATIO = 0.5
URDUPOINT_HEALTH_MIN_ARTICLES = 3  # ratios are only judged once this many article pages were parsed
# Drift (docs/drift.md): a healthy run whose field coverage of an edition falls more than
# MAX_DROP below the spider's norm (the median of its last NORM_RUNS healthy runs, once MIN_RUNS
# are on record), or whose fallback share rises more than MAX_FALLBACK_RISE above it, ends
# "degraded" (exit status 3). Runs of fewer than MIN_ARTICLES stored articles are not judged
# and make no norm.
URDUPOINT_DRIFT_ENABLED = True
URDUPOINT_DRIFT_MIN_ARTICLES = 20
URDUPOINT_DRIFT_NORM_RUNS = 10
URDUPOINT_DRIFT_MIN_RUNS = 3
URDUPOINT_DRIFT_MAX_DROP = 0.3
URDUPOINT_DRIFT_MAX_FALLBACK_RISE = 0.2
# Progress: a live line on a terminal, else a log line this often (seconds).
URDUPOINT_PROGRESS_INTERVAL = 30.0
# Discovery and pagination bounds (docs/site-schemes.md): pages fetched per run to find out
# whether a home's link leads to a listing, and pages (load-more batches included) read per
# listing per run whatever the site answers.
URDUPOINT_MAX_LISTING_CANDIDATES = 60
URDUPOINT_MAX_LISTING_PAGES = 1000
# `scrapy crawl` refuses to start while another crawl holds `<database>.lock`.
URDUPOINT_LOCK_ENABLED = True
# `scrapy crawl` ends a run that is not ok with one "Error: crawl failed: ..." line on stderr.
URDUPOINT_EXIT_LINE = True
# Page archive (docs/page-archive.md): every fetched article page as WARC records in this
# directory. Unset: warc/ next to the database; empty: off. The environment variable of the same
# name sets it for every run on a host (-s still wins).
URDUPOINT_WARC_DIR = os.environ.get("URDUPOINT_WARC_DIR")
URDUPOINT_WARC_MAX_BYTES = 1_000_000_000  # a file rotates before it grows past this
# reparse: processes that read and extract archived pages while the crawl's own runs the
# pipelines (0: none, everything in one process).
URDUPOINT_REPARSE_WORKERS = os.cpu_count() or 1
URDUPOINT_REPARSE_BATCH = 50  # pages per batch handed to a worker
# Layout parsers (import paths) tried before the built-in ones: a parser change under test.
URDUPOINT_EXTRA_LAYOUTS: list[str] = []

# --- politeness -----------------------------------------------------------------------
USER_AGENT = (
    "urdupoint-news/0.1 (+https://github.com/urdupoint-news/urdupoint-news; news archive crawler)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
# 429 and 5xx are retried; Scrapy's retry middleware re-queues them (at lower priority), and
# AutoThrottle backs off on slow or failing responses.
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
DOWNLOAD_TIMEOUT = 30

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
LOG_FORMATTER = "urdupoint_news.crawl.logformatter.ConciseLogFormatter"
# Copies and rejects are routine and recorded in the database: log them at INFO, not WARNING.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

ITEM_PIPELINES = {
    "urdupoint_news.crawl.pipelines.CleanPipeline": 100,
    "urdupoint_news.crawl.pipelines.ValidatePipeline": 200,
    "urdupoint_news.crawl.pipelines.DedupPipeline": 300,
    "urdupoint_news.crawl.pipelines.StorePipeline": 400,
}

# A bot-protection challenge stops the run at once (crawl/blocking.py): placed after
# HttpCompressionMiddleware (590) and before MetaRefreshMiddleware (580) and RetryMiddleware (550).
DOWNLOADER_MIDDLEWARES = {"urdupoint_news.crawl.blocking.ChallengeStop": 585}

# A mirror of the site (URDUPOINT_BASE_URL) is fetched under the site's own URLs.
ADDONS = {"urdupoint_news.crawl.mirror.MirrorAddon": 0}

EXTENSIONS = {
    "urdupoint_news.crawl.extensions.RunLockExtension": 50,
    "urdupoint_news.crawl.warc.ArchiveFetchedPages": 60,
    "urdupoint_news.crawl.extra_layouts.ExtraLayouts": 70,
    "urdupoint_news.crawl.extensions.CrawlRunRecorder": 100,
    "urdupoint_news.crawl.extensions.Progress": 200,
    "urdupoint_news.crawl.extensions.OneLineDownloadErrors": 300,
}
