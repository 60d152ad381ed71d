"""The query library: opening an archive safely, search, latest, one article, stats, export."""

from __future__ import annotations

import json
import sqlite3
import types
from pathlib import Path

import pytest
from sqlite_utils import Database

from support.query_db import (
    DUPLICATE_URL,
    HOCKEY_URL,
    SAUDI_URL,
    SEED_URL,
    UN_URL,
    UR_COUNCIL_URL,
    UR_HOCKEY_URL,
    UR_TAAWUN_URL,
    build_sample_archive,
)
from urdupoint_news.archive import query
from urdupoint_news.archive.query import ArchiveError, Filters
from urdupoint_news.browse.plugins import urdupoint as plugin


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "urdupoint.db"
    build_sample_archive(path)
    return path


@pytest.fixture
def db(archive_path: Path) -> Database:
    db = query.open_archive(archive_path)
    yield db
    db.close()


def ids(rows: list[dict]) -> list[int]:
    return [row["article_id"] for row in rows]


# --- opening -----------------------------------------------------------------------------------
def test_missing_database_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nope.db"
    with pytest.raises(ArchiveError, match=r"^database not found: .*nope\.db"):
        query.open_archive(path)
    assert not path.exists()


def test_a_text_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not sqlite at all\n" * 10)
    with pytest.raises(
        ArchiveError,
        match=r"notes\.db is not a SQLite database \(or is damaged from its first page\)$",
    ):
        query.open_archive(path)
    assert path.read_text() == "not sqlite at all\n" * 10


def test_a_sqlite_file_without_articles_is_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ArchiveError, match="is not an urdupoint-news archive"):
        query.open_archive(path)
    # Not migrated into an archive behind the user's back.
    assert Database(path).table_names() == ["t"]


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="is a directory"):
        query.open_archive(tmp_path)


# --- the search expression ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expression"),
    [
        ("cooperation", "cooperation"),
        ("japan AND (trade OR investment)", "japan AND (trade OR investment)"),
        ('"asia cup" hockey', '"asia cup" hockey'),
        ("pak*", "pak*"),
        # Punctuation inside a word would be an FTS5 syntax error: searched as a phrase.
        ("U.S.", '("U.S." OR US)'),
        ("al-Qaeda talks", '"al-Qaeda" talks'),
        # Urdu kaf typed: also its Arabic spelling; Arabic kaf typed: also the Urdu one.
        ("پاکستان", "(پاکستان OR پاكستان)"),
        ("پاكستان", "(پاكستان OR پاکستان)"),
        ("کپ*", "(کپ* OR كپ*)"),
        # A mixed phrase: as typed, all-Urdu, all-Arabic.
        ('"ٹيم کپ"', '("ٹيم کپ" OR "ٹیم کپ" OR "ٹيم كپ")'),
        # Words without variant letters stay as they are.
        ("جاپان", "جاپان"),
        # FTS5's own syntax is passed through, only folded to Urdu letters.
        ("title:پاكستان", "title:پاکستان"),
        ("NEAR(japan hockey, 5)", "NEAR(japan hockey, 5)"),
        # Broken input is left for FTS5 to reject.
        ('"foo', '"foo'),
        ("AND", "AND"),
    ],
)
def test_fts_query_for_an_index_not_yet_folded_spells_words_every_way(
    typed: str, expression: str
) -> None:
    assert query.fts_query(typed, folded=False) == expression


