"""``scrapy crawl`` itself exits non-zero, with one line, when the run's health fails, so that
Scrapyd, cron and Airflow see a failed run (not only ``urdupoint-news crawl``)."""

from __future__ import annotations

import socket

from support.crawling import run_crawl


def test_scrapy_crawl_of_an_unreachable_site_exits_1_with_the_reason_last(tmp_path):
    with socket.socket() as probe:  # a port on loopback that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_crawl("urdupoint_en", tmp_path / "n.db", f"http://127.0.0.1:{port}")
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(
        "Error: crawl failed: urdupoint_en: site unreachable (fetched from "
        f"http://127.0.0.1:{port}): https://www.urdupoint.com/en/"
    ), last
    assert "Traceback" not in result.stderr


def test_scrapy_crawl_of_a_healthy_run_exits_0(tmp_path, site):
    result = run_crawl("urdupoint_en", tmp_path / "n.db", site.base_url, "categories=business")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Error: crawl failed" not in result.stderr
    # Scrapy's own conventions: its INFO log on stderr (urdupoint-news crawl shows less).
    assert "INFO: Spider opened" in result.stderr
