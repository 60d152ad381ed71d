"""The shape every layout parser has (after Fundus): one small method per field.

A layout parser is a class with a ``name`` (stored in ``articles.extractor``), a ``matches``
check that recognises its markup on a page, and one method per output field. ``extract`` calls
them all and builds the item; a field method returns None when the page does not hold the field.
A field method that fails on a damaged page is logged and gives None: extraction never raises,
validation later rejects items without title, date or body.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from typing import Any, ClassVar, TypeVar

from lxml.html import HtmlElement
from parsel import Selector

from urdupoint_news.extraction import selectors, structured
from urdupoint_news.site.items import ArticleItem
from urdupoint_news.site.urls import article_id, canonical_url, same_site

logger = logging.getLogger(__name__)
T = TypeVar("T")


class Page:
    """A fetched page: its URL, its parsed HTML, and helpers every layout needs.

    The page is parsed once and its tree is never changed (a layout that edits a subtree edits a
    copy), so what is found on it is found once: ``css`` results, JSON-LD, meta tags."""

    def __init__(self, html: str, url: str) -> None:
        self.url = url
        self.html = html
        try:
            self.sel = Selector(text=html or "<html></html>")
        except Exception:  # lxml refuses some inputs (e.g. huge or binary documents)
            logger.warning("unparseable HTML at %s", url, exc_info=True)
            self.sel = Selector(text="<html></html>")
        self._found: dict[str, tuple[Any, ...]] = {}

    @property
    def cut_in_text(self) -> bool:
        """True when the document was cut off in the middle of text (no closing ``</html>`` and
        the last character is not the end of a tag): its last paragraph is incomplete."""
        tail = self.html[-2048:].rstrip() if self.html else ""
        return bool(tail) and "</html" not in tail.lower() and not tail.endswith(">")

    @property
    def root(self) -> HtmlElement:
        return self.sel.root

    def css(self, query: str) -> tuple[Any, ...]:
        """Every match of the CSS selector ``query`` on the page (elements, or strings for
        ``::text`` and ``::attr()``), in document order; found once per page."""
        found = self._found.get(query)
        if found is None:
            found = self._found[query] = tuple(selectors.css(self.root, query))
        return found

    def first(self, query: str) -> Any | None:
        """The first match of the CSS selector ``query`` on the page, else None."""
        found = self.css(query)
        return found[0] if found else None

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object of the page (``@graph`` flattened)."""
        return structured.json_ld_objects(self.sel)

    @cached_property
    def ld_article(self) -> dict[str, Any]:
        """The page's JSON-LD NewsArticle (or other article type); empty when there is none."""
        return structured.find_article(self.json_ld) or {}

    @cached_property
    def _meta(self) -> dict[tuple[str, str], str]:
        return structured.meta_index(self.root)

    def meta(self, *keys: str) -> str | None:
        """``content`` of the first ``<meta property|name|itemprop=key>`` found, in key order."""
        return structured.meta_lookup(self._meta, *keys)

    @cached_property
    def canonical_url(self) -> str:
        """rel=canonical when the page declares one on the same site, else the fetched URL."""
        href = self.first('link[rel="canonical"]::attr(href)')
        if href:
            candidate = canonical_url(href.strip(), base=self.url)
            # Another host (a syndicated copy, or the real site named by a local mirror's page)
            # would key the story under a URL this crawl never fetched.
            if article_id(candidate) is not None and same_site(candidate, self.url):
                return candidate
        return canonical_url(self.url)


class Layout:
    name: ClassVar[str]
    edition: ClassVar[str]

    def __init__(self, page: Page) -> None:
        self.page = page
        self.sel = page.sel

    @classmethod
    def matches(cls, page: Page) -> bool:
        raise NotImplementedError

    # Field methods: override what the layout knows; None means "not on this page".
    def url(self) -> str:
        return self.page.canonical_url

    def article_id(self) -> int | None:
        return article_id(self.url())

    def edition_(self) -> str | None:
        return self.edition

    def category(self) -> str | None:
        return None

    def title(self) -> str | None:
        return None

    def summary(self) -> str | None:
        return None

    def author(self) -> str | None:
        return None

    def published_at(self) -> str | None:
        return None

    def modified_at(self) -> str | None:
        return None

    def dateline_and_source(self) -> tuple[str | None, str | None, str | None]:
        """(dateline, source, body without the dateline)."""
        return None, None, self.body()

    def body(self) -> str | None:
        return None

    def image_url(self) -> str | None:
        return None

    def _field(self, method: Callable[[], T], default: T) -> T:
        try:
            return method()
        except Exception:
            logger.warning(
                "%s: %s failed on %s", self.name, method.__name__, self.page.url, exc_info=True
            )
            return default

    def extract(self) -> ArticleItem:
        no_dateline: tuple[str | None, str | None, str | None] = (None, None, None)
        dateline, source, body = self._field(self.dateline_and_source, no_dateline)
        return ArticleItem(
            url=self._field(self.url, canonical_url(self.page.url)),
            article_id=self._field(self.article_id, None),
            edition=self._field(self.edition_, None),
            category=self._field(self.category, None),
            title=self._field(self.title, None),
            summary=self._field(self.summary, None),
            author=self._field(self.author, None),
            published_at=self._field(self.published_at, None),
            modified_at=self._field(self.modified_at, None),
            dateline=dateline,
            source=source,
            body=body,
            image_url=self._field(self.image_url, None),
            extractor=self.name,
        )
