"""How much of a deep history a crawl killed with ``kill -9`` leaves for the next plain run.

Usage:  .venv/bin/python benchmarks/kill_and_resume.py [--stories 400] [--kills 20,150,300]

Builds a category of ``--stories`` stories over pages of 20 (tests/support/deep_site.py, English,
served on 127.0.0.1), then for each number N of ``--kills``: a fresh archive, a crawl frozen by
the mirror at its N-th article request and killed with SIGKILL there, then one plain run (no
``refresh``). Prints, per N: the stories stored when the crawl was killed, after the plain run,
and those still missing. Run it from a checkout of another revision (``cd`` there, same venv) to
compare: the crawl imports the package from the working directory.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path.cwd()
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support.crawling import crawl_command  # noqa: E402
from support.deep_site import DeepSite  # noqa: E402
from urdupoint_news.demo.mirror import SiteMirror  # noqa: E402


def stored(db: Path) -> set[str]:
    if not db.exists():
        return set()
    with sqlite3.connect(db) as conn:
        return {url for (url,) in conn.execute("select url from articles")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=400)
    parser.add_argument("--kills", default="20,150,300")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a size that runs in seconds (make test runs it; the figures mean nothing)",
    )
    options = parser.parse_args()
    if options.smoke:
        options.stories, options.kills = 60, "20"
    print(f"revision: {ROOT}; {options.stories} stories, 20 a page")
    print(f"{'killed at':>10} {'stored then':>12} {'after a plain run':>18} {'missing':>8}")
    with SiteMirror() as site, tempfile.TemporaryDirectory() as tmp:
        deep = DeepSite(site, "en", options.stories)
        for kill in (int(n) for n in options.kills.split(",")):
            db = Path(tmp) / f"killed-{kill}.db"
            site.clear_requests()
            frozen = site.freeze_at(kill, "/en/business/")
            command = crawl_command("urdupoint_en", db, site.base_url)
            process = subprocess.Popen(
                command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            if not frozen.wait(300):
                raise SystemExit(f"the crawl never made {kill} article requests")
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            site.thaw()
            before = len(stored(db) & deep.urls)
            subprocess.run(
                command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
            )
            after = len(stored(db) & deep.urls)
            print(f"{kill:>10} {before:>12} {after:>18} {len(deep.urls) - after:>8}")


if __name__ == "__main__":
    main()
