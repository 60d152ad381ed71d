"""Reading sitemap files, for every spider that reads them (daily sitemaps, news sitemaps).

A body may be gzipped (``.xml.gz`` served as it is) or not (a server that sends
``Content-Encoding: gzip`` has it decompressed by Scrapy on the way); a corrupt, cut or
oversized file is ``UnreadableSitemap`` with a reason, never a traceback.
"""

from __future__ import annotations

import zlib

from scrapy.utils.sitemap import Sitemap

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit
GZIP_MAGIC = b"\x1f\x8b"


class UnreadableSitemap(ValueError):
    """A 200 answer that is not a sitemap of pages (a challenge page, a broken file...)."""


def sitemap_body(body: bytes) -> bytes:
    """The XML of a sitemap file, unpacked when it is gzipped."""
    if body.startswith(GZIP_MAGIC):
        return strict_gunzip(body, MAX_SITEMAP_BYTES)
    return body


def sitemap_links(body: bytes) -> list[str]:
    """The ``loc`` of every page a sitemap lists; the body may be gzipped or not (a server that
    sends ``Content-Encoding: gzip`` has it decompressed by Scrapy on the way)."""
    body = sitemap_body(body)
    try:
        sitemap = Sitemap(body)
        entries = list(sitemap)
    except (StopIteration, SyntaxError):  # nothing parseable (lxml's errors are SyntaxErrors)
        raise UnreadableSitemap("not XML") from None
    if sitemap.type != "urlset":
        raise UnreadableSitemap(f"a <{sitemap.type}> document, not a <urlset> sitemap")
    return [entry["loc"] for entry in entries if entry.get("loc")]


def strict_gunzip(data: bytes, max_size: int) -> bytes:
    """The whole gzip stream, or ``UnreadableSitemap``: a corrupt or cut file is unreadable
    (Scrapy's ``gunzip`` keeps what it could read of a broken file, and lets ``zlib.error``
    through, which was a traceback per day)."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        body = decompressor.decompress(data, max_size + 1)
    except zlib.error as exc:
        raise UnreadableSitemap(f"not a readable gzip file ({exc})") from None
    if len(body) > max_size:
        raise UnreadableSitemap(f"over {max_size} bytes once decompressed")
    if not decompressor.eof:
        raise UnreadableSitemap("not a readable gzip file (it ends before its gzip stream)")
    return body
