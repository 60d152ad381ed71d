"""The database schema, built and evolved with sqlite-utils migrations.

The tables are the user-facing API (README "Schema"): change them only by adding a migration.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("urdupoint_news")

# The largest integer SQLite stores (a larger Python int overflows in any query).
SQLITE_MAX_INTEGER = 2**63 - 1

ARTICLE_COLUMNS: dict[str, type] = {
    "url": str,
    "article_id": int,
    "edition": str,
    "category": str,
    "title": str,
    "summary": str,
    "author": str,
    "published_at": str,
    "modified_at": str,
    "dateline": str,
    "source": str,
    "body": str,
    "word_count": int,
    "image_url": str,
    "content_hash": str,
    "extractor": str,
    "first_seen_at": str,
    "last_seen_at": str,
}

# unicode61 splits on Unicode letters/digits, so Urdu words (category Lo) are tokens just like
# English ones; remove_diacritics 2 folds Latin accents. Urdu letter variants are folded at query
# time (see query.py), not in the index, so the stored body stays exactly as published.
FTS_TOKENIZER = "unicode61 remove_diacritics 2"


@migrations()
def m001_initial(db: Database) -> None:
    db.table("articles").create(
        ARTICLE_COLUMNS,
        pk="url",
        not_null={"title", "published_at", "body"},
    )
    db.table("articles").create_index(["published_at"])
    db.table("articles").create_index(["category", "published_at"])
    db.table("articles").create_index(["content_hash"])
    db.table("articles").create_index(["article_id"])
    db.table("articles").enable_fts(
        ["title", "summary", "body"], create_triggers=True, tokenize=FTS_TOKENIZER
    )

    db.table("duplicates").create(
        {
            "url": str,
            "duplicate_of": str,
            "kind": str,
            "similarity": float,
            "article_id": int,
            "title": str,
            "published_at": str,
            "content_hash": str,
            "first_seen_at": str,
        },
        pk="url",
    )
    db.table("duplicates").create_index(["duplicate_of"])

    db.table("rejects").create(
        {"url": str, "reason": str, "detail": str, "seen_at": str},
        pk="url",
    )
    db.table("rejects").create_index(["reason"])

    db.table("article_versions").create(
        {
            "id": int,
            "url": str,
            "title": str,
            "summary": str,
            "body": str,
            "content_hash": str,
            "published_at": str,
            "modified_at": str,
            "fetched_at": str,
            "superseded_at": str,
        },
        pk="id",
    )
    db.table("article_versions").create_index(["url"])

    db.table("crawl_runs").create(
        {
            "id": int,
            "spider": str,
            "arguments": str,
            "started_at": str,
            "finished_at": str,
            "finish_reason": str,
            "status": str,
            "pages": int,
            "articles_new": int,
            "articles_updated": int,
            "articles_unchanged": int,
            "duplicates": int,
            "rejects": int,
            "errors": int,
            "extractors": str,
            "problems": str,
        },
        pk="id",
    )


def open_database(path: str, *, create: bool = True) -> Database:
    """Open (and by default create or migrate) the archive at ``path`` in WAL mode."""
    db = Database(path)
    db.execute("PRAGMA busy_timeout = 30000")
    if create:
        # The writer: a 64 MB page cache keeps the near-duplicate bands hot on a large archive;
        # in WAL mode synchronous=NORMAL stays consistent after a crash (a power cut may lose
        # the last commit, which the next run fetches again).
        db.execute("PRAGMA cache_size = -65536")
        db.execute("PRAGMA synchronous = NORMAL")
        db.enable_wal()
        migrations.apply(db)
    return db


@migrations()
def m002_near_duplicate_index(db: Database) -> None:
    # Near-duplicate index (urdupoint_news/neardup.py): a MinHash signature per indexed body and
    # its LSH band keys; a lookup is a primary-key probe per band. ``neardup_meta.scheme`` names
    # the hashing scheme the rows were built with, so a changed scheme asks for a rebuild.
    from urdupoint_news.archive.neardup import SCHEME

    db.table("neardup_signatures").create(
        {"doc": int, "url": str, "signature": bytes},
        pk="doc",
        not_null={"url", "signature"},
    )
    db.table("neardup_signatures").create_index(["url"], unique=True)
    db.execute(
        "CREATE TABLE neardup_bands (band_key INTEGER NOT NULL, doc INTEGER NOT NULL,"
        " PRIMARY KEY (band_key, doc)) WITHOUT ROWID"
    )
    db.table("neardup_meta").create({"key": str, "value": str}, pk="key")
    db.table("neardup_meta").insert({"key": "scheme", "value": SCHEME})


@migrations()
def m003_listings(db: Database) -> None:
    # The category listings the spiders found (by what the pages hold, docs/site-schemes.md),
    # so ``-a categories=crime`` goes straight to them in later runs. ``parent_url`` is the
    # listing a nested category was found on; ``pagination`` how its next pages were reached
    # (linked, load_more, built, single).
    db.table("listings").create(
        {
            "url": str,
            "edition": str,
            "category": str,
            "parent_url": str,
            "pagination": str,
            "first_seen_at": str,
            "last_seen_at": str,
        },
        pk="url",
        not_null={"edition", "category"},
    )
    db.table("listings").create_index(["edition", "category"])


@migrations()
def m005_page_archive(db: Database) -> None:
    # The page archive (archive/pages.py, docs/page-archive.md): where each fetched article page
    # is in the WARC files, so one page is read with a seek. ``file`` is relative to the WARC
    # directory, ``offset``/``length`` delimit the response record's gzip member.
    db.table("pages").create(
        {
            "id": int,
            "url": str,
            "edition": str,
            "fetched_at": str,
            "status": int,
            "file": str,
            "offset": int,
            "length": int,
            "digest": str,
            "record_id": str,
            "source": str,
        },
        pk="id",
        not_null={"url", "fetched_at", "file", "offset", "length"},
    )
    db.table("pages").create_index(["url", "fetched_at"])
    db.table("pages").create_index(["fetched_at"])


# What a near or exact copy keeps besides its link to the original (m007): every column of an
# article, so a copy loses nothing of its own text (docs/duplicates.md).
DUPLICATE_BODY_COLUMNS: dict[str, type] = {
    name: kind
    for name, kind in ARTICLE_COLUMNS.items()
    if name not in ("url", "article_id", "title", "published_at", "content_hash", "first_seen_at")
}


@migrations()
def m007_duplicate_bodies(db: Database) -> None:
    # A duplicate keeps its own body and fields (it used to keep title and date only), so a story
    # 60-99% like another keeps the text that differs, can be shown, and can become an article
    # again when the copies are re-judged. Rows recorded before this migration have no body.
    # content_hash is indexed: exact copies are looked up in both tables.
    for name, kind in DUPLICATE_BODY_COLUMNS.items():
        db.table("duplicates").add_column(name, kind)
    db.table("duplicates").create_index(["content_hash"])
    db.table("duplicates").create_index(["article_id"])
