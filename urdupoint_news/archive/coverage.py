"""Field coverage of a run's stored articles, and the norm of a spider's recent healthy runs.

A run's coverage is counted as its articles are stored (``CoverageCounter``, fed by the store
pipeline): per edition, how many of the articles the run stored new or updated have each field,
their median body length in words, and the same figures per layout (the item's ``extractor``).
It is kept in ``run_coverage`` (docs/schema.md), one row per run and edition, so the archive
knows what its parsers usually find and a run that finds much less can be told apart
(crawl/verdict/drift.py). Nothing here reads a page.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from urdupoint_news.site.items import Article
from urdupoint_news.site.urlset import UrlMap

# The fields whose coverage is recorded, in the order tables show them (the columns of
# ``run_coverage``). ``title`` and ``published_at`` are required (a page without them is
# rejected), so stored articles always have them; they are kept for a complete picture.
FIELDS = (
    "title",
    "published_at",
    "author",
    "dateline",
    "source",
    "category",
    "summary",
    "image_url",
)
FALLBACK = "fallback"  # the extractor of last resort (extraction/fallback.py)
# The status of the runs whose coverage makes the norm (crawl_runs.status).
HEALTHY = "ok"


@dataclass(frozen=True)
class Counts:
    """Coverage of a group of articles: how many there are and how many have each field."""

    articles: int
    present: dict[str, int]
    median_words: float | None

    def share(self, name: str) -> float:
        return self.present.get(name, 0) / self.articles if self.articles else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"articles": self.articles, **self.present, "median_words": self.median_words}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Counts:
        return cls(
            articles=int(data.get("articles") or 0),
            present={name: int(data.get(name) or 0) for name in FIELDS},
            median_words=data.get("median_words"),
        )


@dataclass(frozen=True)
class Coverage:
    """One run's stored articles of one edition: all together, and per layout."""

    edition: str
    total: Counts
    layouts: dict[str, Counts] = field(default_factory=dict)

    @property
    def articles(self) -> int:
        return self.total.articles

    def share(self, name: str) -> float:
        return self.total.share(name)

    def layout_share(self, layout: str) -> float:
        """The share of the articles that this layout parsed."""
        count = self.layouts.get(layout)
        return count.articles / self.articles if count and self.articles else 0.0

    def missing_by_layout(self, name: str) -> dict[str, int]:
        """Articles without the field, per layout (most first), layouts missing none left out."""
        missing = {
            layout: counts.articles - counts.present.get(name, 0)
            for layout, counts in self.layouts.items()
        }
        ordered = sorted(missing.items(), key=lambda pair: (-pair[1], pair[0]))
        return {layout: n for layout, n in ordered if n}

    def to_row(self, run_id: int) -> dict[str, Any]:
        return {
            "run_id": run_id,
            "edition": self.edition,
            "articles": self.articles,
            **{f"with_{name}": self.total.present.get(name, 0) for name in FIELDS},
            "median_words": self.total.median_words,
            "layouts": json.dumps(
                {layout: counts.to_json() for layout, counts in sorted(self.layouts.items())}
            ),
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Coverage:
        total = Counts(
            articles=row["articles"] or 0,
            present={name: row[f"with_{name}"] or 0 for name in FIELDS},
            median_words=row["median_words"],
        )
        layouts = {
            layout: Counts.from_json(data)
            for layout, data in json.loads(row["layouts"] or "{}").items()
        }
        return cls(row["edition"], total, layouts)


def _median_of(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def _histogram_median(histogram: Counter[int]) -> float | None:
    """The median of the values a histogram (value -> how many) counts, as
    ``statistics.median`` of the values one by one gives it."""
    total = histogram.total()
    if not total:
        return None
    ordered = sorted(histogram.items())
    # The middle value, or the mean of the middle two.
    return (_nth(ordered, (total - 1) // 2) + _nth(ordered, total // 2)) / 2


def _nth(ordered: list[tuple[int, int]], n: int) -> int:
    """The n-th (from 0) of the values counted by ``ordered`` (value, count) pairs."""
    passed = 0
    for value, count in ordered:
        passed += count
        if passed > n:
            return value
    raise IndexError(n)


def _counts(groups: Iterable[tuple[tuple[bool, ...], Counter[int]]]) -> Counts:
    """Coverage of groups of articles, each its fields' presence and its words' histogram."""
    present = dict.fromkeys(FIELDS, 0)
    words: Counter[int] = Counter()
    for has, histogram in groups:
        articles = histogram.total()
        for name, flag in zip(FIELDS, has, strict=True):
            present[name] += articles if flag else 0
        words.update(histogram)
    return Counts(words.total(), present, _histogram_median(words))


class CoverageCounter:
    """Counts a run's stored articles as they are stored.

    Keyed by URL: an article stored again in the same run counts once, and one that a later copy
    demotes to ``duplicates`` (``discard``) no longer counts. A long run keeps one small entry
    per article (a ``UrlMap``, site/urlset.py: about 16 bytes): the URL's digest and one number
    that says which (edition, layout, fields) group it is in and its body's words.
    """

    def __init__(self) -> None:
        self._articles = UrlMap()  # url -> group << 32 | body words
        self._groups: dict[tuple[str, str, tuple[bool, ...]], int] = {}
        self._group_list: list[tuple[str, str, tuple[bool, ...]]] = []

    def __len__(self) -> int:
        return len(self._articles)

    def add(self, article: Article) -> None:
        has = tuple(bool(getattr(article, name)) for name in FIELDS)
        group = (article.edition or "unknown", article.extractor, has)
        number = self._groups.get(group)
        if number is None:
            number = self._groups[group] = len(self._group_list)
            self._group_list.append(group)
        words = min(max(article.word_count or 0, 0), _WORDS_MASK)
        self._articles[article.url] = number << 32 | words

    def discard(self, url: str) -> None:
        self._articles.pop(url)

    def result(self) -> list[Coverage]:
        """Per edition (sorted), what the counted articles hold."""
        # One histogram of body words per group: a median needs every article's words, but
        # not a list of them (a long run's would cost more than the counter itself).
        histograms: dict[int, Counter[int]] = {}
        for packed in self._articles.values():
            number = packed >> 32
            histogram = histograms.get(number)
            if histogram is None:
                histogram = histograms[number] = Counter()
            histogram[packed & _WORDS_MASK] += 1
        grouped: dict[str, dict[str, list[tuple[tuple[bool, ...], Counter[int]]]]] = {}
        for number, histogram in histograms.items():
            edition, layout, has = self._group_list[number]
            grouped.setdefault(edition, {}).setdefault(layout, []).append((has, histogram))
        coverages = []
        for edition, layouts in sorted(grouped.items()):
            everything = [group for groups in layouts.values() for group in groups]
            per_layout = {layout: _counts(groups) for layout, groups in sorted(layouts.items())}
            coverages.append(Coverage(edition, _counts(everything), per_layout))
        return coverages


_WORDS_MASK = (1 << 32) - 1


# --- the archive ----------------------------------------------------------------------------
def record(db: Database, run_id: int, coverages: Iterable[Coverage]) -> None:
    """Keep a run's coverage in ``run_coverage`` (in the caller's transaction, if any)."""
    rows = [coverage.to_row(run_id) for coverage in coverages]
    if rows:
        db.table("run_coverage").upsert_all(rows, pk=("run_id", "edition"))


def of_run(db: Database, run_id: int) -> list[Coverage]:
    """A recorded run's coverage, per edition."""
    rows = db.query("SELECT * FROM run_coverage WHERE run_id = ? ORDER BY edition", [run_id])
    return [Coverage.from_row(row) for row in rows]


@dataclass(frozen=True)
class Norm:
    """What a spider's recent healthy runs found in one edition: per field, the median of the
    runs' shares; the same for the fallback extractor's share of articles."""

    spider: str
    edition: str
    runs: int
    shares: dict[str, float]
    fallback_share: float
    median_words: float | None = None  # the median of the runs' medians

    def to_json(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "coverage": {name: round(self.shares[name], 4) for name in FIELDS},
            "fallback": round(self.fallback_share, 4),
            "median_words": self.median_words,
        }


def norm_of(spider: str, edition: str, coverages: Sequence[Coverage]) -> Norm | None:
    if not coverages:
        return None
    shares = {name: float(statistics.median(c.share(name) for c in coverages)) for name in FIELDS}
    fallback = float(statistics.median(c.layout_share(FALLBACK) for c in coverages))
    words = [c.total.median_words for c in coverages if c.total.median_words is not None]
    return Norm(spider, edition, len(coverages), shares, fallback, _median_of(words))


def recent_healthy(
    db: Database,
    spider: str,
    edition: str,
    *,
    runs: int,
    min_articles: int,
    before_run: int | None = None,
) -> list[Coverage]:
    """The coverage of ``edition`` in the spider's last ``runs`` healthy runs (newest first)
    that stored at least ``min_articles`` of its articles, before run ``before_run``."""
    if not db["run_coverage"].exists():
        return []
    sql = """
        SELECT c.* FROM run_coverage AS c JOIN crawl_runs AS r ON r.id = c.run_id
        WHERE r.spider = ? AND r.status = ? AND c.edition = ? AND c.articles >= ?
          AND (? IS NULL OR r.id < ?)
        ORDER BY r.id DESC LIMIT ?
    """
    params = [spider, HEALTHY, edition, max(min_articles, 1), before_run, before_run, runs]
    return [Coverage.from_row(row) for row in db.query(sql, params)]


def norm(
    db: Database,
    spider: str,
    edition: str,
    *,
    runs: int,
    min_runs: int,
    min_articles: int,
    before_run: int | None = None,
) -> Norm | None:
    """The spider's norm for the edition, or None while fewer than ``min_runs`` healthy runs
    with enough articles are on record."""
    found = recent_healthy(
        db, spider, edition, runs=runs, min_articles=min_articles, before_run=before_run
    )
    if len(found) < max(min_runs, 1):
        return None
    return norm_of(spider, edition, found)


def history(db: Database, *, runs: int) -> list[dict[str, Any]]:
    """Coverage of the last ``runs`` runs (newest first, one entry per run and edition), for
    ``stats``: shares per field, median words, and articles per layout."""
    if not db["run_coverage"].exists():
        return []
    sql = """
        SELECT r.id AS run, r.spider, r.started_at, r.status, c.*
        FROM (SELECT * FROM crawl_runs ORDER BY started_at DESC, id DESC LIMIT ?) AS r
        JOIN run_coverage AS c ON c.run_id = r.id
        ORDER BY r.started_at DESC, r.id DESC, c.edition
    """
    found = []
    for row in db.query(sql, [runs]):
        coverage = Coverage.from_row(row)
        found.append(
            {
                "run": row["run"],
                "spider": row["spider"],
                "started_at": row["started_at"],
                "status": row["status"],
                "edition": coverage.edition,
                "articles": coverage.articles,
                "coverage": {name: round(coverage.share(name), 4) for name in FIELDS},
                "median_words": coverage.total.median_words,
                "layouts": {name: c.articles for name, c in coverage.layouts.items()},
                "fallback": round(coverage.layout_share(FALLBACK), 4),
            }
        )
    return found
