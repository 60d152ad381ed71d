"""Article extraction: pick the page's layout parser, fall back to structured data + main text.

``extract_article(html, url)`` is what the spider calls. Layouts are tried in ``LAYOUTS`` order;
the first whose ``matches(page)`` is true extracts the item; when none matches, ``Fallback``
does. The item's ``extractor`` names the parser that ran. Extraction never raises.
"""

from __future__ import annotations

import logging

from urdupoint_news.extraction.base import Layout, Page
from urdupoint_news.extraction.en_current import EnCurrent
from urdupoint_news.extraction.en_legacy import EnLegacy
from urdupoint_news.extraction.fallback import Fallback
from urdupoint_news.extraction.ur_current import UrCurrent
from urdupoint_news.extraction.ur_legacy import UrLegacy
from urdupoint_news.site.items import ArticleItem

logger = logging.getLogger(__name__)

# ---- LAYOUTS: known page layouts, most specific first. Add a layout version here. ----------------
LAYOUTS: list[type[Layout]] = [EnLegacy, EnCurrent, UrLegacy, UrCurrent]
# -------------------------------------------------------------------------------------------------

__all__ = [
    "LAYOUTS",
    "Fallback",
    "Layout",
    "Page",
    "choose_layout",
    "extract_article",
    "extract_page",
]


def choose_layout(page: Page) -> type[Layout]:
    """The first layout in ``LAYOUTS`` that recognises the page, else ``Fallback``."""
    for layout in LAYOUTS:
        try:
            if layout.matches(page):
                return layout
        except Exception:
            logger.warning("%s.matches failed on %s", layout.__name__, page.url, exc_info=True)
    return Fallback


def extract_article(html: str, url: str) -> ArticleItem:
    """The article of a fetched page, as complete as the page allows; never raises."""
    return extract_page(Page(html, url))


def extract_page(page: Page) -> ArticleItem:
    """``extract_article`` of a page already parsed (the crawl's cross-checks read it too)."""
    return choose_layout(page)(page).extract()
