"""The cross-checks on real crawls of the sample site (crawl/checks/, docs/crawling.md)."""

from __future__ import annotations

import re

from support.check_variants import move_bodies, shift_structured_dates
from support.crawling import cli, crawl_sample_site, fast_settings, rows, run_crawl
from urdupoint_news.demo.mirror import SiteMirror


def _last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


def test_the_sample_site_crawls_ok_with_its_fields_checked(tmp_path):
    for spider in ("urdupoint_en", "urdupoint_ur"):
        crawl = crawl_sample_site(spider, tmp_path / f"{spider}.db")
        result = crawl["result"]
        assert result.returncode == 0, result.stderr[-2000:]
        run = rows(crawl["db"], "crawl_runs")[-1]
        assert run["status"] == "ok"
        counts = rows(crawl["db"], "run_checks", run_id=run["id"])
        checked = {row["field"]: 0 for row in counts}
        for row in counts:
            checked[row["field"]] += row["checked"]
        # Every field but the author is checked on most pages; the sample's fields agree.
        assert checked["title"] >= 7 and checked["published_at"] >= 6, counts
        assert checked["body_misses"] >= 6, counts
        disagreeing = [row for row in counts if row["disagreeing"]]
        # The one body short of the generic text: the truncated page's cut last paragraph.
        assert [(r["field"], r["disagreeing"]) for r in disagreeing] in ([], [("body_misses", 1)])


def test_a_printed_date_that_disagrees_with_json_ld_is_recorded_shown_and_degrades_the_run(
    tmp_path,
):
    crawl = crawl_sample_site("urdupoint_en", tmp_path / "dates.db", change=shift_structured_dates)
    result = crawl["result"]
    assert result.returncode == 3, result.stderr[-2000:]
    line = _last_line(result.stderr)
    assert line.startswith("urdupoint_en: degraded - published_at sources disagree"), line
    assert "json_ld vs printed" in line and "via en_current" in line
    example = re.search(r"e\.g\. (https://\S+\.html)", line)
    assert example, line
    assert rows(crawl["db"], "crawl_runs")[-1]["status"] == "degraded"
    found = rows(crawl["db"], "disagreements", url=example[1])
    assert [(r["field"], r["source_a"], r["source_b"]) for r in found] == [
        ("published_at", "json_ld", "printed")
    ]
    assert found[0]["value_a"][11:16] != found[0]["value_b"][11:16]
    shown = cli("show", example[1], "--db", str(crawl["db"]))
    assert shown.returncode == 0, shown.stderr
    assert "Sources disagree (1):" in shown.stdout
    assert f"published_at: json_ld {found[0]['value_a']}, printed" in shown.stdout


def test_article_markup_no_parser_knows_never_ends_ok_with_stories_lost(tmp_path):
    plain = crawl_sample_site("urdupoint_en", tmp_path / "plain.db")
    assert plain["result"].returncode == 0
    right = {row["url"]: row["body"] for row in rows(plain["db"], "articles")}

    crawl = crawl_sample_site("urdupoint_en", tmp_path / "moved.db", change=move_bodies)
    result = crawl["result"]
    assert "Traceback" not in result.stderr
    stored = {row["url"]: row["body"] for row in rows(crawl["db"], "articles")}
    wrong = [url for url, body in right.items() if stored.get(url) != body]
    status = rows(crawl["db"], "crawl_runs")[-1]["status"]
    if wrong:  # stories lost or bodies changed: the run must say so, in one line
        assert status in ("degraded", "failed"), (status, wrong)
        assert result.returncode in (1, 3)
        line = _last_line(result.stderr)
        assert "body misses" in line and "e.g. https://www.urdupoint.com/en/" in line, line
    else:
        assert status == "ok"


def test_a_bad_check_threshold_is_one_line_before_any_request(tmp_path):
    message = "invalid setting URDUPOINT_CHECK_MAX_DISAGREEMENT='lots': expected a number"
    db = tmp_path / "bad.db"
    with SiteMirror() as site:
        result = cli(
            "crawl", "urdupoint_en", "--db", str(db), *fast_settings(site.base_url),
            "-s", "URDUPOINT_CHECK_MAX_DISAGREEMENT=lots",
        )  # fmt: skip
        assert result.returncode == 2, result.stderr[-2000:]
        assert _last_line(result.stderr) == f"Error: {message}"
        scrapy = run_crawl(
            "urdupoint_en", db, site.base_url, URDUPOINT_CHECK_MIN_ARTICLES="0"
        )  # `scrapy crawl` says it as Scrapy does: an ERROR line; bad input: exit 2
        assert scrapy.returncode == 2
        assert _last_line(scrapy.stderr).endswith(
            "ERROR: invalid setting URDUPOINT_CHECK_MIN_ARTICLES='0': expected a whole number "
            "of at least 1"
        )
        assert "Traceback" not in scrapy.stderr
        assert site.request_counts() == {}
    assert list(tmp_path.iterdir()) == []
