"""The run recorder's verdict (crawl/extensions/run_recorder.py, crawl/verdict/judge.py): a failed
run wins over a degraded one, a degraded run keeps its findings and coverage, with a real crawler
object and SQLite file."""

from __future__ import annotations

import json

import click
from click.testing import CliRunner
from scrapy import Spider
from scrapy.utils.test import get_crawler

from support.pipelines import STORAGE
from urdupoint_news.archive import coverage as cov
from urdupoint_news.archive.schema import open_database
from urdupoint_news.cli.crawl import Outcome
from urdupoint_news.crawl.extensions.run_recorder import CrawlRunRecorder
from urdupoint_news.crawl.extensions.storage import storage_of
from urdupoint_news.crawl.verdict import RunStatus, Verdict, add_finding, add_problem
from urdupoint_news.crawl.verdict.status import exit_status
from urdupoint_news.site.items import Article

SITE = "https://www.urdupoint.com"
HEALTHY_STATS = {
    "response_received_count": 30,
    "urdupoint/article_requests": 20,
    "urdupoint/article_pages": 20,
    "urdupoint/articles_new": 20,
    "urdupoint/extractor/en_current": 20,
}


def article(n: int, author: str | None) -> Article:
    return Article(
        url=f"{SITE}/en/pakistan/story-{n}.html",
        article_id=n,
        title=f"Story {n}",
        published_at="2025-09-10T15:10:00+05:00",
        body="word " * 100,
        word_count=100,
        content_hash=f"h{n}",
        extractor="en_current",
        edition="en",
        author=author,
    )


def finish_run(db_path, stats: dict, authors: int, **settings):
    """A run of urdupoint_en that stored 20 articles, ``authors`` of them with an author, after
    three healthy runs in which every article had one."""
    db = open_database(str(db_path))
    past = cov.CoverageCounter()
    for n in range(20):
        past.add(article(n, "Muhammad Irfan"))
    for _ in range(3):
        run = db["crawl_runs"].insert({"spider": "urdupoint_en", "status": "ok"}).last_pk
        cov.record(db, run, past.result())
    db.close()
    crawler = get_crawler(
        Spider, {"URDUPOINT_DB_PATH": str(db_path), "EXTENSIONS": STORAGE, **settings}
    )
    spider = Spider(name="urdupoint_en")
    crawler.stats.open_spider()
    recorder = CrawlRunRecorder(crawler)
    recorder.spider_opened(spider)
    for key, value in stats.items():
        crawler.stats.set_value(key, value)
    for n in range(100, 120):
        storage_of(crawler).coverage.add(
            article(n, "Ayesha Siddiqui" if n - 100 < authors else None)
        )
    recorder.spider_closed(spider, "finished")
    verdict = Verdict.of(crawler.stats.get_stats())
    db = open_database(str(db_path))
    return verdict, db["crawl_runs"].get(recorder.run_id), cov.of_run(db, recorder.run_id)


def test_a_healthy_run_whose_authors_vanished_is_degraded(tmp_path):
    verdict, run, [coverage] = finish_run(tmp_path / "n.db", HEALTHY_STATS, authors=0)
    line = "author on 0% of 20 articles (norm 100%), all via en_current"
    assert (verdict.status, verdict.reasons, verdict.exit_status) == ("degraded", (line,), 3)
    assert (run["status"], json.loads(run["problems"])) == ("degraded", [line])
    assert (coverage.articles, coverage.total.present["author"]) == (20, 0)


def test_a_failed_run_is_failed_whatever_its_coverage(tmp_path):
    stats = {**HEALTHY_STATS, "urdupoint/rejects": 15}  # too many rejects: a health problem
    verdict, run, [coverage] = finish_run(tmp_path / "n.db", stats, authors=0)
    assert verdict.status == run["status"] == "failed"
    assert verdict.reasons == ("too many rejects: 15 of 20 article links",)
    assert coverage.articles == 20  # its coverage is kept all the same


