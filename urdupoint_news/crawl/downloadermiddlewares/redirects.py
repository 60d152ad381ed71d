"""Redirects that leave the site are not followed.

A story link that redirects to another host (a partner site, a parked domain, a tracker) is not a
page of UrduPoint: asking the other host would crawl a site nobody chose, and what it answers is
never an article of this archive. The redirect is refused before Scrapy's RedirectMiddleware
follows it; the spider records the reject under the link it followed (``offsite_redirect``), so
later runs do not ask again. Scrapy's own OffsiteMiddleware is not used for this: with
``allowed_domains`` it drops a redirect silently when it is scheduled, with no errback, and the
listing walk would wait for that story forever.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from urdupoint_news.site.urls import SITE_URL, same_site

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})  # what RedirectMiddleware follows


class OffsiteRedirect(IgnoreRequest):
    """The site answered with a redirect to another host."""


class OffsiteRedirectStop:
    """Downloader middleware placed after RedirectMiddleware (600), so it sees the answer first."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OffsiteRedirectStop:
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in REDIRECT_STATUSES or not location:
            return response
        if request.meta.get("dont_redirect"):
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        if same_site(target, SITE_URL):
            return response
        raise OffsiteRedirect(f"HTTP {response.status} redirect off the site, to {target}")
