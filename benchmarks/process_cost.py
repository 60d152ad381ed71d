"""What a crawl process costs beyond its crawling: the CPU and wall time of a real ``scrapy crawl``
of the sample site's English edition (served on 127.0.0.1), split at the moments its log marks,
and of ``urdupoint-news crawl`` refusing a bad setting (it loads the spiders, then stops).

Usage:  .venv/bin/python benchmarks/process_cost.py [--repeat 5]

Prints, per run, the seconds from the start of the process to Scrapy's first log line (imports),
to "Spider opened" (crawler and engine made), to "Spider closed" (the crawl), to the exit (what
the interpreter does after the run; docs/performance.md, "Test suite time"), and the process's
CPU time; then the medians. The test suite starts about 230 such processes.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from urdupoint_news.demo.mirror import SiteMirror  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MARKS = {"started": "Scrapy ", "opened": "Spider opened", "closed": "Spider closed"}
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_crawl(base_url: str, db: Path) -> dict[str, float]:
    command = [sys.executable, "-m", "scrapy", "crawl", "urdupoint_en"]
    settings = [*FAST, f"URDUPOINT_BASE_URL={base_url}", f"URDUPOINT_DB_PATH={db}"]
    settings.append("LOG_FORMAT=%(created).3f %(message)s")
    for setting in settings:
        command += ["-s", setting]
    cpu, start = children_cpu(), time.time()
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    seen: dict[str, float] = {}
    for line in process.stderr:
        stamp, _, message = line.partition(" ")
        for mark, text in MARKS.items():
            if mark not in seen and message.startswith(text):
                seen[mark] = float(stamp) - start
    process.wait()
    seen["exit"] = time.time() - start
    seen["cpu"] = children_cpu() - cpu
    if process.returncode != 0 or len(seen) != len(MARKS) + 2:
        raise SystemExit(f"the crawl failed (exit {process.returncode}): {seen}")
    return seen


def refused_setting() -> dict[str, float]:
    command = [sys.executable, "-m", "urdupoint_news.cli", "crawl", "-s", "DOWNLOAD_DELAY=soon"]
    cpu, start = children_cpu(), time.time()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    return {"exit": time.time() - start, "cpu": children_cpu() - cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a size that runs in seconds (make test runs it; the figures mean nothing)",
    )
    options = parser.parse_args()
    repeat = 1 if options.smoke else options.repeat
    columns = ["started", "opened", "closed", "exit", "cpu"]
    print("scrapy crawl urdupoint_en, sample site (seconds from the process's start)")
    print("  ".join(f"{name:>7}" for name in columns))
    crawls = []
    with SiteMirror() as site, tempfile.TemporaryDirectory() as folder:
        for run in range(repeat):
            crawls.append(one_crawl(site.base_url, Path(folder) / f"news-{run}.db"))
            print("  ".join(f"{crawls[-1][name]:7.2f}" for name in columns))
    print(
        "median: "
        + ", ".join(f"{n} {statistics.median(c[n] for c in crawls):.2f}" for n in columns)
    )
    tail = statistics.median(c["exit"] - c["closed"] for c in crawls)
    print(f"median from 'Spider closed' to the exit: {tail:.2f} s")
    refusals = [refused_setting() for _ in range(repeat)]
    print(
        "urdupoint-news crawl refusing a bad setting: median "
        f"{statistics.median(r['exit'] for r in refusals):.2f} s wall, "
        f"{statistics.median(r['cpu'] for r in refusals):.2f} s CPU"
    )


if __name__ == "__main__":
    main()
