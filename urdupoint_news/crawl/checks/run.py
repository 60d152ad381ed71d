"""A run's cross-checks: counted per edition, layout and field, judged against thresholds.

Unlike drift (crawl/verdict/drift.py), nothing here needs a norm: a field whose sources disagree
on a large share of a run's articles, or bodies that miss much of the text a generic extractor
finds, are wrong on the first run as on the hundredth. Above a threshold the run is ``degraded``
(``add_finding``), with one line naming the field, the share and an example URL.

Small runs: a share is judged only once ``min_checked`` articles (default 5) had the field
checked, in an edition (all layouts) or in one layout; with fewer, one odd page would be 20% or
more of the run. Decision: the sample site's editions (7 to 11 article pages each) are judged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, ClassVar

from urdupoint_news.crawl.checks.check import FIELDS, FieldChecks

# How a body fails its check (the counters' "fields"): it misses generic text, or holds text the
# generic extractor does not (boilerplate).
BODY_MISSES = "body_misses"
BODY_EXTRA = "body_extra"
SUBJECTS = (*[name for name in FIELDS if name != "body"], BODY_MISSES, BODY_EXTRA)
# A body is compared only when the generic extractor found this many sentences: a three-line
# story cannot show a share.
MIN_BODY_SENTENCES = 3


class CheckSettingError(ValueError):
    """A ``URDUPOINT_CHECK_*`` setting that cannot be used (settings_check reports it)."""


@dataclass(frozen=True)
class CheckLimits:
    """When the cross-checks make a run degraded (``URDUPOINT_CHECK_*``, docs/crawling.md)."""

    enabled: bool = True
    min_checked: int = 5  # a field checked on fewer articles (edition or layout) is not judged
    max_disagreement: float = 0.2  # a field's sources disagree on more than this share
    body_min_share: float = 0.7  # a body holding less of the generic's sentences misses text
    max_body_misses: float = 0.2  # more than this share of bodies missing text (or with extra)

    SETTINGS: ClassVar[dict[str, str]] = {
        "enabled": "URDUPOINT_CHECK_ENABLED",
        "min_checked": "URDUPOINT_CHECK_MIN_ARTICLES",
        "max_disagreement": "URDUPOINT_CHECK_MAX_DISAGREEMENT",
        "body_min_share": "URDUPOINT_CHECK_BODY_MIN_SHARE",
        "max_body_misses": "URDUPOINT_CHECK_MAX_BODY_MISSES",
    }

    @classmethod
    def from_settings(cls, settings: Any) -> CheckLimits:
        """Values checked up front by crawl/settings_check.py (its ``RULES``)."""
        return cls(
            enabled=settings.getbool("URDUPOINT_CHECK_ENABLED", True),
            min_checked=settings.getint("URDUPOINT_CHECK_MIN_ARTICLES", 5),
            max_disagreement=settings.getfloat("URDUPOINT_CHECK_MAX_DISAGREEMENT", 0.2),
            body_min_share=settings.getfloat("URDUPOINT_CHECK_BODY_MIN_SHARE", 0.7),
            max_body_misses=settings.getfloat("URDUPOINT_CHECK_MAX_BODY_MISSES", 0.2),
        )


def body_verdicts(checks: FieldChecks, limits: CheckLimits) -> dict[str, bool] | None:
    """``{BODY_MISSES: ..., BODY_EXTRA: ...}`` for a body that could be judged, else None."""
    shares = checks.body
    if shares is None or shares.generic_sentences < MIN_BODY_SENTENCES:
        return None
    return {
        BODY_MISSES: shares.generic_held < limits.body_min_share,
        BODY_EXTRA: shares.layout_held < limits.body_min_share,
    }


@dataclass
class Tally:
    checked: int = 0
    disagreeing: int = 0
    example: str | None = None  # the first URL that disagreed
    pairs: dict[str, int] = field(default_factory=dict)  # "printed vs json_ld" -> articles

    def add(self, disagreeing: bool, url: str, pair: str | None) -> None:
        self.checked += 1
        if disagreeing:
            self.disagreeing += 1
            self.example = self.example or url
            if pair:
                self.pairs[pair] = self.pairs.get(pair, 0) + 1

    @property
    def share(self) -> float:
        return self.disagreeing / self.checked if self.checked else 0.0


class CheckCounter:
    """The run's checks: ``(edition, layout, subject) -> Tally``, plus unchecked fields."""

    def __init__(self) -> None:
        self.tallies: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
        self.unchecked: dict[tuple[str, str, str], int] = defaultdict(int)
        self.pages = 0

    def add(self, checks: FieldChecks, limits: CheckLimits) -> None:
        self.pages += 1
        edition = checks.edition or "?"
        for name in checks.unchecked:
            subjects = (BODY_MISSES, BODY_EXTRA) if name == "body" else (name,)
            for subject in subjects:
                self.unchecked[(edition, checks.layout, subject)] += 1
        for name in checks.checked:
            if name == "body":
                continue
            found = [d for d in checks.disagreements if d.field == name]
            pair = f"{found[0].source_a} vs {found[0].source_b}" if found else None
            self.tallies[(edition, checks.layout, name)].add(bool(found), checks.url, pair)
        verdicts = body_verdicts(checks, limits)
        if verdicts is None:
            if "body" in checks.checked:
                for subject in (BODY_MISSES, BODY_EXTRA):
                    self.unchecked[(edition, checks.layout, subject)] += 1
            return
        for subject, failed in verdicts.items():
            self.tallies[(edition, checks.layout, subject)].add(failed, checks.url, None)

    def rows(self) -> list[dict[str, Any]]:
        """One ``run_checks`` row per edition, layout and subject."""
        keys = sorted(set(self.tallies) | set(self.unchecked))
        return [
            {
                "edition": edition,
                "layout": layout,
                "field": subject,
                "checked": self.tallies[(edition, layout, subject)].checked
                if (edition, layout, subject) in self.tallies
                else 0,
                "disagreeing": self.tallies[(edition, layout, subject)].disagreeing
                if (edition, layout, subject) in self.tallies
                else 0,
                "unchecked": self.unchecked.get((edition, layout, subject), 0),
            }
            for edition, layout, subject in keys
        ]

    def totals(self) -> tuple[int, int]:
        """(fields checked, fields disagreeing) over the run."""
        tallies = self.tallies.values()
        return sum(t.checked for t in tallies), sum(t.disagreeing for t in tallies)


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _line(subject: str, tally: Tally, edition: str, where: str, limits: CheckLimits) -> str:
    count = f"{tally.disagreeing} of {tally.checked} {edition} articles checked"
    share = _percent(tally.share)
    if subject == BODY_MISSES:
        what = (
            f"body misses more than {_percent(1 - limits.body_min_share)} of the generic "
            f"extractor's text on {count} ({share})"
        )
    elif subject == BODY_EXTRA:
        what = (
            f"body holds more than {_percent(1 - limits.body_min_share)} text the generic "
            f"extractor does not (boilerplate?) on {count} ({share})"
        )
    else:
        pairs = ", ".join(sorted(tally.pairs, key=lambda p: -tally.pairs[p]))
        what = f"{subject} sources disagree ({pairs}) on {count} ({share})"
    return f"{what}, {where}, e.g. {tally.example}"


