"""The shape every layout parser has (after Fundus): one small method per field.

A layout parser is a class with a ``name`` (stored in ``articles.extractor``), a ``matches``
check that recognises its markup on a page, and one method per output field. ``extract`` calls
them all and builds the item; a field method returns None when the page does not hold the field.
"""

from __future__ import annotations

from typing import ClassVar

from parsel import Selector

from urdupoint_news.items import ArticleItem
from urdupoint_news.urls import article_id, canonical_url


class Page:
    """A fetched page: its URL, its parsed HTML, and helpers every layout needs."""

    def __init__(self, html: str, url: str) -> None:
        self.url = url
        self.html = html
        self.sel = Selector(text=html)

    @property
    def canonical_url(self) -> str:
        """rel=canonical when the page declares one on the same site, else the fetched URL."""
        href = self.sel.css('link[rel="canonical"]::attr(href)').get()
        if href:
            candidate = canonical_url(href.strip(), base=self.url)
            if article_id(candidate) is not None:
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

    def extract(self) -> ArticleItem:
        dateline, source, body = self.dateline_and_source()
        return ArticleItem(
            url=self.url(),
            article_id=self.article_id(),
            edition=self.edition_(),
            category=self.category(),
            title=self.title(),
            summary=self.summary(),
            author=self.author(),
            published_at=self.published_at(),
            modified_at=self.modified_at(),
            dateline=dateline,
            source=source,
            body=body,
            image_url=self.image_url(),
            extractor=self.name,
        )
