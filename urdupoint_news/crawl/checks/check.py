"""``check_article``: every field of one article page, from two or more sources, compared.

Called once per article page, where a page becomes an item (crawl/spider.py ``article_items``, so
crawls, ``reparse`` and ``import`` alike), with the page already parsed and the layout's item. It
returns a ``FieldChecks`` item that travels with the article (also out of reparse's worker
processes) to ``FieldCheckPipeline``, which counts it and records its disagreements.

A source that is absent is not a disagreement; a field with fewer than two sources is
``unchecked``. A field whose sources disagree gives one ``Disagreement`` per disagreeing pair.
The body is compared with the generic extractor's text by sentences (``rules.body_shares``);
whether its shares are too low is a threshold (a setting), decided by the pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from urdupoint_news.crawl.checks import generic, rules, sources
from urdupoint_news.crawl.checks.sources import Source
from urdupoint_news.extraction import Page
from urdupoint_news.site.dateline import split_dateline
from urdupoint_news.site.items import ArticleItem
from urdupoint_news.site.urdu import split_urdu_dateline

# The fields checked, in the order they are reported; ``body`` is compared by shares.
FIELDS = ("published_at", "category", "title", "author", "body")


@dataclass(frozen=True)
class Disagreement:
    """Two sources of one field that do not agree, with their values."""

    field: str
    source_a: str
    value_a: str
    source_b: str
    value_b: str


@dataclass
class FieldChecks:
    """What the cross-checks found on one article page (an item, dropped once counted)."""

    url: str
    edition: str | None
    layout: str
    checked: list[str] = field(default_factory=list)  # fields with two sources or more
    unchecked: list[str] = field(default_factory=list)  # fields with one source
    disagreements: list[Disagreement] = field(default_factory=list)
    body: rules.BodyShares | None = None  # None: no body on one side (unchecked)

    def disagreeing(self) -> list[str]:
        return list(dict.fromkeys(d.field for d in self.disagreements))


def field_sources(page: Page, meta: Mapping[str, Any]) -> dict[str, list[Source]]:
    """Every source of every field the page holds, by field."""
    return {
        "published_at": sources.date_sources(page, meta),
        "category": sources.section_sources(page, meta),
        "title": sources.title_sources(page),
        "author": sources.author_sources(page),
    }


def _compare(name: str, found: list[Source]) -> list[Disagreement]:
    agree = rules.AGREE[name]
    if name == "category":
        return _compare_sections(found)
    return [
        Disagreement(name, a.name, a.value, b.name, b.value)
        for a, b in combinations(found, 2)
        if not agree(a.value, b.value)
    ]


def _compare_sections(found: list[Source]) -> list[Disagreement]:
    # Decision: the listing a story was found on is a second source only when it agrees. The site
    # lists a story under more than one section (a world story on the business listing) and nests
    # categories (crime stories, /en/pakistan/... URLs, on /en/news/pakistan/crime.html), so a
    # listing that names another section than the page is no sign of a wrong field.
    page_sources = [s for s in found if s.name != "listing"]
    return [
        Disagreement("category", a.name, a.value, b.name, b.value)
        for a, b in combinations(page_sources, 2)
        if not rules.sections_agree(a.value, b.value)
    ]


def _checkable(name: str, found: list[Source]) -> bool:
    if name != "category":
        return len(found) >= 2
    page_sources = [s for s in found if s.name != "listing"]
    listing = [s for s in found if s.name == "listing"]
    agreeing_listing = any(
        rules.sections_agree(s.value, p.value) for s in listing for p in page_sources
    )
    return len(page_sources) >= 2 or agreeing_listing


def _without_dateline(paragraphs: list[str], edition: str | None) -> list[str]:
    """The generic text without the dateline opening its first paragraph, as the layouts store
    the body (the dateline is a field of its own): the two bodies are compared like for like."""
    if not paragraphs:
        return paragraphs
    split = split_urdu_dateline if edition == "ur" else split_dateline
    rest = split(paragraphs[0])[2]
    return [rest, *paragraphs[1:]] if rest else paragraphs[1:]


def check_article(page: Page, item: ArticleItem, meta: Mapping[str, Any]) -> FieldChecks:
    """The cross-checks of one article page: ``page`` parsed once, ``item`` the layout's draft,
    ``meta`` the request's meta (listing category, sitemap day)."""
    result = FieldChecks(
        url=item.url or page.url, edition=item.edition, layout=item.extractor or "unknown"
    )
    for name, found in field_sources(page, meta).items():
        if not _checkable(name, found):
            result.unchecked.append(name)
            continue
        result.checked.append(name)
        result.disagreements += _compare(name, found)
    layout_body = [p for p in (item.body or "").split("\n\n") if p.strip()]
    generic_body = _without_dateline(generic.main_text(sources.body_root(page)), result.edition)
    if layout_body and generic_body:
        result.checked.append("body")
        result.body = rules.body_shares(layout_body, generic_body)
    else:
        result.unchecked.append("body")
    return result
