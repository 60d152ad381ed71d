"""Listing pages: which links may lead to one, what makes a page one, where its next page is.

Pure functions of URLs and HTML (no Scrapy, no database); the listing spiders decide with them.
What the site is known to serve, and how sure that is, is in docs/extraction.md; the decisions are
explained in docs/site-schemes.md.

- A *candidate* is a link that may lead to a listing: on the site, not a static page, not an
  item page (a path segment with a long number: article, video, author; or a date), not page 2+
  of a listing, and naming a category (``sections.category_slug``). Same-edition and not-an-article
  are the spider's checks.
- A page *holds article items* when at least ``MIN_LISTING_ITEMS`` article links are items:
  links in one of the evidenced item markups of ``ITEM_LINKS``, or, whatever the markup, article
  links that sit neither in the page's chrome (menus, header, footer, side boxes, related or
  recent stories: ``CHROME_WORDS``) nor inside running text (a story named in a sentence). The
  article URL patterns are the best-evidenced fact about the site, its item markups are not:
  a section whose items use a markup nobody has described still gives every story.
- The next page is built only for the evidenced schemes: ``-updatesN`` (English, nested too) and
  ``/<section>/news/N.html`` (older numbered Urdu pages).
- The Urdu load-more control: ``POST /daily/ajax_lmore.php`` with ``act``, ``tid`` and ``m``; where
  a section page keeps ``act`` and ``tid`` is not known, so ``find_load_more`` looks in ``data-``
  attributes, ``onclick`` attributes and inline scripts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from lxml import etree
from parsel import Selector

from urdupoint_news.site.sections import category_slug, listing_page
from urdupoint_news.site.urls import canonical_url

# Item markups of listing pages and load-more answers, with their evidence (docs/extraction.md).
# They are not needed to find a listing's stories (``item_links`` takes any article link outside
# the page's chrome); they keep items that sit where a generic rule would leave them (an item
# markup inside a box whose class says "side", say).
ITEM_LINKS = (
    "div.txt_box a::attr(href)",  # English, current (M); the first link may be the author's
    "div.news_big_item a::attr(href)",  # English, older (L)
    "ul.news_list li a::attr(href)",  # English, older (L)
    "li.item_shadow a::attr(href)",  # Urdu sections and load-more answers (M)
    # Urdu (M); in 2023 the a holds p.list_title, p.list_desc and p.time
    "div.news_list_big a::attr(href)",
    "div.sharp_box_wrap a::attr(href)",  # Urdu, older numbered pages (M)
    "a.nshad_box.small_news::attr(href)",  # Urdu 2023, /urdu-news in div.main_bar.fl (M)
    "div.list_item_wrap a::attr(href)",  # Urdu 2023 sections, .item_date time.arial, .auth (M)
)
# Words of a class or id (split at "-" and "_") that mark a page's chrome rather than its list:
# menus, header and footer, side boxes, "related", "recent", "popular" stories, tickers, share
# bars. Article links in them are not items of the listing (they are on every page).
CHROME_WORDS = frozenset(
    {
        "nav", "navbar", "navigation", "menu", "submenu", "header", "footer", "sidebar", "side",
        "aside", "breadcrumb", "crumb", "related", "recent", "popular", "trending", "ticker",
        "marquee", "widget", "share", "social", "sharer", "tagcloud",
    }
)  # fmt: skip
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
# A link inside a paragraph with more words than this around it is a story named in running
# text ("... said the minister, <a>Pakistan, Japan renew resolve</a>."), not an item.
RUNNING_TEXT_WORDS = 3
# One article item is enough: the static pages that could also show one (a side box of "latest
# news") are kept out by their names (STATIC_WORDS), and a real section holds dozens.
MIN_LISTING_ITEMS = 1

# Path words of pages that are never category listings, whatever they hold.
STATIC_WORDS = frozenset(
    {
        "about", "about-us", "aboutus", "contact", "contact-us", "contactus", "privacy",
        "privacy-policy", "terms", "terms-of-use", "terms-and-conditions", "disclaimer",
        "advertise", "advertisement", "advertisment", "career", "careers", "jobs", "faq",
        "feedback", "help", "sitemap", "search", "login", "signin", "register", "signup",
        "team", "author", "authors", "video", "videos", "photo", "photos", "gallery", "tag",
        "tags", "topic", "topics", "rss", "feed", "feeds", "amp", "print", "epaper",
    }
)  # fmt: skip
_ITEM_NUMBER = re.compile(r"\d{5,}")  # ids of articles, videos, people; page numbers are shorter
_PAGE_SUFFIX = re.compile(r"-(?:updates|page)\d+$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # a day's stories (/daily/livenews/2025-09-14/...)
_PAGE_EXTENSIONS = ("", "html", "htm")

# Next pages the site does not link but that the evidence shows being built.
_EN_UPDATES = re.compile(r"^(?P<stem>/en/news/.+?)(?:-updates(?P<page>\d+))?\.html$")
_UR_NUMBERED = re.compile(r"^(?P<stem>/[a-z0-9-]+/news)/(?P<page>\d+)\.html$")

LOAD_MORE_PATH = "/daily/ajax_lmore.php"


# --- candidates ---------------------------------------------------------------------------------
def _segments(path: str) -> list[str]:
    return [segment for segment in path.lower().split("/") if segment]


def is_static_page(url: str) -> bool:
    """A page that is never a listing: static information, feeds, search, people, media, files."""
    segments = _segments(urlsplit(url).path)
    if not segments:
        return False
    for segment in segments:
        stem = segment.rsplit(".", 1)[0] if "." in segment else segment
        if stem in STATIC_WORDS:
            return True
    last = segments[-1]
    extension = last.rsplit(".", 1)[1] if "." in last else ""
    return extension not in _PAGE_EXTENSIONS


def candidate_slug(url: str) -> str | None:
    """The category a link may lead to (see the module notes), or None when it cannot be one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or is_static_page(url):
        return None
    if any(_ITEM_NUMBER.search(s) or _DATE.search(s) for s in _segments(parts.path)):
        return None
    if listing_page(url) != 1:
        return None
    return category_slug(url)


