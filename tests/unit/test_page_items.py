"""A page becomes an item in a plain function (crawl/page_items.py): no spider, no crawler."""

from __future__ import annotations

from collections import Counter

from scrapy import Request
from scrapy.http import HtmlResponse, Response

from urdupoint_news.crawl.page_items import count_article_page, followed_link, page_item
from urdupoint_news.demo import SAVED_PAGES
from urdupoint_news.site.items import ArticleItem, RedirectedArticleItem, RejectItem
from urdupoint_news.site.urls import is_en_article

SEED = (
    "https://www.urdupoint.com/en/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html"
)
SITE = "https://www.urdupoint.com"


def en_article(url: str) -> bool:
    return is_en_article(url, SITE)


def seed_response(url: str = SEED, *, request: Request | None = None) -> HtmlResponse:
    body = (SAVED_PAGES / "en" / "seed_current.html").read_bytes()
    return HtmlResponse(url=url, body=body, encoding="utf-8", request=request or Request(url))


def test_an_article_page_becomes_its_article_without_a_spider():
    item = page_item(seed_response(), is_article=en_article)
    assert type(item) is ArticleItem
    assert (item.url, item.article_id, item.category) == (SEED, 2193301, "business")
    assert item.title == "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation"


def test_a_page_reached_by_a_redirect_keeps_the_link_followed():
    old = f"{SITE}/en/business/old-name-2193301.html"
    request = Request(SEED, meta={"redirect_urls": [old]})
    item = page_item(seed_response(request=request), is_article=en_article)
    assert isinstance(item, RedirectedArticleItem)
    assert followed_link(request) == old


def test_a_page_that_is_not_html_or_not_an_article_is_a_reject_naming_why():
    pdf = Response(SEED, body=b"%PDF", headers={"Content-Type": "application/pdf"})
    pdf.request = Request(SEED)
    reject = page_item(pdf, is_article=en_article)
    assert isinstance(reject, RejectItem)
    assert (reject.url, reject.reason) == (SEED, "not_html")
    home = seed_response(f"{SITE}/en/")
    reject = page_item(home, is_article=en_article)
    assert isinstance(reject, RejectItem) and reject.reason == "not_article"


def test_the_listing_category_is_given_only_to_a_story_whose_page_names_none():
    item = page_item(seed_response(), is_article=en_article, category="sports")
    assert isinstance(item, ArticleItem) and item.category == "business"


class Counts(Counter):
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self[key] += count


def test_an_extracted_page_counts_once_with_its_layout():
    stats = Counts()
    item = page_item(seed_response(), is_article=en_article)
    assert isinstance(item, ArticleItem)
    count_article_page(stats, item)
    assert stats == {"urdupoint/article_pages": 1, "urdupoint/extractor/en_current": 1}
