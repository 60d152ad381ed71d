"""What ``urdupoint-news crawl`` prints: warnings, errors, a progress line on a terminal and one
summary line per spider by default; Scrapy's INFO with ``-v``; only errors with ``-q``; INFO in a
``--log-file`` whatever the terminal shows. ``scrapy crawl`` keeps Scrapy's own conventions.
(What a healthy crawl of both editions prints is checked in test_cli_crawl.py, on the crawl
shared there.)"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from support.crawling import DEAD_LINK, LOG_STAMP, ROOT, cli, fast_settings
from support.scrapyd import free_port


def crawl(db: Path, base_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return cli("crawl", "--db", str(db), *args, *fast_settings(base_url))


def test_verbose_shows_scrapy_s_info_log(site, tmp_path):
    result = crawl(
        tmp_path / "n.db", site.base_url, "urdupoint_en", "-a", "categories=business", "-v"
    )
    assert result.returncode == 0
    assert "INFO: Spider opened" in result.stderr
    assert "INFO: Dumping Scrapy stats" in result.stderr
    assert "DEBUG:" not in result.stderr
    assert result.stdout.startswith("urdupoint_en: ok - ")


def test_quiet_still_reports_a_failed_run(tmp_path):
    unreachable = f"http://127.0.0.1:{free_port()}"
    result = crawl(tmp_path / "n.db", unreachable, "urdupoint_en", "-q")
    assert result.returncode == 1
    assert result.stdout.startswith("urdupoint_en: failed - 0 pages")
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(
        f"Error: crawl failed: urdupoint_en: site unreachable (fetched from {unreachable}): "
        "https://www.urdupoint.com/en/"
    )
    assert all(" ERROR: " in line for line in lines[:-1]), lines
    # Said once: the run's problem is not logged as an error on top of the line above.
    assert not any("Run problem" in line for line in lines)


def test_the_log_file_gets_info_while_the_terminal_shows_the_warning_or_nothing_under_q(
    site, tmp_path
):
    log = tmp_path / "crawl.log"
    args = ("urdupoint_en", "-a", "categories=business", "--log-file", str(log))
    result = crawl(tmp_path / "n.db", site.base_url, *args)
    assert result.returncode == 0
    (warning,) = result.stderr.splitlines()
    assert warning.endswith(DEAD_LINK)
    text = log.read_text()
    assert "INFO: Spider opened" in text and DEAD_LINK in text

    quiet = crawl(tmp_path / "n.db", site.base_url, *args, "-q")
    assert quiet.returncode == 0
    assert quiet.stdout == "" and quiet.stderr == ""  # a healthy run under -q prints nothing
    assert log.read_text().count("INFO: Spider opened") == 2  # appended, at INFO under -q too


def run_on_a_terminal(*args: str) -> str:
    """``urdupoint-news ARGS`` with a pseudo-terminal as stdout and stderr; what it wrote."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "urdupoint_news.cli", *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    output = b""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: the process has ended
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(leader)
    return output.decode("utf-8", "replace")


def test_on_a_terminal_a_warning_clears_the_live_progress_line_first(site, tmp_path):
    args = ["crawl", "urdupoint_en", "--db", str(tmp_path / "n.db"), "-a", "categories=business"]
    slow = ["-s", "DOWNLOAD_DELAY=0.2", "-s", "URDUPOINT_PROGRESS_INTERVAL=1"]
    text = run_on_a_terminal(*args, *fast_settings(site.base_url), *slow)
    assert "\r\x1b[Kpages " in text  # the live line
    assert re.search("\r\x1b\\[K" + LOG_STAMP + re.escape(DEAD_LINK), text), text
    assert "INFO" not in text
    # The line is cleared when the run ends; the summary follows on a clean line.
    assert text.rstrip().split("\r\x1b[K")[-1].startswith("urdupoint_en: ok - ")


def test_quiet_on_a_terminal_has_no_progress_line(site, tmp_path):
    args = ["crawl", "urdupoint_en", "--db", str(tmp_path / "n.db"), "-a", "categories=business"]
    slow = ["-s", "DOWNLOAD_DELAY=0.2", "-s", "URDUPOINT_PROGRESS_INTERVAL=1"]
    text = run_on_a_terminal(*args, *fast_settings(site.base_url), *slow, "-q")
    assert text == ""


def test_every_problem_of_a_failed_run_reaches_the_terminal_once(site, tmp_path):
    wrong = ("-s", "URDUPOINT_MAX_REJECT_RATIO=0.1", "-s", "URDUPOINT_MAX_FALLBACK_RATIO=0.05")
    result = crawl(
        tmp_path / "n.db", site.base_url, "urdupoint_en", "-a", "categories=business", *wrong
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-2].startswith(
        "problem: urdupoint_en: 1 of 9 article pages parsed only by the fallback"
    )
    assert lines[-1].startswith("Error: crawl failed: urdupoint_en: too many rejects: 4 of ")
    assert sum("too many rejects" in line for line in lines) == 1
