"""Selectors compiled once per process, run straight on lxml elements.

Layouts name their selectors as class constants; a page runs about twenty of them. lxml's
``el.cssselect(css)`` translates the CSS to XPath again on every call, and parsel's
``Selector.css``/``.xpath`` wrap every node found in a new ``Selector``; on a 3 ms page that was a
third of the time. Here each query is translated and compiled on first use and kept.

CSS is translated by parsel's translator, which gives the XPath of ``Selector.css`` (and, for the
selectors the layouts use, the same XPath as lxml's ``cssselect``:
tests/unit/test_extraction_fast_paths.py).
Results are plain ``str`` for text and attribute queries, elements otherwise.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from parsel.csstranslator import css2xpath

# Selectors are class constants (and a few built from them): a bound only guards against a
# layout that builds queries from page content.
_CACHE_SIZE = 1024


@lru_cache(maxsize=_CACHE_SIZE)
def compiled_css(query: str) -> etree.XPath:
    """The CSS selector ``query`` (``::text`` and ``::attr(name)`` allowed), compiled."""
    return etree.XPath(css2xpath(query), smart_strings=False)


@lru_cache(maxsize=_CACHE_SIZE)
def compiled_xpath(query: str) -> etree.XPath:
    return etree.XPath(query, smart_strings=False)


def css(node: HtmlElement, query: str) -> list[Any]:
    """Every match of the CSS selector ``query`` under ``node`` (``node`` itself included, as
    lxml's ``cssselect`` does), in document order."""
    found = compiled_css(query)(node)
    return found if isinstance(found, list) else [found]


def xpath(node: HtmlElement, query: str) -> list[Any]:
    """Every result of ``query`` evaluated at ``node``; a single value comes as a list of one."""
    found = compiled_xpath(query)(node)
    return found if isinstance(found, list) else [found]


def first(node: HtmlElement, query: str) -> Any | None:
    """The first match of the CSS selector ``query`` under ``node``, else None."""
    found = css(node, query)
    return found[0] if found else None


def string(node: HtmlElement) -> str:
    """XPath ``string()`` of ``node``: all its text, as parsel's ``.xpath("string()")`` gives."""
    return str(_STRING(node))


_STRING = etree.XPath("string()", smart_strings=False)
