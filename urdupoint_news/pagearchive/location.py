"""Where an archive's WARC files live (``URDUPOINT_WARC_DIR``; docs/page-archive.md).

Unset, each database has a directory of its own, named after it: ``data/urdupoint.db`` keeps
its pages in ``data/urdupoint.warc/``, ``data/demo.db`` in ``data/demo.warc/``. Earlier versions
used ``warc/`` beside the database, which two archives in one directory shared (each one's
``pages`` rows then pointed into files the other kept writing). An archive whose pages are
already there keeps using ``warc/`` until it is moved (``mv data/warc data/urdupoint.warc``):
nothing is renamed behind the user's back.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

LEGACY_NAME = "warc"


def own_directory(db_path: str | os.PathLike[str]) -> Path:
    """The WARC directory named after the database: ``<stem>.warc`` beside it."""
    db = Path(os.fspath(db_path))
    return db.with_name(f"{db.stem or db.name}.warc")


def default_directory(db_path: str | os.PathLike[str]) -> Path:
    """The database's own directory, or the shared ``warc/`` where its pages already are."""
    own = own_directory(db_path)
    legacy = Path(os.fspath(db_path)).parent / LEGACY_NAME
    if not own.exists() and legacy.is_dir() and _pages_in(db_path, legacy):
        return legacy
    return own


def warc_directory(settings: Any) -> Path | None:
    """Where a run's WARC files go; None when the page archive is off (an empty setting)."""
    value = settings.get("URDUPOINT_WARC_DIR")
    if value is None:
        return default_directory(settings.get("URDUPOINT_DB_PATH"))
    value = str(value).strip()
    return Path(value) if value else None


def _pages_in(db_path: str | os.PathLike[str], directory: Path) -> bool:
    """Does the database have archived pages in ``directory`` (its first page's file)?"""
    path = os.path.abspath(os.fspath(db_path))
    if not os.path.isfile(path):
        return False
    try:
        connection = sqlite3.connect(f"file:{quote(os.fsencode(path))}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        row = connection.execute("SELECT file FROM pages LIMIT 1").fetchone()
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return bool(row) and (directory / str(row[0])).exists()
