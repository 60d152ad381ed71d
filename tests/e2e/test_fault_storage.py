"""A database that cannot be written stops the run: the first storage error closes the spider,
one line says why, nothing is counted that was not committed (the summary's "new" equals the rows
stored), both ``urdupoint-news crawl`` and ``scrapy crawl`` exit 1, the database stays consistent,
and a run with space completes the archive (tests/support/deep_site.py, 150 stories).

The disk is really full: the database directory is a tmpfs in a mount namespace of its own
(``unshare``; we run as root, and an unprivileged user with user namespaces can too), where the
archive is created and the rest of the space taken by a file but ``ROOM`` bytes, whatever the
schema's size. Where ``unshare`` is not allowed, the crawl runs under a file size limit
(RLIMIT_FSIZE, with SIGXFSZ ignored, so a write past it fails with EFBIG), as the second case does
everywhere.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys

import pytest

from support.crawling import FAST, ROOT, cli, crawl_command, fast_settings, rows
from support.deep_site import DeepSite
from urdupoint_news.archive.schema import open_database
from urdupoint_news.demo.mirror import SiteMirror

ROOM = 800_000  # bytes the crawl may write: a few batches of 20 stories (WAL frames included)
STORIES = 150
BATCH = {"URDUPOINT_BATCH_SIZE": "20", "URDUPOINT_WARC_DIR": ""}
CREATE = "import sys; from urdupoint_news.archive import schema; schema.open_database(sys.argv[1])"
# Mount a tmpfs on $W, create the archive there and fill the disk but $ROOM bytes, run the
# command, keep a copy of the archive in $K.
ON_TMPFS = """
mount -t tmpfs -o size=8m none "$W" || exit 90
"$PY" -c "$CREATE" "$W/news.db" || exit 91
avail=$(df --output=avail -B1 "$W" | tail -n 1)
fallocate -l $((avail - ROOM)) "$W/filler" || exit 92
"$@"; s=$?
cp -a "$W"/news.db* "$K"
exit $s
"""


def unshare_allowed() -> bool:
    probe = ["unshare", "--map-root-user", "--mount", "true"]
    try:
        return subprocess.run(probe, capture_output=True, check=False).returncode == 0
    except FileNotFoundError:
        return False


def limited_file_size() -> None:  # preexec_fn of the crawl: the WAL file cannot grow past ROOM
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (ROOM, ROOM))


def cli_crawl_on_tmpfs(site: SiteMirror, tmp_path):
    """``urdupoint-news crawl`` with the database on a full tmpfs; the database it left."""
    disk, kept = tmp_path / "disk", tmp_path / "kept"
    disk.mkdir()
    kept.mkdir()
    settings = {**FAST, "URDUPOINT_BASE_URL": site.base_url, **BATCH}
    command = [sys.executable, "-m", "urdupoint_news.cli", "crawl", "urdupoint_en"]
    command += ["--db", str(disk / "news.db")]
    command += [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    result = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", ON_TMPFS, "sh", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **os.environ,
            "W": str(disk),
            "K": str(kept),
            "PY": sys.executable,
            "ROOM": str(ROOM),
            "CREATE": CREATE,
        },
        check=False,
    )
    return result, kept / "news.db"


def scrapy_crawl_with_a_file_size_limit(site: SiteMirror, tmp_path):
    db = tmp_path / "news.db"
    open_database(str(db)).close()  # an existing archive (its file is below the limit)
    result = subprocess.run(
        crawl_command("urdupoint_en", db, site.base_url, **BATCH),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limited_file_size,
        check=False,
    )
    return result, db


@pytest.mark.parametrize("where", ["tmpfs", "file_size_limit"])
def test_a_full_disk_stops_the_run_at_its_first_storage_error_and_a_run_with_space_completes(
    where, tmp_path
):
    with SiteMirror() as site:
        deep = DeepSite(site, "en", STORIES)
        if where == "tmpfs" and unshare_allowed():
            result, db = cli_crawl_on_tmpfs(site, tmp_path)
            refused = "database or disk is full"
        else:
            result, db = scrapy_crawl_with_a_file_size_limit(site, tmp_path)
            refused = "disk I/O error"  # SQLite's word for EFBIG

        assert result.returncode == 1, result.stderr[-3000:]
        assert "Traceback" not in result.stderr
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("Error: crawl failed: urdupoint_en: could not write the database ")
        assert last.endswith(refused)
        # One line says what happened; the items that could not be stored are not logged.
        assert result.stderr.count("ERROR: could not write the database") == 1
        assert result.stderr.count("Error processing") == 0
        assert result.stderr.count("Dropped:") == 0

        database = open_database(str(db), create=False)
        assert database.execute("pragma integrity_check").fetchone()[0] == "ok"
        database.execute("insert into articles_fts(articles_fts) values('integrity-check')")
        database.close()
        stored = {row["url"] for row in rows(db, "articles")}
        print(f"{where}: {len(stored)} of {STORIES} stories stored before the disk was full")
        assert 0 < len(stored) < STORIES
        [run] = rows(db, "crawl_runs")
        assert (run["status"], run["finish_reason"]) == ("failed", "storage_failed")
        assert run["articles_new"] == len(stored)  # nothing counted that was not committed
        assert run["errors"] == 1

        again = cli("crawl", "urdupoint_en", "--db", str(db), *fast_settings(site.base_url))
        assert again.returncode == 0, again.stderr[-3000:]
        assert {row["url"] for row in rows(db, "articles")} == deep.urls
        assert [run["status"] for run in rows(db, "crawl_runs")] == ["failed", "ok"]
        assert not db.with_name("news.db.reserve").exists()  # given back at the end of each run
