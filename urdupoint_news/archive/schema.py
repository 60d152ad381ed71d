"""The database schema, built and evolved with sqlite-utils migrations.

The tables are the user-facing API (docs/schema.md): change them only by adding a migration.
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


WRITER_CACHE_KIB = 16 * 1024


def open_database(path: str, *, create: bool = True) -> Database:
    """Open (and by default create or migrate) the archive at ``path`` in WAL mode."""
    db = Database(path)
    db.execute("PRAGMA busy_timeout = 30000")
    if create:
        # The writer: a 16 MB page cache keeps the interior pages of the near-duplicate index
        # and the text index hot. The cache fills as the archive grows, so its size is what a
        # long crawl's memory grows by (issue 11: a 100k-page crawl within 50 MB of a 1k-page
        # one); 64 MB made near-duplicate lookups at 1M articles faster by about 0.3 ms each
        # (benchmarks/README.md), not worth 48 MB more of every crawl.
        # In WAL mode synchronous=NORMAL stays consistent after a crash (a power cut may lose
        # the last commit, which the next run fetches again).
        db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
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


# Counts kept by m004_query_speed for ``stats``: the key columns of each table, as expressions
# of the article row (``{row}`` is ``new`` or ``old`` in a trigger, ``articles`` otherwise).
# Keys may be NULL (an article without a category), so rows are matched with IS, not =.
COUNT_TABLES: dict[str, dict[str, str]] = {
    "article_counts_by_day": {"day": "substr({row}.published_at, 1, 10)"},
    "article_counts_by_category": {"edition": "{row}.edition", "category": "{row}.category"},
    "article_counts_by_author": {"author": "{row}.author"},
}
BANDED_TABLE = "article_counts_by_day"
# The columns the query filters test, copied by m004_query_speed into ``article_facets``.
FACET_COLUMNS = ("published_at", "edition", "category", "author")


@migrations()
def m004_query_speed(db: Database) -> None:
    """Tables and indexes that keep the query commands fast on a million articles; triggers
    keep them right on every insert, update and delete of an article, whoever writes it."""
    _create_counts(db)
    _create_facets(db)
    # --author: the names containing the text are looked up in article_counts_by_author,
    # then their articles here, newest first, without reading the articles themselves.
    db.table("articles").create_index(["author", "published_at", "article_id"])
    # export and latest in publication order: the whole order in one index, with the edition
    # and category to test before an article (several KB) is read.
    db.table("articles").create_index(["published_at", "article_id", "edition", "category"])


def _create_counts(db: Database) -> None:
    # ``stats`` reads a few hundred rows instead of every article. The day counts also keep the
    # lowest and highest rowid stored that day, only ever widened (a deleted article leaves the
    # band a little wide, never too narrow): a search limited to some days reads the full-text
    # matches in that band of rowids only.
    for table, keys in COUNT_TABLES.items():
        bounds = ", first_rowid INTEGER, last_rowid INTEGER" if table == BANDED_TABLE else ""
        db.execute(
            f"CREATE TABLE {table} ({', '.join(f'{col} TEXT' for col in keys)},"
            f" articles INTEGER NOT NULL{bounds})"
        )
        db.execute(f"CREATE INDEX {table}_key ON {table} ({', '.join(keys)})")
        group = ", ".join(expr.format(row="articles") for expr in keys.values())
        bounds = ", first_rowid, last_rowid" if table == BANDED_TABLE else ""
        band = ", min(rowid), max(rowid)" if table == BANDED_TABLE else ""
        db.execute(
            f"INSERT INTO {table} ({', '.join(keys)}, articles{bounds})"
            f" SELECT {group}, count(*){band} FROM articles GROUP BY {group}"
        )
    changed = " OR ".join(
        f"{expr.format(row='old')} IS NOT {expr.format(row='new')}"
        for keys in [{"rowid": "{row}.rowid"}, *COUNT_TABLES.values()]
        for expr in keys.values()
    )
    added, removed = _count_statements("new", +1), _count_statements("old", -1)
    db.execute(f"CREATE TRIGGER article_counts_ai AFTER INSERT ON articles {_body(added)}")
    db.execute(f"CREATE TRIGGER article_counts_ad AFTER DELETE ON articles {_body(removed)}")
    db.execute(
        f"CREATE TRIGGER article_counts_au AFTER UPDATE ON articles WHEN {changed}"
        f" {_body(removed + added)}"
    )


def _count_statements(row: str, step: int) -> list[str]:
    statements = []
    for table, keys in COUNT_TABLES.items():
        values = [expr.format(row=row) for expr in keys.values()]
        match = " AND ".join(f"{col} IS {value}" for col, value in zip(keys, values, strict=True))
        banded = table == BANDED_TABLE
        if step > 0:
            statements += [
                f"INSERT INTO {table} ({', '.join(keys)}, articles"
                f"{', first_rowid, last_rowid' if banded else ''})"
                f" SELECT {', '.join(values)}, 0{f', {row}.rowid, {row}.rowid' if banded else ''}"
                f" WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {match});",
                f"UPDATE {table} SET articles = articles + 1"
                + (
                    f", first_rowid = min(first_rowid, {row}.rowid),"
                    f" last_rowid = max(last_rowid, {row}.rowid)"
                    if banded
                    else ""
                )
                + f" WHERE {match};",
            ]
        else:
            statements += [
                f"UPDATE {table} SET articles = articles - 1 WHERE {match};",
                f"DELETE FROM {table} WHERE {match} AND articles <= 0;",
            ]
    return statements


def _create_facets(db: Database) -> None:
    # A search with filters tests each match against them in rowid order, the order FTS5 gives
    # its matches. Articles are several KB each, so testing one reads a page of its own; this
    # narrow copy of the filtered columns holds about fifty articles a page.
    columns = ", ".join(FACET_COLUMNS)
    db.execute(
        "CREATE TABLE article_facets (id INTEGER PRIMARY KEY,"
        f" {', '.join(f'{col} TEXT' for col in FACET_COLUMNS)})"
    )
    db.execute(f"INSERT INTO article_facets (id, {columns}) SELECT rowid, {columns} FROM articles")
    # OR REPLACE: a rowid freed by a delete that bypassed the delete trigger can come back.
    insert = (
        f"INSERT OR REPLACE INTO article_facets (id, {columns})"
        f" VALUES (new.rowid, {', '.join(f'new.{col}' for col in FACET_COLUMNS)});"
    )
    delete = "DELETE FROM article_facets WHERE id = old.rowid;"
    changed = " OR ".join(f"old.{col} IS NOT new.{col}" for col in ("rowid", *FACET_COLUMNS))
    db.execute(f"CREATE TRIGGER article_facets_ai AFTER INSERT ON articles {_body([insert])}")
    db.execute(f"CREATE TRIGGER article_facets_ad AFTER DELETE ON articles {_body([delete])}")
    db.execute(
        f"CREATE TRIGGER article_facets_au AFTER UPDATE ON articles WHEN {changed}"
        f" {_body([delete, insert])}"
    )


def _body(statements: list[str]) -> str:
    return "BEGIN\n  " + "\n  ".join(statements) + "\nEND"


@migrations()
def m005_page_archive(db: Database) -> None:
    # The page archive (pagearchive/pages.py, docs/page-archive.md): where each fetched article page
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


@migrations()
def m006_resumable_history(db: Database) -> None:
    # How far each listing's history has been walked (spiders/listing.py, docs/scheduling.md):
    # ``history_completed_at`` is when a walk last reached the end of the list (or the part of it
    # walked before), null when none ever did; ``resume_after`` is the oldest story link an
    # unfinished walk had finished with (a killed, bounded or failed run), null when the last
    # walk finished. A load-more list is its section listing's list.
    listings = db.table("listings")
    listings.add_column("history_completed_at", str)
    listings.add_column("resume_after", str)
    # Article pages that could not be fetched (server or network error) are remembered in
    # ``rejects`` as ``fetch_failed`` and asked for again by later runs; ``attempts`` counts the
    # runs that tried, and the reason becomes ``gave_up`` after URDUPOINT_FETCH_ATTEMPTS runs.
    db.table("rejects").add_column("attempts", int)


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


@migrations()
def m008_scrapyd_job(db: Database) -> None:
    # The Scrapyd job a run was (its ``_job`` spider argument), so a crawl_runs row and the
    # job's log and listjobs.json entry can be matched up; null for runs not started by Scrapyd.
    db.table("crawl_runs").add_column("scrapyd_job", str)


@migrations()
def m009_coverage(db: Database) -> None:
    # Field coverage per run and edition (archive/coverage.py, docs/drift.md): of the articles
    # the run stored new or updated, how many have each field (``with_<field>``), their median
    # body length, and the same per layout (``layouts``, JSON keyed by extractor). The drift
    # alarm compares a run with the median of its spider's recent healthy runs.
    db.table("run_coverage").create(
        {
            "run_id": int,
            "edition": str,
            "articles": int,
            "with_title": int,
            "with_published_at": int,
            "with_author": int,
            "with_dateline": int,
            "with_source": int,
            "with_category": int,
            "with_summary": int,
            "with_image_url": int,
            "median_words": float,
            "layouts": str,
        },
        pk=("run_id", "edition"),
        not_null={"run_id", "edition", "articles"},
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )


@migrations()
def m010_field_checks(db: Database) -> None:
    # Cross-checks (crawl/checks/, docs/schema.md): every field of an article read from two
    # sources or more. ``disagreements`` holds the latest check of each article page: one row per
    # pair of sources that disagree (a later check of the same URL replaces its rows).
    # ``run_checks`` counts, per run, edition, layout and field, the articles whose field was
    # checked, those whose sources disagreed, and those with a single source (unchecked).
    db.table("disagreements").create(
        {
            "id": int,
            "url": str,
            "field": str,
            "source_a": str,
            "value_a": str,
            "source_b": str,
            "value_b": str,
            "layout": str,
            "run_id": int,
            "seen_at": str,
        },
        pk="id",
        not_null={"url", "field", "source_a", "source_b", "seen_at"},
    )
    db.table("disagreements").create_index(["url"])
    db.table("disagreements").create_index(["run_id"])
    db.table("run_checks").create(
        {
            "run_id": int,
            "edition": str,
            "layout": str,
            "field": str,
            "checked": int,
            "disagreeing": int,
            "unchecked": int,
        },
        pk=("run_id", "edition", "layout", "field"),
        not_null={"run_id", "edition", "layout", "field"},
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )


@migrations()
def m011_found_by(db: Database) -> None:
    # Which discovery source found a story (docs/crawling.md, "Two sources"): ``listing`` (a
    # listing walk), ``sitemap`` (the daily sitemap read by the same run) or ``both``, merged
    # over runs; null for stories stored before this column, or by the feeds, backfill, import.
    # The listing runs' record counts the stories each source found in the run.
    db.table("articles").add_column("found_by", str)
    # A copy keeps every column of the article it was (m007): a story stored first and found a
    # copy later moves to duplicates whole.
    db.table("duplicates").add_column("found_by", str)
    for column in ("found_by_listing", "found_by_sitemap", "found_by_both"):
        db.table("crawl_runs").add_column(column, int)
