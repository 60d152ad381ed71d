"""``make demo``: crawl the sample site, served on 127.0.0.1, into data/demo.db.

A newcomer sees real output (``urdupoint-news latest --db data/demo.db``) without touching the
real site. The archive stores the site's real URLs, so running the demo again finds nothing new.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from urdupoint_news.demo.mirror import SiteMirror

DEMO_DB = "data/demo.db"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m urdupoint_news.demo", description=__doc__)
    parser.add_argument("--db", default=DEMO_DB, help=f"archive to write (default {DEMO_DB})")
    db = parser.parse_args(argv).db
    with SiteMirror() as mirror:
        print(f"Serving the sample site at {mirror.base_url}", flush=True)
        command = [sys.executable, "-m", "urdupoint_news.cli", "crawl", "--db", db]
        for setting in (
            f"URDUPOINT_BASE_URL={mirror.base_url}",
            "DOWNLOAD_DELAY=0",
            "AUTOTHROTTLE_ENABLED=False",
            "LOG_LEVEL=WARNING",
        ):
            command += ["-s", setting]
        status = subprocess.run(command, check=False).returncode
    # The program beside this Python: .venv/bin/urdupoint-news after make, whatever the PATH.
    program = Path(sys.executable).with_name("urdupoint-news")
    shown = os.path.relpath(program) if program.exists() else "urdupoint-news"
    print(f"\nThe archive is {db}. Try:\n  {shown} latest --db {db}")
    return status


if __name__ == "__main__":
    sys.exit(main())
