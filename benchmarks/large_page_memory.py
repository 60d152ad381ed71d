"""Peak memory of a crawl that meets a very large article page (20 MB by default).

Usage:  .venv/bin/python benchmarks/large_page_memory.py [--mb 20] [--root CHECKOUT]

The sample site is served on 127.0.0.1 with its sports story replaced by the same page whose body
is padded with paragraphs of ordinary words (fixed seed) to ``--mb`` megabytes. Each scenario is
a real ``scrapy crawl urdupoint_en -a categories=sports`` process over that site, into a fresh
database; its peak RSS is read from the kernel (``wait4`` rusage of the child). Scenarios:

* the unchanged sample page, for reference;
* the large page under the project's settings (``DOWNLOAD_MAXSIZE``): rejected as ``too_large``;
* the large page with the cap raised above its size: fetched, extracted, signed and stored.

``--root`` runs another checkout of the project (its ``scrapy.cfg`` and package), e.g. an older
commit exported with ``git archive``, to compare before and after a change.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from urdupoint_news.demo.mirror import SiteMirror  # noqa: E402

SPORTS_STORY = "/en/sports/babar-rizwan-return-as-pakistan-announce-od-2193303.html"
SPORTS_PAGE = ROOT / "urdupoint_news" / "demo" / "pages" / "en" / "sports_current.html"
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "RETRY_TIMES": "0",
    "LOG_LEVEL": "WARNING",
    "URDUPOINT_PROGRESS_INTERVAL": "0",
    "URDUPOINT_WARC_DIR": "",
}
SENTENCE = (
    "the government said on tuesday that prices of wheat flour sugar and ghee would be reviewed"
    " by the provincial cabinet after traders in lahore karachi and peshawar protested against"
    " new taxes while the minister told reporters that relief packages for farmers were being"
    " prepared with the help of the state bank and international partners in the coming weeks"
)
WORDS = SENTENCE.split(" ")


def large_page(megabytes: float, seed: int = 13) -> bytes:
    """The sports story with its body padded to ``megabytes`` of ordinary paragraphs."""
    page = SPORTS_PAGE.read_text(encoding="utf-8")
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000) - len(page.encode())
    paragraphs: list[str] = []
    size = 0
    while size < target:
        words = [rng.choice(WORDS) for _ in range(rng.randint(40, 90))]
        words.append(str(rng.randint(1, 99999)))  # figures too, as reports have
        text = f"<p>{' '.join(words).capitalize()}.</p>\n"
        paragraphs.append(text)
        size += len(text)
    marker = '<div class="detail_txt">'
    head, tail = page.split(marker, 1)
    return (head + marker + "\n" + "".join(paragraphs) + tail).encode("utf-8")


def run(root: Path, db: Path, base_url: str, settings: dict[str, str]) -> tuple[int, float, int]:
    """One crawl; its exit status, wall time and peak RSS in bytes."""
    command = [sys.executable, "-m", "scrapy", "crawl", "urdupoint_en", "-a", "categories=sports"]
    every = {**FAST, "URDUPOINT_BASE_URL": base_url, "URDUPOINT_DB_PATH": str(db), **settings}
    for name, value in every.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    process.stderr.read()  # drained so a chatty run never blocks on a full pipe
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, time.monotonic() - started, usage.ru_maxrss * 1024


def outcome(db: Path) -> str:
    connection = sqlite3.connect(db)
    try:
        row = connection.execute(
            "select word_count from articles where url like ?", [f"%{SPORTS_STORY}"]
        ).fetchone()
        if row:
            return f"stored ({row[0]:,} words)"
        row = connection.execute(
            "select reason from rejects where url like ?", [f"%{SPORTS_STORY}"]
        ).fetchone()
        return f"rejected: {row[0]}" if row else "neither stored nor rejected"
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the large page (MB)")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout of the project to run")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a size that runs in seconds (make test runs it; the figures mean nothing)",
    )
    options = parser.parse_args()
    if options.smoke:
        options.mb = 1.0
    root = options.root.resolve()
    body = large_page(options.mb)
    raised = str(2 * len(body))
    size = f"{len(body) / 1e6:.0f} MB page"
    scenarios = [
        ("sample page (6 KB)", None, {}),
        (f"{size}, project settings", body, {}),
        (f"{size}, DOWNLOAD_MAXSIZE={raised}", body, {"DOWNLOAD_MAXSIZE": raised}),
    ]
    print(f"project: {root}")
    print(f"{'scenario':<48} {'exit':>4} {'time':>7} {'peak RSS':>10}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for index, (name, page, settings) in enumerate(scenarios):
            db = Path(tmp) / f"run{index}.db"
            with SiteMirror() as site:
                if page is not None:
                    site.set_page(SPORTS_STORY, page, "text/html; charset=utf-8")
                status, seconds, peak = run(root, db, site.base_url, settings)
            print(f"{name:<48} {status:>4} {seconds:>6.1f}s {peak / 2**20:>7.0f} MB  {outcome(db)}")


if __name__ == "__main__":
    main()
