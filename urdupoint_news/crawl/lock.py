"""One crawl at a time per database: an advisory lock file next to it.

``flock`` locks belong to the process: the kernel releases them when it exits, ``kill -9``
included, so a crashed run never leaves a stale lock behind. The file keeps the holder's pid and
start time only to make the "already running" message useful.

The lock is taken on the database's resolved path (``os.path.realpath``: symlinks, ``..`` and
relative spellings all name one file), so a symlinked path to a database cannot bypass it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path

from urdupoint_news.errors import UserFacingError


class AlreadyRunning(UserFacingError):
    """Another crawl holds the lock on this database."""


class LockUnavailable(UserFacingError):
    """The lock file cannot be created or opened (permissions, a read-only directory...)."""


def resolved_database(db_path: str | os.PathLike[str]) -> Path:
    """The one spelling of a database path: absolute, symlinks resolved."""
    return Path(os.path.realpath(os.fspath(db_path)))


class RunLock:
    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self.database = resolved_database(db_path)
        self.path = self.database.with_name(self.database.name + ".lock")
        self._fd: int | None = None
        self._created = False  # this lock made the file (a refused run takes it away again)

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LockUnavailable(
                f"cannot create the directory {self.path.parent}: {error.strerror}"
            ) from None
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            self._created = True
        except OSError:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as error:
                raise LockUnavailable(self._cannot_open(error)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise AlreadyRunning(
                f"a crawl is already running on {self.database} ({holder})"
            ) from None
        os.ftruncate(fd, 0)
        started = datetime.now(UTC).replace(microsecond=0).isoformat()
        os.write(fd, f"pid {os.getpid()}, started {started}\n".encode())
        self._fd = fd

    def _cannot_open(self, error: OSError) -> str:
        where = f"cannot open the lock file {self.path}: {error.strerror}"
        if error.errno == errno.EISDIR:
            return f"{where} (a directory is in its place; remove it)"
        if error.errno == errno.EROFS:
            return f"{where} (crawls write next to the database: give a --db on a writable disk)"
        if error.errno in (errno.EACCES, errno.EPERM):
            try:
                owner = self.path.stat().st_uid
            except OSError:
                return (
                    f"{where} (the directory {self.path.parent} is not writable: run as a user "
                    "who can write there, or give another --db)"
                )
            if owner != os.geteuid():
                return (
                    f"{where} (it belongs to uid {owner}: run the crawl as that user, or remove "
                    "the file if no crawl is running)"
                )
        return where

    @property
    def fds(self) -> tuple[int, ...]:
        """The locked file, for child processes that must keep holding the lock if we die."""
        return (self._fd,) if self._fd is not None else ()

    def abandon(self) -> None:
        """Release the lock of a run that was refused before it started, and remove the lock
        file if this lock made it (``crawl --db README.md`` leaves no ``README.md.lock``). The
        file goes while still locked, so no other run can be holding it."""
        if self._fd is not None and self._created:
            with contextlib.suppress(OSError):
                self.path.unlink()
        self.release()

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
