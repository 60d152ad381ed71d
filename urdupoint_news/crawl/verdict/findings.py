"""What a component of the run found out about it, kept in the stats until the run is judged.

A problem makes the run ``failed`` (a page archive that cannot be written, unreadable input
files); a finding makes it ``degraded`` (stored, but not to be trusted whole: a listing that
went missing, fields that disagree with their second source). Each is one readable sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from urdupoint_news.crawl import statkeys


def add_problem(stats: Any, problem: str) -> None:
    """Record a sentence that makes the run failed (``stats`` is the crawler's stats)."""
    _append(stats, statkeys.FOUND_PROBLEMS, problem)


def add_finding(stats: Any, finding: str) -> None:
    """Record a sentence that makes the run degraded, unless it failed."""
    _append(stats, statkeys.FOUND_FINDINGS, finding)


def found_problems(stats: Mapping[str, Any]) -> list[str]:
    return list(stats.get(statkeys.FOUND_PROBLEMS, ()))


def found_findings(stats: Mapping[str, Any]) -> list[str]:
    return list(stats.get(statkeys.FOUND_FINDINGS, ()))


def _append(stats: Any, key: str, sentence: str) -> None:
    stats.set_value(key, [*stats.get_value(key, []), sentence])
