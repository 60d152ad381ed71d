"""The archive as a corpus: Parquet files and a dataset card beside them.

``write_corpus`` writes ``articles.parquet`` (every column of the matching articles, oldest
first), optionally ``duplicates.parquet`` (the copies of those articles, each with its own text)
and ``versions.parquet`` (their earlier texts), and ``README.md``: a dataset card with the
fields, counts per edition and year, the date range, how the texts were collected and whose they
are. Plain Parquet with one row group per batch, so pyarrow, pandas, polars and the Hugging Face
``datasets`` Parquet loader read it with no code of ours (the card's YAML header names the files
as configurations, so ``datasets.load_dataset(DIR)`` works too).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from urdupoint_news.archive.query import (
    EXPORT_COLUMNS,
    VERSION_COLUMNS,
    ArchiveError,
    Filters,
    _export_sql,
    _has_table,
)
from urdupoint_news.archive.schema import ARTICLE_COLUMNS

BATCH_ROWS = 5000
DUPLICATE_COLUMNS = ("url", "duplicate_of", "kind", "similarity", *EXPORT_COLUMNS[1:])

# What each field means (docs/schema.md is the full reference); the card lists them.
FIELD_MEANINGS = {
    "url": "canonical URL of the story on www.urdupoint.com (unique)",
    "article_id": "the site's numeric id, the number at the end of the URL",
    "edition": "`en` (English, Pakistan Point News) or `ur` (Urdu)",
    "category": "lower-case section slug: business, pakistan, world, sports...",
    "title": "headline as published",
    "summary": "dek or description, when the page has one",
    "author": "the person in the byline; empty for organisations (APP, News Desk...)",
    "published_at": "publication time, ISO 8601 with Pakistan's offset: 2025-09-10T15:10:00+05:00",
    "modified_at": "update time, same format, when the page or a re-fetch gave one",
    "dateline": "the place of the dateline: ISLAMABAD, لاہور",
    "source": "the credit line: UrduPoint / Pakistan Point News / APP",
    "body": "clean text, paragraphs separated by a blank line, without the dateline",
    "word_count": "words in body",
    "image_url": "the lead image",
    "content_hash": "SHA-256 of the body normalised for matching (equal for exact copies)",
    "extractor": "the page layout parser that produced the row",
    "first_seen_at": "when a crawl first stored it (UTC)",
    "last_seen_at": "when a crawl last saw it (UTC)",
    "duplicate_of": "the url of the article (in articles.parquet) this story copies",
    "kind": "`exact` (same normalised body) or `near` (similar text, same figures)",
    "similarity": "estimated similarity to the original, 0.6 to 1",
    "fetched_at": "when this earlier text was last seen (UTC)",
    "superseded_at": "when a newer text replaced it (UTC)",
}


@dataclass
class Written:
    """What ``write_corpus`` wrote: files and their row counts, and the articles' counts."""

    files: dict[str, int] = field(default_factory=dict)
    per_edition_year: Counter[tuple[str, str]] = field(default_factory=Counter)
    first_published_at: str | None = None
    last_published_at: str | None = None


def _arrow_type(pa: Any, kind: type) -> Any:
    return {int: pa.int64(), float: pa.float64()}.get(kind, pa.string())


def _schema(pa: Any, columns: Sequence[str]) -> Any:
    kinds: dict[str, type] = {**ARTICLE_COLUMNS, "similarity": float}
    return pa.schema([(name, _arrow_type(pa, kinds.get(name, str))) for name in columns])


