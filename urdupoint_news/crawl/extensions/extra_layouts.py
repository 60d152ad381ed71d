"""``URDUPOINT_EXTRA_LAYOUTS``: layout parsers tried before the built-in ones, by import path.

For trying a parser change on stored pages without editing the package (``urdupoint-news
reparse -s URDUPOINT_EXTRA_LAYOUTS=mypackage.layouts.EnCurrentV2``), and for tests, which register
a test-only layout this way (tests/support/layouts.py). Each class is a
``urdupoint_news.extraction.Layout``; the first whose ``matches`` is true extracts the page.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object

from urdupoint_news import extraction
from urdupoint_news.errors import UserFacingError

logger = logging.getLogger(__name__)


class ExtraLayoutError(UserFacingError):
    """A URDUPOINT_EXTRA_LAYOUTS entry that is not a layout class."""


def load_layouts(paths: list[str]) -> list[type[extraction.Layout]]:
    layouts = []
    for path in paths:
        try:
            layout = load_object(path)
        except (ImportError, NameError, ValueError, AttributeError) as exc:
            raise ExtraLayoutError(
                f"URDUPOINT_EXTRA_LAYOUTS: cannot load {path!r} ({exc})"
            ) from None
        if not (isinstance(layout, type) and issubclass(layout, extraction.Layout)):
            raise ExtraLayoutError(f"URDUPOINT_EXTRA_LAYOUTS: {path!r} is not a Layout class")
        layouts.append(layout)
    return layouts


def install_layouts(paths: list[str]) -> None:
    """Put these layouts first in this process's ``LAYOUTS`` (every run is its own process;
    reparse's worker processes call this too)."""
    layouts = load_layouts(paths)
    extraction.LAYOUTS[:0] = [layout for layout in layouts if layout not in extraction.LAYOUTS]


class ExtraLayouts:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtraLayouts:
        paths = crawler.settings.getlist("URDUPOINT_EXTRA_LAYOUTS")
        if not paths:
            raise NotConfigured
        install_layouts(paths)
        logger.info("Layouts tried first: %s", ", ".join(paths))
        return cls()
