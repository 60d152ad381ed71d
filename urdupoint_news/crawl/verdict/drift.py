"""Has the site drifted away from the parsers? A run's field coverage against its spider's norm.

Parsers rot quietly: when the site changes its byline or date markup, a crawl keeps storing
articles, with the field missing or through the fallback extractor. A run whose coverage of a
field falls well below the spider's recent norm (archive/coverage.py: the median of its last
healthy runs), or whose fallback share jumps, is ``degraded``: its articles are stored, its
exit status says so (health.EXIT_STATUS), and one line names the field, the layout and the
figures. The thresholds are settings (``URDUPOINT_DRIFT_*``, docs/drift.md); small runs and
spiders without enough history are never judged, so a run of three articles cannot alarm.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlite_utils import Database

from urdupoint_news.archive import coverage as cov
from urdupoint_news.errors import UserFacingError
from urdupoint_news.switches import parse_switch


class DriftSettingError(UserFacingError, ValueError):
    """A ``URDUPOINT_DRIFT_*`` setting that cannot be used."""


@dataclass(frozen=True)
class Thresholds:
    """When a run's coverage is judged, against what, and how far below is too far."""

    enabled: bool = True
    min_articles: int = 20  # a run (edition) with fewer stored articles is not judged
    norm_runs: int = 10  # the norm is the median of this many recent healthy runs...
    min_runs: int = 3  # ...and exists once this many are on record
    max_drop: float = 0.3  # a field's share more than this below the norm's (0.3 = 30 points)
    max_fallback_rise: float = 0.2  # the fallback's share more than this above the norm's

    SETTINGS: ClassVar[dict[str, str]] = {
        "enabled": "URDUPOINT_DRIFT_ENABLED",
        "min_articles": "URDUPOINT_DRIFT_MIN_ARTICLES",
        "norm_runs": "URDUPOINT_DRIFT_NORM_RUNS",
        "min_runs": "URDUPOINT_DRIFT_MIN_RUNS",
        "max_drop": "URDUPOINT_DRIFT_MAX_DROP",
        "max_fallback_rise": "URDUPOINT_DRIFT_MAX_FALLBACK_RISE",
    }

    @classmethod
    def from_settings(cls, settings: Any) -> Thresholds:
        """From Scrapy settings (or any mapping with ``get``); DriftSettingError names the first
        setting that is not usable, with what it must be."""
        defaults = cls()
        values: dict[str, Any] = {}
        for attr, name in cls.SETTINGS.items():
            raw = settings.get(name)
            default = getattr(defaults, attr)
            values[attr] = default if raw is None or raw == "" else _convert(name, raw, default)
        limits = cls(**values)
        if limits.min_runs > limits.norm_runs:
            raise DriftSettingError(
                f"URDUPOINT_DRIFT_MIN_RUNS ({limits.min_runs}) cannot be more than "
                f"URDUPOINT_DRIFT_NORM_RUNS ({limits.norm_runs}): no norm would ever exist"
            )
        return limits


def _convert(name: str, raw: Any, default: Any) -> Any:
    text = str(raw).strip().lower()
    if isinstance(default, bool):
        if (switch := parse_switch(raw)) is not None:
            return switch
        raise DriftSettingError(f"{name} must be true or false, got {raw!r}")
    if isinstance(default, int):
        try:
            value = int(text)
        except ValueError:
            raise DriftSettingError(f"{name} must be a whole number, got {raw!r}") from None
        if value < 1:
            raise DriftSettingError(f"{name} must be at least 1, got {raw!r}")
        return value
    try:
        share = float(text)
    except ValueError:
        raise DriftSettingError(f"{name} must be a share between 0 and 1, got {raw!r}") from None
    if not 0 <= share <= 1:
        raise DriftSettingError(f"{name} must be a share between 0 and 1, got {raw!r}")
    return share


@dataclass(frozen=True)
class Finding:
    """One way a run fell short of its norm, with the sentence that says so."""

    edition: str
    subject: str  # a field of coverage.FIELDS, or "fallback"
    share: float
    norm: float
    articles: int
    text: str

    @property
    def gap(self) -> float:
        return abs(self.norm - self.share)

    def to_json(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "subject": self.subject,
            "share": round(self.share, 4),
            "norm": round(self.norm, 4),
            "articles": self.articles,
            "text": self.text,
        }


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _where(coverage: cov.Coverage, name: str) -> str:
    """Which layouts the articles without the field came through."""
    if len(coverage.layouts) == 1:
        return f"all via {next(iter(coverage.layouts))}"
    missing = coverage.missing_by_layout(name)
    if len(missing) == 1:
        layout, count = next(iter(missing.items()))
        return f"missing on {count}, all via {layout}"
    return "missing on " + ", ".join(f"{count} via {layout}" for layout, count in missing.items())


def findings(
    coverage: cov.Coverage,
    norm: cov.Norm | None,
    limits: Thresholds,
    *,
    name_edition: bool = False,
) -> list[Finding]:
    """How the run's coverage of one edition falls short of the norm: the fields with the
    largest gap first, then a jump of the fallback's share. None when drift is off, there is no
    norm yet, or the run stored too few articles to tell."""
    if not limits.enabled or norm is None or coverage.articles < limits.min_articles:
        return []
    edition = f" {coverage.edition}" if name_edition else ""
    articles = f"{coverage.articles}{edition} articles"
    found: list[Finding] = []
    for name in cov.FIELDS:
        share, usual = coverage.share(name), norm.shares[name]
        if usual - share > limits.max_drop:
            text = (
                f"{name} on {percent(share)} of {articles} (norm {percent(usual)}), "
                f"{_where(coverage, name)}"
            )
            found.append(Finding(coverage.edition, name, share, usual, coverage.articles, text))
    found.sort(key=lambda f: -f.gap)
    # After the fields: the fields say what is lost, the fallback's share says why.
    share, usual = coverage.layout_share(cov.FALLBACK), norm.fallback_share
    if share - usual > limits.max_fallback_rise:
        text = (
            f"the fallback extractor parsed {percent(share)} of {articles} "
            f"(norm {percent(usual)}): the site's markup has probably changed"
        )
        found.append(Finding(coverage.edition, cov.FALLBACK, share, usual, coverage.articles, text))
    return found


def norm_for(
    db: Database, spider: str, edition: str, limits: Thresholds, *, before_run: int | None = None
) -> cov.Norm | None:
    return cov.norm(
        db,
        spider,
        edition,
        runs=limits.norm_runs,
        min_runs=limits.min_runs,
        min_articles=limits.min_articles,
        before_run=before_run,
    )


def judge(
    db: Database,
    spider: str,
    coverages: Iterable[cov.Coverage],
    limits: Thresholds,
    *,
    before_run: int | None = None,
) -> list[Finding]:
    """A run's findings against the norms in ``db`` (the spider's runs before ``before_run``)."""
    coverages = list(coverages)
    found: list[Finding] = []
    for coverage in coverages:
        norm = norm_for(db, spider, coverage.edition, limits, before_run=before_run)
        found += findings(coverage, norm, limits, name_edition=len(coverages) > 1)
    return found