def findings(counter: CheckCounter, limits: CheckLimits) -> list[str]:
    """One line per field whose disagreement share is over its threshold, in an edition's layout
    (when that layout had enough articles checked) or else in the edition as a whole."""
    if not limits.enabled:
        return []
    by_edition: dict[tuple[str, str], dict[str, Tally]] = defaultdict(dict)
    for (edition, layout, subject), tally in counter.tallies.items():
        by_edition[(edition, subject)][layout] = tally
    found: list[str] = []
    for (edition, subject), layouts in sorted(by_edition.items()):
        limit = (
            limits.max_disagreement
            if subject not in (BODY_MISSES, BODY_EXTRA)
            else (limits.max_body_misses)
        )
        flagged = [
            (layout, tally)
            for layout, tally in sorted(layouts.items())
            if tally.checked >= limits.min_checked and tally.share > limit
        ]
        if flagged:
            found += [
                _line(subject, tally, edition, f"via {layout}", limits) for layout, tally in flagged
            ]
            continue
        whole = Tally()
        for tally in layouts.values():
            whole.checked += tally.checked
            whole.disagreeing += tally.disagreeing
            whole.example = whole.example or tally.example
            for pair, count in tally.pairs.items():
                whole.pairs[pair] = whole.pairs.get(pair, 0) + count
        if whole.checked >= limits.min_checked and whole.share > limit:
            where = "via " + ", ".join(
                f"{layout} {t.disagreeing}"
                for layout, t in sorted(layouts.items())
                if t.disagreeing
            )
            found.append(_line(subject, whole, edition, where, limits))
    return found
