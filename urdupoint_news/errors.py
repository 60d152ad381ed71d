"""Errors meant for the person at the terminal: one clear line, never a traceback."""

from __future__ import annotations

import logging

# The one exit-status rule of every command, ``urdupoint-news`` and ``scrapy crawl`` alike
# (docs/troubleshooting.md, "Exit status"): 2 is a command line refused before anything ran (an
# unknown option, spider, argument, setting or category, a value that cannot be used, a query
# that cannot be parsed, a log file or page archive directory that cannot be written); 1 a run
# that failed, or could not run for what it found (a held lock, an archive that cannot be
# opened, a file that is not a WARC file); 3 a run that finished degraded
# (crawl/verdict/status.py).
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_DEGRADED = 3


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
