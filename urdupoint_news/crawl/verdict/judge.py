"""A finished run's verdict, decided here and only here.

In order: the run's problems (crawl/verdict/health.py reads the stats; the spider adds what only
it can tell; components added theirs with ``add_problem``) make it ``failed``; else the findings
(``add_finding``: self-checks, a listing gone missing...) and the field coverage's drift from the
spider's norm (crawl/verdict/drift.py) make it ``degraded``; else it is ``ok``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from urdupoint_news.crawl.verdict import health
from urdupoint_news.crawl.verdict.findings import found_findings
from urdupoint_news.crawl.verdict.status import RunStatus, Verdict


@dataclass(frozen=True)
class HealthLimits:
    """When rejects or fallback parsing make a run failed (``URDUPOINT_MAX_*_RATIO``)."""

    max_reject_ratio: float
    max_fallback_ratio: float
    min_articles: int

    @classmethod
    def from_settings(cls, settings: Any) -> HealthLimits:
        return cls(
            max_reject_ratio=settings.getfloat("URDUPOINT_MAX_REJECT_RATIO"),
            max_fallback_ratio=settings.getfloat("URDUPOINT_MAX_FALLBACK_RATIO"),
            min_articles=settings.getint("URDUPOINT_HEALTH_MIN_ARTICLES"),
        )


def judge(
    stats: Mapping[str, Any],
    finish_reason: str,
    limits: HealthLimits,
    *,
    spider_problems: Sequence[str] = (),
    drift: Callable[[], list[str]] = list,
) -> Verdict:
    """The verdict of a finished run from its stats; ``drift`` gives the coverage findings
    (asked only of a run that did not fail: it reads the archive's norms)."""
    problems = health.problems(
        stats,
        finish_reason,
        max_reject_ratio=limits.max_reject_ratio,
        max_fallback_ratio=limits.max_fallback_ratio,
        min_articles=limits.min_articles,
    )
    problems += spider_problems
    if problems:
        return Verdict(RunStatus.FAILED, tuple(problems))
    findings = found_findings(stats) + drift()
    if findings:
        return Verdict(RunStatus.DEGRADED, tuple(findings))
    return Verdict(RunStatus.OK)
