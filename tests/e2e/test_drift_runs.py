"""Field coverage per run and the drift alarm, on real crawls of the sample site.

A healthy crawl of the English edition records its coverage; archives holding three such runs
have a norm; the same site after a byline or a date-markup redesign (tests/support/
site_variants.py) ends ``degraded``, exit status 3, with the line that names the field, the
layouts and the figures, from ``urdupoint-news crawl`` and from ``scrapy crawl``; its articles
are stored all the same. The sample site's English edition stores 7 stories, so these runs
judge from 5 articles (``URDUPOINT_DRIFT_MIN_ARTICLES=5``) instead of the default 20.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.crawling import cli, fast_settings, rows, run_crawl
from support.site_variants import change_bylines, change_dates
from urdupoint_news.archive import coverage as cov
from urdupoint_news.archive.schema import open_database
from urdupoint_news.demo.mirror import SiteMirror

MIN_ARTICLES = "5"

# The English sample site's stored stories (demo/site/README.md), by hand from their pages:
# 2193301 Muhammad Irfan, 2193303 Ayesha Siddiqui and 2193307 Sana Batool (fallback) name an
# author; 2193302 (an organisation), 2193304, 2193306 (2019 layout) and 2193309 name none. All
# open with a dateline; 2193309 (truncated) has no og:image. Body words: 232, 157, 134, 121,
# 138, 39, 162 -> median 138.
HEALTHY_ROW = {
    "edition": "en",
    "articles": 7,
    "with_title": 7,
    "with_published_at": 7,
    "with_author": 3,
    "with_dateline": 7,
    "with_source": 7,
    "with_category": 7,
    "with_summary": 7,
    "with_image_url": 6,
    "median_words": 138.0,
}

BYLINE_LINE = (
    "urdupoint_en: degraded - author on 0% of 7 articles (norm 43%), "
    "missing on 5 via en_current, 1 via en_legacy, 1 via fallback"
)
# The date inside the dateline is no longer recognised: no place, and the credit only where an
# agency is named elsewhere on the page (APP on the 2019 story).
DATES_LINE = (
    "urdupoint_en: degraded - dateline on 0% of 7 articles (norm 100%), missing on 5 via "
    "en_current, 1 via en_legacy, 1 via fallback; source on 14% of 7 articles (norm 100%), "
    "missing on 5 via en_current, 1 via fallback"
)


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("healthy") / "news.db"
    with SiteMirror() as site:
        result = cli(
            "crawl", "urdupoint_en", "--db", str(db), *fast_settings(site.base_url),
            "-s", f"URDUPOINT_DRIFT_MIN_ARTICLES={MIN_ARTICLES}",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return db


def archive_with_norm(healthy: Path, path: Path, runs: int = 3) -> Path:
    """An archive that remembers ``runs`` healthy runs like the real one in ``healthy`` (their
    coverage copied through the archive API, to keep the test to one crawl per case)."""
    source = open_database(str(healthy), create=False)
    [coverage] = cov.of_run(source, 1)
    source.close()
    db = open_database(str(path))
    for day in range(1, runs + 1):
        run = db["crawl_runs"].insert(
            {"spider": "urdupoint_en", "status": "ok", "started_at": f"2025-09-0{day}T06:00:00"}
        )
        cov.record(db, run.last_pk, [coverage])
    db.close()
    return path


def test_a_healthy_run_records_the_coverage_of_what_it_stored(healthy):
    [run] = rows(healthy, "crawl_runs")
    assert run["status"] == "ok"
    [row] = rows(healthy, "run_coverage")
    assert row["run_id"] == run["id"]
    assert {key: row[key] for key in HEALTHY_ROW} == HEALTHY_ROW
    layouts = json.loads(row["layouts"])
    assert {name: layout["articles"] for name, layout in layouts.items()} == {
        "en_current": 5,  # 2193301, 2193302, 2193303, 2193304, 2193309
        "en_legacy": 1,  # 2193306
        "fallback": 1,  # 2193307
    }
    assert layouts["en_current"]["author"] == 2 and layouts["fallback"]["author"] == 1
    # the copies (2193305, 2193310) are in duplicates, not counted
    assert len(rows(healthy, "articles")) == 7


@pytest.mark.parametrize(
    ("change", "entry", "line"),
    [
        (change_bylines, "urdupoint-news crawl", BYLINE_LINE),
        (change_dates, "scrapy crawl", DATES_LINE),
    ],
    ids=["bylines-cli", "dates-scrapy"],
)
def test_a_redesign_the_parsers_miss_ends_the_run_degraded(healthy, tmp_path, change, entry, line):
    db = archive_with_norm(healthy, tmp_path / "news.db")
    with SiteMirror() as site:
        change(site)
        if entry == "scrapy crawl":
            result = run_crawl(
                "urdupoint_en", db, site.base_url, URDUPOINT_DRIFT_MIN_ARTICLES=MIN_ARTICLES
            )
        else:
            result = cli(
                "crawl", "urdupoint_en", "--db", str(db), *fast_settings(site.base_url),
                "-s", f"URDUPOINT_DRIFT_MIN_ARTICLES={MIN_ARTICLES}",
            )  # fmt: skip
    assert result.returncode == 3, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1] == line
    assert "Traceback" not in result.stderr and "crawl failed" not in result.stderr
    run = rows(db, "crawl_runs")[-1]
    assert run["status"] == "degraded"
    assert "; ".join(json.loads(run["problems"])) == line.removeprefix("urdupoint_en: degraded - ")
    if entry == "urdupoint-news crawl":
        assert result.stdout.startswith("urdupoint_en: degraded - 30 pages, 7 new,")
    # the articles are stored all the same, and the run's coverage says what they lack
    assert len(rows(db, "articles")) == 7
    [coverage] = rows(db, "run_coverage", run_id=run["id"])
    assert coverage["articles"] == 7
    assert coverage["with_published_at"] == 7  # still dated, from the JSON-LD


def test_a_small_run_never_alarms(healthy, tmp_path):
    db = archive_with_norm(healthy, tmp_path / "news.db")
    with SiteMirror() as site:
        change_bylines(site)
        # Sports lists two stories: both lose their author, too few to judge.
        result = run_crawl(
            "urdupoint_en", db, site.base_url, "categories=sports",
            URDUPOINT_DRIFT_MIN_ARTICLES=MIN_ARTICLES,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    run = rows(db, "crawl_runs")[-1]
    assert (run["status"], run["problems"]) == ("ok", "[]")
    [coverage] = rows(db, "run_coverage", run_id=run["id"])
    assert (coverage["articles"], coverage["with_author"]) == (2, 0)