@pytest.mark.parametrize(
    ("typed", "expression"),
    [
        ("cooperation", "cooperation"),
        ("japan AND (trade OR investment)", "japan AND (trade OR investment)"),
        # Harakat and tatweel gone, Arabic kaf and yeh to Urdu ones, Urdu digits to ASCII.
        ("سَلِیم اَخْتَر", "سلیم اختر"),
        ("كريم آباد", "کریم اباد"),
        ("۱۹۴۷", "1947"),
        ("اللّٰہ", "اللہ"),
        ("وزیرِ خارجہ", "وزیر خارجہ"),
        ("پاکـــستان", "پاکستان"),
        # Curly quotes are quotes; abbreviations with and without dots.
        ("\u201casia cup\u201d", '"asia cup"'),
        ("U.S.", '("U.S." OR US)'),
        ("US envoy", '(US OR "U S") AND envoy'),
        ("us", "us"),
        # FTS5's own syntax is passed through, folded.
        ("title:پاكستان", "title:پاکستان"),
    ],
)
def test_fts_query_folds_what_is_typed_as_the_index_is_folded(typed: str, expression: str) -> None:
    assert query.fts_query(typed) == expression


@pytest.mark.parametrize(
    ("typed", "expression"),
    [
        # Two Urdu words, the first with other spellings: FTS5 rejects "(a OR b) c".
        ("وزیر اعظم", "(وزیر OR وزير) AND اعظم"),
        ("اعظم وزیر", "اعظم AND (وزیر OR وزير)"),
        ("U.S. پاکستان", '("U.S." OR US) AND (پاکستان OR پاكستان)'),
        # The same for parentheses the user typed.
        ("japan (trade OR investment)", "japan AND (trade OR investment)"),
        ("(japan)(hockey)", "(japan) AND (hockey)"),
        # Words and phrases side by side, and explicit operators, stay as typed.
        ("a NOT (b)", "a NOT (b)"),
        ("pak* hockey", "pak* hockey"),
    ],
)
def test_fts_query_writes_and_out_next_to_a_group(typed: str, expression: str) -> None:
    # On an index not yet folded, where Urdu words have several spellings.
    assert query.fts_query(typed, folded=False) == expression


def test_fts_query_writes_and_out_next_to_an_abbreviation_on_a_folded_index() -> None:
    assert query.fts_query("US hockey") == '(US OR "U S") AND hockey'
    assert query.fts_query("hockey US") == 'hockey AND (US OR "U S")'


def test_search_of_two_urdu_words_where_one_has_other_spellings(db: Database) -> None:
    # Was "invalid search query ...: unexpected "جاپان"" before the AND was written out.
    rows = query.search(db, "پاکستان جاپان")
    assert sorted(row["url"] for row in rows) == sorted([UR_TAAWUN_URL, UR_HOCKEY_URL])


# --- search ------------------------------------------------------------------------------------
def test_search_ranks_a_title_match_above_repeated_body_matches(db: Database) -> None:
    # SAUDI has "cooperation" three times in its body, SEED once in its title and never in the
    # body: with equal column weights bm25 puts SAUDI first (checked by hand).
    rows = query.search(db, "cooperation")
    assert [row["url"] for row in rows] == [SEED_URL, SAUDI_URL]


def test_search_snippet_marks_the_matches(db: Database) -> None:
    rows = query.search(db, "cooperation")
    assert rows[0]["snippet"] == "Pakistan, Japan Renew Resolve To Enhance Bilateral [Cooperation]"
    assert rows[1]["snippet"] == (
        "…Officials said [cooperation] with Pakistan on pilgrim services would continue, "
        "and that [cooperation] on data sharing…"
    )


def test_search_snippet_is_on_one_line(db: Database) -> None:
    # The body match sits before a paragraph break.
    (row,) = query.search(db, '"asia cup"')
    assert row["snippet"] == (
        "Pakistan beat Japan 3-2 in a thrilling [Asia Cup] hockey match on Tuesday. The winning…"
    )


def test_search_result_rows_have_the_listing_columns(db: Database) -> None:
    (row,) = query.search(db, "restraint")
    assert row == {
        "url": UN_URL,
        "article_id": 2192950,
        "edition": "en",
        "category": "world",
        "title": "UN Chief Urges Restraint As U.S. Envoy Arrives",
        "author": "Ali Raza",
        "published_at": "2025-09-08T09:05:00+05:00",
        # The snippet comes from the column with the best fragment, here the body.
        "snippet": (
            "The UN Secretary-General urged all parties to show [restraint] as the U.S. envoy "
            "arrived…"
        ),
    }


