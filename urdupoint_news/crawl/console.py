"""What a crawl shows on its terminal (stderr), as opposed to what goes to its log file.

Scrapy logs to one place: stderr, or ``LOG_FILE`` when it is set. ``urdupoint-news crawl`` wants
both at once, at different levels: INFO in its ``--log-file`` and only warnings and errors on the
terminal. ``URDUPOINT_CONSOLE_LOG_LEVEL`` says so: with a ``LOG_FILE``, records at that level and
above also go to stderr. Unset (the default), ``scrapy crawl`` keeps Scrapy's own conventions.
"""

from __future__ import annotations

import logging
import sys

from scrapy.settings import BaseSettings

CONSOLE_LEVEL_SETTING = "URDUPOINT_CONSOLE_LOG_LEVEL"


def _level(name: str | int) -> int:
    return name if isinstance(name, int) else logging.getLevelName(str(name).upper())


def console_level(settings: BaseSettings) -> int | None:
    """The level of the records the crawl writes to stderr, or None when it writes none there."""
    if settings.get("LOG_FILE"):
        level = settings.get(CONSOLE_LEVEL_SETTING)
        return _level(level) if level else None
    if not settings.getbool("LOG_ENABLED"):
        return None
    return _level(settings.get("LOG_LEVEL"))


def add_console_handler(settings: BaseSettings) -> None:
    """With a ``LOG_FILE`` and ``URDUPOINT_CONSOLE_LOG_LEVEL``, also log to stderr at that level."""
    if not settings.get("LOG_FILE"):
        return
    level = console_level(settings)
    if level is None:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.setFormatter(
        logging.Formatter(fmt=settings.get("LOG_FORMAT"), datefmt=settings.get("LOG_DATEFORMAT"))
    )
    logging.root.addHandler(handler)


class ClearLiveLine(logging.Filter):
    """Clears a live progress line before a record is written under it on the same terminal."""

    def filter(self, record: logging.LogRecord) -> bool:
        sys.stderr.write("\r\x1b[K")
        return True


def clear_live_line_before_records() -> None:
    """Every handler writing to stderr clears the live line first (the next tick redraws it)."""
    for handler in logging.root.handlers:
        stream = getattr(handler, "stream", None)
        if stream is sys.stderr and not any(isinstance(f, ClearLiveLine) for f in handler.filters):
            handler.addFilter(ClearLiveLine())
