"""Scrapy settings. Every value can be overridden with ``-s NAME=VALUE``.

The defaults are polite for the real site: obey robots.txt, one request at a time per domain with
a delay that AutoThrottle adapts to the server's response time, retries with back-off.
"""

import os

BOT_NAME = "urdupoint_news"

SPIDER_MODULES = ["urdupoint_news.spiders"]
NEWSPIDER_MODULE = "urdupoint_news.spiders"
# `scrapy crawl` exits non-zero when the run's health fails (urdupoint_news/crawl/commands).
COMMANDS_MODULE = "urdupoint_news.crawl.commands"

# --- project settings (docs/crawling.md, "Ad hoc: scrapy crawl") ---------------------------
# Where pages are fetched from: the site, or a local mirror of it. Stored URLs are always the
# site's own (https://www.urdupoint.com/...), whichever it is.
# Where pages are fetched from; the environment variable of the same name points every command
# at a copy of the site (`urdupoint-news serve-sample` prints the line to set).
URDUPOINT_BASE_URL = os.environ.get("URDUPOINT_BASE_URL") or "https://www.urdupoint.com"
# The archive. The environment variable of the same name sets it for every run on a host (cron,
# systemd, Scrapyd); -s still wins. A relative path is taken from the directory the crawl runs in
# (for Scrapyd jobs: the directory Scrapyd was started in).
URDUPOINT_DB_PATH = os.environ.get("URDUPOINT_DB_PATH") or "data/urdupoint.db"
# Rows are written in transactions of this many items (and at the end of the run).
URDUPOINT_BATCH_SIZE = 50
# Health thresholds: a finished run is reported "failed" when any is crossed
# (docs/troubleshooting.md).
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
# Cross-checks (crawl/checks/, docs/crawling.md "Self-checks"): every field of every article read
# from two sources or more. A run is degraded (exit 3) when, among the articles of an edition (or
# of one of its layouts) with the field checked, at least URDUPOINT_CHECK_MIN_ARTICLES of them,
# more than URDUPOINT_CHECK_MAX_DISAGREEMENT disagree; or when more than
# URDUPOINT_CHECK_MAX_BODY_MISSES of its bodies hold less than URDUPOINT_CHECK_BODY_MIN_SHARE of
# the generic extractor's sentences (or the generic text holds less of theirs: boilerplate).
URDUPOINT_CHECK_ENABLED = True
URDUPOINT_CHECK_MIN_ARTICLES = 5
URDUPOINT_CHECK_MAX_DISAGREEMENT = 0.2
URDUPOINT_CHECK_BODY_MIN_SHARE = 0.7
URDUPOINT_CHECK_MAX_BODY_MISSES = 0.2

URDUPOINT_PROGRESS_INTERVAL = 30.0
# Discovery and pagination bounds (docs/site-schemes.md): pages fetched per run to find out
# whether a home's link leads to a listing, and pages (load-more batches included) read per
# listing per run whatever the site answers.
URDUPOINT_MAX_LISTING_CANDIDATES = 60
URDUPOINT_MAX_LISTING_PAGES = 1000
# A -a categories slug one edition lacks is not a problem of that edition's run: set by
# `urdupoint-news crawl` when it runs several listing spiders, which then fails only for a
# category no edition has.
URDUPOINT_CATEGORIES_ANY_EDITION = False
# The sitemap audit (docs/crawling.md, "Two sources"): a listing run also reads the daily sitemaps
# of today and yesterday (Pakistan time). When its listings found (in this run or earlier ones)
# less than this share of the stories of its edition that yesterday's (complete) sitemap lists,
# the run ends "degraded" (exit 3) and names the sections of the stories only the sitemap had.
URDUPOINT_SITEMAP_MIN_LISTED = 0.9
# An article page that fails with a server or network error (after RETRY_TIMES) is asked for
# again by later runs, by this many runs in all; then its reject is final (`gave_up`).
URDUPOINT_FETCH_ATTEMPTS = 3
# Retry-After on a 429/503 is honoured, for at most this many seconds
# (crawl/downloadermiddlewares/retry_after.py).
URDUPOINT_RETRY_AFTER_MAX = 120.0
# `scrapy crawl` refuses to start while another crawl holds `<database>.lock`.
URDUPOINT_LOCK_ENABLED = True
# `scrapy crawl` ends a run that is not ok with one "Error: crawl failed: ..." line on stderr.
URDUPOINT_EXIT_LINE = True
# With a LOG_FILE, records at this level and above also go to the terminal (crawl/console.py);
# `urdupoint-news crawl` sets it from -v/-q. Unset: Scrapy's own behaviour.
URDUPOINT_CONSOLE_LOG_LEVEL: str | None = None
# Page archive (docs/page-archive.md): every fetched article page as WARC records in this
# directory. Unset: <name>.warc/ next to the database (data/urdupoint.warc/); empty: off. The
# environment variable of the same name sets it for every run on a host (-s still wins).
URDUPOINT_WARC_DIR = os.environ.get("URDUPOINT_WARC_DIR")
URDUPOINT_WARC_MAX_BYTES = 1_000_000_000  # a file rotates before it grows past this
# reparse: the share of the selected pages that may be unreadable or missing (their WARC file
# gone) before the run is failed; above it, cron hears of it (exit 1). A file deleted on
# purpose among many is not a failure; a fifth of the archive unreadable is.
URDUPOINT_MAX_UNREADABLE_RATIO = 0.1
# reparse: processes that read and extract archived pages while the crawl's own runs the
# pipelines (0: none, everything in one process).
URDUPOINT_REPARSE_WORKERS = os.cpu_count() or 1
URDUPOINT_REPARSE_BATCH = 50  # pages per batch handed to a worker
# Layout parsers (import paths) tried before the built-in ones: a parser change under test.
URDUPOINT_EXTRA_LAYOUTS: list[str] = []

