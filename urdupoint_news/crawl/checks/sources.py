"""Where each field of an article page can be read, independently of the layout parsers.

Every function reads one source of one field from the page (parsed once: extraction's ``Page``)
and returns None when the page does not hold it. Values are normalised for comparison:

- dates as ISO 8601 at +05:00 (site/dates.py), or ``YYYY-MM-DD`` when the source gives a day only;
- sections as slugs (site/sections.py ``category_slug`` of a listing or breadcrumb URL);
- titles and authors as printed (rules.py folds them);
- bodies as paragraphs (the layout's, and generic.py's).

Site quirks (docs/extraction.md):
- English: side widgets carry their own ``.article-date`` stamps, some before the article in
  document order, so the printed stamp is the one nearest the ``h1`` (the smallest block around
  the title that holds one). Bylines link to ``/en/team/...`` and may carry a ``(@handle)``.
- Urdu: the printed date is ``p.art_info_bar`` (2023; the author's name may come before the
  weekday) or the first ``p`` of ``div.news_article`` (2021-25), 24-hour Pakistan time; the
  breadcrumb is ``ul.bread_crumb_ur`` or ``ul.bread_crumb_en`` (home, section, title); the URL
  ``/daily/livenews/YYYY-MM-DD/...`` names the day (the server does not check that segment, but
  the site's own links and canonical URLs carry the publication day).
- Share buttons' ``data-title`` is "<title> - اُردو پوائنٹ <section>": the suffix is dropped.
- A daily sitemap (``/sitemap/daily/data/YYYY/YYYY-MM-DD.xml.gz``) lists the stories of its day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from urdupoint_news.extraction import Page, selectors, structured
from urdupoint_news.extraction.people import person_name
from urdupoint_news.site.dates import parse_iso_date, parse_site_date
from urdupoint_news.site.sections import category_slug
from urdupoint_news.site.text import clean_text
from urdupoint_news.site.urdu import parse_urdu_datetime
from urdupoint_news.site.urls import EN_NON_ARTICLE_SECTIONS, article_id, en_section


class Source(NamedTuple):
    """One source's value of a field: ``name`` says where it was read (``json_ld``, ``h1``...)."""

    name: str
    value: str


# Request meta the spiders set: the listing's category slug, the listing (a URL or a slug), and
# the day of the sitemap that listed the story when a spider knows it.
META_CATEGORY = "urdupoint_category"
META_LISTING = "urdupoint_listing"
META_SITEMAP_DAY = "urdupoint_sitemap_day"

