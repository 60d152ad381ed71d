"""Crawl a copy of the site while every URL stays the site's own.

``URDUPOINT_BASE_URL`` says where pages are fetched from. It is the site itself by default; the
tests and ``make demo`` point it at a mirror on 127.0.0.1. Then this add-on installs a download
handler that sends each request for the site to the mirror and hands the response back under
the site's URL. Spiders, robots.txt, redirects, pipelines and the archive only ever see
``https://www.urdupoint.com/...``: an archive crawled from a mirror equals one crawled from the
site, and crawling a mirror twice finds nothing new the second time.

A mirror serves the site's pages as they are: links and redirects that name the site (or are
relative) stay in the site's URL space; a page that names the mirror's own address would leave it.
"""

from __future__ import annotations

import inspect
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# Imported at once, not by the engine when it first downloads: Scrapy's create_deprecated_class
# calls inspect.stack() while this module loads, which costs about 0.2 s from deep inside the
# engine's start-up and 0.02 s from here (benchmarks/process_cost.py; the test suite starts
# some 230 crawls).
import scrapy.core.downloader.contextfactory  # noqa: F401
from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import build_from_crawler, load_object

from urdupoint_news.site.urls import SITE_URL

HANDLER = "urdupoint_news.crawl.addons.mirror.MirrorDownloadHandler"
FETCHED_FROM = "urdupoint/fetched_from"


def fetch_root(settings: BaseSettings) -> str:
    return (settings.get("URDUPOINT_BASE_URL") or SITE_URL).rstrip("/")


class MirrorAddon:
    """Installs ``MirrorDownloadHandler`` when ``URDUPOINT_BASE_URL`` is not the site."""

    def update_settings(self, settings: BaseSettings) -> None:
        if fetch_root(settings) == SITE_URL:
            return
        settings.set("DOWNLOAD_HANDLERS", {"http": HANDLER, "https": HANDLER}, priority="addon")


class MirrorDownloadHandler(BaseDownloadHandler):
    """Downloads the site's URLs from the mirror; every other URL as Scrapy would."""

    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        site, mirror = urlsplit(SITE_URL), urlsplit(fetch_root(crawler.settings))
        self.site_host = site.netloc
        self.mirror = (mirror.scheme, mirror.netloc)
        # Problem lines name where pages were fetched from (crawl/verdict/health.py).
        crawler.stats.set_value(FETCHED_FROM, fetch_root(crawler.settings))
        # Scrapy's own HTTP(S) handler does the downloading, whatever this version's default is.
        default = crawler.settings.getdict("DOWNLOAD_HANDLERS_BASE")["https"]
        self.inner: Any = build_from_crawler(load_object(default), crawler)

    def on_mirror(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.netloc.lower() != self.site_host:
            return None
        return urlunsplit((*self.mirror, parts.path, parts.query, parts.fragment))

    async def download_request(self, request: Request) -> Response:
        mirrored = self.on_mirror(request.url)
        if mirrored is None:
            return await self._download(request)
        response = await self._download(request.replace(url=mirrored))
        return response.replace(url=request.url, request=request)

    async def _download(self, request: Request) -> Response:
        result = self.inner.download_request(request)
        if not inspect.isawaitable(result):  # a Deferred, from handlers of the older API
            result = maybe_deferred_to_future(result)
        return await result

    async def close(self) -> None:
        closed = self.inner.close()
        if inspect.isawaitable(closed):
            await closed
        elif closed is not None:
            await maybe_deferred_to_future(closed)
