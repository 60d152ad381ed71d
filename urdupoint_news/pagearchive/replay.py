"""Spiders that fetch nothing: their pages come from the page archive (``urdupoint_reparse``,
pagearchive/reparse.py) or from WARC files made elsewhere (``urdupoint_import``,
pagearchive/importing.py).

They run like any crawl (``scrapy crawl``, the pipelines, stats, ``crawl_runs``, the health
checks) and hand every stored page to the same ``page_item`` a fetched page goes through
(crawl/page_items.py). Each page counts as a response and as an article request, so
``crawl_runs.pages``, the progress line and the reject and fallback ratios judge a replay as they
judge a crawl. Items carry the page's
fetch time (``ArchivedPageArticle``) so the store dates them by the page, not by the run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from scrapy import Request
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.downloadermiddlewares.encoding import with_fallback_encoding
from urdupoint_news.crawl.page_items import checked_page_item, count_article_page
from urdupoint_news.crawl.spider import UrduPointSpider
from urdupoint_news.pagearchive.pages import StoredPage, article_edition
from urdupoint_news.site.items import ArchivedPageArticle, ArticleItem

logger = logging.getLogger(__name__)


def stored_response(page: StoredPage) -> Response:
    """The Scrapy response a stored page stands for (the class Scrapy would have picked)."""
    headers = Headers()
    for name, value in page.headers:
        headers.appendlist(name, value)
    response_class = responsetypes.from_args(headers=headers, url=page.url, body=page.body)
    response = response_class(
        url=page.url,
        status=page.status,
        headers=headers,
        body=page.body,
        request=Request(page.url),
    )
    return with_fallback_encoding(response)  # as the crawl's middleware did


def split_list(value: str | None) -> list[str]:
    """``-a`` values naming several things: separated by commas, spaces or new lines."""
    return [part for part in (value or "").replace(",", " ").split() if part]


def is_archived_article(url: str) -> bool:
    """An article URL of either edition: what a replayed page must be to become an article."""
    return article_edition(url) is not None


def replay_items(
    page: StoredPage,
    *,
    stats: Any,
    fetched_at: str,
    reextracted: bool,
    is_article: Callable[[str], bool] = is_archived_article,
) -> list[Any]:
    """The items of a stored page, exactly as a crawl gets them from a fetched one (``stats``:
    anything with Scrapy's ``inc_value``)."""
    stats.inc_value("response_received_count")
    stats.inc_value(statkeys.ARTICLE_REQUESTS)
    item, checks = checked_page_item(stored_response(page), is_article=is_article)
    if isinstance(item, ArticleItem):
        count_article_page(stats, item)
        if type(item) is ArticleItem:
            item = ArchivedPageArticle(
                **asdict(item), fetched_at=fetched_at, reextracted=reextracted
            )
    # The cross-checks travel with the article (out of reparse's worker processes too).
    return [item] if checks is None else [checks, item]


class ReplaySpider(UrduPointSpider):
    """Base of the spiders that read stored pages instead of fetching them."""

    def is_article(self, url: str) -> bool:
        return is_archived_article(url)
