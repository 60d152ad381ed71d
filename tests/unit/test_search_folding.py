"""Search on folded text (m012_folded_search): the index holds every article's title, summary and
body folded by ``normalize.SEARCH_FOLD``, queries are folded the same way, and snippets show the
text as published."""

from __future__ import annotations

import random
import sqlite3

import pytest
from sqlite_utils import Database

from urdupoint_news.archive import query, snippets
from urdupoint_news.archive.schema import (
    FOLDED_SEARCH_MIGRATION,
    migrations,
    open_database,
    search_fold_steps,
)
from urdupoint_news.site.normalize import SEARCH_FOLD, fold_for_search, matching_text

SITE = "https://www.urdupoint.com"

# One sentence per spelling variant of the issue, and the spellings that must find it.
VARIANTS = [
    # (published text, what people type)
    ("وزیر داخلہ سَلِیم اَخْتَر نے اجلاس کی صدارت کی", ["سلیم اختر", "سَلِیم اختر"]),
    ("کريم آباد میں نیا پل کھل گیا", ["کریم آباد", "كريم آباد", "کريم آباد"]),
    ("ملک ۱۹۴۷ میں آزاد ہوا", ["1947", "۱۹۴۷", "١٩٤٧"]),
    ("جنگ 1965 میں ہوئی", ["۱۹۶۵", "1965"]),
    ("اللّٰہ کا شکر ادا کیا", ["اللہ", "الله", "اللّٰہ"]),
    ("وزیرِ خارجہ نے دورہ کیا", ["وزیر خارجہ", "وزیرِ خارجہ"]),
    ("وزیراعلیٰ نے افتتاح کیا", ["وزیراعلی", "وزیراعلیٰ"]),
    ("پاکـــستان زندہ باد", ["پاکستان"]),
    ("The café in Peshawar reopened", ["cafe", "café", "CAFÉ"]),
    ("Officials said the “Green Line” project is ready", ['"green line"', "“Green Line”"]),
    ("Pakistan’s exports grew", ["Pakistan's", "Pakistan’s"]),
    ("The U.S. envoy arrived in Islamabad", ["US envoy", "U.S. envoy"]),
    ("The US embassy issued a statement", ["U.S. embassy", "US embassy"]),
]


def _archive(path: str) -> Database:
    db = open_database(path)
    with db.conn:
        for n, (text, _) in enumerate(VARIANTS):
            db["articles"].insert(
                {
                    "url": f"{SITE}/daily/livenews/2025-09-10/news-{4600000 + n}.html",
                    "article_id": 4600000 + n,
                    "edition": "ur",
                    "title": f"خبر {n}",
                    "body": f"پہلا جملہ۔ {text}۔ آخری جملہ۔",
                    "published_at": f"2025-09-{10 + n:02d}T10:00:00+05:00",
                }
            )
    return db


@pytest.fixture
def db(tmp_path) -> Database:
    return _archive(str(tmp_path / "news.db"))


@pytest.mark.parametrize(
    ("n", "typed"), [(n, typed) for n, (_, spellings) in enumerate(VARIANTS) for typed in spellings]
)
def test_every_spelling_finds_the_story(db: Database, n: int, typed: str) -> None:
    found = [row["article_id"] for row in query.search(db, typed)]
    assert found == [4600000 + n]


def test_the_snippet_shows_the_text_as_published_with_the_match_marked(db: Database) -> None:
    (row,) = query.search(db, "سلیم اختر")
    assert row["snippet"] == "پہلا جملہ۔ وزیر داخلہ [سَلِیم] [اَخْتَر] نے اجلاس کی صدارت کی۔ آخری جملہ۔"
    (row,) = query.search(db, "1947")
    assert "[۱۹۴۷]" in row["snippet"]
    (row,) = query.search(db, "US envoy")
    assert "The [U.S]. [envoy] arrived" in row["snippet"]  # as FTS5 marks tokens
    (row,) = query.search(db, "cafe")
    assert "The [café] in Peshawar" in row["snippet"]


def test_the_index_holds_the_folded_text_whoever_writes(tmp_path) -> None:
    path = str(tmp_path / "news.db")
    open_database(path).close()
    # A plain connection, no function registered: the triggers fold in SQL alone.
    plain = sqlite3.connect(path)
    with plain:
        plain.execute(
            "INSERT INTO articles (url, title, body, published_at) VALUES (?, ?, ?, ?)",
            ["u", "اللّٰہ", "کريم ۱۹۴۷ سَلِیم", "2025-09-10T10:00:00+05:00"],
        )
        plain.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, row)")
        terms = {term for (term,) in plain.execute("SELECT term FROM temp.vocab")}
    assert terms == {"اللہ", "کریم", "1947", "سلیم"}
    with plain:  # updates and deletes take the folded text out again
        plain.execute("UPDATE articles SET body = 'x' WHERE url = 'u'")
        assert {t for (t,) in plain.execute("SELECT term FROM temp.vocab")} == {"اللہ", "x"}
        plain.execute("DELETE FROM articles")
        assert plain.execute("SELECT count(*) FROM temp.vocab").fetchone()[0] == 0
        plain.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    plain.close()


def test_the_fold_in_sql_equals_the_fold_in_python() -> None:
    rng = random.Random(22)
    alphabet = [*SEARCH_FOLD, *"abc XYZ 19 ﷲ پاکستان"]
    conn = sqlite3.connect(":memory:")
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        folded = text
        for step in search_fold_steps("?"):
            (folded,) = conn.execute(f"SELECT {step}", [folded]).fetchone()
        assert folded == fold_for_search(text)


def test_the_search_fold_is_the_near_duplicate_fold_where_both_fold() -> None:
    for char, target in SEARCH_FOLD.items():
        assert matching_text(char) == matching_text(target), hex(ord(char))


def test_an_archive_from_before_the_migration_gets_its_folded_index(tmp_path, capsys) -> None:
    path = str(tmp_path / "old.db")
    old = Database(path)
    migrations.apply(old, stop_before=FOLDED_SEARCH_MIGRATION)
    with old.conn:
        old["articles"].insert(
            {"url": "u", "article_id": 7, "title": "سَلِیم", "body": "۱۹۴۷", "published_at": "x"}
        )
    # Not migrated yet: the spellings of letters are still found (query expansion), digits not.
    assert not query.has_folded_index(old)
    assert [r["article_id"] for r in query.search(old, "سَلِیم")] == [7]
    assert query.search(old, "1947") == []
    old.close()
    migrated = open_database(path)
    assert "folded search index, 1 of 1 articles" in capsys.readouterr().err
    assert query.has_folded_index(migrated)
    assert [r["article_id"] for r in query.search(migrated, "1947 سلیم")] == [7]


def test_query_phrases_leave_out_negated_terms_and_keep_columns() -> None:
    phrases = snippets.query_phrases('title:japan "asia cup" NOT cricket pak*')
    assert phrases == [
        snippets.Phrase(("japan",), False, 0),
        snippets.Phrase(("asia", "cup"), False, None),
        snippets.Phrase(("pak",), True, None),
    ]
