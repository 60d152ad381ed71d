"""English edition, older markup (until about 2020): ``div.main_bar.fl.news_article`` with an
``h1`` title and an ``h2`` summary; the third ``.article-date`` holds "date | time" (the first
two hold the section and the credit, or the author's /en/team/ link and "N minutes ago");
``div.detail_txt`` holds the body as bare text nodes and ``<br>``s plus some ``p``, with
``h2``/``script``/``style`` inside to drop; share buttons follow in ``div.social_sharer``.
"""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from urdupoint_news.extraction import selectors
from urdupoint_news.extraction.base import Page
from urdupoint_news.extraction.boilerplate import norm_text
from urdupoint_news.extraction.en_common import EnglishLayout
from urdupoint_news.extraction.main_text import paragraphs
from urdupoint_news.site.dates import parse_site_date
from urdupoint_news.site.text import clean_text


class EnLegacy(EnglishLayout):
    name = "en_legacy"

    ARTICLE: ClassVar[str] = "div.main_bar.news_article"
    TITLE: ClassVar[str] = "h1"
    SUMMARY_XPATH: ClassVar[str] = ".//h2[not(ancestor::div[contains(@class, 'detail_txt')])]"
    DATE: ClassVar[str] = ".article-date"
    DATE_INDEX: ClassVar[int] = 2  # the third span.article-date
    BYLINE: ClassVar[str] = "a[href*='/team/']"
    BODY: ClassVar[str] = "div.detail_txt"
    BODY_DROP_TAGS: ClassVar[frozenset[str]] = frozenset({"h2", "h3"})

    @classmethod
    def matches(cls, page: Page) -> bool:
        return urlsplit(page.url).path.startswith("/en/") and bool(page.css(cls.ARTICLE))

    def _article(self) -> HtmlElement | None:
        found: HtmlElement | None = self.page.first(self.ARTICLE)
        return found

    def _in_article(self, css: str) -> list[HtmlElement]:
        article = self._article()
        return selectors.css(article, css) if article is not None else []

    def _byline_names(self) -> list[str]:
        return [norm_text(a) for a in self._in_article(self.BYLINE)]

    def title(self) -> str | None:
        for h1 in self._in_article(self.TITLE):
            if text := clean_text(norm_text(h1)):
                return text
        return super().title()

    def summary(self) -> str | None:
        article = self._article()
        # The h2 that is the dek, not the ones repeated inside the body container.
        deks = selectors.xpath(article, self.SUMMARY_XPATH) if article is not None else []
        title = (self.title() or "").casefold()
        for h2 in deks:
            text = clean_text(norm_text(h2))
            # Since 2023 an h2 may repeat the title in sentence case: that is no summary.
            if text and text.casefold() != title:
                return text
        return super().summary()

    def published_at(self) -> str | None:
        stamps = [norm_text(span) for span in self._in_article(self.DATE)]
        # The third span by position; if the order ever shifts, any span that reads as a date.
        ordered = stamps[self.DATE_INDEX : self.DATE_INDEX + 1] + stamps
        for stamp in ordered:
            if parsed := parse_site_date(stamp):
                return parsed
        return super().published_at()

    def body_paragraphs(self) -> list[str]:
        bodies = self._in_article(self.BODY)
        if not bodies:
            return []
        return paragraphs(bodies[0], skip=lambda el: el.tag in self.BODY_DROP_TAGS)
