"""Errors meant for the person at the terminal: one clear line, never a traceback."""

from __future__ import annotations

import logging


class UserFacingError(Exception):
    """Bad input or a refused run; its message is the whole story."""


class _OneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, UserFacingError):
            record.msg, record.args = str(error), ()
            record.exc_info = record.exc_text = None
        return True


def report_in_one_line() -> None:
    """A bare ``scrapy crawl`` reports a failed start through asyncio's "Task exception was never
    retrieved" log record, traceback included; keep just the message for our own errors."""
    log = logging.getLogger("asyncio")
    if not any(isinstance(f, _OneLine) for f in log.filters):
        log.addFilter(_OneLine())
