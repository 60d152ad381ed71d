"""``urdupoint_ur``: the Urdu edition from its section listings.

scrapy crawl urdupoint_ur -a categories=sports,weird -a max_pages=3

The Urdu edition is the whole site outside ``/en/``: stories live under ``/daily/livenews/`` (and
district pages under ``/pakistan/news/``), sections at the site root (``/sports/news.html``,
``/weird/``, ``/technology/news/1.html``) and under ``/daily/live/``. Both ``/`` and
``/daily/`` are read as homes. Later items of a section come from its load-more control
(``POST /daily/ajax_lmore.php``); see spiders/listing/ and docs/site-schemes.md.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from urdupoint_news.site.urls import is_ur_article
from urdupoint_news.spiders.listing import ListingSpider


class UrduPointUrduSpider(ListingSpider):
    name = "urdupoint_ur"
    edition = "ur"
    home_paths = ("/", "/daily/")

    def in_edition(self, url: str) -> bool:
        path = urlsplit(url).path
        return not (path == "/en" or path.startswith("/en/"))

    def is_article(self, url: str) -> bool:
        return is_ur_article(url, self.site_url)
