"""The layout of last resort, for pages no known layout matches (a redesign, a mirror): every
field from structured data (JSON-LD, OpenGraph, ``article:published_time``, ``<time datetime>``,
byline markup), the body from the densest block of paragraphs, by the same subtraction as the
layouts. The edition comes from the URL and picks the edition's rules (``wordlists.rules_for``:
dateline forms, body markup); nothing here tests for an edition.
"""

from __future__ import annotations

from urdupoint_news.extraction import selectors
from urdupoint_news.extraction.base import Page
from urdupoint_news.extraction.boilerplate import norm_text
from urdupoint_news.extraction.common import StructuredLayout
from urdupoint_news.extraction.main_text import densest_block, paragraphs
from urdupoint_news.extraction.structured import ld_text
from urdupoint_news.extraction.wordlists import rules_for
from urdupoint_news.site.text import clean_text
from urdupoint_news.site.urls import edition

BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline')"
    " or contains(@class, 'author')][not(ancestor::script)]"
)


class Fallback(StructuredLayout):
    name = "fallback"

    @classmethod
    def matches(cls, page: Page) -> bool:
        return True

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.rules = rules_for(self.edition_())

    def edition_(self) -> str | None:
        return edition(self.page.url)

    def _byline_names(self) -> list[str]:
        names = []
        for el in selectors.xpath(self.page.root, BYLINE_XPATH):
            # Prefer the link or name inside a byline block ("By <a>Name</a>").
            inner = selectors.xpath(el, ".//*[@itemprop='name'] | .//a")
            text = norm_text(inner[0]) if inner else norm_text(el)
            if text and len(text) <= 80:
                names.append(text)
        return names

    def title(self) -> str | None:
        h1 = selectors.xpath(self.page.root, "//h1[not(ancestor::header and ancestor::nav)]")
        return super().title() or (clean_text(norm_text(h1[0])) if h1 else None)

    def body_paragraphs(self) -> list[str]:
        block = densest_block(self.page.root)
        found = paragraphs(block, self.rules) if block is not None else []
        if found:
            return found
        article_body = clean_text(ld_text(self.page.ld_article.get("articleBody")))
        return article_body.split("\n\n") if article_body else []
