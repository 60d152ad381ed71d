"""Is a finished run healthy? A pure function of the run's stats and the thresholds.

A run that "finished" can still be wrong: the site blocked the crawler with a challenge, was
unreachable, its edition home could not be read, the home's navigation led to no listing, the
listings held no article link, listings had links but no article came out, most pages were
rejected, or most were parsed only by the fallback extractor (the sign that the site changed its
markup). Each problem is one readable sentence; the most telling comes first, since the CLI's
last line names the first.

The listing spiders keep the ``urdupoint/home*``, ``urdupoint/listing*`` and
``urdupoint/categories_missing`` stats (spiders/listing/); ``urdupoint/blocked`` is set by
crawl/downloadermiddlewares/blocking.py. A database that refuses writes (crawl/pipelines.py) and a
page archive that
cannot be written (pagearchive/writer.py) add their own sentence (``add_problem``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from urdupoint_news.crawl import statkeys
from urdupoint_news.crawl.verdict.findings import found_problems

# How a run may end and be healthy: done, or stopped by a bound the user set (CLOSESPIDER_ITEMCOUNT,
# _PAGECOUNT, _TIMEOUT; ``urdupoint-news doctor`` caps its sample crawl with the first).
NORMAL_ENDS = frozenset(
    {"finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout"}
)


def extractor_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    prefix = statkeys.EXTRACTOR_PREFIX
    return {key[len(prefix) :]: value for key, value in stats.items() if key.startswith(prefix)}


def problems(
    stats: Mapping[str, Any],
    finish_reason: str,
    *,
    max_reject_ratio: float,
    max_fallback_ratio: float,
    min_articles: int,
) -> list[str]:
    # Problems a component found itself (bad input files, a page archive that cannot be written).
    found = found_problems(stats)
    blocked = stats.get(statkeys.BLOCKED)
    if blocked:
        found.append(f"the site is blocking the crawler ({blocked})")
    responses = stats.get("response_received_count", 0)
    if responses == 0 and not blocked and not found:
        error = stats.get(statkeys.LAST_DOWNLOAD_ERROR, "no response at all")
        mirror = stats.get("urdupoint/fetched_from")
        where = f" (fetched from {mirror})" if mirror else ""
        found.append(f"site unreachable{where}: {error}")
    elif not blocked:
        found += _navigation_problems(stats)
    if finish_reason not in NORMAL_ENDS and not blocked:
        found.append(f"run did not finish normally ({finish_reason})")

    requested = stats.get(statkeys.ARTICLE_REQUESTS, 0)
    pages = stats.get(statkeys.ARTICLE_PAGES, 0)
    stored = sum(
        stats.get(key, 0)
        for key in (
            statkeys.ARTICLES_NEW,
            statkeys.ARTICLES_UPDATED,
            statkeys.ARTICLES_UNCHANGED,
            statkeys.DUPLICATES,
        )
    )
    source = stats.get(statkeys.PAGES_FROM)
    if requested and stored == 0:
        if source:  # reparse, import: no listing was read
            found.append(f"{requested} {source} read but no article was stored")
        else:
            found.append(f"listings linked {requested} unseen articles but none was stored")

    if requested >= min_articles:
        rejects = stats.get(statkeys.REJECTS, 0)
        if rejects / requested > max_reject_ratio:
            found.append(f"too many rejects: {rejects} of {requested} {source or 'article links'}")
    if pages >= min_articles:
        fallback = extractor_counts(stats).get("fallback", 0)
        if fallback / pages > max_fallback_ratio:
            found.append(
                f"{fallback} of {pages} article pages parsed only by the fallback extractor: "
                "the site's markup has probably changed"
            )
    return found


def _navigation_problems(stats: Mapping[str, Any]) -> list[str]:
    """The listing spiders' walk home -> listings -> article links, where it broke."""
    found: list[str] = []
    home_failed = stats.get(statkeys.HOME_FAILED)
    if home_failed:
        found.append(f"the edition home cannot be read: {home_failed}")
    homes_read = stats.get(statkeys.HOMES_READ, 0)
    listings = stats.get(statkeys.LISTINGS, 0)
    listing_errors = stats.get(statkeys.LISTING_ERRORS, 0)
    if listing_errors and not stats.get(statkeys.LISTING_PAGES, 0):
        found.append(
            f"every listing answered errors ({listing_errors} listing pages could not be read, "
            f"the last: {stats.get(statkeys.LISTING_ERROR)})"
        )
    elif homes_read and not listings:
        looked = stats.get(statkeys.LISTING_CANDIDATES, 0)
        found.append(
            f"the navigation of {stats.get(statkeys.HOMES, 'the edition home')} led to no "
            f"listing ({looked} candidate pages looked at): the site's navigation or listing "
            "markup has probably changed"
        )
    missing = stats.get(statkeys.CATEGORIES_MISSING)
    if missing:
        found.append(f"categories not found on the site: {missing}")
    asked = stats.get(statkeys.LISTING_REQUESTS, 0)
    if asked and not stats.get(statkeys.LISTING_LINKS, 0) and (listings or not homes_read):
        found.append(
            f"the listings yielded no article links ({asked} listing pages asked for): "
            "the listing markup has probably changed"
        )
    return found
