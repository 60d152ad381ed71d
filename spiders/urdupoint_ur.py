"""``urdupoint_ur``: the Urdu edition (``/daily/``) from its section listings.

scrapy crawl urdupoint_ur -a categories=pakistan,sports -a max_pages=3
"""

from __future__ import annotations

from urdupoint_news.crawl.base import ListingSpider
from urdupoint_news.site.urls import is_ur_article, ur_listing


class UrduPointUrduSpider(ListingSpider):
    name = "urdupoint_ur"
    home_path = "/daily/"
    listing_links = "li.item_shadow a::attr(href)"

    def is_article(self, url: str) -> bool:
        return is_ur_article(url, self.site_url)

    def listing(self, url: str) -> tuple[str, int] | None:
        return ur_listing(url, self.site_url)
