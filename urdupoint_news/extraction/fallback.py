"""The layout of last resort, for pages no known layout matches (a redesign, a mirror): every
field from structured data (JSON-LD, OpenGraph, ``article:published_time``, ``<time datetime>``,
byline markup), the body from the densest block of paragraphs, with the same boilerplate rules.
The edition comes from the URL; an Urdu page's dateline is split by the Urdu rules.
"""

from __future__ import annotations

from urdupoint_news.extraction import selectors
from urdupoint_news.extraction.base import Page
from urdupoint_news.extraction.boilerplate import norm_text
from urdupoint_news.extraction.en_common import EnglishLayout
from urdupoint_news.extraction.main_text import densest_block, paragraphs
from urdupoint_news.extraction.structured import ld_text
from urdupoint_news.site.text import clean_text
from urdupoint_news.site.urdu import split_urdu_dateline
from urdupoint_news.site.urls import edition

BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline')"
    " or contains(@class, 'author')][not(ancestor::script)]"
)


class Fallback(EnglishLayout):
    name = "fallback"

    @classmethod
    def matches(cls, page: Page) -> bool:
        return True

    def edition_(self) -> str | None:
        return edition(self.page.url)

    def dateline_and_source(self) -> tuple[str | None, str | None, str | None]:
        if self.edition_() != "ur":
            return super().dateline_and_source()
        body = self.body()
        if not body:
            return None, None, None
        dateline, source, rest = split_urdu_dateline(body)
        return dateline, source, clean_text(rest)

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
        found = paragraphs(block) if block is not None else []
        if found:
            return found
        article_body = clean_text(ld_text(self.page.ld_article.get("articleBody")))
        return article_body.split("\n\n") if article_body else []
