"""Every benchmark runs at its smoke size and prints its figures (issue 23: benchmarks that
cannot rot). Nothing here times anything: a figure's value is never checked, only that the line
that carries it is printed, so a schema change or a moved module that breaks a benchmark fails
``make test`` instead of the next ``make bench``.

One class per script, so that xdist's ``--dist loadscope`` can spread them over its workers.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"
NUMBER = r"[\d,.]+"


def run_benchmark(script: str, *args: str, timeout: int = 240) -> str:
    """``python benchmarks/SCRIPT ARGS`` from the project root; its output, once it exited 0."""
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, (
        f"{script} {' '.join(args)} exited {result.returncode}:\n{output}"
    )
    return result.stdout


def assert_lines(output: str, *patterns: str) -> None:
    for pattern in patterns:
        assert re.search(pattern, output, re.MULTILINE), (
            f"no line matches {pattern!r} in:\n{output}"
        )


def test_every_benchmark_has_a_smoke_test() -> None:
    # A new script in benchmarks/ gets its class below (bare_spider and page_weight are run by
    # crawl_throughput, not on their own).
    helpers = {"bare_spider.py", "page_weight.py"}
    scripts = {path.name for path in BENCHMARKS.glob("*.py")} - helpers
    tested = {
        "crawl_throughput.py", "dedup_scale.py", "extraction_speed.py", "kill_and_resume.py",
        "large_page_memory.py", "politeness_nodes.py", "process_cost.py", "query_scale.py",
        "reparse_speed.py",
    }  # fmt: skip
    assert scripts == tested


class TestCrawlThroughput:
    def test_both_page_sizes(self) -> None:
        output = run_benchmark("crawl_throughput.py", "--smoke")
        assert_lines(
            output,
            rf"^ +0 KB +bare spider: \d+ pages in {NUMBER} s = {NUMBER} pages/s; CPU",
            r"^ +20 KB +urdupoint_en: \d+ pages .* 60 stored",
            rf"^template-size pages .* ratio {NUMBER} \(target 0\.85 at 80 KB pages\)",
            rf"^20 KB pages \(stories {NUMBER} KiB, listings {NUMBER} KiB\), .* ratio {NUMBER}",
            r"^  ceiling on \d+ cores:",
        )

    def test_pipelines(self) -> None:
        output = run_benchmark("crawl_throughput.py", "--smoke", "--pipelines", "1")
        assert_lines(
            output,
            rf"^40 pages, \d+ stored; extraction {NUMBER} ms/page",
            rf"^ +StorePipeline: +{NUMBER} µs/article",
            r"^ +all pipelines: .* SQL statements per article",
        )

    def test_memory(self) -> None:
        output = run_benchmark("crawl_throughput.py", "--smoke", "--memory", "1")
        assert_lines(output, rf"^ +30 +\d+ +{NUMBER} MB +{NUMBER} MB")


class TestDedupScale:
    def test_smoke(self) -> None:
        output = run_benchmark("dedup_scale.py", "--smoke")
        assert_lines(output, rf"^ +1,000 +{NUMBER} +{NUMBER} +{NUMBER} +{NUMBER} +\d+/\d+")


class TestExtractionSpeed:
    def test_smoke(self) -> None:
        # trafilatura (the `bench` extra) is not installed by `make test`: the comparison says
        # so in one line and our own figures are printed.
        output = run_benchmark("extraction_speed.py", "--smoke")
        assert_lines(output, rf"^ours +{NUMBER} +{NUMBER} +1\.0x")


class TestKillAndResume:
    def test_smoke(self) -> None:
        output = run_benchmark("kill_and_resume.py", "--smoke")
        assert_lines(output, r"^ +20 +\d+ +\d+ +\d+$")


class TestLargePageMemory:
    def test_smoke(self) -> None:
        output = run_benchmark("large_page_memory.py", "--smoke")
        assert_lines(
            output,
            rf"^sample page \(6 KB\) +0 +{NUMBER}s +\d+ MB  stored",
            rf"^1 MB page, DOWNLOAD_MAXSIZE=\d+ +0 +{NUMBER}s +\d+ MB  stored",
        )


class TestPolitenessNodes:
    def test_smoke(self) -> None:
        output = run_benchmark("politeness_nodes.py", "--smoke")
        assert_lines(
            output,
            rf"^one node \(en\) +\d+ +{NUMBER} +{NUMBER}",
            rf"^two nodes \(en \+ ur\), delay 0\.1 s each +\d+ +{NUMBER} +{NUMBER}",
        )


class TestProcessCost:
    def test_smoke(self) -> None:
        output = run_benchmark("process_cost.py", "--smoke")
        assert_lines(
            output,
            rf"^median: started {NUMBER}, opened {NUMBER}, closed {NUMBER}",
            rf"^urdupoint-news crawl refusing a bad setting: median {NUMBER} s wall",
        )


class TestQueryScale:
    def test_smoke(self) -> None:
        output = run_benchmark("query_scale.py", "--smoke")
        assert_lines(
            output,
            r"^  search English p95 ",
            r"^  search Urdu p95 ",
            r"^  show by id p95 ",
            r"^  show by a duplicate's URL p95 ",
            r"^  stats \(defaults\) worst ",
            r"^  export --edition ur ",
        )
        assert "fails:" not in output


class TestReparseSpeed:
    def test_smoke(self) -> None:
        output = run_benchmark("reparse_speed.py", "--smoke")
        assert_lines(
            output,
            rf"^archive: 40 pages in {NUMBER} s, {NUMBER} KiB of HTML per page",
            rf"^1 first reparse \(all new\) +40 pages: +{NUMBER} pages/s",
            rf"^3 reparse, parser changed +40 pages: +{NUMBER} pages/s",
            rf"^read \+ extract  warcio +{NUMBER} µs/page",
        )