def test_a_run_like_its_norm_is_ok_and_drift_can_be_turned_off(tmp_path):
    verdict, run, _ = finish_run(tmp_path / "a.db", HEALTHY_STATS, authors=18)
    assert (verdict.status, run["status"], run["problems"]) == ("ok", "ok", "[]")
    verdict, _, _ = finish_run(
        tmp_path / "b.db", HEALTHY_STATS, authors=0, URDUPOINT_DRIFT_ENABLED=False
    )
    assert verdict.status == "ok"


def finish_command(outcome: Outcome):
    @click.command()
    def command() -> None:
        outcome.finish(lambda failures: f"crawl failed: {failures[0]}")

    return CliRunner().invoke(command)


def test_urdupoint_news_crawl_exits_3_for_a_degraded_run_and_1_when_another_failed():
    degraded = "urdupoint_ur: degraded - dateline on 0% of 17 articles (norm 96%), all via fallback"
    result = finish_command(Outcome(degraded=[degraded]))
    assert (result.exit_code, result.stderr) == (3, degraded + "\n")
    result = finish_command(
        Outcome(failures=["urdupoint_en: site unreachable: x"], degraded=[degraded])
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        degraded,
        "Error: crawl failed: urdupoint_en: site unreachable: x",
    ]


def test_a_finding_a_component_adds_makes_a_healthy_run_degraded_from_its_first_day(tmp_path):
    # No earlier run (no norm): a component's own finding is enough.
    db_path = tmp_path / "first.db"
    crawler = get_crawler(Spider, {"URDUPOINT_DB_PATH": str(db_path), "EXTENSIONS": STORAGE})
    spider = Spider(name="urdupoint_ur")
    crawler.stats.open_spider()
    recorder = CrawlRunRecorder(crawler)
    recorder.spider_opened(spider)
    for key, value in HEALTHY_STATS.items():
        crawler.stats.set_value(key, value)
    add_finding(crawler.stats, "listing /sports/news.html went missing")
    recorder.spider_closed(spider, "finished")
    verdict = Verdict.of(crawler.stats.get_stats())
    assert verdict == Verdict(RunStatus.DEGRADED, ("listing /sports/news.html went missing",))
    run = open_database(str(db_path))["crawl_runs"].get(recorder.run_id)
    assert Verdict.of_run(run) == verdict
    assert verdict.report("urdupoint_ur") == (
        "urdupoint_ur: degraded - listing /sports/news.html went missing"
    )


def test_a_problem_wins_over_a_finding(tmp_path):
    crawler = get_crawler(
        Spider, {"URDUPOINT_DB_PATH": str(tmp_path / "p.db"), "EXTENSIONS": STORAGE}
    )
    spider = Spider(name="urdupoint_en")
    crawler.stats.open_spider()
    recorder = CrawlRunRecorder(crawler)
    recorder.spider_opened(spider)
    for key, value in HEALTHY_STATS.items():
        crawler.stats.set_value(key, value)
    add_finding(crawler.stats, "a doubt")
    add_problem(crawler.stats, "the page archive cannot be written")
    recorder.spider_closed(spider, "finished")
    verdict = Verdict.of(crawler.stats.get_stats())
    assert (verdict.status, verdict.reasons, verdict.exit_status) == (
        RunStatus.FAILED,
        ("the page archive cannot be written",),
        1,
    )
    assert verdict.report("urdupoint_en") == (
        "Error: crawl failed: urdupoint_en: the page archive cannot be written"
    )


def test_the_worst_status_decides_and_an_unjudged_run_counts_as_failed():
    assert RunStatus.worst([RunStatus.OK, RunStatus.DEGRADED]) is RunStatus.DEGRADED
    assert RunStatus.worst([RunStatus.FAILED, RunStatus.DEGRADED]) is RunStatus.FAILED
    assert RunStatus.worst([]) is RunStatus.OK
    assert Verdict.of_run({"status": "running", "problems": None}) is None
    assert exit_status("interrupted") == 1
    assert [exit_status(s) for s in ("ok", "degraded", "failed")] == [0, 3, 1]
