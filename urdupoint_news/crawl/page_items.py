"""What a fetched article page becomes: a plain function that crawls and replays both call.

A crawl (crawl/spider.py), an import of WARC files and a reparse of the page archive
(pagearchive/) hand every article page to ``page_item``; it needs no spider and no crawler, so
reparse's worker processes call it as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapy.http import Request, Response, TextResponse

from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.checks import FieldChecks, check_article
from urdupoint_news.extraction import Page, extract_page
from urdupoint_news.site.items import ArticleItem, RedirectedArticleItem, RejectItem
from urdupoint_news.site.urls import canonical_url


def followed_link(request: Request) -> str:
    """The link the spider asked for, before any redirect (``request`` may be a redirect's)."""
    redirects: list[str] = request.meta.get("redirect_urls") or []
    return redirects[0] if redirects else request.url


def page_item(
    response: Response,
    *,
    is_article: Callable[[str], bool],
    category: str | None = None,
) -> ArticleItem | RejectItem:
    """The article of a fetched page, or the reject saying why the page is none.

    ``is_article`` tells the spider's article URLs; ``category`` (the listing's slug) is given to
    a story whose page names none. Rejects keep the link followed, whatever redirects led
    elsewhere, so later runs know it."""
    return checked_page_item(response, is_article=is_article, category=category, check=False)[0]


def checked_page_item(
    response: Response,
    *,
    is_article: Callable[[str], bool],
    category: str | None = None,
    check: bool = True,
) -> tuple[ArticleItem | RejectItem, FieldChecks | None]:
    """``page_item``, and the cross-checks of an article page (crawl/checks/): the page is
    parsed once, the layout extracts the item and the checks read the page's other sources."""
    link = followed_link(response.request) if response.request is not None else response.url
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    if not isinstance(response, TextResponse) or (content_type and "html" not in content_type):
        return RejectItem(link, "not_html", f"content type {content_type or 'unknown'}"), None
    if not is_article(canonical_url(response.url)):
        reject = RejectItem(
            link, "not_article", f"redirected to {response.url}, which is not an article"
        )
        return reject, None
    page = Page(response.text, response.url)
    item: ArticleItem = extract_page(page)
    if link != item.url:
        item = RedirectedArticleItem.of(item, link)
    if not item.category:
        item.category = category
    if not check:
        return item, None
    meta = response.request.meta if response.request is not None else {}
    return item, check_article(page, item, meta)


def count_article_page(stats: Any, item: ArticleItem) -> None:
    """Count an extracted article page (and the layout that parsed it) in ``stats``, anything
    with Scrapy's ``inc_value``."""
    stats.inc_value(statkeys.ARTICLE_PAGES)
    stats.inc_value(statkeys.extractor(item.extractor))
