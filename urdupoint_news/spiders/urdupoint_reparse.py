"""``urdupoint_reparse``: re-extract the archived pages with today's parsers; fetches nothing.

``urdupoint-news reparse`` runs it under the database lock; as a bare spider:

    scrapy crawl urdupoint_reparse -a fetched_since=2025-09-01 -a edition=en -a urls="URL URL"
"""

from __future__ import annotations

from urdupoint_news.pagearchive.reparse import ReparseSpider


class UrduPointReparseSpider(ReparseSpider):
    name = "urdupoint_reparse"
