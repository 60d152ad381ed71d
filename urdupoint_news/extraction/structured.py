"""Structured data every layout reads first: JSON-LD, OpenGraph / article: meta tags.

Pages carry several ``application/ld+json`` blocks (WebSite, Organization, BreadcrumbList,
NewsArticle), sometimes nested in ``@graph`` or lists, sometimes with raw newlines inside strings.
"""

from __future__ import annotations

import json
import logging
from typing import Any, NamedTuple

from lxml.html import HtmlElement
from parsel import Selector

from urdupoint_news.extraction import selectors

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNews", "AnalysisNewsArticle", "BlogPosting", "Report"}
)


def _flatten(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [obj for item in value for obj in _flatten(item)]
    if isinstance(value, dict):
        return [value, *_flatten(value.get("@graph", []))]
    return []


def json_ld_objects(sel: Selector) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` members included; broken blocks skipped."""
    objects: list[dict[str, Any]] = []
    for raw in selectors.xpath(sel.root, '//script[@type="application/ld+json"]/text()'):
        try:
            # strict=False: the site writes raw line breaks inside strings.
            data = json.loads(raw.strip().rstrip(";"), strict=False)
        except ValueError:
            logger.debug("skipping a JSON-LD block that does not parse")
            continue
        objects.extend(_flatten(data))
    return objects


def types_of(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k for k in kinds if isinstance(k, str)}


def find_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The NewsArticle (or another article type) of the page."""
    articles = [obj for obj in objects if types_of(obj) & ARTICLE_TYPES]
    news = [obj for obj in articles if "NewsArticle" in types_of(obj)]
    found = news or articles
    return found[0] if found else None


class Crumb(NamedTuple):
    """One BreadcrumbList item: its name and its URL, either possibly missing."""

    name: str | None
    url: str | None


def breadcrumb(objects: list[dict[str, Any]]) -> list[Crumb]:
    """The items of the page's first BreadcrumbList, in position order. An item's name and URL
    may sit on the ListItem or on its ``item`` (a URL string or an object with ``@id``/``url``)."""
    for obj in objects:
        if "BreadcrumbList" not in types_of(obj):
            continue
        items = [item for item in obj.get("itemListElement") or [] if isinstance(item, dict)]
        items.sort(key=lambda item: _int(item.get("position")))
        return [_crumb(item) for item in items]
    return []


def _crumb(item: dict[str, Any]) -> Crumb:
    inner = item.get("item")
    name = item.get("name")
    url = inner
    if isinstance(inner, dict):
        name = name or inner.get("name")
        url = inner.get("@id") or inner.get("url")
    return Crumb(name if isinstance(name, str) else None, url if isinstance(url, str) else None)


def find_breadcrumb(objects: list[dict[str, Any]]) -> list[str]:
    """Names of a BreadcrumbList's items in position order."""
    return [crumb.name for crumb in breadcrumb(objects) if crumb.name]


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def ld_text(value: Any) -> str | None:
    """A JSON-LD text value: a string, the first of a list, or a ``name``/``@value``."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return next((text for item in value if (text := ld_text(item))), None)
    if isinstance(value, dict):
        return ld_text(value.get("@value") or value.get("name"))
    return None


def ld_url(value: Any) -> str | None:
    """An image/url value: a string, an ImageObject's ``url``/``contentUrl``, or a list."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return next((url for item in value if (url := ld_url(item))), None)
    if isinstance(value, dict):
        return ld_url(value.get("url") or value.get("contentUrl"))
    return None


def ld_authors(article: dict[str, Any]) -> list[tuple[str, str]]:
    """(type, name) of each author; a bare string author has type ``""``."""
    raw = article.get("author")
    people = raw if isinstance(raw, list) else [raw]
    found = []
    for person in people:
        if isinstance(person, str):
            found.append(("", person))
        elif isinstance(person, dict) and isinstance(person.get("name"), str):
            kind = "Organization" if "Organization" in types_of(person) else "Person"
            found.append((kind, person["name"]))
    return found


# The attributes a ``<meta>`` names its key with, in the order they are looked up.
META_KEY_ATTRIBUTES = ("property", "name", "itemprop")


def meta_index(root: HtmlElement) -> dict[tuple[str, str], str]:
    """``(attribute, key) -> content`` of the page's ``<meta>`` elements, the first in document
    order for each (a ``<meta>`` without ``content`` is no candidate): every lookup of a page
    from one pass over its tags, instead of an XPath query per key and attribute."""
    index: dict[tuple[str, str], str] = {}
    for meta in selectors.xpath(root, "//meta[@content]"):
        content = meta.get("content")
        for attribute in META_KEY_ATTRIBUTES:
            key = meta.get(attribute)
            if key is not None:
                index.setdefault((attribute, key), content)
    return index


def meta_lookup(index: dict[tuple[str, str], str], *keys: str) -> str | None:
    """The first non-empty ``content`` of ``<meta property|name|itemprop=key>``, in key order
    (for each key, the first such tag of each attribute)."""
    for key in keys:
        for attribute in META_KEY_ATTRIBUTES:
            value = index.get((attribute, key))
            if value and value.strip():
                return value.strip()
    return None


def meta_content(sel: Selector, *keys: str) -> str | None:
    """The first non-empty ``content`` of ``<meta property|name|itemprop=key>``, in key order."""
    return meta_lookup(meta_index(sel.root), *keys)
