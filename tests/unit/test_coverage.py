"""Field coverage counted as articles are stored, kept in ``run_coverage``, and the norm of a
spider's recent healthy runs (archive/coverage.py); ``stats`` shows it."""

from __future__ import annotations

import json
import random
import statistics
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from support.query_db import build_sample_archive
from urdupoint_news.archive import coverage as cov
from urdupoint_news.archive.schema import open_database
from urdupoint_news.cli import cli
from urdupoint_news.site import urlset
from urdupoint_news.site.items import Article

SITE = "https://www.urdupoint.com"
FULL = Article(
    url=f"{SITE}/en/business/pakistan-japan-2193301.html",
    article_id=2193301,
    edition="en",
    category="business",
    title="Pakistan, Japan Renew Resolve",
    summary="Pakistan and Japan renewed their resolve.",
    author="Muhammad Irfan",
    published_at="2025-09-10T15:10:00+05:00",
    dateline="ISLAMABAD",
    source="UrduPoint / Pakistan Point News",
    body="word " * 200,
    word_count=200,
    content_hash="h1",
    image_url=f"{SITE}/en/images/news/1.jpg",
    extractor="en_current",
)


def article(n: int, **changes: object) -> Article:
    return replace(FULL, url=f"{SITE}/en/pakistan/story-{n}.html", article_id=n, **changes)


def coverage_of(*articles: Article) -> list[cov.Coverage]:
    counter = cov.CoverageCounter()
    for a in articles:
        counter.add(a)
    return counter.result()


def test_the_counter_counts_fields_words_and_layouts_per_edition():
    [en, ur] = coverage_of(
        article(1),
        article(2, author=None, word_count=100),
        article(3, author=None, dateline=None, source=None, extractor="fallback", word_count=50),
        article(4, edition="ur", extractor="ur_current", author=None, word_count=80),
    )
    assert (en.edition, en.articles, ur.edition, ur.articles) == ("en", 3, "ur", 1)
    assert en.total.present == {
        "title": 3, "published_at": 3, "author": 1, "dateline": 2, "source": 2, "category": 3,
        "summary": 3, "image_url": 3,
    }  # fmt: skip
    assert en.total.median_words == 100.0
    assert {name: c.articles for name, c in en.layouts.items()} == {"en_current": 2, "fallback": 1}
    assert en.layouts["en_current"].median_words == 150.0  # (200 + 100) / 2
    assert en.share("author") == pytest.approx(1 / 3)
    assert en.layout_share("fallback") == pytest.approx(1 / 3)
    assert en.missing_by_layout("author") == {"en_current": 1, "fallback": 1}
    assert en.missing_by_layout("dateline") == {"fallback": 1}
    assert en.missing_by_layout("title") == {}


def test_an_article_stored_twice_in_a_run_counts_once_and_a_demoted_one_not_at_all():
    counter = cov.CoverageCounter()
    counter.add(article(1, author=None))
    counter.add(article(1))  # stored again (an update): its last version counts
    counter.add(article(2))
    counter.discard(article(2).url)  # a copy published earlier demoted it to duplicates
    [en] = counter.result()
    assert (en.articles, en.total.present["author"]) == (1, 1)


def test_nothing_stored_is_no_coverage():
    assert cov.CoverageCounter().result() == []


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    [en] = coverage_of(*(article(n, word_count=words) for n, words in enumerate([10, 40, 20, 31])))
    assert en.total.median_words == 25.5  # (20 + 31) / 2
    [en] = coverage_of(article(1, word_count=7))
    assert en.total.median_words == 7.0


def reference_coverage(articles: dict[str, Article]) -> list[cov.Coverage]:
    """What the counter should say of the articles that count, the plain way: lists of every
    article's fields and words, ``statistics.median`` of the words."""

    def counts(group: list[Article]) -> cov.Counts:
        present = {name: sum(1 for a in group if getattr(a, name)) for name in cov.FIELDS}
        words = [a.word_count or 0 for a in group]
        return cov.Counts(len(group), present, float(statistics.median(words)) if words else None)

    coverages = []
    for edition in sorted({a.edition for a in articles.values()}):
        group = [a for a in articles.values() if a.edition == edition]
        layouts = sorted({a.extractor for a in group})
        per_layout = {name: counts([a for a in group if a.extractor == name]) for name in layouts}
        coverages.append(cov.Coverage(edition, counts(group), per_layout))
    return coverages


