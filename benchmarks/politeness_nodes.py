"""What a second crawler node does to the site: the request rate one site sees from one node, from
two nodes at once, and from two nodes that each slow down by half.

Usage:  .venv/bin/python benchmarks/politeness_nodes.py [--smoke]

Every crawl is a real ``scrapy crawl`` with the project's polite defaults (robots.txt, a download
delay of 1 s, AutoThrottle, at most 2 requests at once per site) against the sample site served on
127.0.0.1, which notes the time of every request it answers. A "node" is one crawl process with
its own database, as a host running its own Scrapyd job would be; the two nodes split the work
the supported way, one edition each. Politeness (the delay, AutoThrottle, the concurrency limit)
lives in each process: nothing tells one node what the other is sending.

Prints, per scenario: requests, seconds from first to last request, requests per second, the
median and the smallest gap between two requests reaching the site, and the most requests in any
10-second window.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from urdupoint_news.demo.mirror import SiteMirror  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WINDOW = 10.0


class TimedMirror(SiteMirror):
    """The sample site, noting when each request reached it."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def respond(self, path, form=None):
        self.times.append(time.monotonic())
        return super().respond(path, form)


def node(spider: str, db: Path, base_url: str, **settings: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-s", f"URDUPOINT_DB_PATH={db}"]
    for name, value in {"URDUPOINT_BASE_URL": base_url, "LOG_LEVEL": "WARNING", **settings}.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)


def scenario(
    name: str, nodes: list[tuple[str, dict[str, str]]], workdir: Path, base: dict[str, str]
) -> None:
    with TimedMirror() as site:
        running = [
            node(spider, workdir / f"{name}-{i}.db", site.base_url, **{**base, **settings})
            for i, (spider, settings) in enumerate(nodes)
        ]
        for process in running:
            process.wait(timeout=600)
        times = sorted(site.times)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    span = times[-1] - times[0]
    busiest = max(sum(1 for t in times if start <= t < start + WINDOW) for start in times)
    print(
        f"{name:<34} {len(times):>8} {span:>8.1f} {len(times) / span:>8.2f} "
        f"{statistics.median(gaps):>10.2f} {min(gaps):>8.3f} {busiest:>10}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="every scenario at a twentieth of the pace, in seconds (make test runs it; the "
        "figures mean nothing)",
    )
    smoke = parser.parse_args().smoke
    # The smoke size keeps AutoThrottle and the scenarios, with delays of 0.05 s instead of 1 s.
    base = {"DOWNLOAD_DELAY": "0.05", "AUTOTHROTTLE_START_DELAY": "0.05"} if smoke else {}
    print(
        f"{'scenario':<34} {'requests':>8} {'seconds':>8} {'req/s':>8} "
        f"{'median gap':>10} {'min gap':>8} {'max/10 s':>10}"
    )
    slower = {"DOWNLOAD_DELAY": "2", "AUTOTHROTTLE_START_DELAY": "2"}
    if smoke:
        slower = {"DOWNLOAD_DELAY": "0.1", "AUTOTHROTTLE_START_DELAY": "0.1"}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        scenario("one node (en)", [("urdupoint_en", {})], workdir, base)
        scenario("one node (ur)", [("urdupoint_ur", {})], workdir, base)
        both = [("urdupoint_en", {}), ("urdupoint_ur", {})]
        scenario("two nodes (en + ur), as is", both, workdir, base)
        scenario(
            f"two nodes (en + ur), delay {slower['DOWNLOAD_DELAY']} s each",
            [("urdupoint_en", slower), ("urdupoint_ur", slower)],
            workdir,
            base,
        )


if __name__ == "__main__":
    main()
