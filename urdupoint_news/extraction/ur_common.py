"""What every Urdu layout shares (``UrduLayout``), as ``en_common`` does for the English ones.

Fields are read inside the article container (``ARTICLE``); structured data first where it is
reliable. The body is ``main_text.paragraphs`` with the Urdu rules (``wordlists.URDU``): the
mechanism both editions use.

Decisions:
- ``published_at``: JSON-LD ``datePublished``, else ``article:published_time``, else the printed
  date (the first ``p`` outside the body when it reads as a date on its own, else an element
  with a date class).
- ``category``: the slug (``sections.category_slug``) of the second link of
  ``ul.bread_crumb_en``; else of the last section link of another breadcrumb, markup or JSON-LD.
  The section's Urdu name (``کھیل``) is not a slug.
- ``author``: a named person (JSON-LD Person, ``rel=author`` byline); the site or a news agency
  as author gives None, the agency being already in ``source``.
- ``source``: the credit of the dateline without its date (see ``urdu.split_urdu_dateline``).
- ``body``: the paragraphs of the body container, or of the whole article when there is no
  container (``main_text.paragraphs``). Text is kept as published apart from NFC and whitespace.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import urljoin

from lxml.html import HtmlElement

from urdupoint_news.extraction import selectors, structured
from urdupoint_news.extraction.base import Layout, Page
from urdupoint_news.extraction.main_text import paragraphs
from urdupoint_news.extraction.people import person_name
from urdupoint_news.extraction.wordlists import URDU, EditionRules
from urdupoint_news.site.dates import parse_iso_date
from urdupoint_news.site.sections import category_slug
from urdupoint_news.site.text import clean_text, join_paragraphs
from urdupoint_news.site.urdu import parse_urdu_datetime
from urdupoint_news.site.urls import SITE_URL, article_id, same_site

_NOT_A_PERSON = re.compile(
    r"اردو\s*پوائنٹ|urdu\s*point|اے پی پی|\bapp\b|آن لائن|\bonline\b|ایجنسی|agency|نیوز ڈیسک",
    re.IGNORECASE,
)
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
# A printed date on its own ("اتوار 14 ستمبر 2025 19:50"), not a paragraph that mentions one.
_STAMP_MAX_CHARS = 60


class UrduLayout(Layout):
    """The fields of an Urdu article page, read inside its article container (``ARTICLE``);
    versions set the selector constants and ``matches``."""

    edition: ClassVar[str] = "ur"
    rules: ClassVar[EditionRules] = URDU

    ARTICLE: ClassVar[str] = "div.news_article"
    TITLE: ClassVar[str] = "h1"
    SUMMARY: ClassVar[str] = "h2"
    BODY: ClassVar[str] = "div.detail_txt"
    # The printed date: the first p of the article (outside the body), else a marked element.
    FIRST_P_XPATH: ClassVar[str] = "(.//p)[1]"
    DATE_MARKED: ClassVar[str] = ".article-date, time, [class*=date]"
    BYLINE: ClassVar[str] = "[rel=author], .author_name, .byline"
    SECTION_CRUMB: ClassVar[str] = "ul.bread_crumb_en a"
    SECTION_CRUMB_INDEX: ClassVar[int] = 1  # the second link; the first is the home page
    OTHER_CRUMBS: ClassVar[str] = ".breadcrumb a, .breadcrumbs a, nav[aria-label=breadcrumb] a"
    # The article's own picture when the page names none: not a teaser's, not a sidebar's.
    IMAGE_XPATH: ClassVar[str] = ".//img[not(ancestor::li) and not(ancestor::aside)]/@src"

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.article: HtmlElement | None = page.first(self.ARTICLE)
        self.ld = page.ld_article

    # --- fields -----------------------------------------------------------------------------
    def category(self) -> str | None:
        section = _hrefs(self.page.css(self.SECTION_CRUMB))
        if slug := self._section_slug(_nth(section, self.SECTION_CRUMB_INDEX)):
            return slug
        hrefs: list[str | None] = list(_hrefs(self.page.css(self.OTHER_CRUMBS)))
        hrefs += [crumb.url for crumb in structured.breadcrumb(self.page.json_ld)]
        slugs = [slug for slug in map(self._section_slug, hrefs) if slug]
        return slugs[-1] if slugs else None

    def title(self) -> str | None:
        return (
            clean_text(" ".join(self._in_article(f"{self.TITLE} ::text")))
            or clean_text(structured.ld_text(self.ld.get("headline")))
            or clean_text(self.page.meta("og:title"))
        )

    def summary(self) -> str | None:
        headings = self._xpath_in_article(f".//{self.SUMMARY}[not(ancestor::li)][1]")
        return (
            clean_text(selectors.string(headings[0]) if headings else None)
            or clean_text(structured.ld_text(self.ld.get("description")))
            or clean_text(self.page.meta("og:description", "description"))
        )

    def author(self) -> str | None:
        authors = structured.ld_authors(self.ld)
        names = [name for kind, name in authors if kind != "Organization"]
        if not authors:
            names = [selectors.string(el) for el in self._in_article(self.BYLINE)]
        people = [person_name(n) for n in names if not _NOT_A_PERSON.search(n)]
        kept = [p for p in people if p]
        return ", ".join(dict.fromkeys(kept)) if kept else None

    def published_at(self) -> str | None:
        return (
            parse_iso_date(structured.ld_text(self.ld.get("datePublished")))
            or parse_iso_date(self.page.meta("article:published_time"))
            or self._printed_date()
        )

    def modified_at(self) -> str | None:
        return parse_iso_date(structured.ld_text(self.ld.get("dateModified"))) or parse_iso_date(
            self.page.meta("article:modified_time")
        )

    def dateline_and_source(self) -> tuple[str | None, str | None, str | None]:
        body = self.body()
        if body is None:
            return None, None, None
        dateline, source, rest = self.rules.split_dateline(body)
        return dateline, source, clean_text(rest)

    def body(self) -> str | None:
        if self.article is None:
            return None
        containers = self._in_article(self.BODY)
        container = containers[0] if containers else self.article
        return join_paragraphs(paragraphs(container, self.rules))

    def image_url(self) -> str | None:
        image = self.page.meta("og:image") or structured.ld_url(self.ld.get("image"))
        if not image:
            found = self._xpath_in_article(self.IMAGE_XPATH)
            image = found[0] if found else None
        return urljoin(self.page.url, image.strip()) if image else None

    # --- helpers ----------------------------------------------------------------------------
    def _in_article(self, css: str) -> list[Any]:
        return selectors.css(self.article, css) if self.article is not None else []

    def _xpath_in_article(self, xpath: str) -> list[Any]:
        return selectors.xpath(self.article, xpath) if self.article is not None else []

    def _printed_date(self) -> str | None:
        stamps = [selectors.string(el) for el in self._in_article(self.DATE_MARKED)]
        first_p = self._xpath_in_article(self.FIRST_P_XPATH)
        if first_p and not self._inside_body(first_p[0]):
            text = " ".join(" ".join(selectors.xpath(first_p[0], ".//text()")).split())
            if len(text) <= _STAMP_MAX_CHARS:
                stamps.insert(0, text)
        for text in stamps:
            if parsed := parse_urdu_datetime(text):
                return parsed
        return None

    def _inside_body(self, found: HtmlElement) -> bool:
        body = set(self._in_article(self.BODY))
        return any(node in body for node in found.iterancestors())

    def _section_slug(self, href: str | None) -> str | None:
        if not href:
            return None
        absolute = urljoin(self.page.url, href.strip())
        # The site's own links (absolute on www.urdupoint.com even on a mirror), or the page's.
        if not (same_site(absolute, self.page.url) or same_site(absolute, SITE_URL)):
            return None
        if article_id(absolute) is not None:
            return None
        return category_slug(absolute)


def _hrefs(links: tuple[Any, ...]) -> list[str]:
    """The ``href`` of each link that has one (what ``.xpath("@href").getall()`` gave)."""
    return [href for link in links if (href := link.get("href")) is not None]


def _nth(values: list[str], index: int) -> str | None:
    return values[index] if len(values) > index else None


def written_in_arabic_script(article: HtmlElement, title: str) -> bool:
    """The article's headline (else its first text) is in Arabic script: an Urdu story, not the
    old English layout that shares the ``news_article`` class."""
    headline = " ".join(selectors.css(article, f"{title} ::text")).strip()
    if not headline:
        headline = " ".join(selectors.xpath(article, ".//text()[not(ancestor::script)]"))[:300]
    return bool(_ARABIC_SCRIPT.search(headline))
