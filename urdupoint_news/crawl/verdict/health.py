"""Is a finished run healthy? A pure function of the run's stats and the thresholds.

A run that "finished" can still be wrong: the site blocked the crawler with a challenge, was
unreachable, its edition home could not be read, the home's navigation led to no listing, the
listings held no article link, listings had links but no article came out, most pages were
rejected, or most were parsed only by the fallback extractor (the sign that the site changed its
markup). Each problem is one readable sentence; the most telling comes first, since the CLI's
last line names the first.

The listing spiders keep the ``urdupoint/home*``, ``urdupoint/listing*`` and
``urdupoint/categories_missing`` stats (spiders/listing.py); ``urdupoint/blocked`` is set by
crawl/downloadermiddlewares/blocking.py. A database that refuses writes (crawl/pipelines.py) and a
page archive that
cannot be written (pagearchive/writer.py) add their own sentence (``add_problem``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Exit status of a finished run, from every entry point (``scrapy crawl``, ``urdupoint-news``).
# ``degraded``: the run stored its articles, but their field coverage fell well below the
# spider's norm (crawl/verdict/drift.py). 2 is left to usage errors (click, Scrapy). A run with
# problems
# is ``failed`` whatever its coverage.
EXIT_STATUS = {"ok": 0, "failed": 1, "degraded": 3}
DEGRADED = "degraded"
STATUS_STAT = "urdupoint/run_status"
PROBLEMS_STAT = "urdupoint/run_problems"
# Set when the run's crawl_runs row could not be completed (the database refused the write).
UNRECORDED_STAT = "urdupoint/run_unrecorded"


@dataclass(frozen=True)
class Verdict:
    """What a finished run amounted to: its status and the problems that decided it."""

    status: str
    problems: tuple[str, ...]

    @classmethod
    def of(cls, stats: Mapping[str, Any]) -> Verdict | None:
        """The verdict ``CrawlRunRecorder`` left in the run's stats, if the run was judged."""
        status = stats.get(STATUS_STAT)
        if status is None:
            return None
        return cls(status, tuple(json.loads(stats.get(PROBLEMS_STAT) or "[]")))

    @property
    def exit_status(self) -> int:
        return EXIT_STATUS.get(self.status, 1)

    @property
    def line(self) -> str | None:
        """Why a run is not ok, else None: the first problem of a failed run, every finding of a
        degraded one."""
        if self.status == "ok":
            return None
        if not self.problems:
            return self.status
        return "; ".join(self.problems) if self.status == DEGRADED else self.problems[0]

    def report(self, spider: str) -> str | None:
        """The line a person reads at the end of a run that is not ok, else None."""
        return report_line(spider, self.status, self.problems)


def report_line(spider: str, status: str, problems: Sequence[str]) -> str | None:
    """``urdupoint_en: degraded - author on 0% of 20 articles (norm 45%), all via en_current``
    or ``Error: crawl failed: urdupoint_en: <first problem>``; None for an ok run."""
    if status == "ok":
        return None
    if status == DEGRADED:
        return degraded_line(spider, problems)
    return f"Error: crawl failed: {spider}: {problems[0] if problems else status}"


def degraded_line(spider: str, findings: Sequence[str]) -> str:
    return f"{spider}: {DEGRADED} - {'; '.join(findings) or 'coverage below its norm'}"


# How a run may end and be healthy: done, or stopped by a bound the user set (CLOSESPIDER_ITEMCOUNT,
# _PAGECOUNT, _TIMEOUT; ``urdupoint-news doctor`` caps its sample crawl with the first).
NORMAL_ENDS = frozenset(
    {"finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout"}
)

# Problems a component of the run found itself (bad input files, a page archive that cannot be
# written), as sentences; ``problems`` counts them in.
FOUND_PROBLEMS_STAT = "urdupoint/found_problems"


def add_problem(stats: Any, problem: str) -> None:
    """Record a sentence that makes the run failed (``stats`` is the crawler's stats)."""
    stats.set_value(FOUND_PROBLEMS_STAT, [*stats.get_value(FOUND_PROBLEMS_STAT, []), problem])


def extractor_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    prefix = "urdupoint/extractor/"
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
    found: list[str] = list(stats.get(FOUND_PROBLEMS_STAT, ()))
    blocked = stats.get("urdupoint/blocked")
    if blocked:
        found.append(f"the site is blocking the crawler ({blocked})")
    responses = stats.get("response_received_count", 0)
    if responses == 0 and not blocked and not found:
        error = stats.get("urdupoint/last_download_error", "no response at all")
        found.append(f"site unreachable: {error}")
    elif not blocked:
        found += _navigation_problems(stats)
    if finish_reason not in NORMAL_ENDS and not blocked:
        found.append(f"run did not finish normally ({finish_reason})")

    requested = stats.get("urdupoint/article_requests", 0)
    pages = stats.get("urdupoint/article_pages", 0)
    stored = sum(
        stats.get(f"urdupoint/{key}", 0)
        for key in ("articles_new", "articles_updated", "articles_unchanged", "duplicates")
    )
    if requested and stored == 0:
        found.append(f"listings linked {requested} unseen articles but none was stored")

    if requested >= min_articles:
        rejects = stats.get("urdupoint/rejects", 0)
        if rejects / requested > max_reject_ratio:
            found.append(f"too many rejects: {rejects} of {requested} article links")
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
    home_failed = stats.get("urdupoint/home_failed")
    if home_failed:
        found.append(f"the edition home cannot be read: {home_failed}")
    homes_read = stats.get("urdupoint/homes_read", 0)
    listings = stats.get("urdupoint/listings", 0)
    listing_errors = stats.get("urdupoint/listing_errors", 0)
    if listing_errors and not stats.get("urdupoint/listing_pages", 0):
        found.append(
            f"every listing answered errors ({listing_errors} listing pages could not be read, "
            f"the last: {stats.get('urdupoint/listing_error')})"
        )
    elif homes_read and not listings:
        looked = stats.get("urdupoint/listing_candidates", 0)
        found.append(
            f"the navigation of {stats.get('urdupoint/homes', 'the edition home')} led to no "
            f"listing ({looked} candidate pages looked at): the site's navigation or listing "
            "markup has probably changed"
        )
    missing = stats.get("urdupoint/categories_missing")
    if missing:
        found.append(f"categories not found on the site: {missing}")
    asked = stats.get("urdupoint/listing_requests", 0)
    if asked and not stats.get("urdupoint/listing_links", 0) and (listings or not homes_read):
        found.append(
            f"the listings yielded no article links ({asked} listing pages asked for): "
            "the listing markup has probably changed"
        )
    return found
