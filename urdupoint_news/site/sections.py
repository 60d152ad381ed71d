"""Section (category) slugs from the URLs of the site's listing pages.

The site has used several listing schemes (docs/extraction.md), and a category must keep one slug
whichever URL it was reached by, since ``-a categories=crime`` and ``articles.category`` use it:

    /en/news/agriculture.html, /en/news/agriculture-updates2.html    -> agriculture
    /en/news/pakistan/crime.html, .../crime-updates7.html            -> crime   (nested)
    /sports/news.html, /technology/news/75.html, /weird/             -> sports, technology, weird
    /daily/live/agriculture.html, /daily/business-page2.html         -> agriculture, business

The slug is the most specific path segment once the page number and the words that every
listing URL shares (``en``, ``news``, ``daily``, ``live``...) are set aside.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Path words that say "a listing" or "an edition", never which one.
GENERIC_SEGMENTS = frozenset({"en", "ur", "news", "daily", "live", "livenews", "index", "updates"})
_PAGE_SUFFIX = re.compile(r"-(?:updates|page)(?P<page>\d+)$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]{0,60}$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# What a user may name as a category (``-a categories=``, ``--category``): lower-case letters,
# digits and "-". A slug becomes part of a URL (/en/news/<slug>.html): "../../etc" never is one.
_USER_SLUG = re.compile(r"[a-z0-9-]+")


def _segments(url: str) -> list[str]:
    path = urlsplit(url).path.lower()
    return [s.removesuffix(".html").removesuffix(".htm") for s in path.split("/") if s]


def category_slug(url: str) -> str | None:
    """The category a listing URL (or a breadcrumb link) names, or None."""
    for segment in reversed(_segments(url)):
        segment = _PAGE_SUFFIX.sub("", segment)
        if segment.isdigit() or segment in GENERIC_SEGMENTS:
            continue
        return segment if _SLUG.match(segment) else None
    return None


def section_slug(name: str | None) -> str | None:
    """The slug of a section's English name (a breadcrumb's text, JSON-LD ``articleSection``):
    ``"Business"`` -> ``business``, ``"Sports News"`` -> ``sports-news``."""
    if not name:
        return None
    return _NOT_SLUG.sub("-", name.lower()).strip("-") or None


def is_category_name(text: str) -> bool:
    """Could ``text`` (already lower-cased) name a category?"""
    return bool(_USER_SLUG.fullmatch(text))


def listing_page(url: str) -> int:
    """The page number a listing URL names (``-updates3``, ``-page3``, ``/news/3.html``), else 1."""
    segments = _segments(url)
    if not segments:
        return 1
    last = segments[-1]
    if last.isdigit():
        return max(int(last), 1)
    match = _PAGE_SUFFIX.search(last)
    return max(int(match["page"]), 1) if match else 1
