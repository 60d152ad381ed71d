"""Opening the archive file, with one clear line for each way it can be unusable.

``open_for_writing`` is what a crawl uses before it fetches anything: the file is created or
migrated then, so a directory given as the database, a file that is not SQLite, a damaged one, a
read-only directory or disk all stop the run at once with one line saying which and what to do.

``open_for_reading`` is what the query commands use: a read-only connection, which also works in
a directory the user cannot write. SQLite needs a ``-shm`` file beside a WAL database to read it;
where that file cannot be created, the database is opened as immutable -- exact, because then
there is no write-ahead log with changes the database file lacks (and nobody can be writing:
the directory is read-only). When such a log is there, the error says so instead.
"""

from __future__ import annotations

import os
import sqlite3
from urllib.parse import quote

from sqlite_utils import Database

from urdupoint_news.archive.schema import open_database
from urdupoint_news.errors import UserFacingError

# Tables sqlite-utils' migrations keep; a database holding neither these nor ours is someone
# else's, and a crawl must not add its tables to it.
MIGRATIONS_TABLE = "_sqlite_migrations"


class DatabaseUnusable(UserFacingError):
    """The database file cannot be used; the message says why and what to do."""


def open_for_writing(path: str | os.PathLike[str]) -> Database:
    """The archive at ``path``, created or migrated; raises ``DatabaseUnusable``."""
    path = os.fspath(path)
    if os.path.isdir(path):
        raise DatabaseUnusable(
            f"{path} is a directory, not a database file (give a file, e.g. "
            f"{os.path.join(path, 'urdupoint.db')})"
        )
    parent = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as error:
        raise DatabaseUnusable(f"cannot create the directory {parent}: {error.strerror}") from None
    _refuse_truncated(path, writing=True)
    db = None
    try:
        if os.path.exists(path):
            db = open_database(path, create=False)
            _refuse_foreign(db, path)
            db.close()
        db = open_database(path)
        return db
    except sqlite3.Error as error:
        if db is not None:
            db.close()
        raise DatabaseUnusable(explain(path, error, writing=True)) from None


def check_writable(path: str | os.PathLike[str]) -> None:
    """Open, create or migrate the archive and close it again; raises ``DatabaseUnusable``."""
    open_for_writing(path).close()


def _refuse_foreign(db: Database, path: str) -> None:
    tables = set(db.table_names())
    if tables and not tables & {"articles", MIGRATIONS_TABLE}:
        shown = ", ".join(sorted(tables)[:5])
        raise DatabaseUnusable(
            f"{path} is a SQLite database of something else (tables: {shown}); give another --db"
        )


def open_for_reading(path: str | os.PathLike[str]) -> Database:
    """A read-only connection to the database at ``path`` (which must exist and be a file);
    raises ``DatabaseUnusable``."""
    path = os.fspath(path)
    if os.path.isdir(path):
        raise DatabaseUnusable(f"{path} is a directory, not a database file")
    _refuse_truncated(path)
    try:
        return Database(_connect(path, "mode=ro"))
    except sqlite3.Error as error:
        if _errorname(error) not in ("SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN"):
            raise DatabaseUnusable(explain(path, error)) from None
        if not os.access(path, os.R_OK):
            raise DatabaseUnusable(f"cannot read {path}: permission denied") from None
        wal = f"{path}-wal"
        if os.path.exists(wal) and os.path.getsize(wal) > 0:
            raise DatabaseUnusable(
                f"cannot read {path} here: its write-ahead log {wal} holds changes not yet in "
                f"the database file, and SQLite cannot create {path}-shm to read it because "
                f"{os.path.dirname(os.path.abspath(path))} is not writable; open it once where "
                "it is writable (any crawl does), or copy the files to a writable directory"
            ) from None
    try:
        return Database(_connect(path, "immutable=1"))
    except sqlite3.Error as error:
        raise DatabaseUnusable(explain(path, error)) from None


