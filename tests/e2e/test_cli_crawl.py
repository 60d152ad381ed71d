"""``urdupoint-news crawl`` end to end: real subprocesses against the sample site."""

from __future__ import annotations

import os
import pty
import re
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.crawling import DEAD_LINK, LOG_STAMP, ROOT, cli, fast_settings, rows
from urdupoint_news.demo.mirror import SiteMirror


@pytest.fixture
def site():
    with SiteMirror() as mirror:
        yield mirror


@pytest.fixture(scope="module")
def both_editions(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One healthy ``urdupoint-news crawl`` of both editions off a terminal (read-only for the
    tests that share it)."""
    db = tmp_path_factory.mktemp("both") / "news.db"
    with SiteMirror() as site:
        return db, cli("crawl", "--db", str(db), *fast_settings(site.base_url))


def test_crawl_runs_both_editions_and_prints_a_summary(both_editions):
    db, result = both_editions
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("urdupoint_en: ok - ")
    assert "7 new" in lines[0] and "2 duplicates" in lines[0]
    assert "en_current 8, en_legacy 1, fallback 1" in lines[0]
    assert lines[1].startswith("urdupoint_ur: ok - ") and "12 new" in lines[1]
    assert {row["edition"] for row in rows(db, "articles")} == {"en", "ur"}
    assert [run["spider"] for run in rows(db, "crawl_runs")] == ["urdupoint_en", "urdupoint_ur"]


def test_a_healthy_crawl_off_a_terminal_prints_its_warning_and_a_line_per_spider(both_editions):
    _, result = both_editions
    assert result.returncode == 0, result.stderr[-3000:]
    summary = result.stdout.splitlines()
    assert len(summary) == 2
    assert summary[0].startswith("urdupoint_en: ok - 30 pages, 7 new, ")
    assert summary[1].startswith("urdupoint_ur: ok - 33 pages, 12 new, ")
    (warning,) = result.stderr.splitlines()  # Scrapy logged about 300 INFO lines in all
    assert re.fullmatch(LOG_STAMP + re.escape(DEAD_LINK), warning), warning


def test_unreachable_site_fails_with_one_clear_line(tmp_path):
    with socket.socket() as probe:  # a port on loopback that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = cli(
        "crawl",
        "urdupoint_en",
        "--db",
        str(tmp_path / "n.db"),
        *fast_settings(f"http://127.0.0.1:{port}"),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(
        "Error: crawl failed: urdupoint_en: site unreachable (fetched from "
        f"http://127.0.0.1:{port}): https://www.urdupoint.com/en/"
    )
    assert "failed - 0 pages" in result.stdout


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        ("URDUPOINT_MAX_REJECT_RATIO=0.1", "too many rejects"),
        ("URDUPOINT_MAX_FALLBACK_RATIO=0.05", "parsed only by the fallback extractor"),
    ],
)
def test_a_run_that_looks_wrong_exits_non_zero(site, tmp_path, setting, problem):
    result = cli(
        "crawl",
        "urdupoint_en",
        "--db",
        str(tmp_path / "n.db"),
        *fast_settings(site.base_url),
        "-s",
        setting,
    )
    assert result.returncode == 1
    assert problem in result.stderr.strip().splitlines()[-1]
    [run] = rows(tmp_path / "n.db", "crawl_runs")
    assert run["status"] == "failed"
    assert problem in run["problems"]


def test_zero_articles_where_listings_had_links_is_a_failure(site, tmp_path):
    # Every article page now answers with a page that has no date: nothing can be stored.
    for path in list(site.manifest):
        site.set_page(path, "<html><head><title>x</title></head><body><h1>x</h1></body></html>")
    result = cli(
        "crawl", "urdupoint_en", "--db", str(tmp_path / "n.db"), *fast_settings(site.base_url)
    )
    assert result.returncode == 1
    assert "unseen articles but none was stored" in result.stderr


def test_log_file_receives_the_crawl_log(site, tmp_path):
    log = tmp_path / "crawl.log"
    result = cli(
        "crawl",
        "urdupoint_ur",
        "--db",
        str(tmp_path / "n.db"),
        "--log-file",
        str(log),
        *fast_settings(site.base_url),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    text = log.read_text()
    assert "Spider opened" in text and "Spider closed (finished)" in text
    assert "Spider opened" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "since=last-week"], "since must be a date like 2025-09-01, got 'last-week'"),
        (["-a", "max_pages=many"], "max_pages must be a whole number, got 'many'"),
        (["-a", "refresh"], "-a takes NAME=VALUE, got 'refresh'"),
        (["no_such_spider"], "unknown spider 'no_such_spider'"),
    ],
)
def test_bad_crawl_input_is_one_line_and_non_zero(tmp_path, args, message):
    result = cli("crawl", "--db", str(tmp_path / "n.db"), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "n.db").exists()


def test_progress_is_a_live_line_on_a_terminal(site, tmp_path):
    leader, follower = pty.openpty()
    settings = fast_settings(site.base_url) + [
        "-s",
        "DOWNLOAD_DELAY=0.3",
        "-s",
        "URDUPOINT_PROGRESS_INTERVAL=1",
    ]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "urdupoint_news.cli",
            "crawl",
            "urdupoint_ur",
            "--db",
            str(tmp_path / "n.db"),
            # one section (about ten pages at 0.3 s apart): long enough for progress lines
            "-a",
            "categories=pakistan",
            *settings,
        ],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    output = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    process.wait()
    os.close(leader)
    text = output.decode("utf-8", "replace")
    assert "\r\x1b[Kpages " in text
    assert "pages/s | errors 0" in text


def test_progress_off_a_terminal_is_periodic_log_lines(site, tmp_path):
    result = cli(
        "crawl",
        "urdupoint_ur",
        "-v",  # INFO on the terminal: off a terminal, progress lines are INFO log records
        "--db",
        str(tmp_path / "n.db"),
        "-a",
        "categories=pakistan",
        *fast_settings(site.base_url),
        "-s",
        "DOWNLOAD_DELAY=0.3",
        "-s",
        "URDUPOINT_PROGRESS_INTERVAL=0.5",
    )
    assert result.returncode == 0
    assert "INFO: Progress: pages " in result.stderr
    assert "\r" not in result.stderr
