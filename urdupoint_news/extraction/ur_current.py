"""The Urdu edition's article layout (``/daily/livenews/YYYY-MM-DD/news-<id>.html``).

Markup: a right-to-left page with ``div.news_article`` holding the headline (``h1``), the
sub-headline (``h2``), a printed Urdu date (``بدھ 10 ستمبر 2025 15:13``) and the body as ``p``
elements, sometimes wrapped in a ``div.detail_txt``, with ads, share buttons, topic tags and
"more news" lists mixed in. Structured data (JSON-LD, OpenGraph) is read first for dates,
author and image; the headline comes from the page's ``h1`` because JSON-LD headlines get cut.

Decisions:
- ``category`` is the lower-case ASCII slug of the last section link in the breadcrumb
  (``/daily/business.html`` -> ``business``), else of the JSON-LD BreadcrumbList, else None: the
  section's Urdu name (``کاروبار``) is not a slug.
- ``author`` is a named person (JSON-LD Person, ``rel=author`` byline); the site or a news agency
  as author gives None, the agency being already in ``source``.
- ``source`` is the credit of the dateline without its date (see ``urdu.split_urdu_dateline``).
- ``body`` keeps the text exactly as published apart from NFC and whitespace.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from urdupoint_news.extraction import structured
from urdupoint_news.extraction.base import Layout, Page
from urdupoint_news.extraction.boilerplate import class_words, is_boilerplate_element
from urdupoint_news.extraction.people import person_name
from urdupoint_news.site.dates import parse_iso_date
from urdupoint_news.site.text import clean_text, join_paragraphs
from urdupoint_news.site.urdu import fold_for_lookup, parse_urdu_datetime, split_urdu_dateline
from urdupoint_news.site.urls import article_id

# Lists of other stories: removed with the heading, wherever they sit.
_LIST_HEADINGS = ("مزید اہم خبریں", "تازہ ترین خبریں", "مزید خبریں", "متعلقہ خبریں")
# Urdu-page class/id words that mark blocks to skip, on top of boilerplate.is_boilerplate_element
# (which already knows more_news, share, tags...): another story's teaser (li.item_shadow), and
# the stamp and byline, which are read as fields.
_UR_WIDGET_WORDS = frozenset({"shadow", "date", "time", "author", "byline"})
# Matched on fold_for_lookup(text), so the Urdu words are folded the same way.
_FURNITURE = re.compile(
    fold_for_lookup(
        r"^(?:اشتہار|advertisement"
        r"|[\d۰-۹٠-٩]+\s*(?:سیکنڈ|منٹ|گھنٹہ|گھنٹے|گھنٹوں|دن|ہفتے|ہفتہ|ماہ|مہینے|سال)\s*(?:پہلے|قبل)"
        r"|متعلقہ عنوان.*|شیئر کریں|مزید پڑھیں.*)$"
    ),
    re.IGNORECASE,
)
_NOT_A_PERSON = re.compile(
    r"اردو\s*پوائنٹ|urdu\s*point|اے پی پی|\bapp\b|آن لائن|\bonline\b|ایجنسی|agency|نیوز ڈیسک",
    re.IGNORECASE,
)
_LIST_HEADING_KEYS = frozenset(map(fold_for_lookup, _LIST_HEADINGS))
_SECTION_SLUG = re.compile(
    r"^/daily/(?:livenews/)?(?P<slug>[a-z0-9][a-z0-9-]*?)(?:-page\d+)?\.html$"
)


class UrCurrent(Layout):
    name: ClassVar[str] = "ur_current"
    edition: ClassVar[str] = "ur"

    ARTICLE = "div.news_article"
    TITLE = "h1"
    SUMMARY = "h2"
    DATE = ".article-date, time, [class*=date]"
    BYLINE = "[rel=author], .author_name, .byline"
    BREADCRUMB = ".breadcrumb a, .breadcrumbs a, nav[aria-label=breadcrumb] a"

    @classmethod
    def matches(cls, page: Page) -> bool:
        rtl = page.sel.xpath("//*[self::html or self::body][translate(@dir, 'RTL', 'rtl') = 'rtl']")
        return bool(rtl) and bool(page.sel.css(cls.ARTICLE))

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.article = self.sel.css(self.ARTICLE)[:1]
        self.ld = page.ld_article

    # --- fields -----------------------------------------------------------------------------
    def category(self) -> str | None:
        hrefs: list[str | None] = self.sel.css(self.BREADCRUMB).xpath("@href").getall()
        hrefs += _json_ld_breadcrumb_urls(self.page.json_ld)
        slugs = [slug for slug in map(self._section_slug, hrefs) if slug]
        return slugs[-1] if slugs else None

    def title(self) -> str | None:
        return (
            clean_text(" ".join(self.article.css(f"{self.TITLE} ::text").getall()))
            or clean_text(structured.ld_text(self.ld.get("headline")))
            or clean_text(self.page.meta("og:title"))
        )

    def summary(self) -> str | None:
        heading = (
            self.article.xpath(f".//{self.SUMMARY}[not(ancestor::li)][1]").xpath("string()").get()
        )
        return (
            clean_text(heading)
            or clean_text(structured.ld_text(self.ld.get("description")))
            or clean_text(self.page.meta("og:description", "description"))
        )

    def author(self) -> str | None:
        authors = structured.ld_authors(self.ld)
        names = [name for kind, name in authors if kind != "Organization"]
        if not authors:
            names = self.article.css(self.BYLINE).xpath("string()").getall()
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
        dateline, source, rest = split_urdu_dateline(body)
        return dateline, source, clean_text(rest)

    def body(self) -> str | None:
        if not self.article:
            return None
        return join_paragraphs(list(_body_paragraphs(self.article[0].root)))

    def image_url(self) -> str | None:
        image = self.page.meta("og:image") or structured.ld_url(self.ld.get("image"))
        if not image:
            image = self.article.xpath(
                ".//img[not(ancestor::li) and not(ancestor::aside)]/@src"
            ).get()
        return urljoin(self.page.url, image.strip()) if image else None

    # --- helpers ----------------------------------------------------------------------------
    def _printed_date(self) -> str | None:
        for text in self.article.css(f"{self.DATE}").xpath("string()").getall():
            parsed = parse_urdu_datetime(text)
            if parsed:
                return parsed
        return None

    def _section_slug(self, href: str | None) -> str | None:
        if not href:
            return None
        absolute = urljoin(self.page.url, href.strip())
        if urlsplit(absolute).netloc != urlsplit(self.page.url).netloc:
            return None
        path = urlsplit(absolute).path
        if article_id(absolute) is not None:
            return None
        match = _SECTION_SLUG.match(path.lower())
        return match["slug"] if match else None


# --- body -------------------------------------------------------------------------------------
def _body_paragraphs(container: Any) -> Iterator[str]:
    root = copy.deepcopy(container)
    root.tail = None
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in list(root.iter("h1", "h2")):
        _drop(el)
    for el in list(root.iter()):
        if el is not root and el.getparent() is not None and _is_widget(el):
            _drop(el)
    for heading in [el for el in root.iter() if _is_list_heading(el)]:
        if heading.getparent() is None:
            continue
        _drop_with_following_lists(heading)
    for p in root.iter("p"):
        if any(a.tag in ("li", "ul", "ol") for a in p.iterancestors()):
            continue
        text = clean_text("".join(p.itertext()))
        if not text or _FURNITURE.match(fold_for_lookup(text)) or _only_links(p, text):
            continue
        yield text


def _is_widget(el: Any) -> bool:
    if not isinstance(el.tag, str):
        return False
    return is_boilerplate_element(el) or bool(class_words(el) & _UR_WIDGET_WORDS)


def _is_list_heading(el: Any) -> bool:
    if not isinstance(el.tag, str) or el.tag in ("li", "ul", "ol", "a"):
        return False
    text = fold_for_lookup(clean_text("".join(el.itertext())) or "").strip(" :۔")
    return text in _LIST_HEADING_KEYS


def _drop_with_following_lists(heading: Any) -> None:
    # The list follows its heading as siblings up to the next real paragraph; a heading inside
    # a bold/p wrapper is climbed out of first.
    block = heading
    while block.getparent() is not None and block.getparent().tag in ("strong", "b", "p", "span"):
        block = block.getparent()
    sibling = block.getnext()
    while sibling is not None and sibling.tag != "p":
        following = sibling.getnext()
        _drop(sibling)
        sibling = following
    _drop(block)


def _only_links(p: Any, text: str) -> bool:
    linked = clean_text(" ".join("".join(a.itertext()) for a in p.iter("a")))
    return bool(linked) and linked == text


def _drop(el: Any) -> None:
    """Remove an element but keep its tail text (lxml's remove() would lose it)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# --- structured data --------------------------------------------------------------------------
def _json_ld_breadcrumb_urls(objects: list[dict[str, Any]]) -> list[str | None]:
    """URLs of the BreadcrumbList items in position order (structured.find_breadcrumb gives
    their names, which on the Urdu pages are Urdu words, not slugs)."""
    for obj in objects:
        if "BreadcrumbList" not in structured.types_of(obj):
            continue
        items = [i for i in obj.get("itemListElement") or [] if isinstance(i, dict)]
        items.sort(key=lambda i: _position(i.get("position")))
        urls: list[str | None] = []
        for item in items:
            target = item.get("item")
            if isinstance(target, dict):
                target = target.get("@id") or target.get("url")
            urls.append(target if isinstance(target, str) else None)
        return urls
    return []


def _position(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
