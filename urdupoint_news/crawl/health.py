"""Is a finished run healthy? A pure function of the run's stats and the thresholds.

A run that "finished" can still be wrong: the site was unreachable, listings had links but no
article came out, most pages were rejected, or most were parsed only by the fallback extractor
(the sign that the site changed its markup). Each problem is one readable sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PROBLEMS_KEY = "urdupoint/problems"


def add_problem(stats: Any, problem: str) -> None:
    """Record a sentence that makes the run failed (``stats`` is the crawler's stats)."""
    stats.set_value(PROBLEMS_KEY, [*stats.get_value(PROBLEMS_KEY, []), problem])


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
    found: list[str] = list(stats.get(PROBLEMS_KEY, ()))
    responses = stats.get("response_received_count", 0)
    if responses == 0 and not found:
        error = stats.get("urdupoint/last_download_error", "no response at all")
        found.append(f"site unreachable: {error}")
    if finish_reason != "finished":
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
