"""Fields from structured data (JSON-LD first, then meta tags), for any edition: author/agency
rules, the category slug, and the dateline split of the body by the edition's rules.

``StructuredLayout`` is what ``Fallback`` reads every page with, and the base of the English
layouts (``en_common.EnglishLayout``), which override a field when their markup holds it more
reliably, calling ``super()`` when the markup is missing (a half-redesigned page). What differs
between the editions (the dateline forms, the body markup) comes from ``self.rules``
(``wordlists.EditionRules``), never from a test of the edition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from urdupoint_news.extraction import people
from urdupoint_news.extraction.base import Layout, Page
from urdupoint_news.extraction.structured import find_breadcrumb, ld_authors, ld_text, ld_url
from urdupoint_news.extraction.wordlists import ENGLISH, EditionRules
from urdupoint_news.site.dates import parse_date
from urdupoint_news.site.sections import section_slug
from urdupoint_news.site.text import clean_text, join_paragraphs
from urdupoint_news.site.urls import EN_NON_ARTICLE_SECTIONS, en_section

# " - UrduPoint", " | Pakistan Point News" and the like at the end of og:title / <title>.
_SITE_SUFFIX = re.compile(
    r"\s*[-|\u2013\u2014:]\s*(urdupoint(\.com)?|pakistan point news|urdu point)(\s.*)?$",
    re.IGNORECASE,
)
_GENERIC_CRUMBS = frozenset({"home", "news", "en", "english", "urdupoint", "latest news"})


class StructuredLayout(Layout):
    rules: EditionRules = ENGLISH

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self._authors: list[tuple[str, str]] | None = None

    # --- helpers ----------------------------------------------------------------------------
    def _ld(self, key: str) -> str | None:
        return ld_text(self.page.ld_article.get(key))

    def _byline_names(self) -> list[str]:
        """Byline candidates from the markup, nearest first; layouts override."""
        return []

    def _raw_authors(self) -> list[tuple[str, str]]:
        """(kind, name) of every author candidate, best first; kind "Organization" or "".
        Found once: both ``author`` and the dateline's agency read them."""
        if self._authors is None:
            self._authors = self._find_authors()
        return self._authors

    def _find_authors(self) -> list[tuple[str, str]]:
        found = [("", name) for name in self._byline_names()]
        found += ld_authors(self.page.ld_article)
        meta = self.page.meta("author", "article:author")
        if meta and not meta.startswith("http"):
            found.append(("", meta))
        return [(kind, name) for kind, name in found if clean_text(name)]

    def _agency(self) -> str | None:
        for _kind, name in self._raw_authors():
            if found := people.agency(name):
                return found
        return None

    def _title_from_meta(self) -> str | None:
        title = self.page.meta("og:title", "twitter:title") or self.page.first("title::text")
        return clean_text(_SITE_SUFFIX.sub("", title)) if title else None

    # --- fields -----------------------------------------------------------------------------
    def category(self) -> str | None:
        section = en_section(self.url())
        if section and section not in EN_NON_ARTICLE_SECTIONS:
            return section
        crumbs = [
            c for c in find_breadcrumb(self.page.json_ld) if section_slug(c) not in _GENERIC_CRUMBS
        ]
        title = self.title()
        crumbs = [c for c in crumbs if clean_text(c) != title]
        if crumbs:
            return section_slug(crumbs[-1])
        return section_slug(self._ld("articleSection") or self.page.meta("article:section"))

    def title(self) -> str | None:
        return clean_text(self._ld("headline")) or self._title_from_meta()

    def summary(self) -> str | None:
        text = clean_text(
            self.page.meta("og:description", "description", "twitter:description")
            or self._ld("description")
        )
        if not text:
            return None
        # Some descriptions are the body's first words, dateline included.
        return self.rules.split_dateline(text)[2] or None

    def author(self) -> str | None:
        # The best candidate decides: an organisation there means "no person credited".
        for kind, name in self._raw_authors():
            return None if kind == "Organization" else people.person_name(name)
        return None

    def published_at(self) -> str | None:
        for value in self._published_candidates():
            if parsed := parse_date(value):
                return parsed
        return None

    def _published_candidates(self) -> Iterator[str | None]:
        # Best first, each looked for only when those before it gave no date.
        yield self._ld("datePublished")
        yield self.page.meta("article:published_time", "og:published_time", "datePublished")
        yield self.page.first("article time[datetime]::attr(datetime)")
        yield self.page.first("time[datetime]::attr(datetime)")

    def modified_at(self) -> str | None:
        for value in (
            self._ld("dateModified"),
            self.page.meta("article:modified_time", "og:updated_time", "dateModified"),
        ):
            if parsed := parse_date(value):
                return parsed
        return None

    def image_url(self) -> str | None:
        image = self.page.meta("og:image", "og:image:url", "twitter:image") or ld_url(
            self.page.ld_article.get("image")
        )
        if not image:
            return None
        absolute = urljoin(self.page.url, image.strip())
        return absolute if urlsplit(absolute).scheme in ("http", "https") else None

    def body_paragraphs(self) -> list[str]:
        """The story's paragraphs, boilerplate removed; layouts override."""
        return []

    def body(self) -> str | None:
        # An h2 repeating the title in sentence case (English, 2023) is no story paragraph.
        title = (self.title() or "").casefold()
        found = [text for text in self.body_paragraphs() if text.casefold() != title]
        if self.page.cut_in_text:
            # A truncated download: keep the complete paragraphs, not the one cut mid-word.
            found = found[:-1]
        return join_paragraphs(found)

    def dateline_and_source(self) -> tuple[str | None, str | None, str | None]:
        body = self.body()
        if not body:
            return None, self._agency(), None
        place, credit, rest = self.rules.split_dateline(body)
        return place, credit or self._agency(), rest or None
