"""The shortcuts that make extraction fast find what the slower code they replace found:
compiled selectors, the page's meta-tag index, the length check before folding a block, space
collapsing without a regex, and the page's tree left as parsed (what is found on it is kept)."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import lxml.html
import pytest
from lxml.cssselect import CSSSelector
from parsel import Selector

from support.cases import all_cases
from urdupoint_news.demo import HERE as DEMO
from urdupoint_news.extraction import choose_layout, extract_article, selectors
from urdupoint_news.extraction.base import Page
from urdupoint_news.extraction.en_current import EnCurrent
from urdupoint_news.extraction.en_legacy import EnLegacy
from urdupoint_news.extraction.fallback import BYLINE_XPATH
from urdupoint_news.extraction.structured import meta_content
from urdupoint_news.extraction.ur_current import UrCurrent
from urdupoint_news.extraction.ur_legacy import UrLegacy
from urdupoint_news.extraction.wordlists import FOLD_DROPS as _FOLD_DROPS
from urdupoint_news.extraction.wordlists import HEADING_EDGES as _HEADING_EDGES
from urdupoint_news.site.normalize import fold_for_lookup
from urdupoint_news.site.text import clean_text, join_paragraphs

# Every page of the sample site and every saved page: the markup the selectors were written for.
PAGES = sorted(set(DEMO.glob("**/*.html")) | {found.page_path for found in all_cases()})
UR_URL = "https://www.urdupoint.com/daily/livenews/2025-09-12/news-4514000.html"

CSS = [
    EnCurrent.BODY,
    EnCurrent.LEGACY_MARKER,
    EnLegacy.ARTICLE,
    EnLegacy.TITLE,
    EnLegacy.DATE,
    EnLegacy.BYLINE,
    UrCurrent.ARTICLE,
    UrCurrent.TITLE,
    UrCurrent.BODY,
    UrCurrent.DATE_MARKED,
    UrCurrent.BYLINE,
    *UrCurrent.SECTION_CRUMBS,
    UrCurrent.OTHER_CRUMBS,
    UrCurrent.INFO_BAR,
    UrCurrent.SECOND_STAMP,
    UrCurrent.MAIN_IMAGE,
    UrLegacy.BODY,
    f"{UrLegacy.ARTICLE} {UrLegacy.BODY}",
]
CSS_WITH_PSEUDO_ELEMENTS = [
    'link[rel="canonical"]::attr(href)',
    "title::text",
    "article time[datetime]::attr(datetime)",
    "time[datetime]::attr(datetime)",
    f"{UrCurrent.TITLE} ::text",
    UrCurrent.SHARE_TITLE,
]
XPATH = [
    EnCurrent.TITLE_XPATH,
    EnCurrent.DATE_XPATH,
    EnCurrent.BYLINE_XPATH,
    EnLegacy.SUMMARY_XPATH,
    UrCurrent.FIRST_P_XPATH,
    UrCurrent.IMAGE_XPATH,
    f".//{UrCurrent.SUMMARY}[not(ancestor::li)][1]",
    BYLINE_XPATH,
    '//script[@type="application/ld+json"]/text()',
    ".//text()[not(ancestor::script)]",
    "string()",
]


def _found(values: list) -> list:
    """Elements by identity, text as text."""
    return [value if isinstance(value, str) else id(value) for value in values]


@pytest.fixture(scope="module")
def sels() -> list[Selector]:
    return [Selector(text=path.read_text(encoding="utf-8")) for path in PAGES]


@pytest.mark.parametrize("query", CSS)
def test_compiled_css_finds_what_lxml_cssselect_and_parsel_find(sels: list[Selector], query: str):
    for sel in sels:
        compiled = selectors.css(sel.root, query)
        assert _found(compiled) == _found(sel.root.cssselect(query))
        assert _found(compiled) == _found([found.root for found in sel.css(query)])


@pytest.mark.parametrize("query", CSS)
def test_css_translates_to_the_xpath_of_lxml_cssselect(query: str):
    assert selectors.compiled_css(query).path == CSSSelector(query, translator="html").path


@pytest.mark.parametrize("query", CSS_WITH_PSEUDO_ELEMENTS)
def test_compiled_css_reads_text_and_attributes_as_parsel_does(sels: list[Selector], query: str):
    for sel in sels:
        assert selectors.css(sel.root, query) == sel.css(query).getall()


@pytest.mark.parametrize("query", XPATH)
def test_compiled_xpath_finds_what_lxml_finds(sels: list[Selector], query: str):
    for sel in sels:
        found = sel.root.xpath(query)
        expected = found if isinstance(found, list) else [found]
        assert _found(selectors.xpath(sel.root, query)) == _found(expected)


def test_compiled_selectors_are_compiled_once():
    assert selectors.compiled_css(EnCurrent.BODY) is selectors.compiled_css(EnCurrent.BODY)
    assert selectors.compiled_xpath(BYLINE_XPATH) is selectors.compiled_xpath(BYLINE_XPATH)


def test_string_is_all_the_text_of_an_element():
    root = lxml.html.fromstring("<div>a <b>b<!-- no --></b> c<script>d</script></div>")
    assert selectors.string(root) == root.xpath("string()") == "a b cd"


# --- meta tags --------------------------------------------------------------------------------
def _meta_by_xpath(sel: Selector, *keys: str) -> str | None:
    """What Page.meta did before the index: one query per key and attribute."""
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            value = sel.xpath(f'//meta[@{attr}="{key}"]/@content').get()
            if value and value.strip():
                return value.strip()
    return None


META_HEAD = """
<meta name="description" content="">
<meta name="description" content="second description">
<meta property="og:title" content="  OG title  ">
<meta name="og:title" content="name og:title">
<meta itemprop="og:image" content="item image">
<meta property="og:image">
<meta property="og:image" content="property image">
<meta name="twitter:title" content=" ">
<meta itemprop="datePublished" content="2025-09-10">
<meta property="article:section" name="author" content="both attributes">
"""
META_KEYS = [
    ("description",),
    ("og:title",),
    ("og:image",),
    ("twitter:title", "og:title"),
    ("datePublished",),
    ("author",),
    ("article:section",),
    ("missing", "description"),
    ("missing",),
]


@pytest.mark.parametrize("keys", META_KEYS)
def test_meta_index_gives_what_a_query_per_key_gave(keys: tuple[str, ...]):
    sel = Selector(text=f"<html><head>{META_HEAD}</head><body><meta name='x' content='y'></body>")
    assert meta_content(sel, *keys) == _meta_by_xpath(sel, *keys)
    assert Page(sel.get(), UR_URL).meta(*keys) == _meta_by_xpath(sel, *keys)


def test_meta_index_on_every_page(sels: list[Selector]):
    keys = ["og:title", "og:description", "description", "og:image", "author", "article:author"]
    keys += ["article:published_time", "article:modified_time", "og:url", "keywords"]
    for sel in sels:
        for key in keys:
            assert meta_content(sel, key) == _meta_by_xpath(sel, key)


# --- the Urdu list-heading check --------------------------------------------------------------
def test_folding_drops_only_the_characters_the_heading_check_discounts():
    # Every code point at once, each between NULs (NFC composes nothing across them).
    everything = "\0".join(chr(code) for code in range(1, 0x110000))
    folded = fold_for_lookup(everything).split("\0")
    kept = _FOLD_DROPS.sub("", unicodedata.normalize("NFC", everything)).split("\0")
    assert len(folded) == len(kept) == 0x110000 - 1
    assert [len(text) for text in folded] == [len(text) for text in kept]
    assert [text in _HEADING_EDGES for text in folded] == [text in _HEADING_EDGES for text in kept]


def test_folding_works_character_by_character():
    rng = random.Random(7)
    alphabet = ["ی", "ي", "ہ", "ه", "ھ", "ک", "ك", "ا", "\u0653", "\u0654", "\u200c", "\u0640"]
    alphabet += [" ", ":", "۔", "ۓ", "ے", "\u0670", "e", "\u0301", "\ufeff", "\u2060", "آ", "ۂ"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        kept = _FOLD_DROPS.sub("", unicodedata.normalize("NFC", text)).strip(_HEADING_EDGES)
        assert len(kept) == len(fold_for_lookup(text).strip(_HEADING_EDGES)), repr(text)


def _ur_body(body_html: str) -> str | None:
    article = f'<div class="news_article"><h1>سرخی</h1><div class="detail_txt">{body_html}</div>'
    return UrCurrent(Page(f"<html><body>{article}</div></body></html>", UR_URL)).body()


def test_list_heading_padded_with_joiners_and_colons_is_still_a_heading():
    heading = "\u200c" * 80 + "مزید\u0640 خبریں" + " :" * 40 + "۔"
    body = _ur_body(
        "<p>پہلا پیراگراف۔</p>"
        f"<div><strong>{heading}</strong></div>"
        '<ul><li><a href="/daily/x-1.html">دوسری خبر</a></li></ul>'
        "<p>آخری پیراگراف۔</p>"
    )
    assert body == "پہلا پیراگراف۔\n\nآخری پیراگراف۔"


def test_a_long_paragraph_that_names_the_heading_is_kept():
    text = "مزید خبریں " + "اس کے بعد کی بات " * 10
    body = _ur_body(f"<p>{text}</p><ul><li>فہرست</li></ul><p>آخری۔</p>")
    assert body == clean_text(text) + "\n\nآخری۔"


# --- text cleanup -----------------------------------------------------------------------------
_SPACES = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def _clean_text_with_regexes(s: str | None) -> str | None:
    """clean_text as it was: a regex substitution collapses each run of spaces."""
    import html

    if s is None:
        return None
    while (unescaped := html.unescape(s)) != s:
        s = unescaped
    text = unicodedata.normalize("NFC", s)
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n")
    parts = (_SPACES.sub(" ", part).strip() for part in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in parts if p) or None


def test_every_space_regexes_collapse_is_collapsed():
    everything = "".join(chr(code) for code in range(0x110000))
    spaces = "".join(re.findall(r"\s", everything))
    assert spaces == "".join(filter(str.isspace, everything))
    text = "a" + spaces + "b" + " \u3000\u00a0\n \u2028 c\x1c"
    assert clean_text(text) == _clean_text_with_regexes(text)


def test_clean_text_and_join_paragraphs_match_the_regex_versions():
    rng = random.Random(5)
    alphabet = ["a", "ب", " ", "\n", "\r", "\t", "\u00a0", "\u2029", "\u2028", "\ufeff", "&amp;"]
    alphabet += ["&#10;", "&nbsp;", "&", "#10;", ";", "e", "\u0301", "\x1c", "\u200b", "\x0b"]
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert clean_text(text) == _clean_text_with_regexes(text), repr(text)
        paragraphs = ["".join(rng.choice(alphabet) for _ in range(4)) for _ in range(3)]
        joined = _clean_text_with_regexes(
            "\n\n".join(
                p for p in (_clean_text_with_regexes(_SPACES.sub(" ", q)) for q in paragraphs) if p
            )
        )
        assert join_paragraphs(paragraphs) == joined, repr(paragraphs)


# --- the page's tree ----------------------------------------------------------------------------
SAVED = sorted({found.page_path for found in all_cases()} | set((DEMO / "pages").glob("*/*.html")))


@pytest.mark.parametrize("path", SAVED, ids=lambda path: path.stem)
def test_extraction_leaves_the_page_as_parsed(path: Path):
    """Layouts keep what they find on a page (``Page.css``) and edit copies only."""
    url = UR_URL if "/ur/" in str(path) else "https://www.urdupoint.com/en/x/y-2193301.html"
    page = Page(path.read_text(encoding="utf-8"), url)
    before = lxml.html.tostring(page.root)
    layout = choose_layout(page)(page)
    layout.extract()
    assert lxml.html.tostring(page.root) == before
    assert layout.extract() == layout.extract()


def test_page_css_finds_once():
    page = Page('<html><body><div class="detail_txt"><p>x</p></div></body></html>', UR_URL)
    assert page.css("div.detail_txt") is page.css("div.detail_txt")
    assert page.first("p::text") == "x"
    assert page.first("p.nothing") is None


def test_byline_in_a_widget_near_the_title_is_passed_over_for_the_articles_own():
    html = """<html><body><div class="article">
      <div class="head"><h1>Title Of The Story</h1>
        <div class="related"><a href="/en/team/other-1.html">Other Writer</a>
          <span class="article-date">Published September 9, 2025 | 01:00 PM</span></div>
      </div>
      <a href="/en/team/own-2.html">Own Writer</a>
      <span class="article-date">Published September 10, 2025 | 03:10 PM</span>
      <div class="detail_txt"><p>The story text of the article is here.</p></div>
    </div></body></html>"""
    item = extract_article(html, "https://www.urdupoint.com/en/business/story-2193301.html")
    assert item.author == "Own Writer"
    assert item.published_at == "2025-09-10T15:10:00+05:00"
