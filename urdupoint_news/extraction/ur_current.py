"""The Urdu edition's article layout since about 2021 (``ur_current``); ``ur_legacy`` subclasses it.

Markup (SITE_EVIDENCE.md): ``div.news_article`` holding the headline (``h1.urdu``, in 2021
``h1.fs24.lh48.urdu.ar.rtl``), a sub-headline (``h2``), the printed date as the first ``p``
split over spans (``<span>اتوار</span> <span>14 ستمبر 2025</span> <span>19:50</span>``, 24-hour
Pakistan time) and the body in ``div.detail_txt.urdu.fs17.lh34.aj.rtl`` (or ``… ar rtl``) with
``googletag`` scripts and a ``div.txt_banner`` "(جاری ہے)" ("continued") inside it; the section
is the second link of ``ul.bread_crumb_en`` (Urdu text, e.g. ``کھیل`` -> ``/sports/news.html``);
tags in ``div.tagcloud.rtl.ar.urdu``; four JSON-LD blocks, the NewsArticle with
``datePublished`` like ``2025-09-14T19:50:00+0500``. The first sample pages of this project
(``div.main_bar.fr.news_article``, the date in a ``.article-date`` element, ``div.breadcrumb``,
the body as ``p`` elements with or without ``div.detail_txt``) are read by the same layout.

Recognised by ``div.news_article`` whose headline is written in Arabic script, on a page outside
``/en/``; ``dir="rtl"`` is not evidenced on the real pages and is not looked at.

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
- ``body``: the paragraphs of the body container (``p`` elements, or text between ``<br>``s;
  a ``<br>`` inside a ``p`` is a line break, not a new paragraph), or of the whole article when
  there is no container; without scripts, ads, the "(جاری ہے)" marker, tags, lists of other
  stories and their headings, share buttons, and "N منٹ پہلے" times. Text is kept as published
  apart from NFC and whitespace.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from urdupoint_news.extraction import selectors, structured
from urdupoint_news.extraction.base import Layout, Page
from urdupoint_news.extraction.boilerplate import class_words, is_boilerplate_element
from urdupoint_news.extraction.main_text import BLOCK_TAGS
from urdupoint_news.extraction.people import person_name
from urdupoint_news.site.dates import parse_iso_date
from urdupoint_news.site.normalize import fold_for_lookup
from urdupoint_news.site.sections import category_slug
from urdupoint_news.site.text import clean_text, join_paragraphs
from urdupoint_news.site.urdu import parse_urdu_datetime, split_urdu_dateline
from urdupoint_news.site.urls import SITE_URL, article_id, same_site

# Lists of other stories: removed with the heading, wherever they sit.
_LIST_HEADINGS = ("مزید اہم خبریں", "تازہ ترین خبریں", "مزید خبریں", "متعلقہ خبریں")
# Urdu-page class/id words that mark blocks to skip, on top of boilerplate.is_boilerplate_element
# (which already knows more_news, share, tags, banner...): another story's teaser
# (li.item_shadow), the tag cloud, and the stamp and byline, which are read as fields.
_UR_WIDGET_WORDS = frozenset({"shadow", "date", "time", "author", "byline", "tagcloud"})
# Matched on fold_for_lookup(text), so the Urdu words are folded the same way.
_FURNITURE = re.compile(
    fold_for_lookup(
        r"^(?:اشتہار|advertisement"
        r"|[\d۰-۹٠-٩]+\s*(?:سیکنڈ|منٹ|گھنٹہ|گھنٹے|گھنٹوں|دن|ہفتے|ہفتہ|ماہ|مہینے|سال)\s*(?:پہلے|قبل)"
        r"|متعلقہ عنوان.*|شیئر کریں|مزید پڑھیں.*)$"
    ),
    re.IGNORECASE,
)
# "(جاری ہے)", "continued": printed where an ad cuts the story; never story text. Arabic-keyboard
# spellings (ي, ه) included.
_CONTINUED = re.compile(r"\(\s*جار[یي]\s*[ہهھ][ےي]\s*\)")
_NOT_A_PERSON = re.compile(
    r"اردو\s*پوائنٹ|urdu\s*point|اے پی پی|\bapp\b|آن لائن|\bonline\b|ایجنسی|agency|نیوز ڈیسک",
    re.IGNORECASE,
)
_LIST_HEADING_KEYS = frozenset(map(fold_for_lookup, _LIST_HEADINGS))
_HEADING_EDGES = " :۔"  # around a heading's words: "مزید خبریں:"
_LONGEST_HEADING = max(map(len, _LIST_HEADING_KEYS))
# fold_for_lookup works character by character on the NFC text: it drops these characters
# (joiners, direction marks, tatweel...) and maps every other one to one character, never to or
# from _HEADING_EDGES (tests/unit/test_extraction_fast_paths.py checks every code point). So the
# length of a block's folded text is known before folding it, and a block longer than any heading
# is not folded: str.translate looks each of a paragraph's letters up in a dict.
_FOLD_DROPS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad\u0640]")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
# A printed date on its own ("اتوار 14 ستمبر 2025 19:50"), not a paragraph that mentions one.
_STAMP_MAX_CHARS = 60


class UrCurrent(Layout):
    name: ClassVar[str] = "ur_current"
    edition: ClassVar[str] = "ur"

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

    @classmethod
    def matches(cls, page: Page) -> bool:
        if urlsplit(page.url).path.startswith("/en/"):
            return False
        article = page.first(cls.ARTICLE)
        return article is not None and _written_in_arabic_script(article, cls.TITLE)

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
        dateline, source, rest = split_urdu_dateline(body)
        return dateline, source, clean_text(rest)

    def body(self) -> str | None:
        if self.article is None:
            return None
        containers = self._in_article(self.BODY)
        container = containers[0] if containers else self.article
        return join_paragraphs(list(_body_paragraphs(container)))

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


def _written_in_arabic_script(article: HtmlElement, title: str) -> bool:
    """The article's headline (else its first text) is in Arabic script: an Urdu story, not the
    old English layout that shares the ``news_article`` class."""
    headline = " ".join(selectors.css(article, f"{title} ::text")).strip()
    if not headline:
        headline = " ".join(selectors.xpath(article, ".//text()[not(ancestor::script)]"))[:300]
    return bool(_ARABIC_SCRIPT.search(headline))


# --- body -------------------------------------------------------------------------------------
def _body_paragraphs(container: Any) -> Iterator[str]:
    root = copy.deepcopy(container)
    root.tail = None
    for el in list(root.iter("h1", "h2")):
        _drop(el)
    for el in list(root.iter()):
        if el is not root and el.getparent() is not None and _is_widget(el):
            _drop(el)
    # The root (the whole body's text) is never dropped as a heading: not looked at.
    for heading in [el for el in root.iter() if el is not root and _is_list_heading(el)]:
        if heading.getparent() is None:
            continue
        _drop_with_following_lists(heading)
    for text, linked in _text_blocks(root):
        text = clean_text(_CONTINUED.sub(" ", text)) or ""
        if not text or linked == text or _FURNITURE.match(fold_for_lookup(text)):
            continue
        yield text


def _text_blocks(root: Any) -> list[tuple[str, str]]:
    """(text, linked text) of each paragraph: a ``p`` (its ``<br>``s are line breaks), or a run
    of text between block elements and ``<br>``s. Lists are skipped whole."""
    blocks: list[tuple[str, str]] = []
    parts: list[str] = []
    linked: list[str] = []

    def flush() -> None:
        if text := clean_text("".join(parts)):
            blocks.append((text, clean_text(" ".join(linked)) or ""))
        parts.clear()
        linked.clear()

    def walk(node: Any, in_link: bool) -> None:
        if node.text:
            parts.append(node.text)
            if in_link:
                linked.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag in ("ul", "ol", "li"):
                flush()
            elif tag == "p":
                flush()
                _p_block(child, blocks)
            elif tag == "br":
                flush()
            elif tag in BLOCK_TAGS:
                flush()
                walk(child, in_link)
                flush()
            elif tag is not None:
                walk(child, in_link or tag == "a")
            if child.tail:
                parts.append(child.tail)
                if in_link:
                    linked.append(child.tail)

    walk(root, False)
    flush()
    return blocks


def _p_block(p: Any, blocks: list[tuple[str, str]]) -> None:
    for br in p.iter("br"):
        br.tail = "\n" + (br.tail or "")
    text = clean_text("".join(p.itertext()))
    if text:
        anchors = clean_text(" ".join("".join(a.itertext()) for a in p.iter("a"))) or ""
        blocks.append((text, anchors))


def _is_widget(el: Any) -> bool:
    if not isinstance(el.tag, str):
        return False
    return is_boilerplate_element(el) or bool(class_words(el) & _UR_WIDGET_WORDS)


def _is_list_heading(el: Any) -> bool:
    if not isinstance(el.tag, str) or el.tag in ("li", "ul", "ol", "a"):
        return False
    text = unicodedata.normalize("NFC", clean_text("".join(el.itertext())) or "")
    if len(_FOLD_DROPS.sub("", text).strip(_HEADING_EDGES)) > _LONGEST_HEADING:
        return False  # a paragraph: folding it would only show it is none
    return fold_for_lookup(text).strip(_HEADING_EDGES) in _LIST_HEADING_KEYS


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
