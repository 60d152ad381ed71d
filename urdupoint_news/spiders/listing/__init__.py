"""An edition crawled from its homes: discovery finds the listings, walks page through them.

The listing spiders' machinery, one concern per module:

- ``discovery.py``: ``ListingSpider``, the base of ``urdupoint_en`` and ``urdupoint_ur``: the
  homes, the candidate pages, which of them are listings, the listings remembered by earlier runs;
- ``walk.py``: ``ListingWalks``, paging one listing (its next page, its stories, its history);
- ``ending.py``: ``end_reason``, the pure rule that says where a walk ends;
- ``sources.py``: the daily sitemaps as the runs' second source, and their audit.

Each module's own notes say how it works (discovery, the walk and its resumable history).

Every step counts in the ``urdupoint/…`` stats the run's health reads (crawl/verdict/health.py).
"""

from urdupoint_news.spiders.listing.discovery import Candidate, ListingSpider
from urdupoint_news.spiders.listing.walk import WALK_META, ListingWalks, Walk, page

__all__ = ["WALK_META", "Candidate", "ListingSpider", "ListingWalks", "Walk", "page"]
