"""Where a listing walk ends: one pure function of what the page just read showed.

No Scrapy, no database: the walk (walk.py) gathers the facts of a page or load-more batch into
a ``PageRead`` and asks ``end_reason``; unit tests ask it the same way
(tests/unit/test_listing_ending.py). The rules, in the order they are tried (the first that
holds wins):

1. the page holds no article items: the end of the list, unless it is the walk's first page
   (then the listing lost its items, or a category built from its name does not exist);
2. it only repeats the walk's earlier pages (a server ignoring the page number); the first
   load-more batch may repeat the section page once, since the evidence does not say whether
   ``m=1`` starts after the page's own items;
3. unless ``refresh``: nothing unseen on it, stories stored by earlier runs, and the walk has
   caught up with the listing's history: the listing is up to date;
4. ``max_pages`` pages read;
5. ``URDUPOINT_MAX_LISTING_PAGES`` pages read, whatever the site answers;
6. the page leads to no next page (asked last, since finding it may cost a request of its own).

``complete`` says whether the end reached is the end of the list (or of the part walked
before), which completes the listing's history; the bounds (4, 5) do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EndKind(StrEnum):
    NO_ITEMS = "no_items"  # a later page without items: the end of the list
    FIRST_PAGE_EMPTY = "first_page_empty"  # the listing's first page holds no items
    NO_SUCH_CATEGORY = "no_such_category"  # a built first page without items
    REPEATS = "repeats"
    UP_TO_DATE = "up_to_date"
    MAX_PAGES = "max_pages"
    HARD_CAP = "hard_cap"
    NO_NEXT_PAGE = "no_next_page"


@dataclass(frozen=True)
class PageRead:
    """What one page (or load-more batch) of a walk showed, and the walk's state then."""

    where: str  # the page's URL, or "load-more batch N of <url>"
    page: int  # its number in this walk, from 1 (batches count as pages)
    links: int  # article links it holds
    guessed: bool = False  # the walk's first page was built from the category's name
    repeats: bool = False  # every link was on the walk's earlier pages in this run
    tolerate_repeat: bool = False  # the first load-more batch
    unseen: int = 0  # links it asked for (not seen this run, not stored before unless refresh)
    stored_before: bool = False  # some of its links were stored by earlier runs
    refresh: bool = False
    caught_up: bool = False  # Walk.caught_up(): may an up-to-date page end the walk?
    max_pages: int | None = None
    max_listing_pages: int = 1000


@dataclass(frozen=True)
class Ending:
    kind: EndKind
    why: str  # for the log: "<where> has no article items"
    complete: bool  # the end of the list (or of the history walked before)


def end_reason(read: PageRead, *, next_page: bool | None = None) -> Ending | None:
    """Why the walk ends at this page, or None when it goes on. ``next_page`` is whether the
    page leads to a next one; None while that is not known yet (rule 6 is then not tried)."""
    where = read.where
    if read.links == 0:
        if read.page == 1 and read.guessed:
            return Ending(EndKind.NO_SUCH_CATEGORY, f"{where} has no article items", False)
        if read.page == 1:
            return Ending(EndKind.FIRST_PAGE_EMPTY, f"{where} has no article items", False)
        return Ending(EndKind.NO_ITEMS, f"{where} has no article items", True)
    if read.repeats and not read.tolerate_repeat:
        return Ending(EndKind.REPEATS, f"{where} repeats the listing's earlier pages", True)
    if not read.unseen and read.stored_before and not read.refresh and read.caught_up:
        return Ending(EndKind.UP_TO_DATE, f"no unseen story on {where}: up to date", True)
    if read.max_pages and read.page >= read.max_pages:
        return Ending(EndKind.MAX_PAGES, f"max_pages ({read.max_pages}) reached", False)
    if read.page >= read.max_listing_pages:
        return Ending(EndKind.HARD_CAP, "URDUPOINT_MAX_LISTING_PAGES reached", False)
    if next_page is False:
        return Ending(EndKind.NO_NEXT_PAGE, f"{where} leads to no next page", True)
    return None
