r"""Crawl a copy of the site while every URL stays the site's own.

``URDUPOINT_BASE_URL`` says where pages are fetched from. It is the site itself by default; the
tests and ``make demo`` point it at a mirror on 127.0.0.1. Then this add-on installs a download
handler that sends each request for the site to the mirror and hands the response back under
the site's URL. Spiders, robots.txt, redirects, pipelines and the archive only ever see
``https://www.urdupoint.com/...``: an archive crawled from a mirror equals one crawled from the
site, and crawling a mirror twice finds nothing new the second time.

A mirror serves the site's pages as they are: links and redirects that name the site (or are
relative) stay in the site's URL space. A saved copy made with link rewriting names the mirror's
own address instead (``http://127.0.0.1:8000/en/...``): those are the site's own links too, so
the handler writes the site's address back in their place (in the body, also in JSON's escaped
``http:\/\/`` form and in a gzipped body, and in a redirect's ``Location``) before anything
reads the answer. Without it a crawl of such a copy would take every link for another host's
and find a third of the stories.
"""

from __future__ import annotations

import gzip
import inspect
import zlib
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
GZIP_MAGIC = b"\x1f\x8b"
# A gzipped answer is unpacked to look for the mirror's address only up to this size (the
# sitemap protocol's limit); a larger one is left as it is.
MAX_UNPACKED = 50 * 1024 * 1024


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
        body = self.own_address_to_site(response.body)
        headers = response.headers.copy()
        location = headers.get(b"Location")
        if location:
            headers[b"Location"] = self.own_address_to_site(location)
        return response.replace(url=request.url, request=request, body=body, headers=headers)

    def own_address_to_site(self, body: bytes) -> bytes:
        """``body`` with every link to the mirror's own address made a link to the site."""
        if body.startswith(GZIP_MAGIC):
            unpacked = _gunzip(body)
            if unpacked is None or (rewritten := self._rewrite(unpacked)) is unpacked:
                return body
            return gzip.compress(rewritten)
        return self._rewrite(body)

    def _rewrite(self, body: bytes) -> bytes:
        scheme, netloc = self.mirror
        host = netloc.encode()
        if host not in body:
            return body
        site = SITE_URL.encode()
        for own in (f"{scheme}://{netloc}".encode(), f"{scheme}:\\/\\/{netloc}".encode()):
            escaped = b"\\/" in own
            body = body.replace(own, site.replace(b"/", b"\\/") if escaped else site)
        return body.replace(b"//" + host, b"//" + urlsplit(SITE_URL).netloc.encode())

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


def _gunzip(body: bytes) -> bytes | None:
    """The unpacked body, or None when it is not gzip or unpacks past ``MAX_UNPACKED``."""
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        unpacked = unpacker.decompress(body, MAX_UNPACKED)
    except zlib.error:
        return None
    return None if unpacker.unconsumed_tail else unpacked
