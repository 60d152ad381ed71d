"""The project deployed as a Scrapy user deploys it: ``scrapyd-deploy`` from a copy of a fresh
clone to a real Scrapyd on 127.0.0.1, jobs scheduled through ``schedule.json`` with settings and
spider arguments, crawling the sample site.

One Scrapyd serves the module. Its jobs get ``URDUPOINT_DB_PATH`` from Scrapyd's environment as a
relative path, so the archive is found under the directory Scrapyd runs in.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.clone import copy_project
from support.crawling import FAST, rows
from support.gated_mirror import GatedMirror
from support.scrapyd import Scrapyd, deploy_environment, free_port

PROJECT = "urdupoint_news"
VERSION = "r1"
DB = "data/news.db"  # relative: under Scrapyd's own directory
SITE = "https://www.urdupoint.com"


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory) -> Iterator[Scrapyd]:
    root = tmp_path_factory.mktemp("scrapyd")
    env = {**deploy_environment(), "URDUPOINT_DB_PATH": DB}
    server = Scrapyd(root, env).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def deployed(scrapyd, tmp_path_factory) -> subprocess.CompletedProcess[str]:
    """``scrapyd-deploy`` to a target added to the copy's scrapy.cfg, as a user would."""
    source = copy_project(tmp_path_factory.mktemp("clone") / "urdupoint-news")
    with (source / "scrapy.cfg").open("a") as cfg:
        cfg.write(f"\n[deploy:e2e]\nurl = {scrapyd.url}/\nproject = {PROJECT}\n")
    return subprocess.run(
        [str(Path(sys.executable).parent / "scrapyd-deploy"), "e2e", "--version", VERSION],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_scrapyd_deploy_uploads_an_egg_with_the_settings_entry_point(scrapyd, deployed):
    assert deployed.returncode == 0, deployed.stderr
    assert '"status": "ok"' in deployed.stdout, deployed.stdout
    egg = zipfile.ZipFile(scrapyd.root / "eggs" / PROJECT / f"{VERSION}.egg")
    names = set(egg.namelist())
    # Without it every job dies with "'NoneType' object has no attribute 'module_name'".
    entry_points = egg.read("EGG-INFO/entry_points.txt").decode()
    assert "[scrapy]\nsettings = urdupoint_news.settings" in entry_points
    assert {
        "urdupoint_news/spiders/urdupoint_en.py",
        "urdupoint_news/spiders/urdupoint_ur.py",
    } <= names
    assert "urdupoint_news/demo/site/robots.txt" in names  # package data
    assert "urdupoint_news/demo/pages/en/seed_current.html" in names
    spiders = scrapyd.get("listspiders.json", project=PROJECT)["spiders"]
    assert {"urdupoint_en", "urdupoint_ur", "urdupoint_feeds"} <= set(spiders)


def test_a_job_crawls_into_the_archive_and_a_second_job_on_it_is_refused(scrapyd, deployed):
    assert deployed.returncode == 0, deployed.stderr
    with GatedMirror() as site:
        settings = {**FAST, "URDUPOINT_BASE_URL": site.base_url}
        first = scrapyd.schedule(PROJECT, "urdupoint_en", settings=settings, categories="business")
        assert site.asked.wait(timeout=180), scrapyd.tail()
        # The first job holds the lock on data/news.db and waits for robots.txt.
        second = scrapyd.schedule(PROJECT, "urdupoint_en", settings=settings)
        refused = scrapyd.wait_finished(second)
        site.gate.set()
        done = scrapyd.wait_finished(first)

    log = scrapyd.job_log(refused)
    errors = [line for line in log.splitlines() if "ERROR" in line]
    assert len(errors) == 1, log[-3000:]
    # The lock is taken on the resolved path: Scrapyd's directory joined to the relative DB.
    assert f"a crawl is already running on {(scrapyd.root / DB).resolve()} (pid " in errors[0]
    assert "Traceback" not in log

    # The archive is where URDUPOINT_DB_PATH points from Scrapyd's directory; the refused job
    # left no row behind.
    db = scrapyd.root / DB
    (run,) = rows(db, "crawl_runs")
    assert run["scrapyd_job"] == first
    assert run["status"] == "ok", run["problems"]
    assert '"categories": ["business"]' in run["arguments"]
    # Business pages 1-3 of the sample site (its README): six stories, two copies of them.
    stored = {row["article_id"] for row in rows(db, "articles")}
    assert stored == {2193301, 2193302, 2193304, 2193306, 2193307, 2193309}
    copies = {row["article_id"]: row["duplicate_of"] for row in rows(db, "duplicates")}
    assert copies == {
        2193310: f"{SITE}/en/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html",
        2193305: f"{SITE}/en/pakistan/senate-passes-bill-to-set-up-federal-cyber-c-2193302.html",
    }

    jobs = scrapyd.get("listjobs.json", project=PROJECT)
    assert not jobs["pending"] and not jobs["running"]
    finished = {entry["id"]: entry for entry in jobs["finished"]}
    assert {first, second} <= set(finished)
    assert finished[first]["spider"] == "urdupoint_en"
    assert done["log_url"] == f"/logs/{PROJECT}/urdupoint_en/{first}.log"
    # Scrapyd sees the exit status: the refused job died with 1, the crawl finished with 0.
    daemon_log = scrapyd.tail(200_000)
    assert (
        f"Process died: exitstatus=1 project='{PROJECT}' spider='urdupoint_en' job='{second}'"
        in daemon_log
    )
    assert (
        f"Process finished: project='{PROJECT}' spider='urdupoint_en' job='{first}'" in daemon_log
    )


def test_a_job_whose_site_is_unreachable_fails_in_scrapyd_with_the_reason(
    scrapyd, deployed, tmp_path
):
    assert deployed.returncode == 0, deployed.stderr
    db = tmp_path / "unreachable.db"  # a setting wins over Scrapyd's URDUPOINT_DB_PATH
    settings = {
        **FAST,
        "URDUPOINT_BASE_URL": f"http://127.0.0.1:{free_port()}",
        "URDUPOINT_DB_PATH": str(db),
    }
    job = scrapyd.schedule(PROJECT, "urdupoint_en", settings=settings)
    entry = scrapyd.wait_finished(job)

    (run,) = rows(db, "crawl_runs")
    assert run["status"] == "failed" and run["scrapyd_job"] == job
    assert "Run problem: site unreachable (fetched from http://127.0.0.1:" in scrapyd.job_log(entry)
    daemon_log = scrapyd.tail(200_000)
    assert (
        f"Process died: exitstatus=1 project='{PROJECT}' spider='urdupoint_en' job='{job}'"
        in daemon_log
    )
    # The same one line `urdupoint-news crawl` ends with, on the job's stderr.
    assert (
        "Error: crawl failed: urdupoint_en: site unreachable (fetched from http://127.0.0.1:"
        in daemon_log
    )
