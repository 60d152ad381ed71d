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

import json
import os
import resource
import shutil
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


# --- a full disk during a checkpoint --------------------------------------------------------------

# Write rows with the automatic checkpoint off and end without closing: every page is in the
# write-ahead log, none in the database file.
WRITE_TO_THE_LOG = """
import os, sys
from urdupoint_news.archive.schema import open_database
db = open_database(sys.argv[1])
db.execute("PRAGMA wal_autocheckpoint = 0")
db.conn.executemany(
    "insert into rejects (url, reason, detail, seen_at) values (?, 'gave_up', ?, '2025-09-01')",
    [(f"https://www.urdupoint.com/en/x/story-{i}.html", "d" * 500) for i in range(3000)],
)
db.conn.commit()
os._exit(0)
"""
# A checkpoint that runs out of space: SQLite writes page 1 (the header with the new page count)
# first, then fails on a later page, and the log stays, holding every page.
CHECKPOINT = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
try:
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
except sqlite3.Error as error:
    print(error)
os._exit(0)
"""


def checkpointed_into_a_full_disk(db) -> None:
    subprocess.run([sys.executable, "-c", WRITE_TO_THE_LOG, str(db)], cwd=ROOT, check=True)
    room = os.path.getsize(db) + 200_000

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

    subprocess.run(
        [sys.executable, "-c", CHECKPOINT, str(db)], preexec_fn=full_disk, cwd=ROOT, check=True
    )


def header_bytes(db) -> int:
    header = db.read_bytes()[:100]
    return int.from_bytes(header[16:18], "big") * int.from_bytes(header[28:32], "big")


def test_a_checkpoint_cut_short_by_a_full_disk_is_read_through_its_log_not_refused(tmp_path):
    db = tmp_path / "news.db"
    checkpointed_into_a_full_disk(db)
    # The state the issue found: the header promises more than the file holds; the log has it.
    assert db.stat().st_size < header_bytes(db)
    assert db.with_name("news.db-wal").stat().st_size > 32

    stats = cli("stats", "--db", str(db))  # reading: through the log, read-only
    assert stats.returncode == 0, stats.stderr
    assert "truncated" not in stats.stderr
    assert db.stat().st_size < header_bytes(db)  # a reader changes nothing

    with SiteMirror() as site:
        crawl = cli("crawl", "urdupoint_en", "--db", str(db), *fast_settings(site.base_url))
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert len(rows(db, "rejects", reason="gave_up")) == 3000  # nothing lost
    database = open_database(str(db), create=False)
    assert database.execute("pragma integrity_check").fetchone()[0] == "ok"
    database.close()
    assert db.stat().st_size >= header_bytes(db)


def test_a_database_truncated_without_a_log_is_still_refused(tmp_path):
    db = tmp_path / "news.db"
    checkpointed_into_a_full_disk(db)
    db.with_name("news.db-wal").unlink()  # the log lost too: the file alone is cut short
    db.with_name("news.db-shm").unlink()
    result = cli("stats", "--db", str(db))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{db} is truncated: its header says" in result.stderr.strip().splitlines()[-1]


# The real thing: a small tmpfs, and a small ext4 image, mounted for the test (we run as root
# here and in CI; elsewhere ``unshare --map-root-user`` gives a mount namespace of our own). The
# database and its WARC directory share the disk; the disk fills mid-run; a filler file is
# removed ("make room") and a plain run completes the set.
MAKE_ROOM = """
set -e
eval "$MOUNT"
trap 'umount -l "$W"' EXIT
"$PY" -c "$CREATE" "$W/news.db"
avail=$(df --output=avail -B1 "$W" | tail -n 1)
fallocate -l $((avail - ROOM)) "$W/filler"
set +e
"$@" > "$K/first.out" 2> "$K/first.err"; echo $? > "$K/first.rc"
rm "$W/filler"
"$@" > "$K/second.out" 2> "$K/second.err"; echo $? > "$K/second.rc"
"$PY" -c "$REPORT" "$W/news.db" > "$K/report.json"
"""
REPORT = """
import json, sys
from urdupoint_news.archive.schema import open_database
db = open_database(sys.argv[1], create=False)
print(json.dumps({
    "urls": [row[0] for row in db.execute("select url from articles")],
    "runs": [list(row) for row in db.execute("select status, finish_reason from crawl_runs")],
    "integrity": db.execute("pragma integrity_check").fetchone()[0],
}))
"""


def mount_wrapper() -> list[str]:
    """How to run ``sh -c MAKE_ROOM``: as root directly, else in a mount namespace."""
    if os.geteuid() == 0:
        return ["unshare", "--mount"] if shutil.which("unshare") else []
    if unshare_allowed():
        return ["unshare", "--map-root-user", "--mount"]
    pytest.fail("mounting a tmpfs needs root or user namespaces (unshare --map-root-user)")


# How each file system is mounted on $W: a tmpfs, and ext4 on a loop device (no blocks reserved
# for root, who would otherwise write past "full").
MOUNTS = {
    "tmpfs": 'mount -t tmpfs -o size=6m none "$W"',
    "ext4": 'truncate -s 16m "$K/disk.img"; mkfs.ext4 -q -F -m 0 "$K/disk.img";'
    ' mount -o loop "$K/disk.img" "$W"',
}


@pytest.mark.parametrize("filesystem", sorted(MOUNTS))
def test_make_room_and_the_next_plain_run_completes_the_set_on_a_full_disk(filesystem, tmp_path):
    disk, kept = tmp_path / "disk", tmp_path / "kept"
    disk.mkdir()
    kept.mkdir()
    with SiteMirror() as site:
        deep = DeepSite(site, "en", STORIES)
        command = [sys.executable, "-m", "urdupoint_news.cli", "crawl", "urdupoint_en"]
        command += ["--db", str(disk / "news.db"), *fast_settings(site.base_url)]
        command += ["-s", "URDUPOINT_BATCH_SIZE=20"]  # the WARC directory: disk/news.warc/
        subprocess.run(
            [*mount_wrapper(), "sh", "-c", MAKE_ROOM, "sh", *command],
            cwd=ROOT,
            timeout=300,
            env={
                **os.environ,
                "W": str(disk),
                "K": str(kept),
                "PY": sys.executable,
                "ROOM": str(ROOM * 2),
                "CREATE": CREATE,
                "REPORT": REPORT,
                "MOUNT": MOUNTS[filesystem],
            },
            check=True,
        )
    first, second = (kept / "first.err").read_text(), (kept / "second.err").read_text()
    assert (kept / "first.rc").read_text().strip() == "1", first[-3000:]
    assert "Traceback" not in first
    assert "No space left on device" in first or "database or disk is full" in first, first
    assert (kept / "second.rc").read_text().strip() == "0", second[-3000:]
    report = json.loads((kept / "report.json").read_text())
    assert report["integrity"] == "ok"
    assert set(report["urls"]) == deep.urls
    assert [run[0] for run in report["runs"]] == ["failed", "ok"]
