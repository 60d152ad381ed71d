"""Every ``urdupoint/…`` key the run keeps in Scrapy's stats, in one place.

Components count what they see under these names; the verdict (crawl/verdict/) reads them when
the run ends. A stat is written in one place and read by name from here, never spelt again.
"""

from __future__ import annotations

PREFIX = "urdupoint/"

# --- articles: fetched, extracted, stored (crawl/spider.py, crawl/pipelines.py) ---------------
ARTICLE_REQUESTS = "urdupoint/article_requests"  # article pages asked for
ARTICLE_PAGES = "urdupoint/article_pages"  # article pages that came back and were extracted
OLDER_THAN_SINCE = "urdupoint/older_than_since"
TOO_LARGE = "urdupoint/too_large"
DEAD_LINKS = "urdupoint/dead_links"
LAST_DOWNLOAD_ERROR = "urdupoint/last_download_error"
FETCH_FAILURES = "urdupoint/fetch_failures"
ARTICLES_NEW = "urdupoint/articles_new"
ARTICLES_UPDATED = "urdupoint/articles_updated"
ARTICLES_UNCHANGED = "urdupoint/articles_unchanged"
DUPLICATES = "urdupoint/duplicates"
DUPLICATES_SEEN_AGAIN = "urdupoint/duplicates_seen_again"
PROMOTED = "urdupoint/promoted"
REJECTS = "urdupoint/rejects"
STORAGE_FAILED = "urdupoint/storage_failed"

# --- the listing walk (spiders/listing/) and the other discovery sources ------------------
HOMES = "urdupoint/homes"
HOMES_READ = "urdupoint/homes_read"
HOME_FAILED = "urdupoint/home_failed"
LISTINGS = "urdupoint/listings"
LISTING_CANDIDATES = "urdupoint/listing_candidates"
LISTING_CANDIDATES_LEFT_OUT = "urdupoint/listing_candidates_left_out"
LISTING_REQUESTS = "urdupoint/listing_requests"
LISTING_PAGES = "urdupoint/listing_pages"
LISTING_LINKS = "urdupoint/listing_links"
LISTING_ERRORS = "urdupoint/listing_errors"
LISTING_ERROR = "urdupoint/listing_error"
CATEGORIES_MISSING = "urdupoint/categories_missing"
FEED_LINKS = "urdupoint/feed_links"
SITEMAP_DAYS = "urdupoint/sitemap_days"
SITEMAP_LINKS = "urdupoint/sitemap_links"
SITEMAP_STORY_LINKS = "urdupoint/sitemap_story_links"
# The listing runs' daily sitemaps, their second source (spiders/listing/sources.py): read,
# missing (404/410) and unreadable days; and the story links each source showed.
DAILY_SITEMAPS_READ = "urdupoint/daily_sitemaps/read"
DAILY_SITEMAPS_MISSING = "urdupoint/daily_sitemaps/missing"
DAILY_SITEMAPS_UNREADABLE = "urdupoint/daily_sitemaps/unreadable"
FOUND_BY_PREFIX = "urdupoint/found_by/"

# --- downloader middlewares ------------------------------------------------------------------
BLOCKED = "urdupoint/blocked"  # what the challenge looked like (crawl/downloadermiddlewares)
RETRY_AFTER_WAITS = "urdupoint/retry_after_waits"

# --- the page archive (pagearchive/) ---------------------------------------------------------
PAGES_ARCHIVED = "urdupoint/pages_archived"
PAGES_UNREADABLE = "urdupoint/pages_unreadable"
PAGES_MISSING = "urdupoint/pages_missing"

# --- the cross-checks (crawl/checks/) ------------------------------------------------------
CHECKED_PAGES = "urdupoint/checks/pages"  # article pages cross-checked
CHECKED_FIELDS = "urdupoint/checks/fields_checked"  # fields with two sources or more, compared
DISAGREEING_FIELDS = "urdupoint/checks/fields_disagreeing"  # ... whose sources disagreed
BODIES_MISSING_TEXT = "urdupoint/checks/bodies_missing_text"  # short of the generic's text
BODIES_WITH_EXTRA_TEXT = "urdupoint/checks/bodies_with_extra_text"  # text the generic lacks

# --- the verdict (crawl/verdict/) ------------------------------------------------------------
RUN_ID = "urdupoint/run_id"  # the run's crawl_runs id, once its row is written
RUN_STATUS = "urdupoint/run_status"
RUN_PROBLEMS = "urdupoint/run_problems"
# Set when the run's crawl_runs row could not be completed (the database refused the write).
RUN_UNRECORDED = "urdupoint/run_unrecorded"
# Sentences a component found itself: problems make the run failed, findings degraded.
FOUND_PROBLEMS = "urdupoint/found_problems"
# What a run's article pages came from when not from listings ("archived pages", "WARC
# records"): the problem lines speak of what the command read (pagearchive/replay.py).
PAGES_FROM = "urdupoint/pages_from"
FOUND_FINDINGS = "urdupoint/found_findings"

# --- families: one key per name -----------------------------------------------------------
EXTRACTOR_PREFIX = "urdupoint/extractor/"
REJECTS_PREFIX = "urdupoint/rejects/"
IMPORT_PREFIX = "urdupoint/import/"


def found_by(source: str) -> str:
    """Story links the source (``listing``, ``sitemap``, ``both``) showed in a listing run."""
    return FOUND_BY_PREFIX + source


def extractor(name: str | None) -> str:
    """Article pages parsed by the layout ``name``."""
    return f"{EXTRACTOR_PREFIX}{name}"


def rejects(reason: str) -> str:
    """Pages rejected for ``reason``."""
    return REJECTS_PREFIX + reason


def articles(outcome: str) -> str:
    """Stored articles by outcome: ``new``, ``updated``, ``unchanged``."""
    return f"urdupoint/articles_{outcome}"


def imported(kind: str) -> str:
    """WARC records an import saw, by kind."""
    return IMPORT_PREFIX + kind
