"""Who is crawling: the ``User-Agent`` names the software and, from ``URDUPOINT_CONTACT``, a real
way for the site's operators to reach whoever runs the crawl.

There is no contact by default: the project has no address that would reach the person running
a given copy of it, and a made-up one would be worse than none. Without one, the User-Agent
names the software only, and every run of the real site starts with a warning saying so. The
crawl is not refused: the first ``make crawl`` must work, the crawler is polite either way, and
the site can still recognise (and block) it by its product token. Crawls of a local mirror (the
tests, ``make demo``) reach no one's site and do not warn.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from urdupoint_news import __version__
from urdupoint_news.crawl.addons.mirror import fetch_root
from urdupoint_news.errors import UserFacingError
from urdupoint_news.site.urls import SITE_URL

logger = logging.getLogger(__name__)

PRODUCT = f"urdupoint-news/{__version__}"
_EMAIL = re.compile(r"^(mailto:)?[^@\s/]+@(?P<host>[^@\s/]+\.[^@\s/]+)$", re.IGNORECASE)
_URL = re.compile(r"^https?://(?P<host>[^/\s:]+\.[^/\s:]+)(:\d+)?(/\S*)?$", re.IGNORECASE)
# RFC 2606's names for examples: they reach no one.
_PLACEHOLDER_HOST = re.compile(r"(^|\.)example\.(com|org|net)$|\.(example|invalid|test)$", re.I)


class BadContact(UserFacingError, ValueError):
    """``URDUPOINT_CONTACT`` is not an address that reaches anyone."""


def contact_problem(contact: str) -> str | None:
    """Why ``contact`` (stripped) reaches no one, or None for an email address or an http(s)
    URL on a real host."""
    match = _EMAIL.match(contact) or _URL.match(contact)
    if match is None:
        return "expected an email address or an http(s) URL"
    if _PLACEHOLDER_HOST.search(match["host"]):
        return "expected an address that reaches a person, not a placeholder"
    return None


def check_contact(contact: str) -> str:
    """``contact`` stripped, if it is an email address or an http(s) URL on a real host."""
    contact = contact.strip()
    problem = contact_problem(contact)
    if problem:
        raise BadContact(f"invalid setting URDUPOINT_CONTACT={contact!r}: {problem}")
    return contact


def user_agent(contact: str | None) -> str:
    """The User-Agent: the product token, what it is, and the contact when there is one."""
    if not contact:
        return f"{PRODUCT} (news archive crawler)"
    return f"{PRODUCT} (news archive crawler; +{contact})"


class IdentityAddon:
    """Sets ``USER_AGENT`` from ``URDUPOINT_CONTACT`` (a ``USER_AGENT`` set in a project's own
    settings or with ``-s`` wins: add-ons rank below both). Without a contact, the first request
    to the real site logs a warning (runs that fetch nothing, or fetch a mirror, do not)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.warned = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IdentityAddon:
        return cls(crawler)

    def update_settings(self, settings: BaseSettings) -> None:
        raw = (settings.get("URDUPOINT_CONTACT") or "").strip()
        contact = check_contact(raw) if raw else None
        settings.set("USER_AGENT", user_agent(contact), priority="addon")
        if contact is None and fetch_root(settings) == SITE_URL:
            self.crawler.signals.connect(
                self.request_reached_downloader, signal=signals.request_reached_downloader
            )

    def request_reached_downloader(self, request: Request) -> None:
        if self.warned or urlsplit(request.url).netloc != urlsplit(SITE_URL).netloc:
            return
        self.warned = True
        logger.warning(
            "URDUPOINT_CONTACT is not set: the User-Agent gives the site's operators no way to "
            "reach you. Set it to your email address or a web page about your crawl "
            "(docs/crawling.md)."
        )
