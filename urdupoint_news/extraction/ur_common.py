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
from urdupoint_news.extraction.boilerplate import is_known_furniture
from urdupoint_news.extraction.main_text import paragraphs
from urdupoint_news.extraction.people import person_name
from urdupoint_news.extraction.wordlists import URDU, EditionRules
from urdupoint_news.site.dates import parse_iso_date
from urdupoint_news.site.sections import category_slug
from urdupoint_news.site.text import clean_text, join_paragraphs
from urdupoint_news.site.urdu import WEEKDAYS, parse_urdu_datetime
from urdupoint_news.site.urls import SITE_URL, article_id, same_site

_NOT_A_PERSON = re.compile(
    r"اردو\s*پوائنٹ|urdu\s*point|اے پی پی|\bapp\b|آن لائن|\bonline\b|ایجنسی|agency|نیوز ڈیسک",
    re.IGNORECASE,
)
# Where the author's name ends in the date row: the weekday, else the date's first digit.
_BEFORE_DATE = re.compile("(?:" + "|".join(WEEKDAYS) + r")(?!\w)|[\d۰-۹٠-٩]")
_AUTHOR_MAX_WORDS = 3
_SHARE_SUFFIX = re.compile(r"\s+-\s+(?:اُ|ا)ردو\s*پوائنٹ.*$")
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
    # The 2023 date row: [avatar img, 1-3 word author name,] weekday, date, span.arial time;
    # and the second stamp under the story ("وقت اشاعت :" + span.arial).
    INFO_BAR: ClassVar[str] = "p.art_info_bar"
    SECOND_STAMP: ClassVar[str] = "div.txt_gray"
    BYLINE: ClassVar[str] = "[rel=author], .author_name, .byline"
    # ul.bread_crumb_en (2021 on) and ul#bread_crumb_ur.bread_crumb_ur (2023): home, section.
    SECTION_CRUMBS: ClassVar[tuple[str, ...]] = ("ul.bread_crumb_en a", "ul.bread_crumb_ur a")
    # The article's own picture (2023): picture img.main_image, figure.ac.primaryimage img.
    MAIN_IMAGE: ClassVar[str] = "picture img.main_image, figure.primaryimage img"
    # Share links carry "<title> - اُردو پوائنٹ <section>" in data-title.
    SHARE_TITLE: ClassVar[str] = "[data-title]::attr(data-title)"
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
        # Keyword tags (div.tagcloud) are never read: they are matched words, not the section.
        for crumbs in self.SECTION_CRUMBS:
            section = _hrefs(self.page.css(crumbs))
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
            or self._share_title()
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
        if not names:
            names = [selectors.string(el) for el in self._in_article(self.BYLINE)]
            names += [name for name in [self._info_bar_author()] if name]
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
            main = self.page.first(self.MAIN_IMAGE)
            if main is not None:
                image = main.get("src") or main.get("data-src")
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
        stamps = [_spaced_text(el) for el in self.page.css(self.INFO_BAR)]
        first_p = self._xpath_in_article(self.FIRST_P_XPATH)
        if first_p and not self._inside_body(first_p[0]):
            text = _spaced_text(first_p[0])
            if len(text) <= _STAMP_MAX_CHARS:
                stamps.append(text)
        stamps += [_spaced_text(el) for el in self.page.css(self.SECOND_STAMP)]
        # Other stories' dates (the 2023 related box's time.arial) are inside furniture.
        stamps += [
            selectors.string(el)
            for el in self._in_article(self.DATE_MARKED)
            if not any(is_known_furniture(node) for node in el.iterancestors())
        ]
        for text in stamps:
            if parsed := parse_urdu_datetime(text):
                return parsed
        return None

    def _info_bar_author(self) -> str | None:
        """The name before the weekday and date in the 2023 date row, if any (1-3 words)."""
        for bar in self.page.css(self.INFO_BAR):
            before = _BEFORE_DATE.split(_spaced_text(bar), maxsplit=1)[0]
            words = before.strip(" ،,:|-").split()
            if 1 <= len(words) <= _AUTHOR_MAX_WORDS:
                return " ".join(words)
        return None

    def _share_title(self) -> str | None:
        shared = self.page.first(self.SHARE_TITLE)
        return clean_text(_SHARE_SUFFIX.sub("", shared)) if shared else None

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


def _spaced_text(el: HtmlElement) -> str:
    """All the text of ``el``, its nodes joined by spaces (the date row is split over spans)."""
    return " ".join(" ".join(selectors.xpath(el, ".//text()")).split())


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
