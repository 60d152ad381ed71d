"""What m004_query_speed adds for large archives keeps every answer the same: the article counts
``stats`` reads follow every write, and search ranks the same articles."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlite_utils import Database

from urdupoint_news.archive import query
from urdupoint_news.archive.schema import migrations, open_database
from urdupoint_news.archive.storage import Archive
from urdupoint_news.site.items import ArticleItem

SITE = "https://www.urdupoint.com"


def article(number: int, **fields: object) -> dict:
    return {
        "url": f"{SITE}/en/sports/story-{number}.html",
        "article_id": number,
        "edition": "en",
        "category": "sports",
        "title": f"Story {number}",
        "published_at": "2025-09-10T10:00:00+05:00",
        "body": f"Body of story {number}.",
        **fields,
    }


def kept_counts(db: Database) -> tuple[dict, dict]:
    by_day = {row["day"]: row["articles"] for row in db["article_counts_by_day"].rows}
    by_category = {
        (row["edition"], row["category"]): row["articles"]
        for row in db["article_counts_by_category"].rows
    }
    return by_day, by_category


def article_stats(db: Database) -> dict:
    result = query.stats(db, days=10)
    return {key: result[key] for key in ("articles", "editions", "categories", "days")}


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(str(tmp_path / "a.db"))
    yield database
    database.close()


def test_counts_follow_inserts_updates_and_deletes(db: Database) -> None:
    articles = db["articles"]
    articles.insert(article(1, published_at="2025-09-09T20:00:00+05:00"))
    articles.insert(article(2, category=None))
    articles.insert(article(3, edition="ur", url=f"{SITE}/daily/livenews/2025-09-10/news-3.html"))
    assert kept_counts(db) == (
        {"2025-09-09": 1, "2025-09-10": 2},
        {("en", "sports"): 1, ("en", None): 1, ("ur", "sports"): 1},
    )

    # Moved to another category and day: counted there, and the emptied day is gone.
    articles.update(
        article(1)["url"], {"category": "business", "published_at": "2025-09-10T09:00:00+05:00"}
    )
    assert kept_counts(db) == (
        {"2025-09-10": 3},
        {("en", "business"): 1, ("en", None): 1, ("ur", "sports"): 1},
    )

    # Updates of other columns, and upserts that keep the keys, change nothing.
    articles.update(article(2)["url"], {"title": "Story 2, updated"})
    articles.upsert(article(1, category="business", published_at="2025-09-10T09:00:00+05:00"),
                    pk="url")  # fmt: skip
    assert kept_counts(db) == (
        {"2025-09-10": 3},
        {("en", "business"): 1, ("en", None): 1, ("ur", "sports"): 1},
    )

    articles.delete(article(2)["url"])
    articles.delete_where("article_id = ?", [3])
    assert kept_counts(db) == ({"2025-09-10": 1}, {("en", "business"): 1})
    assert article_stats(db) == {
        "articles": 1,
        "editions": {"en": 1},
        "categories": [
            {
                "category": "business",
                "articles": 1,
                "last_published_at": "2025-09-10T09:00:00+05:00",
            }
        ],
        "days": [{"day": "2025-09-10", "articles": 1}],
    }


def test_counts_follow_a_crawls_writes(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "a.db")
    item = ArticleItem(**{**article(1), "content_hash": "h1"})
    copy = replace(item, url=f"{SITE}/en/sports/copy-2.html", article_id=2, content_hash="h2")
    archive.store(item, seen_at="2025-09-10T06:00:00+00:00")
    archive.store(copy, seen_at="2025-09-10T06:00:00+00:00")
    # The story is published again under a new date and section: an update.
    moved = replace(
        item, category="world", published_at="2025-09-11T08:00:00+05:00", content_hash="h3"
    )
    assert archive.store(moved, seen_at="2025-09-11T06:00:00+00:00") == "updated"
    archive.demote(copy.url, duplicate_of=item.url, kind="near", similarity=0.9, seen_at="t")
    archive.commit()
    assert kept_counts(archive.db) == ({"2025-09-11": 1}, {("en", "world"): 1})
    archive.close()


def test_the_migration_counts_the_articles_already_stored(tmp_path: Path) -> None:
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m004_query_speed")
    db["articles"].insert_all(
        [
            article(1, published_at="2025-09-08T10:00:00+05:00"),
            article(2, edition="ur", category="world"),
            article(3, edition="ur", category="world"),
        ]
    )
    migrations.apply(db)
    assert kept_counts(db) == (
        {"2025-09-08": 1, "2025-09-10": 2},
        {("en", "sports"): 1, ("ur", "world"): 2},
    )
    assert days_band(db) == {"2025-09-08": (1, 1), "2025-09-10": (2, 3)}
    assert facets(db) == article_columns(db)


EXPECTED_STATS = {
    "articles": 3,
    "editions": {"en": 1, "ur": 2},
    "categories": [
        {"category": "world", "articles": 2, "last_published_at": "2025-09-10T10:00:00+05:00"},
        {"category": "sports", "articles": 1, "last_published_at": "2025-09-08T10:00:00+05:00"},
    ],
    "days": [{"day": "2025-09-10", "articles": 2}, {"day": "2025-09-08", "articles": 1}],
}


def test_stats_of_an_archive_not_yet_migrated_counts_the_articles(tmp_path: Path) -> None:
    # The query commands never migrate: an archive last written by an older version has no
    # count tables until the next crawl.
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m004_query_speed")
    db["articles"].insert_all(
        [
            article(1, published_at="2025-09-08T10:00:00+05:00"),
            article(2, edition="ur", category="world"),
            article(3, edition="ur", category="world"),
        ]
    )
    assert "article_counts_by_day" not in db.table_names()
    assert article_stats(db) == EXPECTED_STATS


def test_stats_counts_the_articles_when_a_writer_bypassed_the_triggers(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = open_database(str(path))
    db["articles"].insert_all(
        [
            article(1, published_at="2025-09-08T10:00:00+05:00"),
            article(2, edition="ur", category="world"),
            article(3, edition="ur"),
        ]
    )
    # Another program's INSERT OR REPLACE deletes the old row without running delete triggers
    # (SQLite runs them only with recursive_triggers on, which sqlite-utils turns on but a
    # plain connection does not): the kept counts now say 4 articles.
    row = article(3, edition="ur", category="world")
    other = sqlite3.connect(path)
    with other:
        other.execute(
            f"INSERT OR REPLACE INTO articles ({', '.join(row)})"
            f" VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
    other.close()
    assert sum(kept_counts(db)[0].values()) == 4
    assert article_stats(db) == EXPECTED_STATS
    db.close()


# --- search: ranking the newest matches of a very common query ----------------------------------
WORDS = ["pakistan", "japan", "hockey", "cricket", "trade", "minister", "talks", "match", "team"]


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """60 stories of both editions whose titles and bodies mix ten words in varied amounts, so
    bm25 scores differ, stored in an order unrelated to their publication."""
    path = tmp_path_factory.mktemp("small") / "a.db"
    db = open_database(str(path))
    pick = random.Random(11)
    rows = []
    for n in range(60):
        day, hour = pick.randint(1, 28), pick.randint(0, 23)
        rows.append(
            article(
                n,
                edition=pick.choice(["en", "en", "ur"]),
                category=pick.choice(["sports", "business", "world"]),
                author=pick.choice(["Ali Raza", "Sana Malik", None]),
                title=" ".join(pick.choices(WORDS, k=pick.randint(2, 5))).title(),
                published_at=f"2025-09-{day:02d}T{hour:02d}:00:00+05:00",
                body=" ".join(pick.choices(WORDS, k=pick.randint(5, 40))) + ".",
            )
        )
    db["articles"].insert_all(rows)
    yield db
    db.close()


@pytest.mark.parametrize("text", ["hockey", "pakistan japan", "trade OR talks", '"match team"'])
@pytest.mark.parametrize(
    "filters",
    [
        query.Filters(),
        query.Filters(edition="en"),
        query.Filters(category="sports", since="2025-09-05"),
        query.Filters(author="raza"),
    ],
)
@pytest.mark.parametrize("limit", [1, 5, 20])
def test_search_ranking_the_newest_matches_equals_ranking_all_when_they_are_all(
    small_archive: Database, text: str, filters: query.Filters, limit: int
) -> None:
    every = query.search(small_archive, text, filters, limit=limit, ranked=None)
    assert every  # the case is not vacuous
    assert query.search(small_archive, text, filters, limit=limit, ranked=60) == every


def reference_search(db: Database, text: str, filters: query.Filters, limit: int) -> list[dict]:
    """Search as one statement over every match, as it was before m004_query_speed: the
    definition the faster search must keep to."""
    clauses, params = filters.where("a")
    sql = f"""
        SELECT {", ".join(f"a.{c}" for c in query.LIST_COLUMNS)},
               snippet(articles_fts, -1, '[', ']', '…', 16) AS snippet
        FROM articles_fts JOIN articles AS a ON a.rowid = articles_fts.rowid
        WHERE articles_fts MATCH ? {"".join(" AND " + c for c in clauses)}
        ORDER BY bm25(articles_fts, 10.0, 4.0, 1.0), a.published_at DESC
        LIMIT ?
    """
    rows = list(db.query(sql, [query.fts_query(text), *params, limit]))
    for row in rows:
        row["snippet"] = " ".join(row["snippet"].split())
    return rows


@pytest.mark.parametrize("text", ["hockey", "trade OR talks", "japan cricket", "title:minister"])
@pytest.mark.parametrize(
    "filters",
    [
        query.Filters(),
        query.Filters(edition="ur", since="2025-09-10"),
        query.Filters(category="world"),
        query.Filters(author="malik", until="2025-09-20"),
    ],
)
def test_search_gives_what_one_statement_over_every_match_gives(
    small_archive: Database, text: str, filters: query.Filters
) -> None:
    for limit in (1, 3, 100):
        expected = reference_search(small_archive, text, filters, limit)
        assert expected
        assert query.search(small_archive, text, filters, limit=limit) == expected


def test_search_of_more_matches_than_it_ranks_ranks_the_newest_stored(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "a.db"))
    db["articles"].insert_all(
        [
            # The best match, stored first (rowid 1).
            article(1, title="Hockey hockey", body="Hockey."),
            article(2, title="Cup", body="A hockey final."),
            article(3, title="Cup", body="Hockey and more hockey.", category="world"),
        ]
    )
    every = query.search(db, "hockey", limit=2, ranked=None)
    assert [row["article_id"] for row in every] == [1, 3]
    newest = query.search(db, "hockey", limit=2, ranked=2)
    assert [row["article_id"] for row in newest] == [3, 2]
    # The filters choose the matches before the bound: the newest match in sports is 2.
    sports = query.search(db, "hockey", query.Filters(category="sports"), limit=1, ranked=1)
    assert [row["article_id"] for row in sports] == [2]
    # Never fewer candidates than the results asked for.
    assert len(query.search(db, "hockey", limit=3, ranked=1)) == 3
    db.close()


def test_search_breaks_equal_scores_by_publication_across_the_limit(tmp_path: Path) -> None:
    # Three copies of one story (equal bm25 scores), stored oldest, newest, middle.
    db = open_database(str(tmp_path / "a.db"))
    db["articles"].insert_all(
        [
            article(n, title="Hockey final", body="Pakistan won.", published_at=f"2025-09-{d}")
            for n, d in [(1, "01"), (2, "03"), (3, "02")]
        ]
    )
    for limit, expected in [(1, [2]), (2, [2, 3]), (3, [2, 3, 1])]:
        rows = query.search(db, "hockey", limit=limit)
        assert [row["article_id"] for row in rows] == expected
    db.close()


# --- --author: the names kept by m004 -----------------------------------------------------------
@pytest.mark.parametrize("author", ["raza", "Sana Malik", "a", "%", "nobody"])
@pytest.mark.parametrize("edition", [None, "en"])
def test_author_filter_selects_the_same_articles_by_name_lookup_as_by_like(
    small_archive: Database, monkeypatch: pytest.MonkeyPatch, author: str, edition: str | None
) -> None:
    filters = query.Filters(author=author, edition=edition)
    monkeypatch.setattr(query, "AUTHOR_LOOKUP_SHARE", 0.0)  # every article's author tested
    assert query._author_names(small_archive, filters) is None
    tested = (
        query.latest(small_archive, filters, limit=100),
        list(query.export_rows(small_archive, filters)),
        query.search(small_archive, "hockey OR trade", filters, limit=100),
    )
    monkeypatch.setattr(query, "AUTHOR_LOOKUP_SHARE", 1.0)  # the names looked up
    assert query._author_names(small_archive, filters) is not None
    looked_up = (
        query.latest(small_archive, filters, limit=100),
        list(query.export_rows(small_archive, filters)),
        query.search(small_archive, "hockey OR trade", filters, limit=100),
    )
    assert looked_up == tested


def test_author_names_follow_the_articles(db: Database) -> None:
    db["articles"].insert_all([article(1, author="Ali Raza"), article(2, author=None)])
    db["articles"].update(article(1)["url"], {"author": "Ali Raza Khan"})
    names = {row["author"]: row["articles"] for row in db["article_counts_by_author"].rows}
    assert names == {"Ali Raza Khan": 1, None: 1}
    assert [row["article_id"] for row in query.latest(db, query.Filters(author="khan"))] == [1]
    db["articles"].delete(article(1)["url"])
    assert query.latest(db, query.Filters(author="khan")) == []
    assert {row["author"] for row in db["article_counts_by_author"].rows} == {None}


# --- article_facets ------------------------------------------------------------------------------
def facets(db: Database) -> list[tuple]:
    return db.execute(
        "SELECT id, published_at, edition, category, author FROM article_facets ORDER BY id"
    ).fetchall()


def article_columns(db: Database) -> list[tuple]:
    return db.execute(
        "SELECT rowid, published_at, edition, category, author FROM articles ORDER BY rowid"
    ).fetchall()


def test_facets_follow_inserts_updates_and_deletes(db: Database) -> None:
    articles = db["articles"]
    articles.insert_all([article(1), article(2, author="Ali Raza"), article(3, edition="ur")])
    assert facets(db) == article_columns(db) != []
    articles.update(article(1)["url"], {"category": "world", "author": "Sana Malik"})
    articles.update(article(2)["url"], {"published_at": "2025-09-11T08:00:00+05:00"})
    articles.update(article(3)["url"], {"title": "Only the title"})
    articles.upsert(article(3, edition="ur", category=None), pk="url")
    assert facets(db) == article_columns(db)
    articles.delete(article(2)["url"])
    assert facets(db) == article_columns(db)
    assert [row[0] for row in facets(db)] == [1, 3]


def test_search_skips_matches_whose_article_a_plain_replace_removed(tmp_path: Path) -> None:
    # INSERT OR REPLACE from a plain connection removes the old row without the delete
    # triggers: its full-text entries and facets stay behind, pointing at no article.
    path = tmp_path / "a.db"
    db = open_database(str(path))
    db["articles"].insert_all(
        [article(n, title="Hockey final", body="Hockey " * n) for n in range(1, 6)]
    )
    other = sqlite3.connect(path)
    with other:
        other.execute(
            "INSERT OR REPLACE INTO articles (url, title, published_at, body, category)"
            " VALUES (?, 'Cricket', '2025-09-10T10:00:00+05:00', 'Cricket.', 'sports')",
            [article(5)["url"]],
        )
    other.close()
    for filters in (query.Filters(), query.Filters(category="sports")):
        rows = query.search(db, "hockey", filters, limit=4)
        assert sorted(row["article_id"] for row in rows) == [1, 2, 3, 4]
        assert rows == reference_search(db, "hockey", filters, 4)
    db.close()


# --- export as JSON Lines ------------------------------------------------------------------------
TRICKY = (
    'Quote " backslash \\ slash / tab \t return \r\nnew paragraph\n\n'
    "controls \x00\x01\x1f\x7f separators \u2028\u2029 emoji \U0001f600 Urdu پاکستان کی"
)


def test_json_lines_are_what_json_dumps_writes_of_each_row(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    db["articles"].insert_all(
        [
            article(1, title=TRICKY, summary=None, body=TRICKY, word_count=12),
            # SQLite keeps a value of another type as it is given: json.dumps decides.
            article(2, word_count=1e300, author="ستر", dateline=""),
            article(3, edition="ur", word_count="سات", article_id=None),
        ]
    )
    rows = list(query.export_rows(db))
    expected = [(json.dumps(row, ensure_ascii=False) + "\n").encode() for row in rows]
    assert len(expected) == 3
    assert query._sqlite_quotes_like_python(db)  # the SQLite the tests run with
    assert list(query.export_jsonl(db)) == expected
    monkeypatch.setattr(query, "_sqlite_quotes_like_python", lambda db: False)
    assert list(query.export_jsonl(db)) == expected


def test_sqlite_quotes_every_character_as_python_json_when_the_probe_says_so(
    db: Database,
) -> None:
    characters = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    alike = all(
        db.execute("SELECT json_quote(?)", [text]).fetchone()[0]
        == json.dumps(text, ensure_ascii=False)
        for text in ("".join(characters[i : i + 4096]) for i in range(0, len(characters), 4096))
    )
    assert alike == query._sqlite_quotes_like_python(db)


# --- the rowid band of each day ------------------------------------------------------------------
def days_band(db: Database) -> dict[str, tuple[int, int]]:
    rows = db.execute("SELECT day, first_rowid, last_rowid FROM article_counts_by_day")
    return {day: (first, last) for day, first, last in rows}


def test_a_search_limited_to_days_finds_articles_stored_and_moved_in_any_order(
    db: Database,
) -> None:
    def found(since: str, until: str) -> list[int]:
        rows = query.search(db, "hockey", query.Filters(since=since, until=until))
        return sorted(row["article_id"] for row in rows)

    # Stored out of publication order, as a backfill stores them.
    db["articles"].insert_all(
        [
            article(n, body="Hockey.", published_at=f"2025-09-{day}T10:00:00+05:00")
            for n, day in [(1, "12"), (2, "10"), (3, "12"), (4, "11")]
        ]
    )
    assert days_band(db) == {"2025-09-10": (2, 2), "2025-09-11": (4, 4), "2025-09-12": (1, 3)}
    assert found("2025-09-12", "2025-09-12") == [1, 3]
    assert found("2025-09-10", "2025-09-11") == [2, 4]
    # Moved to another day: the day it moved to takes its rowid in.
    db["articles"].update(article(1)["url"], {"published_at": "2025-09-10T08:00:00+05:00"})
    assert days_band(db)["2025-09-10"] == (1, 2)
    assert found("2025-09-10", "2025-09-10") == [1, 2]
    assert found("2025-09-12", "2025-09-12") == [3]
    # A deleted article leaves its day's band as it was (wide is never wrong).
    db["articles"].delete(article(2)["url"])
    assert days_band(db)["2025-09-10"] == (1, 2)
    assert found("2025-09-09", "2025-09-10") == [1]
    assert found("2025-09-01", "2025-09-09") == []
    assert found("2025-09-11", "2025-09-30") == [3, 4]
