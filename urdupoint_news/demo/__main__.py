"""``make demo``: crawl the tests' sample site, served on 127.0.0.1, into data/demo.db.

A newcomer sees real output (``urdupoint-news latest --db data/demo.db``) without touching the
real site.
"""

from __future__ import annotations

import subprocess
import sys

from urdupoint_news.demo.mirror import SiteMirror

DEMO_DB = "data/demo.db"


def main() -> int:
    with SiteMirror() as mirror:
        print(f"Serving the sample site at {mirror.base_url}", flush=True)
        command = [
            sys.executable,
            "-m",
            "urdupoint_news.cli",
            "crawl",
            "--db",
            DEMO_DB,
            "-s",
            f"URDUPOINT_BASE_URL={mirror.base_url}",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            "LOG_LEVEL=WARNING",
        ]
        status = subprocess.run(command, check=False).returncode
    print(f"\nThe archive is {DEMO_DB}. Try:\n  .venv/bin/urdupoint-news latest --db {DEMO_DB}")
    return status


if __name__ == "__main__":
    sys.exit(main())
