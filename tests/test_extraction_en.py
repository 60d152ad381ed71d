"""English-edition extraction on saved pages: every field of every page against its expected JSON,
then the behaviours the pages exist for (widgets, organisations, redesigns, damaged pages)."""

import dataclasses
import json
from pathlib import Path

import pytest

from urdupoint_news.extraction import LAYOUTS, Fallback, extract_article
from urdupoint_news.extraction.en_current import EnCurrent
from urdupoint_news.extraction.en_legacy import EnLegacy
from urdupoint_news.items import ArticleItem

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages" / "en"
EXPECTED = FIXTURES / "expected" / "en"
COMPUTED_LATER = {"word_count", "content_hash"}  # filled by the clean pipeline
ITEM_FIELDS = [f.name for f in dataclasses.fields(ArticleItem) if f.name not in COMPUTED_LATER]
CASES = sorted(path.stem for path in EXPECTED.glob("*.json"))


def load_case(name: str) -> tuple[str, dict]:
    case = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    return case["url"], case["expected"]


def extract_saved(name: str, url: str | None = None) -> ArticleItem:
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    return extract_article(html, url or load_case(name)[0])


@pytest.fixture(scope="module")
def extracted() -> dict[str, ArticleItem]:
    return {name: extract_saved(name) for name in CASES}


def test_every_saved_page_with_expected_json_is_covered():
    pages = {path.stem for path in PAGES.glob("*.html")}
    assert set(CASES) <= pages
    assert {"seed_current", "legacy_app_2019", "redesign_technology"} <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_expected_json_lists_every_item_field(name):
    assert sorted(load_case(name)[1]) == sorted(ITEM_FIELDS)


@pytest.mark.parametrize(("name", "field"), [(n, f) for n in CASES for f in ITEM_FIELDS])
def test_saved_page_field_matches_expected(extracted, name, field):
    expected = load_case(name)[1]
    assert getattr(extracted[name], field) == expected[field]


@pytest.mark.parametrize("name", CASES)
def test_fields_computed_by_the_pipeline_are_left_empty(extracted, name):
    assert extracted[name].word_count is None
    assert extracted[name].content_hash is None


SEED_URL = (
    "https://www.urdupoint.com/en/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html"
)


def test_layouts_list_holds_the_english_versions():
    assert EnLegacy in LAYOUTS
    assert EnCurrent in LAYOUTS
    assert Fallback not in LAYOUTS  # it is the last resort, outside the list


def test_seed_date_is_the_articles_stamp_not_the_first_in_the_document():
    from parsel import Selector

    html = (PAGES / "seed_current.html").read_text(encoding="utf-8")
    first_stamp = Selector(text=html).css(".article-date::text").get()
    assert "03:05 PM" in first_stamp  # a "Latest" strip comes before the article
    assert extract_article(html, SEED_URL).published_at == "2025-09-10T15:10:00+05:00"


def test_seed_body_keeps_no_boilerplate():
    body = extract_saved("seed_current").body
    for junk in (
        "Recent Stories",
        "Gold price rises",
        "More Stories From",
        "minutes ago",
        "Advertisement",
        "adsbygoogle",
        "Read more",
        "Facebook",
        "receives Japanese Ambassador",  # image caption
        "Related Topics",
        "Economic Affairs Division\n",  # tag link text
        "ISLAMABAD, (",
    ):
        assert junk not in body
    assert body.count("\n\n") == 6  # seven story paragraphs


def test_legacy_page_is_read_by_the_legacy_layout_without_the_repeated_h2():
    item = extract_saved("legacy_app_2019")
    assert item.extractor == "en_legacy"
    assert not item.body.startswith(
        "The Punjab government has approved Rs 2.5 billion for clean "
        "drinking water schemes in eleven districts of south Punjab\n"
    )
    assert "google_ad" not in item.body and "max-width" not in item.body
