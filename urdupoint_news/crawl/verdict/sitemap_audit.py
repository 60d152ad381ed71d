"""The sitemap audit: did the listings find the stories the site's own daily sitemap lists?

A pure function of what the run saw (no Scrapy, no database). A listing run reads the daily
sitemaps of today and yesterday (Pakistan time) as a second discovery source
(spiders/listing/sitemaps.py). Yesterday's sitemap is complete; its stories of the run's edition
are the check: each was found by a listing (in this run, or in an earlier run, as the archive's
``articles.found_by`` says) or by the sitemap only. When the listings found less than
``min_listed`` of them, the run is ``degraded`` with one line naming the sections of the stories
only the sitemap had: their listings seem to be missing (gone from the home, or holding items in
a way the crawler does not read).

The audit is left out, with a note rather than a finding, when its answer would mean nothing: no
sitemap for the day, a sitemap listing no story of the edition, or walks cut short by
``max_pages``, ``since``, ``categories``, the hard cap or a listing error (the listings were not
read to where yesterday's stories are).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DayStories:
    """Yesterday's sitemap stories of the edition, and what is known of each."""

    day: str  # YYYY-MM-DD
    stories: tuple[str, ...]  # story URLs the sitemap lists, of the run's edition
    listed: frozenset[str]  # found by a listing, this run or an earlier one
    # URL -> category of stories stored (category None when neither page nor listing named one)
    categories: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Audit:
    finding: str | None  # the degraded line, or None
    note: str  # what the audit saw, for the log


def audit(day: DayStories | None, *, min_listed: float, cut_short: Iterable[str] = ()) -> Audit:
    """Judge the run's listings against yesterday's sitemap (module notes)."""
    if day is None:
        return Audit(None, "no daily sitemap of a complete day was read: no sitemap audit")
    total = len(day.stories)
    if not total:
        return Audit(None, f"the daily sitemap of {day.day} lists no story of this edition")
    cut = sorted(set(cut_short))
    listed = sum(1 for url in day.stories if url in day.listed)
    share = listed / total
    summary = f"listings found {listed} of the {total} stories of the {day.day} daily sitemap"
    if cut:
        return Audit(None, f"{summary}; not judged: walks cut short ({', '.join(cut)})")
    if share >= min_listed:
        return Audit(None, f"{summary} ({percent(share)})")
    missed = [url for url in day.stories if url not in day.listed]
    sections = Counter(day.categories.get(url) or "no section" for url in missed)
    named = ", ".join(f"{name} ({count})" for name, count in sections.most_common())
    finding = (
        f"{summary} ({percent(share)}, below {percent(min_listed)}); "
        f"listings seem to be missing for: {named} (e.g. {missed[0]})"
    )
    return Audit(finding, finding)


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"
