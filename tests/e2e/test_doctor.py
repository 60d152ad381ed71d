"""``urdupoint-news doctor`` against the sample site: a sample crawl of the English edition into a
temporary database, held against the norm of an archive crawled from the same site (a real
crawl: the norm is that one run, ``URDUPOINT_DRIFT_MIN_RUNS=1``). The healthy site passes; the
byline and date-markup redesigns (tests/support/site_variants.py) exit 3 with the table, the
line, or the JSON saying what faded.

With one listing page per category the sample stores 5 stories: 2193301, 2193302, 2193303,
2193304 (en_current) and 2193306 (en_legacy); authors on 2193301 and 2193303.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from support.crawling import cli, fast_settings, rows
from support.site_variants import change_bylines, change_dates
from urdupoint_news.demo.mirror import SiteMirror

THRESHOLDS = ("-s", "URDUPOINT_DRIFT_MIN_ARTICLES=5", "-s", "URDUPOINT_DRIFT_MIN_RUNS=1")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("archive") / "news.db"
    with SiteMirror() as site:
        result = cli(
            "crawl", "urdupoint_en", "--db", str(db), *fast_settings(site.base_url), *THRESHOLDS
        )
    assert result.returncode == 0, result.stderr[-2000:]
    return db


def doctor(archive: Path, change=None, *options: str):
    with SiteMirror() as site:
        if change is not None:
            change(site)
        result = cli(
            "doctor", "urdupoint_en", "--db", str(archive), "--base-url", site.base_url,
            *fast_settings(site.base_url), *THRESHOLDS, *options,
        )  # fmt: skip
        requests = site.request_counts()
    assert "Traceback" not in result.stderr
    return result, requests


def table(stdout: str) -> dict[str, list[str]]:
    """The coverage table's rows by layout (after spider and edition)."""
    first, *lines = stdout.splitlines()
    assert first.startswith("Sample crawled from http://127.0.0.1:")
    assert lines[0].split() == [
        "spider", "ed", "layout", "articles", "title", "published", "author", "dateline",
        "source", "category", "summary", "image", "words",
    ]  # fmt: skip
    found = {}
    for line in lines[2:]:
        cells = line.split()
        if cells[:2] == ["urdupoint_en", "en"]:
            found[" ".join(cells[2:-10]) or cells[2]] = cells[-10:]
    return found


def test_doctor_on_the_healthy_site_shows_coverage_next_to_the_norm_and_exits_0(archive):
    before = rows(archive, "crawl_runs")
    result, requests = doctor(archive)
    assert result.returncode == 0, result.stderr[-2000:]
    found = table(result.stdout)
    # articles, then title..image shares, then median words
    assert found["en_current"] == ["4", "100%", "100%", "50%", *["100%"] * 5, "146"]
    assert found["en_legacy"] == ["1", "100%", "100%", "0%", *["100%"] * 5, "138"]
    assert found["sample"] == ["5", "100%", "100%", "40%", *["100%"] * 5, "138"]
    # the norm: the archive's one run of 7 stories (author 3 of 7, image 6 of 7)
    assert found["norm (1 run)"][1:] == ["100%", "100%", "43%", *["100%"] * 4, "86%", "138"]
    assert result.stdout.splitlines()[-1] == "urdupoint_en: ok"
    assert rows(archive, "crawl_runs") == before  # the archive is only read
    # one listing page per category: no -updates2 page was asked for
    assert not [path for path in requests if "-updates" in path]


def test_doctor_on_changed_bylines_prints_the_fading_field_and_exits_3(archive):
    result, _ = doctor(archive, change_bylines)
    assert result.returncode == 3
    found = table(result.stdout)
    assert found["sample"][3] == "0%" and found["norm (1 run)"][3] == "43%"
    assert result.stderr.strip().splitlines()[-1] == (
        "urdupoint_en: degraded - author on 0% of 5 articles (norm 43%), "
        "missing on 4 via en_current, 1 via en_legacy"
    )


def test_doctor_on_changed_dates_reports_in_json_and_exits_3(archive):
    result, _ = doctor(archive, change_dates, "--json")
    assert result.returncode == 3
    report = json.loads(result.stdout)
    assert (report["status"], report["exit_status"]) == ("degraded", 3)
    [sample] = report["samples"]
    assert (sample["spider"], sample["status"]) == ("urdupoint_en", "degraded")
    [edition] = sample["editions"]
    assert edition["articles"] == 5 and edition["judged"] is True
    assert edition["coverage"]["dateline"] == 0.0
    assert edition["norm"]["runs"] == 1 and edition["norm"]["coverage"]["dateline"] == 1.0
    assert edition["layouts"]["en_current"]["coverage"]["dateline"] == 0.0
    assert [(f["subject"], f["share"], f["norm"]) for f in edition["findings"]] == [
        ("dateline", 0.0, 1.0),
        ("source", 0.2, 1.0),  # APP, named elsewhere on the 2019 story
    ]
    assert sample["line"].startswith(
        "urdupoint_en: degraded - dateline on 0% of 5 articles (norm 100%), "
        "missing on 4 via en_current, 1 via en_legacy; source on 20% of 5 articles"
    )


def test_doctor_of_an_unreachable_site_exits_1_naming_the_problem(archive):
    with socket.socket() as probe:  # a port on loopback that nothing listens on
        probe.bind(("127.0.0.1", 0))
        base_url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = cli(
        "doctor", "urdupoint_en", "--db", str(archive), "--base-url", base_url,
        *fast_settings(base_url), *THRESHOLDS,
    )  # fmt: skip
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(
            f"urdupoint_en: sample crawl failed - site unreachable (fetched from {base_url}): "
            "https://www.urdupoint.com/en/"
        )
    )
    assert "Traceback" not in result.stderr
