"""English edition, current markup (2023-): ``h1`` title, a ``.article-date`` stamp
"Published September 10, 2025 | 03:10 PM", body ``p`` in ``div.detail_txt``, JSON-LD NewsArticle.

Quirk: side widgets ("Latest", "More Stories From ...") carry their own ``.article-date``
elements, some before the article in document order; the article's stamp is the one nearest
the title (found by walking up from the ``h1``), not the first in the document.
"""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from urdupoint_news.extraction import selectors
from urdupoint_news.extraction.base import Page
from urdupoint_news.extraction.boilerplate import is_boilerplate_element, norm_text
from urdupoint_news.extraction.en_common import EnglishLayout
from urdupoint_news.extraction.main_text import paragraphs
from urdupoint_news.site.dates import parse_site_date
from urdupoint_news.site.text import clean_text

_HAS_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"


class EnCurrent(EnglishLayout):
    name = "en_current"

    BODY: ClassVar[str] = "div.detail_txt"
    LEGACY_MARKER: ClassVar[str] = "div.main_bar.news_article"
    # Title candidates: h1 outside the page chrome.
    TITLE_XPATH: ClassVar[str] = "//h1[not(ancestor::header or ancestor::nav or ancestor::footer)]"
    DATE_XPATH: ClassVar[str] = ".//*[" + _HAS_CLASS.format("article-date") + "]"
    BYLINE_XPATH: ClassVar[str] = ".//a[contains(@href, '/team/')]"

    @classmethod
    def matches(cls, page: Page) -> bool:
        return (
            urlsplit(page.url).path.startswith("/en/")
            and bool(page.css(cls.BODY))
            and not page.css(cls.LEGACY_MARKER)
        )

    # --- helpers ----------------------------------------------------------------------------
    @cached_property
    def _title(self) -> HtmlElement | None:
        for h1 in selectors.xpath(self.page.root, self.TITLE_XPATH):
            if norm_text(h1):
                return h1
        return None

    @cached_property
    def _scopes(self) -> list[HtmlElement]:
        """The blocks around the title, smallest first, up to the article's."""
        title = self._title
        scopes = list(title.iterancestors()) if title is not None else [self.page.root]
        # The article ends at the smallest block holding both the title and the body: a page
        # without its own stamp must not borrow one from a strip or sidebar further out.
        body = self.page.first(self.BODY)
        if body is not None:
            holders = {body, *body.iterancestors()}
            for depth, scope in enumerate(scopes):
                if scope in holders:
                    return scopes[: depth + 1]
        return scopes

    def _near_title(self, xpath: str) -> list[HtmlElement]:
        """Elements matching ``xpath`` in the smallest block around the title that has any (but
        within the article), leaving out those in widgets (ads, related lists, sidebars).

        ``xpath`` is relative (``.//...``) with a predicate that does not depend on the scope, so
        the matches in a scope are the matches in the widest scope that lie under it: the query
        runs once, and each match's ancestors are walked once."""
        scopes = self._scopes
        if not scopes:
            return []
        matches = [(el, list(el.iterancestors())) for el in selectors.xpath(scopes[-1], xpath)]
        widget: dict[HtmlElement, bool] = {}
        for scope in scopes:
            found = [el for el, ancestors in matches if _under(ancestors, scope, widget)]
            if found:
                return found
        return []

    def _byline_names(self) -> list[str]:
        return [norm_text(a) for a in self._near_title(self.BYLINE_XPATH)]

    # --- fields -----------------------------------------------------------------------------
    def title(self) -> str | None:
        title = self._title
        return (clean_text(norm_text(title)) if title is not None else None) or super().title()

    def published_at(self) -> str | None:
        for stamp in self._near_title(self.DATE_XPATH):
            if parsed := parse_site_date(norm_text(stamp)):
                return parsed
        return super().published_at()

    def body_paragraphs(self) -> list[str]:
        container = self.page.first(self.BODY)
        return paragraphs(container) if container is not None else []


def _under(
    ancestors: list[HtmlElement], scope: HtmlElement, widget: dict[HtmlElement, bool]
) -> bool:
    """The element whose ``ancestors`` these are lies in ``scope``, and in no widget inside it."""
    for node in ancestors:
        if node is scope:
            return True
        in_widget = widget.get(node)
        if in_widget is None:
            in_widget = widget[node] = is_boilerplate_element(node)
        if in_widget:
            return False
    return False
