"""``urdupoint_feeds``: cheap frequent runs from the RSS feeds and the news sitemaps.

Shares extraction, pipelines and the incremental rules with the listing spiders; only the way it
finds article links differs. Sitemaps are the ones robots.txt announces.

    scrapy crawl urdupoint_feeds -a editions=en
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from parsel import Selector
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.spider import SpiderArgumentError, UrduPointSpider
from urdupoint_news.site.urls import canonical_url, is_en_article, is_ur_article
from urdupoint_news.spiders.sitemap_files import UnreadableSitemap, sitemap_body

FEEDS = {"en": "/en/sitemap/news.rss", "ur": "/daily/livenews/rss.xml"}


class UrduPointFeedsSpider(UrduPointSpider):
    name = "urdupoint_feeds"
    argument_names = (*UrduPointSpider.argument_names, "editions")

    def __init__(self, *args: Any, editions: str = "en,ur", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editions = [e.strip() for e in editions.split(",") if e.strip()]
        unknown = set(self.editions) - set(FEEDS)
        if unknown or not self.editions:
            raise SpiderArgumentError(f"editions must be a list of en, ur; got {editions!r}")

    async def start(self) -> AsyncIterator[Any]:
        for edition in self.editions:
            yield scrapy.Request(
                self.site_url + FEEDS[edition], callback=self.parse_feed, errback=self.failed
            )
        yield scrapy.Request(
            f"{self.site_url}/robots.txt", callback=self.parse_robots, errback=self.failed
        )

    def is_article(self, url: str) -> bool:
        return ("en" in self.editions and is_en_article(url, self.site_url)) or (
            "ur" in self.editions and is_ur_article(url, self.site_url)
        )

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.failed)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """An RSS feed, a sitemap index or a (news) sitemap, plain or gzipped."""
        try:
            body = sitemap_body(response.body)
        except UnreadableSitemap as exc:
            self.logger.warning("Cannot read %s: %s", response.url, exc)
            return
        if b"<rss" in body[:500]:
            links = Selector(body=body, type="xml").xpath("//item/link/text()").getall()
            yield from self.follow_articles(links, response.url)
            return
        sitemap = Sitemap(body)
        entries = [entry["loc"] for entry in sitemap if entry.get("loc")]
        if sitemap.type == "sitemapindex":
            for loc in entries:
                yield scrapy.Request(loc, callback=self.parse_feed, errback=self.failed)
        else:
            yield from self.follow_articles(entries, response.url)

    def follow_articles(self, links: list[str], feed_url: str) -> Iterator[scrapy.Request]:
        urls = [canonical_url(link.strip(), base=feed_url) for link in links]
        articles = [url for url in urls if self.is_article(url)]
        self.crawler.stats.inc_value(statkeys.FEED_LINKS, len(articles))
        yield from self.article_requests(articles, found_on=feed_url)