def _batches(cursor: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in cursor:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(pa: Any, pq: Any, path: Path, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """``rows`` (tuples in ``columns`` order) into a Parquet file, a batch at a time."""
    schema = _schema(pa, columns)
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in _batches(rows, BATCH_ROWS):
            arrays = []
            for values, column in zip(zip(*batch, strict=True), schema, strict=True):
                if pa.types.is_integer(column.type):  # a REAL stored in an INTEGER column
                    values = tuple(None if v is None else int(v) for v in values)
                arrays.append(pa.array(values, type=column.type))
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            count += len(batch)
        if not count:
            writer.write_table(schema.empty_table())
    return count


def write_corpus(
    db: Database,
    directory: str | os.PathLike[str],
    filters: Filters | None = None,
    *,
    limit: int | None = None,
    duplicates: bool = False,
    versions: bool = False,
) -> Written:
    """Write the matching articles (and their copies and earlier versions, when asked) as
    Parquet into ``directory`` (created if missing), and the dataset card ``README.md``."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency of the package
        raise ArchiveError("Parquet export needs pyarrow: pip install pyarrow") from None
    filters = filters or Filters()
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise ArchiveError(f"{out} is a file: --output names a directory for a Parquet export")
    sql, params = _export_sql(db, filters, limit, ", ".join(EXPORT_COLUMNS))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ArchiveError(f"cannot create {out}: {error.strerror}") from None
    written = Written()
    edition_at = EXPORT_COLUMNS.index("edition")
    published_at = EXPORT_COLUMNS.index("published_at")

    def articles() -> Iterator[tuple]:
        for row in db.execute(sql, params):
            published = row[published_at] or ""
            written.per_edition_year[(row[edition_at] or "", published[:4])] += 1
            if written.first_published_at is None or published < written.first_published_at:
                written.first_published_at = published
            if written.last_published_at is None or published > written.last_published_at:
                written.last_published_at = published
            yield row

    written.files["articles.parquet"] = _write(
        pa, pq, out / "articles.parquet", EXPORT_COLUMNS, articles()
    )
    # Copies and versions of the exported articles: the same selection, as a list of URLs.
    urls_sql, url_params = _export_sql(db, filters, limit, "url")
    if duplicates:
        columns = [c for c in DUPLICATE_COLUMNS if c in _columns(db, "duplicates")]
        rows = db.execute(
            f"SELECT {', '.join(columns)} FROM duplicates WHERE duplicate_of IN ({urls_sql})"
            " ORDER BY published_at, article_id, url",
            url_params,
        )
        full = (
            tuple(dict(zip(columns, r, strict=True)).get(c) for c in DUPLICATE_COLUMNS)
            for r in rows
        )
        written.files["duplicates.parquet"] = _write(
            pa, pq, out / "duplicates.parquet", DUPLICATE_COLUMNS, full
        )
    if versions:
        version_columns = ("url", *VERSION_COLUMNS)
        version_rows: Iterable[tuple] = (
            db.execute(
                f"SELECT {', '.join(version_columns)} FROM article_versions"
                f" WHERE url IN ({urls_sql})"
                " ORDER BY url, superseded_at, id",
                url_params,
            )
            if _has_table(db, "article_versions")
            else iter(())
        )
        written.files["versions.parquet"] = _write(
            pa, pq, out / "versions.parquet", version_columns, version_rows
        )
    (out / "README.md").write_text(dataset_card(db, written, filters), encoding="utf-8")
    return written


def _columns(db: Database, table: str) -> set[str]:
    return set(db[table].columns_dict) if _has_table(db, table) else set()


def dataset_card(db: Database, written: Written, filters: Filters) -> str:
    """The dataset card (Markdown with a YAML header) for what ``write_corpus`` wrote."""
    lines = ["---", "configs:"]
    for n, name in enumerate(written.files):
        lines += [f"- config_name: {name.removesuffix('.parquet')}", f"  data_files: {name}"]
        if n == 0:
            lines.append("  default: true")
    editions = sorted({edition for edition, _ in written.per_edition_year})
    lines += [f"language: [{', '.join(e for e in editions if e)}]", "pretty_name: UrduPoint news"]
    lines += ["---", "", "# UrduPoint news", ""]
    total = written.files["articles.parquet"]
    span = (
        f"published from {written.first_published_at} to {written.last_published_at}"
        if total
        else "no articles"
    )
    lines += [
        f"{total:,} news stories of UrduPoint's English (`en`) and Urdu (`ur`) editions, {span}.",
        f"Exported by `urdupoint-news export --format parquet` on {dt.date.today().isoformat()}"
        f"{_described(filters)}.",
        "",
        "**The texts are UrduPoint's** (www.urdupoint.com) and the news agencies' they credit;",
        "they are not this dataset's to license. Use them as the law where you are allows",
        "(research, quotation), credit UrduPoint, and ask UrduPoint before republishing.",
        "",
        "## Files",
        "",
        "| file | rows | what |",
        "|---|---|---|",
    ]
    what = {
        "articles.parquet": "one row per distinct story",
        "duplicates.parquet": "copies of those stories (exact or near), each with its own text",
        "versions.parquet": "earlier texts of stories that changed when fetched again",
    }
    lines += [f"| `{name}` | {rows:,} | {what[name]} |" for name, rows in written.files.items()]
    lines += ["", "## Articles per edition and year", "", "| edition | year | articles |"]
    lines.append("|---|---|---|")
    for (edition, year), count in sorted(written.per_edition_year.items()):
        lines.append(f"| {edition} | {year} | {count:,} |")
    lines += ["", "## Fields", "", "| field | type | meaning |", "|---|---|---|"]
    kinds: dict[str, type] = {**ARTICLE_COLUMNS, "similarity": float}
    names = list(EXPORT_COLUMNS)
    if "duplicates.parquet" in written.files:
        names += ["duplicate_of", "kind", "similarity"]
    if "versions.parquet" in written.files:
        names += ["fetched_at", "superseded_at"]
    for name in names:
        kind = {int: "int64", float: "float64"}.get(kinds.get(name, str), "string")
        lines.append(f"| `{name}` | {kind} | {FIELD_MEANINGS[name]} |")
    lines += ["", "## How it was collected", "", *_collection(db), ""]
    return "\n".join(lines)


def _described(filters: Filters) -> str:
    parts = [f"{name} {value}" for name, value in vars(filters).items() if value]
    return f", limited to {', '.join(parts)}" if parts else ""


def _collection(db: Database) -> list[str]:
    text = [
        "By urdupoint-news, a Scrapy crawler that reads www.urdupoint.com's listings,",
        "sitemaps and feeds politely (robots.txt obeyed, one request at a time,",
        "a delay of a second or more), stores each story once as clean text with its metadata,",
        "and records copies of a story (the same or nearly the same text under another URL)",
        "as duplicates rather than storing them again. Times in `published_at` are the site's",
        "(Pakistan time, +05:00); crawl times are UTC.",
    ]
    if _has_table(db, "crawl_runs"):
        runs, first, last = db.execute(
            "SELECT count(*), min(started_at), max(finished_at) FROM crawl_runs"
        ).fetchone()
        if runs:
            text += ["", f"{runs:,} crawl runs, from {first} to {last or 'now'} (UTC)."]
    return text
