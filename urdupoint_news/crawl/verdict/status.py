"""A run's status and its verdict: what every entry point reads and prints.

``CrawlRunRecorder`` decides the verdict once (crawl/verdict/judge.py), leaves it in the run's
stats and writes it to the run's ``crawl_runs`` row. ``scrapy crawl`` reads it from the stats,
``urdupoint-news crawl`` and ``doctor`` from the row: both through ``Verdict``, so the line a
person reads and the exit status are made here and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from urdupoint_news.crawl import statkeys
from urdupoint_news.errors import EXIT_DEGRADED, EXIT_FAILED, EXIT_OK


class RunStatus(StrEnum):
    """How a finished run ended, worst last (``crawl_runs.status``)."""

    OK = "ok"
    # The run stored its articles, but something says they cannot all be trusted: coverage
    # drifted below the spider's norm, fields disagree with their second source, a listing
    # went missing. 2 is left to usage errors (click, Scrapy).
    DEGRADED = "degraded"
    # The run did not do its job: blocked, unreachable, navigation gone, nothing stored...
    # A failed run is failed whatever its coverage.
    FAILED = "failed"

    @property
    def exit_status(self) -> int:
        return _EXIT_STATUS[self]

    @classmethod
    def worst(cls, statuses: Sequence[RunStatus]) -> RunStatus:
        order = list(cls)
        return max(statuses, key=order.index, default=cls.OK)


# The exit-status rule of every command (errors.py).
_EXIT_STATUS = {
    RunStatus.OK: EXIT_OK,
    RunStatus.FAILED: EXIT_FAILED,
    RunStatus.DEGRADED: EXIT_DEGRADED,
}
# A crawl_runs row still "running" (the database refused its last write) or "interrupted"
# (killed) was not judged: it counts as failed.
UNJUDGED_EXIT_STATUS = EXIT_FAILED


def exit_status(status: str) -> int:
    """The exit status of a run whose ``crawl_runs.status`` is ``status``."""
    try:
        return RunStatus(status).exit_status
    except ValueError:
        return UNJUDGED_EXIT_STATUS


@dataclass(frozen=True)
class Verdict:
    """What a finished run amounted to: its status and the sentences that decided it (problems
    of a failed run, findings of a degraded one)."""

    status: RunStatus
    reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", RunStatus(self.status))  # "degraded" reads as one

    @classmethod
    def of(cls, stats: Mapping[str, Any]) -> Verdict | None:
        """The verdict ``CrawlRunRecorder`` left in the run's stats, if the run was judged."""
        status = stats.get(statkeys.RUN_STATUS)
        if status is None:
            return None
        return cls(RunStatus(status), tuple(json.loads(stats.get(statkeys.RUN_PROBLEMS) or "[]")))

    @classmethod
    def of_run(cls, row: Mapping[str, Any]) -> Verdict | None:
        """The verdict recorded in a ``crawl_runs`` row, None for a run never judged."""
        try:
            status = RunStatus(row["status"])
        except ValueError:
            return None
        return cls(status, tuple(json.loads(row["problems"] or "[]")))

    def record(self, stats: Any) -> None:
        """Leave the verdict in the crawler's stats (for ``scrapy crawl``'s exit status)."""
        stats.set_value(statkeys.RUN_STATUS, str(self.status))
        stats.set_value(statkeys.RUN_PROBLEMS, json.dumps(list(self.reasons)))

    @property
    def exit_status(self) -> int:
        return self.status.exit_status

    @property
    def line(self) -> str | None:
        """Why a run is not ok, else None: the first problem of a failed run, every finding of a
        degraded one."""
        if self.status is RunStatus.OK:
            return None
        if not self.reasons:
            return str(self.status)
        return "; ".join(self.reasons) if self.status is RunStatus.DEGRADED else self.reasons[0]

    def report(self, spider: str) -> str | None:
        """The line a person reads at the end of a run that is not ok, else None:
        ``urdupoint_en: degraded - author on 0% of 20 articles (norm 45%), all via en_current``
        or ``Error: crawl failed: urdupoint_en: <first problem>``."""
        if self.status is RunStatus.OK:
            return None
        if self.status is RunStatus.DEGRADED:
            return self.degraded_line(spider)
        return f"Error: crawl failed: {spider}: {self.line}"

    def degraded_line(self, spider: str) -> str:
        findings = "; ".join(self.reasons) or "coverage below its norm"
        return f"{spider}: {RunStatus.DEGRADED} - {findings}"
