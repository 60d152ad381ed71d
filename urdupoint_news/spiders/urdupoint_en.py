"""``urdupoint_en``: the English edition (Pakistan Point News) from its category listings.

scrapy crawl urdupoint_en -a categories=business,crime -a max_pages=3 -a since=2025-09-01

Listings are found from ``/en/`` by what they hold (spiders/listing/), nested categories
(``/en/news/pakistan/crime.html``) one level down; their pages carry no pagination links, so
``-updatesN`` URLs are built until a 404 or an empty page (docs/site-schemes.md).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from urdupoint_news.site.listings import en_listing_url
from urdupoint_news.site.urls import is_en_article
from urdupoint_news.spiders.listing import ListingSpider


class UrduPointEnglishSpider(ListingSpider):
    name = "urdupoint_en"
    edition = "en"
    home_paths = ("/en/",)

    def in_edition(self, url: str) -> bool:
        return urlsplit(url).path.startswith("/en/")

    def is_article(self, url: str) -> bool:
        return is_en_article(url, self.site_url)

    def listing_url(self, category: str) -> str:
        # A top-level category's first page follows the evidenced scheme; a nested one cannot
        # be guessed (its parent is unknown) and is found by discovery only.
        return en_listing_url(self.site_url, category)