def nested_prefix(listing_url: str) -> str | None:
    """The path under which a listing's sub-categories live: ``/en/news/pakistan/`` for
    ``/en/news/pakistan.html``, ``/sports/`` for ``/sports/news.html``, ``/weird/`` for
    ``/weird/``."""
    slug = category_slug(listing_url)
    if slug is None:
        return None
    segments = _segments(urlsplit(listing_url).path)
    for index in range(len(segments) - 1, -1, -1):  # the segment that names the category
        name = _PAGE_SUFFIX.sub("", segments[index].removesuffix(".html").removesuffix(".htm"))
        if name == slug:
            return "/" + "/".join([*segments[:index], slug]) + "/"
    return None


def is_nested_under(url: str, listing_url: str) -> bool:
    """Does ``url`` name a sub-category of the listing (one level down, another slug)?"""
    prefix = nested_prefix(listing_url)
    slug = candidate_slug(url)
    return (
        prefix is not None
        and slug is not None
        and slug != category_slug(listing_url)
        and urlsplit(url).path.lower().startswith(prefix)
    )


def navigation_first(selector: Selector) -> list[str]:
    """Every ``href`` of the page, navigation menus first, each once, in page order."""
    navigation = selector.xpath(
        "//nav//a/@href | //header//a/@href"
        " | //*[contains(@class, 'nav') or contains(@class, 'menu')"
        " or contains(@id, 'nav') or contains(@id, 'menu')]//a/@href"
    ).getall()
    return list(dict.fromkeys([*navigation, *selector.xpath("//a/@href").getall()]))


# --- items --------------------------------------------------------------------------------------
def _words(value: str) -> set[str]:
    return set(re.split(r"[\s_-]+", value.lower())) - {""}


def _in_chrome(link: Selector) -> bool:
    for element in link.xpath("ancestor-or-self::*"):
        tag = element.root.tag if isinstance(element.root.tag, str) else ""
        if tag.lower() in CHROME_TAGS:
            return True
        names = f"{element.attrib.get('class', '')} {element.attrib.get('id', '')}"
        if _words(names) & CHROME_WORDS:
            return True
    return False


def _in_running_text(link: Selector) -> bool:
    paragraph = link.xpath("ancestor::p[1]")
    if not paragraph:
        return False
    around = len(" ".join(paragraph.xpath(".//text()").getall()).split())
    own = len(" ".join(link.xpath(".//text()").getall()).split())
    return around - own > RUNNING_TEXT_WORDS


def item_links(selector: Selector, base_url: str, is_article: Callable[[str], bool]) -> list[str]:
    """Canonical article links that are listing items, in page order, each once: those in an
    evidenced item markup, and any other article link outside the page's chrome and running
    text (module notes)."""
    marked = {
        canonical_url(href, base=base_url) for href in selector.css(", ".join(ITEM_LINKS)).getall()
    }
    links: dict[str, None] = {}
    for link in selector.xpath("//a[@href]"):
        url = canonical_url(link.attrib["href"], base=base_url)
        if url in links or not is_article(url):
            continue
        if url in marked or not (_in_chrome(link) or _in_running_text(link)):
            links[url] = None
    return list(links)


def holds_article_items(links: Iterable[str]) -> bool:
    return len(set(links)) >= MIN_LISTING_ITEMS