_UR_URL_DAY = re.compile(r"/daily/livenews/(\d{4}-\d{2}-\d{2})/")
_SITEMAP_DAY = re.compile(r"/sitemap/daily/data/\d{4}/(\d{4}-\d{2}-\d{2})\.xml(?:\.gz)?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "<title> - اُردو پوائنٹ <section>" (spelt with or without the pesh), or " - UrduPoint".
_SHARE_SUFFIX = re.compile(r"\s+[-|–—]\s+(?:اُ?ردو\s*پوائنٹ|urdu\s*point)\b.*$", re.IGNORECASE)
_EN_STAMP = "contains(concat(' ', normalize-space(@class), ' '), ' article-date ')"
# A printed Urdu date row: a stamp, not a paragraph that mentions a date.
_STAMP_MAX_CHARS = 80
_TEAM = "/team/"
# The first p of the Urdu article outside its body (``detail_txt``, before 2021 ``txt_detail``).
_FIRST_P = (
    "(.//p[not(ancestor::div[contains(@class, 'detail_txt')"
    " or contains(@class, 'txt_detail')])])[1]"
)


def _text(el: HtmlElement) -> str:
    return " ".join(" ".join(selectors.xpath(el, ".//text()")).split())


def _first_h1(page: Page) -> HtmlElement | None:
    for h1 in page.css("h1"):
        if _text(h1):
            return h1
    return None


def _near_h1(page: Page, xpath: str) -> list[HtmlElement]:
    """Matches of ``xpath`` in the smallest block around the page's ``h1`` that holds any."""
    h1 = _first_h1(page)
    if h1 is None:
        return []
    for scope in h1.iterancestors():
        found = selectors.xpath(scope, xpath)
        if found:
            return list(found)
    return []


def _is_urdu(url: str) -> bool:
    return not urlsplit(url).path.startswith("/en/")


# --- dates --------------------------------------------------------------------------------------
def date_sources(page: Page, meta: Mapping[str, Any]) -> list[Source]:
    found: list[Source] = []
    if ld := parse_iso_date(structured.ld_text(page.ld_article.get("datePublished"))):
        found.append(Source("json_ld", ld))
    if printed := printed_date(page):
        found.append(Source("printed", printed))
    if day := url_day(page.url):
        found.append(Source("url", day))
    if day := sitemap_day(meta):
        found.append(Source("sitemap", day))
    return found


def printed_date(page: Page) -> str | None:
    """The date row printed on the page (English stamp, Urdu date row), Pakistan time."""
    if not _is_urdu(page.url):
        for stamp in _near_h1(page, f".//*[{_EN_STAMP}]"):
            if parsed := parse_site_date(_text(stamp)):
                return parsed
        return None
    rows = list(page.css("p.art_info_bar"))
    article = page.first("div.news_article")
    if article is not None:
        # The first p of the article, when it is not in the body (2021-25 markup).
        first = selectors.xpath(article, _FIRST_P)
        rows += first
    for row in rows:
        text = _text(row)
        if len(text) <= _STAMP_MAX_CHARS and (parsed := parse_urdu_datetime(text)):
            return parsed
    return None


def url_day(url: str) -> str | None:
    found = _UR_URL_DAY.search(urlsplit(url).path)
    return found[1] if found else None


def sitemap_day(meta: Mapping[str, Any]) -> str | None:
    day = meta.get(META_SITEMAP_DAY)
    if isinstance(day, str) and _DAY.match(day):
        return day
    listing = meta.get(META_LISTING)
    if isinstance(listing, str) and (found := _SITEMAP_DAY.search(urlsplit(listing).path)):
        return found[1]
    return None


# --- section ------------------------------------------------------------------------------------
def section_sources(page: Page, meta: Mapping[str, Any]) -> list[Source]:
    found: list[Source] = []
    if crumb := _crumb_slug(page, _breadcrumb_hrefs(page)):
        found.append(Source("breadcrumb", crumb))
    ld_hrefs = [crumb.url for crumb in structured.breadcrumb(page.json_ld) if crumb.url]
    if crumb := _crumb_slug(page, ld_hrefs):
        found.append(Source("json_ld_breadcrumb", crumb))
    section = en_section(page.url)
    if section and section not in EN_NON_ARTICLE_SECTIONS:
        found.append(Source("url", section))
    listing = meta.get(META_CATEGORY)
    if isinstance(listing, str) and listing.strip():
        found.append(Source("listing", listing.strip().lower()))
    return found


def _breadcrumb_hrefs(page: Page) -> list[str]:
    links = page.css("ul.bread_crumb_ur a[href]") or page.css("ul.bread_crumb_en a[href]")
    return [link.get("href") for link in links]


def _crumb_slug(page: Page, hrefs: list[str]) -> str | None:
    """The section a breadcrumb names: its last link that is neither home nor an article."""
    slugs = []
    for href in hrefs:
        absolute = urljoin(page.url, href.strip())
        if article_id(absolute) is not None:
            continue
        if slug := category_slug(absolute):
            slugs.append(slug)
    return slugs[-1] if slugs else None


# --- title --------------------------------------------------------------------------------------
def title_sources(page: Page) -> list[Source]:
    found: list[Source] = []
    h1 = _first_h1(page)
    candidates = [
        ("h1", _text(h1) if h1 is not None else None),
        ("og_title", page.meta("og:title")),
        ("json_ld", structured.ld_text(page.ld_article.get("headline"))),
        ("share_title", _share_title(page)),
    ]
    for name, value in candidates:
        if text := clean_text(value):
            found.append(Source(name, text))
    return found


def _share_title(page: Page) -> str | None:
    for value in page.css("[data-title]::attr(data-title)"):
        if text := clean_text(value):
            return _SHARE_SUFFIX.sub("", text)
    return None


# --- author -------------------------------------------------------------------------------------
def author_sources(page: Page) -> list[Source]:
    found: list[Source] = []
    if byline := _byline(page):
        found.append(Source("byline", byline))
    people = [
        name for kind, name in structured.ld_authors(page.ld_article) if kind != "Organization"
    ]
    names = [p for p in map(person_name, people) if p]
    if names:
        found.append(Source("json_ld", ", ".join(dict.fromkeys(names))))
    return found


def _byline(page: Page) -> str | None:
    if _is_urdu(page.url):
        for row in page.css("p.art_info_bar"):
            if name := _urdu_row_author(row):
                return name
        return None
    for link in _near_h1(page, f".//a[contains(@href, '{_TEAM}')]"):
        if name := person_name(_text(link)):
            return name
    return None


def _urdu_row_author(row: HtmlElement) -> str | None:
    """The name before the weekday in ``p.art_info_bar`` (2023): the row's text before its
    first digit and weekday, minus the weekday itself."""
    text = _text(row)
    date_at = re.search(r"[\d۰-۹٠-٩]", text)
    if date_at is None:
        return None
    words = text[: date_at.start()].split()
    if len(words) < 2:
        return None  # only the weekday
    name = " ".join(words[:-1])  # the last word before the day is the weekday
    return person_name(name)


# --- body ---------------------------------------------------------------------------------------
def body_root(page: Page) -> HtmlElement:
    """Where the generic extractor starts: the whole document."""
    root: HtmlElement = page.root
    return root
