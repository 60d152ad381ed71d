"""An edition crawled from its homes: discovery finds the listings, walks page through them.

The listing spiders' machinery, one concern per module:

- ``discovery.py``: ``ListingSpider``, the base of ``urdupoint_en`` and ``urdupoint_ur``: the
  homes, the candidate pages, which of them are listings, the listings remembered by earlier runs;
- ``walk.py``: ``ListingWalks``, paging one listing (its next page, its stories, its history);
- ``ending.py``: ``end_reason``, the pure rule that says where a walk ends.

**Discovery** (``-a categories`` or not): each home of the edition is read; its links, menus
first, that may lead to a listing (``listings.candidate_slug``, same edition, not an article,
not a home) are fetched, at most ``URDUPOINT_MAX_LISTING_CANDIDATES`` per run. A page that holds
article items is a listing of the category its URL names; one level down, its links to
sub-categories under its own path (``/en/news/pakistan/crime.html`` under
``/en/news/pakistan.html``) are candidates too. Listings found are remembered in the
``listings`` table: a run whose categories are all remembered goes straight to them, and falls
back to discovery when a remembered listing is gone. With ``-a categories`` only candidates of
those slugs are fetched first; the others only when a wanted category is still missing (it may
be nested one level down).

**Walk** (one per category): a listing page's article links are fetched, then its next page
is asked for once the page's stories are done: ``rel=next``, else a numbered link, else the
Urdu load-more POST (``act``, ``tid``, ``m`` = 1, 2, …; a batch counts as a page), else a built
URL (``-updatesN``, ``/news/N.html``). The walk ends at a page or batch without article items, a
404, a load-more answer that is not JSON, ``max_pages``, a story older than ``since``, a page
that only repeats the walk's earlier pages (the first load-more batch may repeat the section
page once), ``URDUPOINT_MAX_LISTING_PAGES`` whatever happens, and (unless ``refresh``) a page
with no unseen story but stories stored by earlier runs, once the walk is *caught up*.

**Resumable history** (the ``listings`` columns ``history_completed_at`` and ``resume_after``):
a walk that reaches the end of the list, or catches up, completes the listing's history; this
is written once the stories of its last page are done, after their rows, so it is never
committed without them. Each page read moves ``resume_after`` to the page's oldest story (the
last item: lists are newest first), written before its stories are asked for, so the point
committed is never behind a stored story (a walk killed at any moment left nothing unstored
above it). Page numbers are not kept: new stories push old ones down between runs, a story
link stays what it is. A walk is caught up when the history was completed once and, if an
earlier walk did not finish (killed, crashed, a full disk, ``max_pages``, ``since``, an error),
it has read past the page holding that walk's ``resume_after``. Before that, a page with nothing
unseen does not end the walk: a plain run completes what an interrupted or bounded one left.

Every step counts in the ``urdupoint/…`` stats the run's health reads (crawl/verdict/health.py).
"""

from urdupoint_news.spiders.listing.discovery import Candidate, ListingSpider
from urdupoint_news.spiders.listing.walk import WALK_META, ListingWalks, Walk, page

__all__ = ["WALK_META", "Candidate", "ListingSpider", "ListingWalks", "Walk", "page"]