def test_search_finds_urdu_articles_by_an_urdu_word(db: Database) -> None:
    rows = query.search(db, "جاپان")
    assert sorted(ids(rows)) == [4512345, 4512400]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("پاكستان", [UR_TAAWUN_URL, UR_HOCKEY_URL]),  # ARABIC KAF for کپ's ک
        ("ٹيم", [UR_HOCKEY_URL]),  # ARABIC YEH for ی
        ("هاكي", [UR_HOCKEY_URL]),  # ARABIC HEH, KAF and YEH for ہاکی
    ],
)
def test_search_with_arabic_letters_finds_text_stored_with_urdu_letters(
    db: Database, typed: str, expected: list[str]
) -> None:
    assert sorted(row["url"] for row in query.search(db, typed)) == sorted(expected)


def test_search_with_urdu_letters_finds_text_stored_with_arabic_letters(db: Database) -> None:
    # UR_COUNCIL was stored with ARABIC KAF (كونسل); the user types the Urdu KEHEH (کونسل).
    (row,) = query.search(db, "کونسل")
    assert row["url"] == UR_COUNCIL_URL
    assert row["snippet"] == "اقوام متحدہ كي سلامتی [كونسل] كا اجلاس"


def test_search_words_with_punctuation_are_phrases(db: Database) -> None:
    assert ids(query.search(db, "U.S.")) == [2192950]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(category="Sports"), [2193400, 4512400]),
        (Filters(author="irfan"), [2193301]),
        (Filters(edition="ur"), [4512345, 4512400]),
        (Filters(since="2025-09-10"), [2193301, 4512345]),
        (Filters(until="2025-09-09"), [2193400, 4512400]),
        (Filters(edition="en", until="2025-09-09"), [2193400]),
    ],
)
def test_search_filters(db: Database, filters: Filters, expected: list[int]) -> None:
    assert sorted(ids(query.search(db, "japan OR جاپان", filters))) == expected


def test_search_limit(db: Database) -> None:
    assert len(query.search(db, "japan OR جاپان", limit=2)) == 2


def test_search_without_matches_is_empty(db: Database) -> None:
    assert query.search(db, "zebra") == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ('"foo', "invalid search query '\"foo': a double quote is not closed"),
        ("AND", "invalid search query 'AND': unexpected \"AND\""),
        ("japan AND", "invalid search query 'japan AND': it ends too early"),
        ("(japan", "invalid search query '(japan': it ends too early"),
        ("japan)", "invalid search query 'japan)': unexpected \")\""),
        ("nope:japan", "unknown column 'nope' (use title, summary or body)"),
        ("   ", "empty search query"),
    ],
)
def test_search_syntax_errors_are_archive_errors(db: Database, typed: str, message: str) -> None:
    with pytest.raises(ArchiveError) as error:
        query.search(db, typed)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_search_needs_the_full_text_index(tmp_path: Path) -> None:
    path = tmp_path / "bare.db"
    Database(path)["articles"].insert({"url": "u", "title": "t"})
    db = query.open_archive(path)
    with pytest.raises(ArchiveError, match="no full-text index"):
        query.search(db, "t")


# --- filters -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (Filters(since="2025-13-01"), "invalid --since date '2025-13-01': expected YYYY-MM-DD"),
        (Filters(until="10/09/2025"), "invalid --until date '10/09/2025': expected YYYY-MM-DD"),
        (Filters(since="2025-09-10", until="2025-09-01"), "--since 2025-09-10 is after --until"),
        (Filters(edition="fr"), "unknown edition 'fr': use one of en, ur"),
    ],
)
def test_bad_filters_are_archive_errors(db: Database, filters: Filters, message: str) -> None:
    with pytest.raises(ArchiveError, match="^" + message.replace("(", r"\(")):
        query.latest(db, filters)


