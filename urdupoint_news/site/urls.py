"""What the site's URLs mean: article links, listing pages, canonical forms.

Every pattern is relative to the site root so the same spider crawls the real site or a local
mirror (``URDUPOINT_BASE_URL``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

SITE_URL = "https://www.urdupoint.com"

# /en/<section>/<slug>-<numeric id>.html
EN_ARTICLE_PATH = re.compile(
    r"^/en/(?P<section>[a-z0-9-]+)/(?P<slug>[^/]*?)-?(?P<id>\d{3,})\.html$"
)
# /daily/livenews/YYYY-MM-DD/news-<numeric id>.html
UR_ARTICLE_PATH = re.compile(r"^/daily/livenews/\d{4}-\d{2}-\d{2}/news-(?P<id>\d+)\.html$")

# Sections whose URLs can look like /<section>/<slug>-<id>.html but are not stories.
EN_NON_ARTICLE_SECTIONS = frozenset(
    {
        "team",  # author pages
        "video",
        "videos",
        "tag",
        "tags",
        "topic",
        "photo",
        "photos",
        "gallery",
        "news",  # category listings
        "sitemap",
        "search",
        "info",
        "pages",
    }
)

# /en/news/<category>.html, /en/news/<category>-updates2.html ...
EN_LISTING_PATH = re.compile(
    r"^/en/news/(?P<category>[a-z0-9-]+?)(?:-updates(?P<page>\d+))?\.html$"
)


# /daily/<section>.html; further pages are followed through rel=next / numbered links, never
# built, since the Urdu edition's page-URL scheme is not known.
UR_LISTING_PATH = re.compile(
    r"^/daily/(?P<category>[a-z][a-z0-9-]*?)(?:-page(?P<page>\d+))?\.html$"
)
UR_NON_LISTING = frozenset({"index", "rss", "sitemap", "search", "team", "topic"})


def canonical_url(url: str, base: str | None = None) -> str:
    """Absolute URL without query string or fragment (the site never needs either)."""
    absolute = urljoin(base, url) if base else url
    parts = urlsplit(absolute.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", "", ""))


def same_site(url: str, base_url: str) -> bool:
    return urlsplit(url).netloc.lower() == urlsplit(base_url).netloc.lower()


def article_id(url: str) -> int | None:
    """The site's numeric article id, or None when the URL is not an article of either edition."""
    path = urlsplit(url).path
    for pattern in (EN_ARTICLE_PATH, UR_ARTICLE_PATH):
        match = pattern.match(path)
        if match:
            return int(match["id"])
    return None


def is_en_article(url: str, base_url: str) -> bool:
    if not same_site(url, base_url):
        return False
    match = EN_ARTICLE_PATH.match(urlsplit(url).path)
    return bool(match) and match["section"] not in EN_NON_ARTICLE_SECTIONS


def is_ur_article(url: str, base_url: str) -> bool:
    return same_site(url, base_url) and bool(UR_ARTICLE_PATH.match(urlsplit(url).path))


def en_section(url: str) -> str | None:
    """The section segment of an English article URL (``business`` in /en/business/...)."""
    match = EN_ARTICLE_PATH.match(urlsplit(url).path)
    return match["section"] if match else None


def en_listing(url: str, base_url: str) -> tuple[str, int] | None:
    """(category, page number) of an English listing URL, else None."""
    if not same_site(url, base_url):
        return None
    match = EN_LISTING_PATH.match(urlsplit(url).path)
    if not match:
        return None
    return match["category"], int(match["page"] or 1)


def en_listing_url(base_url: str, category: str, page: int = 1) -> str:
    suffix = "" if page == 1 else f"-updates{page}"
    return urljoin(base_url, f"/en/news/{category}{suffix}.html")


def ur_listing(url: str, base_url: str) -> tuple[str, int] | None:
    """(section slug, page number) of an Urdu section listing URL, else None."""
    if not same_site(url, base_url):
        return None
    match = UR_LISTING_PATH.match(urlsplit(url).path)
    if not match or match["category"] in UR_NON_LISTING:
        return None
    return match["category"], int(match["page"] or 1)
