"""Where a listing walk ends (spiders/listing/ending.py), without Scrapy."""

import pytest

from urdupoint_news.spiders.listing.ending import EndKind, PageRead, end_reason

WHERE = "https://www.urdupoint.com/en/news/business-updates3.html"


def page(**facts) -> PageRead:
    return PageRead(**{"where": WHERE, "page": 3, "links": 10, "unseen": 10, **facts})


def test_a_page_with_unseen_stories_and_a_next_page_goes_on():
    assert end_reason(page()) is None
    assert end_reason(page(), next_page=True) is None


def test_a_later_page_without_items_is_the_end_of_the_list():
    ending = end_reason(page(links=0, unseen=0))
    assert ending is not None
    assert ending.kind is EndKind.NO_ITEMS
    assert ending.complete
    assert ending.why == f"{WHERE} has no article items"


def test_a_first_page_without_items_ends_the_walk_without_completing_it():
    ending = end_reason(page(page=1, links=0, unseen=0))
    assert ending is not None
    assert (ending.kind, ending.complete) == (EndKind.FIRST_PAGE_EMPTY, False)


def test_a_built_first_page_without_items_means_no_such_category():
    ending = end_reason(page(page=1, links=0, unseen=0, guessed=True))
    assert ending is not None
    assert (ending.kind, ending.complete) == (EndKind.NO_SUCH_CATEGORY, False)


def test_a_page_that_repeats_earlier_pages_ends_the_list():
    ending = end_reason(page(repeats=True, unseen=0))
    assert ending is not None
    assert (ending.kind, ending.complete) == (EndKind.REPEATS, True)
    assert "repeats the listing's earlier pages" in ending.why


def test_the_first_load_more_batch_may_repeat_the_section_page():
    assert end_reason(page(repeats=True, unseen=0, tolerate_repeat=True)) is None


@pytest.mark.parametrize(
    ("facts", "ends"),
    [
        ({"unseen": 0, "stored_before": True, "caught_up": True}, True),
        ({"unseen": 0, "stored_before": True, "caught_up": False}, False),  # history unwalked
        ({"unseen": 0, "stored_before": True, "caught_up": True, "refresh": True}, False),
        ({"unseen": 1, "stored_before": True, "caught_up": True}, False),  # something new
        ({"unseen": 0, "stored_before": False, "caught_up": True}, False),  # seen this run only
    ],
)
def test_up_to_date_only_once_caught_up_and_without_refresh(facts, ends):
    ending = end_reason(page(**facts))
    if ends:
        assert ending is not None
        assert (ending.kind, ending.complete) == (EndKind.UP_TO_DATE, True)
        assert ending.why == f"no unseen story on {WHERE}: up to date"
    else:
        assert ending is None


def test_max_pages_ends_the_walk_without_completing_the_history():
    ending = end_reason(page(page=3, max_pages=3))
    assert ending is not None
    assert (ending.kind, ending.complete) == (EndKind.MAX_PAGES, False)
    assert ending.why == "max_pages (3) reached"
    assert end_reason(page(page=2, max_pages=3)) is None


def test_the_hard_cap_ends_the_walk_whatever_the_site_answers():
    ending = end_reason(page(page=1000, max_listing_pages=1000), next_page=True)
    assert ending is not None
    assert (ending.kind, ending.complete) == (EndKind.HARD_CAP, False)


def test_no_next_page_is_asked_last_and_completes_the_list():
    ending = end_reason(page(), next_page=False)
    assert ending is not None
    assert (ending.kind, ending.complete) == (EndKind.NO_NEXT_PAGE, True)
    assert ending.why == f"{WHERE} leads to no next page"


def test_the_first_rule_that_holds_wins():
    # an empty page is the end whatever the bounds say
    assert end_reason(page(links=0, unseen=0, max_pages=3)).kind is EndKind.NO_ITEMS
    # a repeat is named before max_pages, max_pages before the hard cap
    both = page(repeats=True, unseen=0, max_pages=3)
    assert end_reason(both).kind is EndKind.REPEATS
    capped = page(page=5, max_pages=5, max_listing_pages=5)
    assert end_reason(capped).kind is EndKind.MAX_PAGES