# --- pagination ---------------------------------------------------------------------------------
def built_next_page(url: str) -> str | None:
    """The next page's URL for the schemes whose pages are numbered in the URL, else None.

    ``/en/news/agriculture.html`` -> ``-updates2``, ``…/crime-updates7.html`` -> ``-updates8``,
    ``/technology/news/3.html`` -> ``/technology/news/4.html``.
    """
    parts = urlsplit(url)
    path = parts.path
    if match := _EN_UPDATES.match(path):
        page = int(match["page"] or 1)
        path = f"{match['stem']}-updates{page + 1}.html"
    elif match := _UR_NUMBERED.match(path):
        path = f"{match['stem']}/{int(match['page']) + 1}.html"
    else:
        return None
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


_LINKS_WITH_HREF = etree.XPath("descendant-or-self::a[@href]")


def next_page_link(selector: Selector, page_url: str) -> str | None:
    """The page's own link to its next page: ``rel=next``, else a numbered link to page N+1 of
    the same category (by URL, or by the link's text)."""
    rel_next = selector.css('link[rel~="next"]::attr(href), a[rel~="next"]::attr(href)').get()
    if rel_next:
        return canonical_url(rel_next, base=page_url)
    slug, page = category_slug(page_url), listing_page(page_url)
    # Every link of the page is looked at, and a template has hundreds (menus, footers): they
    # are read off the lxml tree (the XPath of ``selector.css("a[href]")``), and only a link of
    # the listing's own category becomes a Selector for its text.
    links: list[Any] = _LINKS_WITH_HREF(selector.root)  # type: ignore[assignment]
    for element in links:
        url = canonical_url(element.get("href"), base=page_url)
        if url == page_url or category_slug(url) != slug:
            continue
        link = Selector(root=element, type=selector.type)
        text = "".join(link.css("::text").getall()).strip()
        if listing_page(url) == page + 1 or text == str(page + 1):
            return url
    return None


# --- load more ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LoadMore:
    """The parameters of a section's load-more control (``m`` counts the batches from 1)."""

    act: str
    tid: str

    def form(self, batch: int) -> dict[str, str]:
        return {"act": self.act, "tid": self.tid, "m": str(batch)}


# act: 'get_more_news' / "act": "…" / var act = '…' (tid alike)
_KEY_VALUE = re.compile(
    r"""["']?\b(?P<key>act|tid)["']?\s*[:=]\s*(?P<q>["'])(?P<value>[^"']+)(?P=q)"""
)
# act=…&tid=… in a query string or form body
_QUERY = re.compile(r"""\b(?P<key>act|tid)=(?P<value>[^&"'\s<>]+)""")
# loadMore('get_more_news', 'token'): an action name that says "more", then the token
_POSITIONAL = re.compile(
    r"""\(\s*(?P<q1>["'])(?P<act>[\w-]*more[\w-]*)(?P=q1)\s*,\s*(?P<q2>["'])(?P<tid>[^"']+)(?P=q2)"""
)


def _params_in(text: str) -> LoadMore | None:
    found: dict[str, str] = {}
    for match in _KEY_VALUE.finditer(text):
        found.setdefault(match["key"], match["value"])
    for match in _QUERY.finditer(text):
        found.setdefault(match["key"], unquote_plus(match["value"]))
    positional = _POSITIONAL.search(text)
    if positional and ("act" not in found or "tid" not in found):
        found.setdefault("act", positional["act"])
        found.setdefault("tid", positional["tid"])
    if found.get("act") and found.get("tid"):
        return LoadMore(found["act"], found["tid"])
    return None


def find_load_more(selector: Selector) -> LoadMore | None:
    """The load-more parameters a section page carries: ``data-act``/``data-tid`` attributes,
    then ``onclick`` attributes, then inline scripts; None when it has none."""
    for element in selector.xpath("//*[@data-act and @data-tid]"):
        act, tid = element.attrib["data-act"].strip(), element.attrib["data-tid"].strip()
        if act and tid:
            return LoadMore(act, tid)
    texts = selector.xpath("//@onclick").getall()
    texts += selector.xpath("//script[not(@src)]/text()").getall()
    for text in texts:
        if found := _params_in(text):
            return found
    return None


def load_more_links(
    body: bytes | str, base_url: str, is_article: Callable[[str], bool]
) -> list[str] | None:
    """The article links of a load-more answer; None when the answer is not the evidenced JSON
    (an object whose ``data`` holds the items' HTML), which ends the list like an empty batch."""
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    if not isinstance(payload, dict) or "data" not in payload:
        return None
    data = payload["data"]
    if isinstance(data, list):
        data = "".join(part for part in data if isinstance(part, str))
    if not isinstance(data, str) or not data.strip():
        return []
    return item_links(Selector(text=data), base_url, is_article)


def en_listing_url(site_url: str, category: str) -> str:
    """Page 1 of an English category, built (for a requested slug no navigation showed)."""
    return urljoin(site_url, f"/en/news/{category}.html")
