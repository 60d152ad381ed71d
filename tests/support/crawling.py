"""Real ``scrapy crawl`` subprocesses over the sample site, and reading their database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from urdupoint_news.archive.schema import open_database
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.site.urls import SITE_URL

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

# The polite defaults would make a local crawl slow; nothing else differs from a real run.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "RETRY_TIMES": "1",
    "LOG_LEVEL": "INFO",
    "URDUPOINT_PROGRESS_INTERVAL": "0",
}

# The one warning a crawl of the sample site's English edition logs (a listed story is a 404).
DEAD_LINK = (
    "WARNING: Dead article link https://www.urdupoint.com/en/business/"
    "deleted-story-about-gold-prices-2193399.html (HTTP 404), linked from business"
)
# What Scrapy writes before a message of its log.
LOG_STAMP = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[[\w.]+\] "


def crawl_command(spider: str, db: Path, base_url: str, *args: str, **settings: str) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for name, value in {
        **FAST,
        "URDUPOINT_BASE_URL": base_url,
        "URDUPOINT_DB_PATH": str(db),
        **settings,
    }.items():
        command += ["-s", f"{name}={value}"]
    for arg in args:
        command += ["-a", arg]
    return command


def cli(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """``urdupoint-news ARGS`` from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "urdupoint_news.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def fast_settings(base_url: str) -> list[str]:
    """``-s`` options of the CLI for a fast crawl of a mirror at ``base_url`` (the log level is
    left to the CLI's -v/-q)."""
    settings = {**FAST, "URDUPOINT_BASE_URL": base_url}
    del settings["LOG_LEVEL"]
    return [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]


def run_crawl(
    spider: str, db: Path, base_url: str, *args: str, **settings: str
) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl SPIDER`` from the project root, as a user runs it."""
    return subprocess.run(
        crawl_command(spider, db, base_url, *args, **settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "default"},
        check=False,
    )


def rows(db: Path, table: str, **where: object) -> list[dict]:
    database = open_database(str(db), create=False)
    try:
        clause = " and ".join(f"{key} = ?" for key in where) or None
        return list(database[table].rows_where(clause, list(where.values()) or None))
    finally:
        database.close()


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of a crawled archive (WAL included), for a further run on its own."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def crawl_sample_site(
    spider: str,
    db: Path,
    *args: str,
    roots: tuple[Path, ...] | None = None,
    change: Callable[[SiteMirror], None] | None = None,
) -> dict:
    """One crawl of the sample site (or of other ``roots``, after ``change``): the database, the
    site root its stored URLs start with (the real site's, whichever mirror served the pages),
    the finished process and the paths the mirror served (with counts)."""
    with SiteMirror(roots) if roots else SiteMirror() as site:
        if change is not None:
            change(site)
        result = run_crawl(spider, db, site.base_url, *args)
        return {
            "db": db,
            "base": SITE_URL,
            "result": result,
            "requests": site.request_counts(),
        }


def daily_sitemap_paths() -> set[str]:
    """The daily sitemaps every listing run reads as its second source: today's and yesterday's
    (Pakistan time). The sample site has none for these days: each is one 404."""
    from datetime import timedelta

    from urdupoint_news.spiders.urdupoint_sitemaps import daily_sitemap_path, today_in_pakistan

    today = today_in_pakistan()
    return {daily_sitemap_path(today), daily_sitemap_path(today - timedelta(days=1))}
