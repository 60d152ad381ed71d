"""One crawl at a time per database: an advisory lock file next to it.

``flock`` locks belong to the process: the kernel releases them when it exits, ``kill -9``
included, so a crashed run never leaves a stale lock behind. The file keeps the holder's pid and
start time only to make the "already running" message useful.
"""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path

from urdupoint_news.errors import UserFacingError


class AlreadyRunning(UserFacingError):
    """Another crawl holds the lock on this database."""


class RunLock:
    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise AlreadyRunning(
                f"a crawl is already running on {self.path.with_suffix('')} ({holder})"
            ) from None
        os.ftruncate(fd, 0)
        started = datetime.now(UTC).replace(microsecond=0).isoformat()
        os.write(fd, f"pid {os.getpid()}, started {started}\n".encode())
        self._fd = fd

    @property
    def fds(self) -> tuple[int, ...]:
        """The locked file, for child processes that must keep holding the lock if we die."""
        return (self._fd,) if self._fd is not None else ()

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