def test_author_filter_treats_like_wildcards_literally(db: Database) -> None:
    assert query.latest(db, Filters(author="%")) == []
    assert query.latest(db, Filters(author="_")) == []


def test_a_limit_below_one_is_an_error(db: Database) -> None:
    with pytest.raises(ArchiveError, match="--limit must be at least 1, not 0"):
        query.latest(db, limit=0)


# --- latest ------------------------------------------------------------------------------------
def test_latest_is_newest_first(db: Database) -> None:
    assert ids(query.latest(db)) == [
        4512345,  # 2025-09-10 16:20
        2193301,  # 2025-09-10 15:10
        2193266,  # 2025-09-10 11:45
        4512400,  # 2025-09-09 21:00
        2193400,  # 2025-09-09 20:30
        4512500,  # 2025-09-08 10:00
        2192950,  # 2025-09-08 09:05
    ]


def test_latest_since_and_until_take_whole_days(db: Database) -> None:
    rows = query.latest(db, Filters(since="2025-09-09", until="2025-09-09"))
    assert ids(rows) == [4512400, 2193400]


def test_latest_with_filters_and_limit(db: Database) -> None:
    assert ids(query.latest(db, Filters(edition="en", category="pakistan"))) == [2193266]
    assert ids(query.latest(db, limit=2)) == [4512345, 2193301]


# --- one article -------------------------------------------------------------------------------
def test_get_article_by_id(db: Database) -> None:
    article = query.get_article(db, "2193301")
    assert article["url"] == SEED_URL
    assert article["title"] == "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation"
    assert article["author"] == "Muhammad Irfan"
    assert article["dateline"] == "ISLAMABAD"
    assert article["body"].startswith("Pakistan and Japan on Wednesday renewed their resolve")


def test_get_article_by_url_ignores_query_and_fragment(db: Database) -> None:
    assert query.get_article(db, HOCKEY_URL)["article_id"] == 2193400
    assert query.get_article(db, f" {HOCKEY_URL}?utm_source=x#top ")["article_id"] == 2193400


def test_get_article_of_a_copy_gives_its_own_fields_and_its_original(db: Database) -> None:
    copy = query.get_article(db, DUPLICATE_URL)
    assert (copy["url"], copy["article_id"], copy["author"]) == (DUPLICATE_URL, 2193310, "APP")
    assert copy["duplicate_of"] == {
        "url": SEED_URL,
        "article_id": 2193301,
        "title": "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation",
        "kind": "near",
        "similarity": 0.78,
    }
    assert query.get_article(db, "2193310") == copy


def test_get_article_lists_the_copies_of_an_article(db: Database) -> None:
    assert [c["url"] for c in query.get_article(db, SEED_URL)["copies"]] == [DUPLICATE_URL]
    assert query.get_article(db, HOCKEY_URL)["copies"] == []


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("999", "no article with id 999"),
        ("https://www.urdupoint.com/en/world/x-1.html", "no article with URL https://www."),
    ],
)
def test_get_article_unknown_reference(db: Database, ref: str, message: str) -> None:
    with pytest.raises(ArchiveError, match="^" + message):
        query.get_article(db, ref)


