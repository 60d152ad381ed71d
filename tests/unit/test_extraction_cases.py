"""The extraction cases themselves (tests/cases, read by support.cases): every layout has one,
names follow the naming rule of docs/extraction.md, each page lives once, and the expected JSON
carries its meta and every item field."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date

import pytest

from support.cases import CASES, COMPUTED_LATER, DEMO_PREFIX, NAME, all_cases
from urdupoint_news.demo import SAVED_PAGES
from urdupoint_news.extraction import LAYOUTS, Fallback
from urdupoint_news.site.items import ArticleItem

ITEM_FIELDS = {f.name for f in dataclasses.fields(ArticleItem)} - COMPUTED_LATER
ALL = all_cases()


def test_every_layout_has_a_case() -> None:
    covered = {found.layout for found in ALL}
    for layout in [*LAYOUTS, Fallback]:
        assert layout.name in covered, f"no case under tests/cases/*/{layout.name}/"


@pytest.mark.parametrize("found", ALL, ids=lambda found: found.name)
def test_case_follows_the_naming_rule_and_its_folder(found) -> None:
    match = NAME.match(found.name)
    assert match, f"{found.name}: not <layout>_<YYYY_MM_DD>_<what>"
    assert match["layout"] == found.layout == found.expected["extractor"]
    # The date in the name is the day the markup was fetched (or, built from evidence, seen).
    assert match["date"].replace("_", "-") == found.meta["fetched"]
    date.fromisoformat(found.meta["fetched"])
    assert found.edition == found.expected["edition"]


@pytest.mark.parametrize("found", ALL, ids=lambda found: found.name)
def test_case_has_its_meta_and_every_item_field(found) -> None:
    assert {"url", "fetched", "markup"} <= set(found.meta)
    assert found.meta["markup"].startswith(("saved by us", "fetched from"))
    assert set(found.expected) == ITEM_FIELDS


@pytest.mark.parametrize("found", ALL, ids=lambda found: found.name)
def test_case_page_lives_beside_it_or_in_the_demo_never_both(found) -> None:
    beside = found.json_path.with_suffix(".html")
    pointer = found.meta.get("page")
    if pointer:
        assert pointer.startswith(DEMO_PREFIX) and not beside.exists()
    else:
        assert beside.is_file()
    assert found.page_path.is_file()


def test_no_page_is_kept_twice_and_none_is_left_without_its_case() -> None:
    pages = sorted(CASES.glob("*/*/*.html")) + sorted(SAVED_PAGES.glob("*/*.html"))
    digests = [hashlib.sha256(path.read_bytes()).hexdigest() for path in pages]
    assert len(set(digests)) == len(digests)
    used = {found.page_path for found in ALL}
    assert set(CASES.glob("*/*/*.html")) <= used