def test_the_counter_says_what_a_plain_count_says_under_random_stores_and_demotions(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(urlset, "MERGE_AT", 5)  # entries move to the sorted arrays often
    rng = random.Random(13)
    counter, counted = cov.CoverageCounter(), {}
    for step in range(3000):
        n = rng.randrange(400)
        url = article(n).url
        if rng.random() < 0.75:
            stored = article(
                n,
                edition=rng.choice(["en", "ur"]),
                extractor=rng.choice(["en_current", "en_legacy", "fallback"]),
                author=rng.choice([None, "A. Writer"]),
                dateline=rng.choice([None, "LAHORE"]),
                image_url=rng.choice([None, FULL.image_url]),
                word_count=rng.choice([0, rng.randrange(50, 60), rng.randrange(2000)]),
            )
            counter.add(stored)
            counted[url] = stored
        else:
            counter.discard(url)
            counted.pop(url, None)
        assert len(counter) == len(counted)
        if step % 500 == 0:
            assert counter.result() == reference_coverage(counted)
    assert counter.result() == reference_coverage(counted)


def test_run_coverage_has_a_column_per_field():
    db = open_database(":memory:")
    columns = set(db["run_coverage"].columns_dict)
    assert columns == {
        "run_id", "edition", "articles", "median_words", "layouts",
        *(f"with_{name}" for name in cov.FIELDS),
    }  # fmt: skip
    assert db["run_coverage"].pks == ["run_id", "edition"]


def test_a_recorded_coverage_reads_back_the_same():
    db = open_database(":memory:")
    run = db["crawl_runs"].insert({"spider": "urdupoint_en", "status": "ok"}).last_pk
    coverages = coverage_of(article(1), article(2, author=None, extractor="fallback"))
    cov.record(db, run, coverages)
    assert cov.of_run(db, run) == coverages
    row = db["run_coverage"].get((run, "en"))
    assert (row["articles"], row["with_author"], row["median_words"]) == (2, 1, 200.0)
    assert json.loads(row["layouts"])["fallback"] == {
        "articles": 1, "title": 1, "published_at": 1, "author": 0, "dateline": 1, "source": 1,
        "category": 1, "summary": 1, "image_url": 1, "median_words": 200.0,
    }  # fmt: skip


def seed(db, spider: str, status: str, authors: int, articles: int = 10, edition: str = "en"):
    """A finished run whose ``articles`` stories of ``edition`` had ``authors`` authors."""
    run = db["crawl_runs"].insert({"spider": spider, "status": status}).last_pk
    stories = [
        article(run * 1000 + i, edition=edition, author="A" if i < authors else None)
        for i in range(articles)
    ]
    cov.record(db, run, coverage_of(*stories))
    return run


def norm(db, spider="urdupoint_en", edition="en", **limits):
    return cov.norm(db, spider, edition, **{"runs": 3, "min_runs": 2, "min_articles": 5, **limits})


def test_the_norm_is_the_median_of_the_last_healthy_runs():
    db = open_database(":memory:")
    seed(db, "urdupoint_en", "ok", authors=0)  # older than the last three healthy runs
    for authors in (9, 5, 8):
        seed(db, "urdupoint_en", "ok", authors=authors)
    found = norm(db)
    assert (found.runs, found.shares["author"], found.shares["title"]) == (3, 0.8, 1.0)
    assert found.fallback_share == 0.0 and found.median_words == 200.0


def test_failed_degraded_small_and_other_runs_make_no_norm():
    db = open_database(":memory:")
    seed(db, "urdupoint_en", "ok", authors=8)
    seed(db, "urdupoint_en", "failed", authors=0)
    seed(db, "urdupoint_en", "degraded", authors=0)
    seed(db, "urdupoint_en", "ok", authors=0, articles=3)  # too few articles
    seed(db, "urdupoint_feeds", "ok", authors=0)  # another spider
    seed(db, "urdupoint_en", "ok", authors=0, edition="ur")  # another edition
    assert norm(db) is None  # one healthy run of the edition, two needed
    assert norm(db, min_runs=1).shares["author"] == 0.8


def test_the_norm_of_a_run_leaves_out_that_run_and_later_ones():
    db = open_database(":memory:")
    seed(db, "urdupoint_en", "ok", authors=8)
    seed(db, "urdupoint_en", "ok", authors=6)
    later = seed(db, "urdupoint_en", "ok", authors=0)
    assert norm(db, runs=2).shares["author"] == pytest.approx(0.3)  # the last two: 0.6, 0.0
    assert norm(db, runs=2, before_run=later).shares["author"] == pytest.approx(0.7)


def test_an_archive_from_before_coverage_has_no_norm_and_no_history(tmp_path: Path):
    db = open_database(str(tmp_path / "old.db"), create=False)  # not migrated: no tables at all
    assert norm(db) is None
    assert cov.history(db, runs=5) == []


# --- stats -------------------------------------------------------------------------------------
@pytest.fixture
def archive(tmp_path: Path) -> str:
    """The query tests' sample archive (runs 1 ok, 2 degraded) with the coverage of its runs."""
    path = tmp_path / "urdupoint.db"
    build_sample_archive(path)
    db = open_database(str(path))
    cov.record(db, 1, coverage_of(article(1), article(2), article(3, author=None)))
    cov.record(
        db,
        2,
        coverage_of(
            article(4, author=None, word_count=90),
            article(5, author=None, extractor="fallback", word_count=110),
            article(6, edition="ur", extractor="ur_current", dateline=None, word_count=70),
        ),
    )
    db.close()
    return str(path)


def test_stats_shows_the_coverage_of_the_last_runs(archive: str):
    result = CliRunner().invoke(cli, ["stats", "--db", archive])
    assert result.exit_code == 0, result.output
    # The section ends where the chart of stories per day begins.
    coverage = result.stdout.split("Field coverage of the last runs", 1)[1].split("\n\n")[0]
    section = coverage.splitlines()[1:]
    assert section == [
        "run  spider        ed  status    articles  title  published  author  dateline  source  "
        "category  summary  image  words  fallback",
        "---  ------------  --  --------  --------  -----  ---------  ------  --------  ------  "
        "--------  -------  -----  -----  --------",
        "2    urdupoint_en  en  degraded  2         100%   100%       0%      100%      100%    "
        "100%      100%     100%   100    50%",
        "2    urdupoint_en  ur  degraded  1         100%   100%       100%    0%        100%    "
        "100%      100%     100%   70     0%",
        "1    urdupoint_en  en  ok        3         100%   100%       67%     100%      100%    "
        "100%      100%     100%   200    0%",
    ]


def test_stats_json_has_the_coverage_of_the_last_runs(archive: str):
    result = CliRunner().invoke(cli, ["stats", "--db", archive, "--runs", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["coverage"] == [
        {
            "run": 2,
            "spider": "urdupoint_en",
            "started_at": "2025-09-10T13:00:00+00:00",
            "status": "degraded",
            "edition": "en",
            "articles": 2,
            "coverage": {
                "title": 1.0,
                "published_at": 1.0,
                "author": 0.0,
                "dateline": 1.0,
                "source": 1.0,
                "category": 1.0,
                "summary": 1.0,
                "image_url": 1.0,
            },  # fmt: skip
            "median_words": 100.0,
            "layouts": {"en_current": 1, "fallback": 1},
            "fallback": 0.5,
        },
        {
            "run": 2,
            "spider": "urdupoint_en",
            "started_at": "2025-09-10T13:00:00+00:00",
            "status": "degraded",
            "edition": "ur",
            "articles": 1,
            "coverage": {
                "title": 1.0,
                "published_at": 1.0,
                "author": 1.0,
                "dateline": 0.0,
                "source": 1.0,
                "category": 1.0,
                "summary": 1.0,
                "image_url": 1.0,
            },  # fmt: skip
            "median_words": 70.0,
            "layouts": {"ur_current": 1},
            "fallback": 0.0,
        },
    ]
