"""What the site's URLs mean: article links, listing pages, canonical forms.

Every pattern is relative to the site root so the same spider crawls the real site or a local
mirror (``URDUPOINT_BASE_URL``).

Article URLs (docs/extraction.md):

- English: ``/en/<section>/<slug>-<id>.html``;
- Urdu: ``/daily/livenews/YYYY-MM-DD/news-<id>.html``, the agency-copy variant
  ``.../news-<id>-dw.html``, and district stories
  ``/pakistan/news/<district>/(national-news|important-news)/live-news-<id>.html``.

Not stories: columns (``/daily/column/...``), kids' pages, tag/topic, team, video pages.
The server checks neither the date segment nor the slug, so the numeric id identifies a story;
the stored URL is still the canonical URL the page names (or the one it was fetched at).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

SITE_URL = "https://www.urdupoint.com"
# Hosts that are the site itself: http:// and the bare domain are the same pages.
SITE_HOSTS = frozenset({"www.urdupoint.com", "urdupoint.com"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

# /en/<section>/<slug>-<numeric id>.html
EN_ARTICLE_PATH = re.compile(
    r"^/en/(?P<section>[a-z0-9-]+)/(?P<slug>[^/]*?)-?(?P<id>\d{3,})\.html$"
)
# /daily/livenews/YYYY-MM-DD/news-<numeric id>.html, and the agency-copy suffix "-dw".
UR_ARTICLE_PATH = re.compile(
    r"^/daily/livenews/\d{4}-\d{2}-\d{2}/news-(?P<id>\d+)(?P<suffix>-dw)?\.html$"
)
# /pakistan/news/<district>/(national-news|important-news)/live-news-<numeric id>.html
UR_DISTRICT_ARTICLE_PATH = re.compile(
    r"^/pakistan/news/(?P<district>[a-z0-9-]+)/(?:national-news|important-news)"
    r"/live-news-(?P<id>\d+)\.html$"
)
UR_ARTICLE_PATHS = (UR_ARTICLE_PATH, UR_DISTRICT_ARTICLE_PATH)

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


# Cached: a pure function of its strings, called a dozen times per page (extraction, the
# spiders' URL checks) and w3lib's canonical form costs ~0.1 ms (reparse profile).
@lru_cache(maxsize=4096)
def canonical_url(url: str, base: str | None = None) -> str:
    """The one spelling of a page's URL: absolute, no query string or fragment (the site never
    needs either), w3lib's canonical form (``/./`` and ``..`` resolved, ``%2D`` decoded, other
    escapes upper-cased, scheme and host lower-cased), no default port, and the site's own pages
    on ``https://www.urdupoint.com`` whether linked as ``http://`` or on the bare domain.

    Another host (a local mirror, another site) keeps its scheme, host and port."""
    return _canonical_absolute(urljoin(base, url.strip()) if base else url.strip())


# A page's template repeats the same few hundred links on every page (menus, footers, widgets),
# and a listing page's links are read for items, the next page and new sections: w3lib's
# canonical form costs about 40 µs a link, the cache's lookup well under 1 µs. Bounded, so a long
# crawl keeps at most a few MB of it (issue 23: the work per page should not grow with the page's
# boilerplate).
@lru_cache(maxsize=8192)
def _canonical_absolute(absolute: str) -> str:
    try:
        parts = urlsplit(canonicalize_url(absolute, keep_fragments=False))
        port = parts.port
    except ValueError:  # an unusable port or host: keep what was given, minus query/fragment
        parts, port = urlsplit(absolute), None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    netloc = parts.netloc.lower()
    if host in SITE_HOSTS and scheme in _DEFAULT_PORTS and port in (None, _DEFAULT_PORTS[scheme]):
        scheme, netloc = urlsplit(SITE_URL)[:2]
    elif port is not None and port == _DEFAULT_PORTS.get(scheme):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((scheme, netloc, parts.path or "/", "", ""))


def same_site(url: str, base_url: str) -> bool:
    """Same host and port once canonical: ``http://urdupoint.com`` is the site itself."""
    return urlsplit(canonical_url(url)).netloc == urlsplit(canonical_url(base_url)).netloc


def _ur_article_match(path: str) -> re.Match[str] | None:
    for pattern in UR_ARTICLE_PATHS:
        if match := pattern.match(path):
            return match
    return None


def article_id(url: str) -> int | None:
    """The site's numeric article id, or None when the URL is not an article of either edition."""
    path = urlsplit(url).path
    match = EN_ARTICLE_PATH.match(path) or _ur_article_match(path)
    return int(match["id"]) if match else None


def edition(url: str) -> str | None:
    """``en`` or ``ur`` for an article URL of that edition (or a page under ``/en/``,
    ``/daily/``), else None."""
    path = urlsplit(url).path
    if path.startswith("/en/"):
        return "en"
    if path.startswith("/daily/") or _ur_article_match(path):
        return "ur"
    return None


def is_en_article(url: str, base_url: str) -> bool:
    if not same_site(url, base_url):
        return False
    match = EN_ARTICLE_PATH.match(urlsplit(url).path)
    return match is not None and match["section"] not in EN_NON_ARTICLE_SECTIONS


def is_ur_article(url: str, base_url: str) -> bool:
    return same_site(url, base_url) and _ur_article_match(urlsplit(url).path) is not None


def en_section(url: str) -> str | None:
    """The section segment of an English article URL (``business`` in /en/business/...)."""
    match = EN_ARTICLE_PATH.match(urlsplit(url).path)
    return match["section"] if match else None
