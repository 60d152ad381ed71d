"""The Python API (``urdupoint_news.api``), used the way docs/querying.md shows it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from support.query_db import (
    DUPLICATE_URL,
    REJECT_URL,
    SEED_URL,
    UR_HOCKEY_URL,
    UR_TAAWUN_URL,
    build_sample_archive,
)
from urdupoint_news import api
from urdupoint_news.archive import query
from urdupoint_news.archive.schema import open_database


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    build_sample_archive(path)
    db = open_database(str(path))
    db["article_versions"].insert(
        {
            "url": SEED_URL,
            "title": "Pakistan, Japan Renew Resolve",
            "summary": None,
            "body": "An earlier text.",
            "content_hash": "x",
            "published_at": "2025-09-10T15:10:00+05:00",
            "modified_at": None,
            "fetched_at": "2025-09-10T12:00:00+00:00",
            "superseded_at": "2025-09-10T13:05:00+00:00",
        }
    )
    db.close()
    return path


def test_the_docs_example(path: Path) -> None:
    # As in docs/querying.md "From Python".
    with api.open_archive(path) as archive:
        hits = archive.search("هاكي", edition="ur", limit=5)
        story = archive.article(2193301)
        titles = [a.title for a in archive.records(edition="en", since="2025-09-10")]
        stats = archive.stats()
    assert [hit["url"] for hit in hits] == [UR_HOCKEY_URL]
    assert hits[0]["snippet"] == "پاکستان [ہاکی] ٹیم نے ایشیا کپ میں جاپان کو ہرا دیا"
    assert [copy["url"] for copy in story["copies"]] == [DUPLICATE_URL]
    assert [v["title"] for v in story["versions"]] == ["Pakistan, Japan Renew Resolve"]
    assert titles == [
        "Saudi Interior Ministry Showcases AI, No-Hajj-Without-Permit Campaign",
        "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation",
    ]
    assert stats["articles"] == 7


def test_the_api_returns_what_the_library_returns(path: Path) -> None:
    archive = api.open_archive(path)
    try:
        db = archive.db
        assert archive.latest(limit=3) == query.latest(db, limit=3)
        assert archive.search("japan") == query.search(db, "japan")
        assert list(archive.articles(edition="ur")) == list(
            query.export_rows(db, query.Filters(edition="ur"))
        )
        records = list(archive.records(edition="ur"))
        assert [r.url for r in records] == [
            row["url"] for row in query.export_rows(db, query.Filters(edition="ur"))
        ]
        assert isinstance(records[0], api.Article)
        assert records[-1].url == UR_TAAWUN_URL
    finally:
        archive.close()


def test_rejects_and_their_filters(path: Path) -> None:
    with api.open_archive(path) as archive:
        assert archive.rejects() == [
            {
                "url": REJECT_URL,
                "reason": "empty_body",
                "attempts": None,
                "seen_at": "2025-09-10T13:05:10+00:00",
                "detail": "no paragraphs in div.detail_txt",
            }
        ]
        assert archive.rejects(reason="fetch_failed") == []
        assert archive.rejects(since="2025-09-11") == []
        assert len(archive.rejects(until="2025-09-10")) == 1
        with pytest.raises(api.ArchiveError, match="invalid --since date"):
            archive.rejects(since="yesterday")


def test_daily_counts_list_every_day_of_the_last_weeks(path: Path) -> None:
    with api.open_archive(path) as archive:
        daily = archive.daily_counts(weeks=1)
    assert daily == {
        "en": [
            ("2025-09-04", 0), ("2025-09-05", 0), ("2025-09-06", 0), ("2025-09-07", 0),
            ("2025-09-08", 1), ("2025-09-09", 1), ("2025-09-10", 2),
        ],
        "ur": [
            ("2025-09-04", 0), ("2025-09-05", 0), ("2025-09-06", 0), ("2025-09-07", 0),
            ("2025-09-08", 1), ("2025-09-09", 1), ("2025-09-10", 1),
        ],
    }  # fmt: skip


def test_the_archive_is_read_only(path: Path) -> None:
    with api.open_archive(path) as archive, pytest.raises(sqlite3.OperationalError):
        archive.db.execute("DELETE FROM articles")


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(api.ArchiveError, match="database not found"):
        api.open_archive(tmp_path / "nothing.db")
    assert not (tmp_path / "nothing.db").exists()


def test_show_names_the_earlier_versions(path: Path) -> None:
    from click.testing import CliRunner

    from urdupoint_news.cli import cli

    result = CliRunner().invoke(cli, ["show", "2193301", "--width", "100", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "Versions:  1 earlier text, last replaced 2025-09-10 13:05 UTC\n" in result.stdout