# --- politeness -----------------------------------------------------------------------
# How the site's operators can reach whoever runs the crawl: an email address or a web page. It
# goes into the User-Agent (crawl/addons/identity.py sets USER_AGENT from it; -s USER_AGENT=...
# wins).
# Unset, the User-Agent names the software only and each run of the real site warns. The
# environment variable of the same name sets it for every run on a host.
URDUPOINT_CONTACT = os.environ.get("URDUPOINT_CONTACT", "")
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
# A request that fails after its retries is one error, logged once by the spider with the reason.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
DOWNLOAD_TIMEOUT = 30
# Page size cap (Scrapy's default is 1 GiB). A larger answer is not downloaded: Scrapy cancels it
# as soon as its Content-Length (or the bytes received, or a compressed body once unpacked) is
# over the cap, and an article page is recorded in `rejects` as `too_large`. News article pages
# weigh a few hundred KB; 8 MiB leaves ample room for a real one while a runaway answer cannot
# take the crawl's memory (docs/crawling.md "Page size cap").
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

COOKIES_ENABLED = False
# No listening sockets: Scrapy's telnet console and its RemoteControl HTTP server (which runs
# any code sent to it in the crawl process) stay off.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
LOG_FORMATTER = "urdupoint_news.crawl.logformatter.ConciseLogFormatter"
# Copies and rejects are routine and recorded in the database: log them at INFO, not WARNING.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

# Items and requests of one response go through the pipelines one after another: the pipelines
# are synchronous, so Scrapy's default (100) only starts 100 asyncio tasks per page for nothing
# (benchmarks/crawl_throughput.py).
CONCURRENT_ITEMS = 1

ITEM_PIPELINES = {
    # First: it consumes the cross-checks' items (crawl/checks/), which are not articles.
    "urdupoint_news.crawl.checks.pipeline.FieldCheckPipeline": 50,
    "urdupoint_news.crawl.pipelines.CleanPipeline": 100,
    "urdupoint_news.crawl.pipelines.ValidatePipeline": 200,
    "urdupoint_news.crawl.pipelines.DedupPipeline": 300,
    "urdupoint_news.crawl.pipelines.StorePipeline": 400,
}

# A bot-protection challenge stops the run at once (crawl/downloadermiddlewares/blocking.py):
# placed after
# HttpCompressionMiddleware (590) and before MetaRefreshMiddleware (580) and RetryMiddleware (550).
# Retry-After pauses the host before RetryMiddleware retries
# (crawl/downloadermiddlewares/retry_after.py); a redirect
# off the site is refused before RedirectMiddleware (600) follows it
# (crawl/downloadermiddlewares/redirects.py).
DOWNLOADER_MIDDLEWARES = {
    "urdupoint_news.crawl.downloadermiddlewares.blocking.ChallengeStop": 585,
    "urdupoint_news.crawl.downloadermiddlewares.retry_after.RetryAfter": 560,
    "urdupoint_news.crawl.downloadermiddlewares.redirects.OffsiteRedirectStop": 610,
    # A page that declares no encoding is read as UTF-8 or else Windows-1252, as browsers do
    # (crawl/downloadermiddlewares/encoding.py); after HttpCompressionMiddleware (590), so it sees
    # the unpacked body.
    "urdupoint_news.crawl.downloadermiddlewares.encoding.FallbackEncodingMiddleware": 587,
}

# A mirror of the site (URDUPOINT_BASE_URL) is fetched under the site's own URLs; the User-Agent
# is built from URDUPOINT_CONTACT.
ADDONS = {
    "urdupoint_news.crawl.addons.mirror.MirrorAddon": 0,
    "urdupoint_news.crawl.addons.identity.IdentityAddon": 10,
}

EXTENSIONS = {
    "urdupoint_news.crawl.extensions.run_lock.RunLockExtension": 50,
    "urdupoint_news.crawl.extensions.run_lock.DatabaseCheck": 55,
    # The run's one archive connection, found by spiders and pipelines with get_extension.
    "urdupoint_news.crawl.extensions.storage.Storage": 58,
    "urdupoint_news.pagearchive.writer.ArchiveFetchedPages": 60,
    "urdupoint_news.crawl.extensions.extra_layouts.ExtraLayouts": 70,
    "urdupoint_news.crawl.extensions.run_recorder.CrawlRunRecorder": 100,
    "urdupoint_news.crawl.extensions.progress.Progress": 200,
    "urdupoint_news.crawl.extensions.download_errors.OneLineDownloadErrors": 300,
}
