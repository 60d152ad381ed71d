"""``urdupoint_en``: the English edition (Pakistan Point News) from its category listings.

scrapy crawl urdupoint_en -a categories=business,sports -a max_pages=3 -a since=2025-09-01
"""

from __future__ import annotations

from urdupoint_news.crawl.base import ListingSpider
from urdupoint_news.site.urls import en_listing, en_listing_url, is_en_article


class UrduPointEnglishSpider(ListingSpider):
    name = "urdupoint_en"
    home_path = "/en/"
    # Listing items: the current markup's div.txt_box, the older big item + list markup.
    listing_links = (
        "div.txt_box a::attr(href), div.news_big_item a::attr(href), ul.news_list li a::attr(href)"
    )

    def is_article(self, url: str) -> bool:
        return is_en_article(url, self.site_url)

    def listing(self, url: str) -> tuple[str, int] | None:
        return en_listing(url, self.site_url)

    def listing_url(self, category: str) -> str:
        return en_listing_url(self.site_url, category)
