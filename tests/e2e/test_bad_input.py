"""Bad input and broken environments: one line and a non-zero exit, never a traceback.

Real ``urdupoint-news`` and ``scrapy crawl`` processes. Where a situation needs file permissions
to bite (a read-only directory, a lock file of another user) the command runs ``unprivileged``
(tests/support/privileges.py). Crawls point at a port nothing listens on or at the sample site,
and the tests check that nothing was fetched or written when the input was refused.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support.crawling import ROOT, crawl_command, fast_settings, rows
from support.privileges import OTHER_UID, owned_by_someone_else, unprivileged
from support.query_db import build_sample_archive
from urdupoint_news.crawl.lock import RunLock

UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing answers there


def run(command: list[str], *, privileged: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command if privileged else unprivileged(command),
        cwd=ROOT,
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=120,
        check=False,
    )


def urdupoint_news(*args: str, privileged: bool = True) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "urdupoint_news.cli", *args], privileged=privileged)


def crawl(db: Path, *args: str, privileged: bool = True) -> subprocess.CompletedProcess[str]:
    """``urdupoint-news crawl urdupoint_en --db DB`` against a site that is not there."""
    return urdupoint_news(
        "crawl", "urdupoint_en", "--db", str(db), *fast_settings(UNREACHABLE), *args,
        privileged=privileged,
    )  # fmt: skip


def one_error_line(result: subprocess.CompletedProcess[str], status: int = 1) -> str:
    """The error line of a refused command, after checking it is the only complaint."""
    assert result.returncode == status, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: "), result.stderr
    return last.removeprefix("Error: ")


# --- the database given to a crawl ----------------------------------------------------------------


def test_a_directory_given_as_the_database_is_one_line(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    line = one_error_line(crawl(folder))
    assert line == (
        f"{folder} is a directory, not a database file (give a file, e.g. {folder}/urdupoint.db)"
    )
    assert list(folder.iterdir()) == []


def test_a_file_that_is_not_sqlite_is_one_line_and_left_alone(tmp_path):
    db = tmp_path / "news.db"
    db.write_text("my notes\n" * 200)
    line = one_error_line(crawl(db))
    assert line == f"{db} is not a SQLite database (or is damaged from its first page)"
    result = run(crawl_command("urdupoint_en", db, UNREACHABLE))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].endswith(f"ERROR: {line}")
    assert "Traceback" not in result.stderr
    assert db.read_text() == "my notes\n" * 200


def test_a_truncated_database_is_one_line(tmp_path):
    whole = tmp_path / "whole.db"
    build_sample_archive(whole)
    data = whole.read_bytes()
    db = tmp_path / "news.db"
    db.write_bytes(data[: len(data) // 2])
    line = one_error_line(crawl(db))
    assert line.startswith(
        f"{db} is truncated: its header says {len(data)} bytes but the file holds "
        f"{len(data) // 2}; restore it from a backup, or recover what it holds with: sqlite3 "
    )
    for command in (["latest"], ["stats"], ["export"]):
        assert one_error_line(urdupoint_news(*command, "--db", str(db))) == line


def test_a_damaged_database_is_one_line(tmp_path):
    db = tmp_path / "news.db"
    build_sample_archive(db)
    with sqlite3.connect(db) as connection:
        page_size = connection.execute("pragma page_size").fetchone()[0]
        root = connection.execute(
            "select rootpage from sqlite_master where name = '_sqlite_migrations'"
        ).fetchone()[0]
    connection.close()
    with open(db, "r+b") as file:  # garbage over the migrations table's page
        file.seek((root - 1) * page_size)
        file.write(b"\xa5" * page_size)
    line = one_error_line(crawl(db))
    assert line.startswith(f"{db} is damaged (database disk image is malformed): restore it")


def test_another_programs_sqlite_database_is_not_written(tmp_path):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as connection:
        connection.execute("create table contacts (name)")
    connection.close()
    line = one_error_line(crawl(db))
    assert (
        line == f"{db} is a SQLite database of something else (tables: contacts); give another --db"
    )
    with sqlite3.connect(db) as connection:
        tables = [row[0] for row in connection.execute("select name from sqlite_master")]
    connection.close()
    assert tables == ["contacts"]


def test_a_read_only_database_directory_is_one_line(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    build_sample_archive(folder / "news.db")
    folder.chmod(0o555)
    try:
        line = one_error_line(crawl(folder / "news.db", privileged=False))
        # The lock file is the first thing a crawl writes.
        assert line == (
            f"cannot open the lock file {folder}/news.db.lock: Permission denied (the directory "
            f"{folder} is not writable: run as a user who can write there, or give another --db)"
        )
        # With the lock file there (made by an administrator, say), the database is next.
        folder.chmod(0o755)
        (folder / "news.db.lock").touch()
        folder.chmod(0o555)
        line = one_error_line(crawl(folder / "news.db", privileged=False))
        assert line == (
            f"cannot write {folder}/news.db: the directory {folder} is not writable (SQLite "
            "creates news.db-wal and news.db-shm beside the database)"
        )
    finally:
        folder.chmod(0o755)
    assert len(rows(folder / "news.db", "crawl_runs")) == 2  # the sample's two: no run began


def test_a_lock_file_of_another_user_is_one_line(tmp_path):
    db = tmp_path / "news.db"
    lock = tmp_path / "news.db.lock"
    lock.touch()
    owned_by_someone_else(lock)
    line = one_error_line(crawl(db, privileged=False))
    assert line.startswith(f"cannot open the lock file {lock}: Permission denied")
    if os.geteuid() == 0:  # root could hand the file to another user
        assert line.endswith(
            f"(it belongs to uid {OTHER_UID}: run the crawl as that user, or remove the file if "
            "no crawl is running)"
        )
    assert not db.exists()


def test_a_lock_path_that_is_a_directory_is_one_line(tmp_path):
    db = tmp_path / "news.db"
    (tmp_path / "news.db.lock").mkdir()
    line = one_error_line(crawl(db))
    assert line == (
        f"cannot open the lock file {db}.lock: Is a directory (a directory is in its place; "
        "remove it)"
    )


# --- which database, and its lock --------------------------------------------------------------


def test_a_symlinked_database_path_takes_the_same_lock(tmp_path, site):
    real = tmp_path / "real" / "news.db"
    real.parent.mkdir()
    link = tmp_path / "link.db"
    link.symlink_to(real)
    with RunLock(real):
        line = one_error_line(crawl(link))
        assert line.startswith(f"a crawl is already running on {real} (pid {os.getpid()}")
        result = run(crawl_command("urdupoint_en", link, site.base_url))
        assert result.returncode == 1
        assert f"ERROR: a crawl is already running on {real} (pid" in result.stderr
        assert "Traceback" not in result.stderr
    assert site.request_counts() == {}
    assert not real.exists()


def test_db_and_a_different_urdupoint_db_path_setting_are_refused(tmp_path):
    result = crawl(tmp_path / "a.db", "-s", f"URDUPOINT_DB_PATH={tmp_path / 'b.db'}")
    line = one_error_line(result, status=2)
    assert line == (
        f"--db {tmp_path / 'a.db'} and -s URDUPOINT_DB_PATH={tmp_path / 'b.db'} name different "
        "databases; give the database once, with --db"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_urdupoint_db_path_setting_alone_names_the_database_and_its_lock(tmp_path):
    db = tmp_path / "b.db"
    with RunLock(db):
        result = urdupoint_news(
            "crawl", "urdupoint_en", *fast_settings(UNREACHABLE), "-s", f"URDUPOINT_DB_PATH={db}"
        )
        assert one_error_line(result).startswith(f"a crawl is already running on {db} (pid")


# --- settings -------------------------------------------------------------------------------------


BAD_SETTINGS = {
    "URDUPOINT_BATCH_SIZE=abc": (
        "invalid setting URDUPOINT_BATCH_SIZE='abc': expected a whole number"
    ),
    "URDUPOINT_MAX_REJECT_RATIO=abc": (
        "invalid setting URDUPOINT_MAX_REJECT_RATIO='abc': expected a number"
    ),
    "URDUPOINT_BATCHSIZE=5": (
        "unknown setting URDUPOINT_BATCHSIZE (did you mean URDUPOINT_BATCH_SIZE?)"
    ),
    "DOWNLOAD_DELAY=soon": "invalid setting DOWNLOAD_DELAY='soon': expected a number",
}


@pytest.mark.parametrize(("setting", "message"), BAD_SETTINGS.items())
def test_a_bad_setting_stops_both_crawl_commands_before_anything_happens(
    tmp_path, site, setting, message
):
    db = tmp_path / "news.db"
    command = ["crawl", "urdupoint_en", "--db", str(db), *fast_settings(site.base_url)]
    assert one_error_line(urdupoint_news(*command, "-s", setting), status=2) == message
    name, _, value = setting.partition("=")
    result = run(crawl_command("urdupoint_en", db, site.base_url, **{name: value}))
    assert result.returncode == 2  # bad input, as for urdupoint-news (errors.py)
    assert result.stderr.strip().splitlines()[-1].endswith(f"ERROR: {message}")
    assert "Traceback" not in result.stderr
    assert site.request_counts() == {}  # nothing fetched
    assert list(tmp_path.iterdir()) == []  # nothing written: no database, no lock file


# --- arguments ------------------------------------------------------------------------------------


def test_a_category_that_is_not_a_slug_is_refused_by_both_crawl_commands(tmp_path, site):
    message = (
        "categories: '../../etc' is not a category name (lower-case letters, digits and '-', "
        "e.g. business or crime)"
    )
    result = urdupoint_news(
        "crawl", "urdupoint_en", "--db", str(tmp_path / "n.db"), "-a", "categories=../../etc",
        *fast_settings(site.base_url),
    )  # fmt: skip
    assert one_error_line(result, status=2) == message
    result = run(
        crawl_command("urdupoint_en", tmp_path / "n.db", site.base_url, "categories=../../etc")
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].endswith(f"ERROR: {message}")
    assert site.request_counts() == {}


NOT_UTF8 = [
    (["search", b"caf\xe9"], "Invalid value for 'QUERY': not valid UTF-8: b'caf\\xe9'"),
    (
        ["latest", "--category", b"\xff"],
        "Invalid value for '--category': not valid UTF-8: b'\\xff'",
    ),
    (
        ["crawl", "-a", b"categories=\xff"],
        "Invalid value for '-a': not valid UTF-8: b'categories=\\xff'",
    ),
]


@pytest.mark.parametrize(("args", "message"), NOT_UTF8)
def test_text_arguments_that_are_not_utf8_are_one_line(tmp_path, args, message):
    argv = [os.fsdecode(arg) if isinstance(arg, bytes) else arg for arg in args]
    result = urdupoint_news(*argv, "--db", str(tmp_path / "n.db"))
    assert one_error_line(result, status=2) == message
    assert list(tmp_path.iterdir()) == []


def test_a_database_path_that_is_not_utf8_is_a_path_like_any_other(tmp_path):
    db = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.db"))
    build_sample_archive(db)
    result = urdupoint_news("latest", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "Pakistan, Japan Renew Resolve" in result.stdout


HUGE = "99999999999999999999"  # past 2^63


RANGE = "is not in the range x<=9223372036854775807."
HUGE_NUMBERS = [
    (["latest", "--limit", HUGE], 2, f"Invalid value for '--limit' / '-n': {HUGE} {RANGE}"),
    (["stats", "--days", HUGE], 2, f"Invalid value for '--days': {HUGE} {RANGE}"),
    (["show", HUGE], 1, f"no article with id {HUGE}"),
    (
        ["crawl", "-a", f"max_pages={HUGE}"],
        2,
        f"max_pages must be at most 9223372036854775807, got {HUGE}",
    ),
]


@pytest.mark.parametrize(("args", "status", "message"), HUGE_NUMBERS)
def test_numbers_past_sqlites_integers_are_one_line(tmp_path, args, status, message):
    db = tmp_path / "n.db"
    build_sample_archive(db)
    assert one_error_line(urdupoint_news(*args, "--db", str(db)), status=status) == message


# --- writing results ------------------------------------------------------------------------------


def test_export_to_a_full_device_is_one_line(tmp_path):
    db = tmp_path / "n.db"
    build_sample_archive(db)
    result = urdupoint_news("export", "--db", str(db), "--output", "/dev/full")
    assert one_error_line(result) == "cannot write /dev/full: No space left on device"
    with open("/dev/full", "w") as full:
        for command in (["export"], ["latest"], ["stats"], ["show", "2193301"]):
            result = subprocess.run(
                [sys.executable, "-m", "urdupoint_news.cli", *command, "--db", str(db)],
                cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True, check=False,
            )  # fmt: skip
            assert result.returncode == 1
            assert result.stderr == "Error: cannot write standard output: No space left on device\n"


# --- query commands in a read-only directory -----------------------------------------------------


@pytest.fixture
def read_only_archive(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    build_sample_archive(folder / "news.db")
    assert sorted(p.name for p in folder.iterdir()) == ["news.db"]  # closed: no -wal, no -shm
    folder.chmod(0o555)
    yield folder / "news.db"
    folder.chmod(0o755)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["latest"], "Pakistan, Japan Renew Resolve"),
        (["search", "hockey"], "Asia Cup"),
        (["show", "2193301"], "Muhammad Irfan"),
        (["stats"], "Articles:"),
        (["export"], '"article_id": 2193301'),
    ],
)
def test_query_commands_read_an_archive_in_a_read_only_directory(
    read_only_archive, command, expected
):
    result = urdupoint_news(*command, "--db", str(read_only_archive), privileged=False)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
    assert sorted(p.name for p in read_only_archive.parent.iterdir()) == ["news.db"]


def test_a_write_ahead_log_in_a_read_only_directory_is_explained(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    source = tmp_path / "source.db"
    build_sample_archive(source)
    writer = sqlite3.connect(source)
    writer.execute("pragma wal_autocheckpoint = 0")
    writer.execute("update articles set title = 'Changed' where article_id = 2193301")
    writer.commit()
    # A copy taken while the log still held the change (no -shm: it is not copied).
    shutil.copy(source, folder / "news.db")
    shutil.copy(f"{source}-wal", folder / "news.db-wal")
    writer.close()
    folder.chmod(0o555)
    try:
        result = urdupoint_news("latest", "--db", str(folder / "news.db"), privileged=False)
    finally:
        folder.chmod(0o755)
    db = folder / "news.db"
    assert one_error_line(result) == (
        f"cannot read {db} here: its write-ahead log {db}-wal holds changes not yet in the "
        f"database file, and SQLite cannot create {db}-shm to read it because {folder} is not "
        "writable; open it once where it is writable (any crawl does), or copy the files to a "
        "writable directory"
    )
