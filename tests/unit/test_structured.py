"""JSON-LD BreadcrumbList items, read once for both editions (names for English categories,
URLs for Urdu sections)."""

from __future__ import annotations

import json

import pytest
from parsel import Selector

from urdupoint_news.extraction.structured import (
    Crumb,
    breadcrumb,
    find_breadcrumb,
    json_ld_objects,
)


def _objects(*blocks: object) -> list:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(b, ensure_ascii=False)}</script>'
        for b in blocks
    )
    return json_ld_objects(Selector(text=f"<html><head>{scripts}</head></html>"))


@pytest.mark.parametrize(
    ("items", "crumbs"),
    [
        (  # the evidenced form: name on the ListItem, the URL as its item
            [
                {"@type": "ListItem", "position": 2, "name": "کھیل", "item": "https://x/s.html"},
                {"@type": "ListItem", "position": 1, "name": "اردو پوائنٹ", "item": "https://x/"},
            ],
            [Crumb("اردو پوائنٹ", "https://x/"), Crumb("کھیل", "https://x/s.html")],
        ),
        (  # the item as an object with @id / url and its own name
            [
                {"position": 1, "item": {"@id": "https://x/", "name": "Home"}},
                {"position": "2", "item": {"url": "https://x/b.html", "name": "Business"}},
            ],
            [Crumb("Home", "https://x/"), Crumb("Business", "https://x/b.html")],
        ),
        (  # the last crumb (the story) often has no URL; junk values are None
            [{"position": 1, "name": "Home", "item": 5}, {"position": 2, "name": ["x"]}, "junk"],
            [Crumb("Home", None), Crumb(None, None)],
        ),
    ],
)
def test_breadcrumb_items_in_position_order(items: list, crumbs: list[Crumb]) -> None:
    objects = _objects(
        {"@type": "WebSite", "name": "UrduPoint"},
        {"@type": "BreadcrumbList", "itemListElement": items},
    )
    assert breadcrumb(objects) == crumbs
    assert find_breadcrumb(objects) == [crumb.name for crumb in crumbs if crumb.name]


def test_page_without_breadcrumb_has_none() -> None:
    assert breadcrumb(_objects({"@type": "NewsArticle", "headline": "x"})) == []
