"""A bare Scrapy spider for ``crawl_throughput.py``: it follows the links ``urdupoint_en`` follows
on the synthetic site and does nothing else (no extraction, no items, no database).

Run outside the project (no ``scrapy.cfg``, no project settings) by ``crawl_throughput.py``:

    scrapy runspider bare_spider.py -a base_url=http://127.0.0.1:PORT -s ...

The walk is ``urdupoint_en``'s: the home's menu links to the category listings; each listing page's
``div.txt_box`` item links are fetched first (priority 10, as ``urdupoint_en`` does), then the next
page, built as ``-updatesN`` because the site's listings carry no pagination links, until a page
without items or a 404. URLs name the mirror directly (``urdupoint_en`` names the site and its
download handler fetches from the mirror).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

LISTING = re.compile(r"^/en/news/(?P<category>[a-z-]+?)(?:-updates(?P<page>\d+))?\.html$")
ARTICLE = re.compile(r"^/en/[a-z0-9-]+/[^/]*-\d{3,}\.html$")


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def on_mirror(self, href: str) -> str:
        parts = urlsplit(href)
        return self.base_url + parts.path

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.base_url + "/en/", callback=self.parse_home)

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css("nav a::attr(href)").getall():
            match = LISTING.match(urlsplit(href).path)
            if match:
                yield scrapy.Request(
                    self.on_mirror(href),
                    callback=self.parse_listing,
                    cb_kwargs={"category": match["category"], "page": 1},
                )

    def parse_listing(self, response: Response, category: str, page: int) -> Iterator[Any]:
        links = [
            href
            for href in response.css("div.txt_box a::attr(href)").getall()
            if ARTICLE.match(urlsplit(href).path)
        ]
        for href in links:
            yield scrapy.Request(self.on_mirror(href), callback=self.parse_article, priority=10)
        if links:
            yield scrapy.Request(
                f"{self.base_url}/en/news/{category}-updates{page + 1}.html",
                callback=self.parse_listing,
                cb_kwargs={"category": category, "page": page + 1},
            )

    def parse_article(self, response: Response) -> Iterator[Any]:
        return iter(())
