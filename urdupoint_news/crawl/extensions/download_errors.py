"""robots.txt download errors in one line (``OneLineDownloadErrors``)."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class _WithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class OneLineDownloadErrors:
    """robots.txt download failures are logged by Scrapy with a full traceback; the message
    already names the error (DNS lookup failed, connection refused...), so keep just that line.
    """

    LOGGERS = ("scrapy.downloadermiddlewares.robotstxt",)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OneLineDownloadErrors:
        for name in cls.LOGGERS:
            log = logging.getLogger(name)
            if not any(isinstance(f, _WithoutTraceback) for f in log.filters):
                log.addFilter(_WithoutTraceback())
        return cls()
