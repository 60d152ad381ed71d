import subprocess
import sys

import pytest

from urdupoint_news.crawl.lock import AlreadyRunning, RunLock


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
