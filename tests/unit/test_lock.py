import subprocess
import sys

import pytest

from urdupoint_news.crawl.lock import AlreadyRunning, LockUnavailable, RunLock


def test_second_lock_on_same_database_is_refused_with_holder(tmp_path):
    db = tmp_path / "news.db"
    with (
        RunLock(db),
        pytest.raises(AlreadyRunning, match=r"already running on .*news\.db \(pid \d+"),
    ):
        RunLock(db).acquire()
    RunLock(db).acquire()  # released: free again


def test_lock_of_a_killed_process_is_released(tmp_path):
    db = tmp_path / "news.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from urdupoint_news.crawl.lock import RunLock; "
            f"RunLock({str(db)!r}).acquire(); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyRunning):
            RunLock(db).acquire()
    finally:
        holder.kill()  # SIGKILL: no clean-up code runs in the holder
        holder.wait()
    lock = RunLock(db)
    lock.acquire()
    lock.release()


def test_the_lock_is_taken_on_the_resolved_database_path(tmp_path):
    real = tmp_path / "real" / "news.db"
    real.parent.mkdir()
    link = tmp_path / "link.db"
    link.symlink_to(real)
    with RunLock(real), pytest.raises(AlreadyRunning, match=f"already running on {real} "):
        RunLock(link).acquire()
    # Other spellings of one path: relative, with "..", through a symlinked directory.
    (tmp_path / "dirlink").symlink_to(real.parent)
    for spelling in (
        tmp_path / "real" / ".." / "real" / "news.db",
        tmp_path / "dirlink" / "news.db",
    ):
        assert RunLock(spelling).path == real.with_name("news.db.lock")


def test_a_lock_file_that_cannot_be_opened_is_one_line(tmp_path):
    (tmp_path / "news.db.lock").mkdir()
    with pytest.raises(LockUnavailable) as caught:
        RunLock(tmp_path / "news.db").acquire()
    assert str(caught.value) == (
        f"cannot open the lock file {tmp_path}/news.db.lock: Is a directory (a directory is in its "
        "place; remove it)"
    )


def test_a_database_directory_that_cannot_be_made_is_one_line(tmp_path):
    (tmp_path / "file").write_text("not a directory")
    with pytest.raises(LockUnavailable) as caught:
        RunLock(tmp_path / "file" / "sub" / "news.db").acquire()
    assert str(caught.value) == f"cannot create the directory {tmp_path}/file/sub: Not a directory"