def _refuse_truncated(path: str, *, writing: bool = False) -> None:
    """A file cut short (a copy that stopped, a full disk) opens fine and fails later, in the
    middle of a run or a query. Its header hints at it (the size the file had at its last
    write), but only SQLite can tell: a full disk during a checkpoint leaves page 1 written and
    later pages not, while the write-ahead log beside the file still holds every page. So a
    header that disagrees with the file is a question for SQLite, never a verdict: a writer
    checkpoints the log into the file first, then ``quick_check`` judges; only a database SQLite
    itself finds damaged is refused."""
    if not _header_disagrees(path):
        return
    if writing and _wal_holds_frames(path):
        _checkpoint(path)
        if not _header_disagrees(path):
            return
    if _sound(path, writing=writing):
        return
    pages, size = _header_pages(path)
    raise DatabaseUnusable(
        f"{path} is truncated: its header says {pages} bytes but the file holds "
        f"{size}; restore it from a backup, or recover what it holds with: "
        f"sqlite3 {path} .recover | sqlite3 recovered.db"
    )


def _header_pages(path: str) -> tuple[int, int]:
    """(bytes the header says the file holds, bytes it holds); (0, 0) when not SQLite."""
    try:
        with open(path, "rb") as file:
            header = file.read(100)
        size = os.path.getsize(path)
    except OSError:
        return 0, 0  # SQLite will say what is wrong
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        return 0, 0
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is valid only when written by the same change as the change counter.
    if header[24:28] != header[92:96]:
        return 0, 0
    return pages * page_size, size


def _header_disagrees(path: str) -> bool:
    expected, size = _header_pages(path)
    return size < expected


def _wal_holds_frames(path: str) -> bool:
    # A WAL file is a 32-byte header, then frames: anything past the header may be pages the
    # database file lacks.
    try:
        return os.path.getsize(f"{path}-wal") > 32
    except OSError:
        return False


def _checkpoint(path: str) -> None:
    """Copy the write-ahead log into the database file (SQLite's own recovery). A failure (the
    disk still full) is left for the opening that follows to report."""
    try:
        connection = _connect(path, "mode=rw")
    except sqlite3.Error:
        return
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.Error:
        pass
    finally:
        connection.close()


def _sound(path: str, *, writing: bool) -> bool:
    """Does SQLite, reading through the write-ahead log, find the database whole?"""
    try:
        connection = _connect(path, "mode=rw" if writing else "mode=ro")
    except sqlite3.Error:
        return False
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return rows == [("ok",)]


def _connect(path: str, mode: str) -> sqlite3.Connection:
    # A file: URI of the absolute path's bytes, percent-encoded (any file name works).
    uri = "file:" + quote(os.fsencode(os.path.abspath(path))) + "?" + mode
    connection = sqlite3.connect(uri, uri=True)
    try:
        connection.execute("PRAGMA busy_timeout = 30000")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def _errorname(error: sqlite3.Error) -> str:
    return getattr(error, "sqlite_errorname", "") or ""


def explain(path: str, error: sqlite3.Error, *, writing: bool = False) -> str:
    """One line for a SQLite error met opening or reading ``path``."""
    name = _errorname(error)
    if name == "SQLITE_NOTADB":
        return f"{path} is not a SQLite database (or is damaged from its first page)"
    if name.startswith("SQLITE_CORRUPT") or "malformed" in str(error):
        return (
            f"{path} is damaged ({error}): restore it from a backup, or recover what it holds "
            f"with: sqlite3 {path} .recover | sqlite3 recovered.db"
        )
    if name == "SQLITE_FULL":
        return f"cannot write {path}: the disk is full"
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        reason = _why_not_writable(path) if writing else None
        if reason:
            return f"cannot write {path}: {reason}"
        return f"cannot open {path}: {error}"
    return f"cannot {'write' if writing else 'read'} {path}: {error}"


def _why_not_writable(path: str) -> str | None:
    parent = os.path.dirname(os.path.abspath(path))
    try:
        if os.statvfs(parent).f_flag & os.ST_RDONLY:
            return f"{parent} is on a read-only file system"
    except OSError:
        pass
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return "the file is read-only (or belongs to another user)"
    if not os.access(parent, os.W_OK):
        name = os.path.basename(path)
        return (
            f"the directory {parent} is not writable (SQLite creates {name}-wal and "
            f"{name}-shm beside the database)"
        )
    return None