def test_get_article_id_shared_by_two_articles_asks_for_the_url(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    build_sample_archive(path)
    Database(path)["articles"].insert(
        {
            "url": "https://www.urdupoint.com/daily/x-2193301.html",
            "article_id": 2193301,
            "title": "t",
            "published_at": "2025-09-10T00:00:00+05:00",
            "body": "b",
        }
    )
    with pytest.raises(ArchiveError, match="id 2193301 matches 2 articles, give the URL: https"):
        query.get_article(query.open_archive(path), "2193301")


# --- stats -------------------------------------------------------------------------------------
def test_stats(db: Database) -> None:
    result = query.stats(db, days=2, runs=1)
    assert result == {
        "articles": 7,
        "first_published_at": "2025-09-08T09:05:00+05:00",
        "last_published_at": "2025-09-10T16:20:00+05:00",
        "editions": {"en": 4, "ur": 3},
        "categories": [
            {
                "category": "pakistan",
                "articles": 2,
                "last_published_at": "2025-09-10T16:20:00+05:00",
            },
            {"category": "sports", "articles": 2, "last_published_at": "2025-09-09T21:00:00+05:00"},
            {"category": "world", "articles": 2, "last_published_at": "2025-09-08T10:00:00+05:00"},
            {
                "category": "business",
                "articles": 1,
                "last_published_at": "2025-09-10T15:10:00+05:00",
            },
        ],
        "days": [{"day": "2025-09-10", "articles": 3}, {"day": "2025-09-09", "articles": 2}],
        "duplicates": {"near": 1},
        "rejects": {"empty_body": 1},
        "runs": [
            {
                "id": 2,
                "spider": "urdupoint_en",
                "started_at": "2025-09-10T13:00:00+00:00",
                "finished_at": "2025-09-10T13:06:30+00:00",
                "status": "degraded",
                "finish_reason": "finished",
                "pages": 38,
                "articles_new": 1,
                "articles_updated": 1,
                "articles_unchanged": 2,
                "duplicates": 1,
                "rejects": 1,
                "errors": 2,
            }
        ],
        "coverage": [],  # no run_coverage rows in the sample archive (tests/unit/test_coverage.py)
    }


def test_stats_of_an_empty_archive(tmp_path: Path) -> None:
    from urdupoint_news.archive.schema import open_database

    open_database(str(tmp_path / "empty.db")).close()
    result = query.stats(query.open_archive(tmp_path / "empty.db"))
    assert result["articles"] == 0
    assert result["categories"] == result["days"] == result["runs"] == []
    assert result["duplicates"] == result["rejects"] == {}


# --- export ------------------------------------------------------------------------------------
def test_export_rows_streams_from_the_cursor(db: Database) -> None:
    rows = query.export_rows(db)
    assert isinstance(rows, types.GeneratorType)
    first = next(rows)
    assert first["url"] == UN_URL  # oldest first
    assert list(first) == list(query.EXPORT_COLUMNS)
    assert [row["article_id"] for row in rows] == [
        4512500,
        2193400,
        4512400,
        2193266,
        2193301,
        4512345,
    ]


def test_export_rows_with_filters_and_limit(db: Database) -> None:
    rows = query.export_rows(db, Filters(edition="ur"), limit=2)
    assert [row["article_id"] for row in rows] == [4512500, 4512400]


# --- Datasette metadata ------------------------------------------------------------------------
def test_datasette_metadata_describes_every_column_of_the_schema(archive_path: Path) -> None:
    metadata_path = Path(__file__).parents[2] / "urdupoint_news" / "browse" / "metadata.json"
    database = json.loads(metadata_path.read_text(encoding="utf-8"))["databases"]["urdupoint"]
    tables = database["tables"]
    db = Database(archive_path)
    # Every table of the schema is either described, every column of it, or hidden.
    for name in db.table_names():
        if name.startswith("articles_fts") or name == "_sqlite_migrations":
            continue
        assert name in tables, name
        if not tables[name].get("hidden"):
            assert set(tables[name]["columns"]) == set(db[name].columns_dict), name
    assert tables["articles"]["fts_table"] == db["articles"].detect_fts() == "articles_fts"
    # The canned ranked search runs on the archive as written, with the CLI's ranking, given
    # the functions the serve plugin registers.
    plugin.prepare_connection(db.conn)
    rows = db.execute(database["queries"]["ranked_search"]["sql"], {"q": "cooperation"})
    assert [row[0] for row in rows] == [2193301, 2193266]
