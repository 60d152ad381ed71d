"""The feeds spider reads sitemap files as the sitemap spiders do (spiders/sitemap_files.py)."""

from __future__ import annotations

import gzip
import logging

from scrapy.http import Response

from urdupoint_news.spiders.urdupoint_feeds import UrduPointFeedsSpider

SITEMAP = b"https://www.urdupoint.com/sitemap/news.xml.gz"


def feed(body: bytes) -> Response:
    return Response(SITEMAP.decode(), body=body)


def test_a_corrupt_gzipped_feed_is_one_warning_not_a_traceback(caplog):
    spider = UrduPointFeedsSpider()
    with caplog.at_level(logging.WARNING):
        assert list(spider.parse_feed(feed(gzip.compress(b"<urlset>")[:12]))) == []
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.getMessage().startswith(f"Cannot read {SITEMAP.decode()}: not a readable gzip")
    assert record.exc_info is None


def test_a_gzipped_sitemap_index_leads_to_its_sitemaps():
    spider = UrduPointFeedsSpider()
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://www.urdupoint.com/sitemap/a.xml</loc></sitemap></sitemapindex>"
    )
    [request] = list(spider.parse_feed(feed(gzip.compress(index))))
    assert request.url == "https://www.urdupoint.com/sitemap/a.xml"
