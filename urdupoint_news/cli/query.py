"""``urdupoint-news search | latest | show | stats | export``: the archive, read-only.

Each command opens the database with ``query.open_archive`` (never creating one), calls one
library function and renders what it returns; ``ArchiveError`` becomes a one-line error.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import IO, Any, TextIO, TypeVar

import click
from sqlite_utils import Database

from urdupoint_news.archive import disagreements, query
from urdupoint_news.archive.access import explain
from urdupoint_news.archive.schema import SQLITE_MAX_INTEGER
from urdupoint_news.cli import cli, db_option
from urdupoint_news.cli.checks import BadInput, DashQueryCommand, check_category, leading_dash
from urdupoint_news.cli.output import (
    COVERAGE_LABELS,
    Columns,
    write_bytes,
    write_csv,
    write_json,
    write_table,
)

T = TypeVar("T")

LIST_TABLE: Columns = [
    ("article_id", "id"),
    ("published", "published"),
    ("category", "category"),
    ("author", "author"),
    ("title", "title"),
]
SEARCH_TABLE: Columns = [
    ("article_id", "id"),
    ("published", "published"),
    ("category", "category"),
    ("title", "title"),
    ("snippet", "snippet"),
]


# --- shared options ---------------------------------------------------------------------------
# Counts go to SQLite (LIMIT ?), whose integers end at 2^63 - 1: a larger one is refused by click
# with one line instead of overflowing in the query. (Below 1, the library says why.)
COUNT = click.IntRange(max=SQLITE_MAX_INTEGER)


def filter_options(fn: Callable) -> Callable:
    options = [
        click.option("--category", metavar="SLUG", help="Only this category, e.g. business."),
        click.option("--author", metavar="TEXT", help="Only authors whose name contains TEXT."),
        click.option("--since", metavar="YYYY-MM-DD", help="Published on or after this day."),
        click.option("--until", metavar="YYYY-MM-DD", help="Published on or before this day."),
        click.option("--edition", metavar="en|ur", help="Only the English or the Urdu edition."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def limit_option(default: int | None) -> Callable[[Callable], Callable]:
    text = "At most N articles." if default else "At most N articles (default: all)."
    return click.option(
        "--limit",
        "-n",
        type=COUNT,
        default=default,
        show_default=bool(default),
        metavar="N",
        help=text,
    )


def format_option(*choices: str, default: str = "table") -> Callable[[Callable], Callable]:
    text = {
        "table": "table: aligned columns for people",
        "text": "text: wrapped for reading",
        "json": "json: an array of objects" if "csv" in choices else "json: one object",
        "jsonl": "jsonl: one JSON object per line",
        "csv": "csv: a header row, then one row per article",
    }
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="; ".join(text[c] for c in choices) + ".",
    )


def _filters(kwargs: dict[str, Any]) -> query.Filters:
    names = ("category", "author", "since", "until", "edition")
    return query.Filters(**{name: kwargs.pop(name) for name in names})


@contextmanager
def _archive(db_path: str) -> Iterator[Database]:
    """The open archive; library and SQLite errors become one-line click errors."""
    db = None
    try:
        db = query.open_archive(db_path)
        yield db
    except query.QueryInputError as error:
        raise BadInput(str(error)) from None
    except query.ArchiveError as error:
        raise click.ClickException(str(error)) from None
    except sqlite3.Error as error:
        raise click.ClickException(explain(db_path, error)) from None
    finally:
        if db is not None:
            db.close()


def _stdout() -> TextIO:
    return sys.stdout


def _table_width(out: TextIO) -> int | None:
    """Fit tables to the terminal; leave them whole when piped to a file or a program."""
    return shutil.get_terminal_size().columns if out.isatty() else None


def _when(iso: str | None) -> str:
    """``2025-09-10T15:10:00+05:00`` as ``2025-09-10 15:10`` (the time of the edition)."""
    return iso[:16].replace("T", " ") if iso else ""


def _with_published(rows: Iterable[dict]) -> list[dict]:
    return [{**row, "published": _when(row["published_at"])} for row in rows]


def _emit(rows: list[dict], fmt: str, table: Columns, fields: Iterable[str]) -> None:
    out = _stdout()
    with _pipe_guard():
        if fmt == "json":
            write_json(rows, out)
        elif fmt == "csv":
            write_csv(rows, list(fields), out)
        else:
            write_table(_with_published(rows), table, out, width=_table_width(out))


@contextmanager
def _pipe_guard(out: IO[Any] | None = None, name: str = "standard output") -> Iterator[None]:
    """Writing to ``out`` (standard output by default), flushed at the end. A closed pipe
    (``urdupoint-news export | head``) stops quietly; any other write error (a full disk,
    ``--output /dev/full``) is one line saying so. Never a traceback."""
    out = out or _stdout()
    try:
        yield
        out.flush()
    except BrokenPipeError:
        _discard(out)
        sys.exit(1)
    except OSError as error:
        _discard(out)
        raise click.ClickException(f"cannot write {name}: {error.strerror}") from None


def _discard(out: IO[Any]) -> None:
    # What is still buffered can never be written: the stream now leads to /dev/null, so the
    # flush when it is closed (or at exit) cannot fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


# --- commands ---------------------------------------------------------------------------------
@cli.command(cls=DashQueryCommand)
@click.argument("text", metavar="QUERY")
@filter_options
@limit_option(20)
@format_option("table", "json", "csv")
@db_option("The archive (SQLite file) to read.")
def search(text: str, limit: int, fmt: str, db_path: str, **kwargs: Any) -> None:
    """Full-text search, best matches first (a word in the title counts most).

    QUERY uses SQLite FTS5 syntax: words (all must match), "exact phrases", prefix*, AND, OR,
    NOT, parentheses, and column filters like title:japan. Urdu works as typed: a word typed
    with Arabic letters (ي ك ه) also finds the Urdu spelling (ی ک ہ) and back. The snippet
    marks matches with [brackets].

    When more than 10,000 articles match (after the filters), the 10,000 most recently stored
    of them are ranked; --since/--until or more words reach older ones.

    \b
    Examples:
        urdupoint-news search "bilateral cooperation"
        urdupoint-news search 'japan AND (trade OR investment)' --since 2025-09-01
        urdupoint-news search پاکستان --edition ur --format json
        urdupoint-news search hockey --category sports --limit 5 --format csv
    """
    filters = _filters(kwargs)
    with _archive(db_path) as db:
        check_category(db, filters)
        rows = query.search(db, leading_dash(text), filters, limit=limit)
    _emit(rows, fmt, SEARCH_TABLE, [*query.LIST_COLUMNS, "snippet"])


@cli.command()
@filter_options
@limit_option(20)
@format_option("table", "json", "csv")
@db_option("The archive (SQLite file) to read.")
def latest(limit: int, fmt: str, db_path: str, **kwargs: Any) -> None:
    """The most recently published articles, newest first.

    \b
    Examples:
        urdupoint-news latest
        urdupoint-news latest --category business --limit 50
        urdupoint-news latest --edition ur --since 2025-09-01 --format json
    """
    filters = _filters(kwargs)
    with _archive(db_path) as db:
        check_category(db, filters)
        rows = query.latest(db, filters, limit=limit)
    _emit(rows, fmt, LIST_TABLE, query.LIST_COLUMNS)


@cli.command()
@click.argument("ref", metavar="URL|ID")
@click.option("--width", type=COUNT, metavar="N", help="Wrap at N columns (default: terminal).")
@format_option("text", "json", default="text")
@db_option("The archive (SQLite file) to read.")
def show(ref: str, width: int | None, fmt: str, db_path: str) -> None:
    """One whole article by URL or by the site's numeric id, wrapped for reading.

    \b
    Examples:
        urdupoint-news show 2193301
        urdupoint-news show https://www.urdupoint.com/en/business/...-2193301.html
        urdupoint-news show 2193301 --format json | jq .body
    """
    with _archive(db_path) as db:
        article = query.get_article(db, ref)
        # Where the article's sources disagreed at its latest check (crawl/checks/).
        article["disagreements"] = disagreements.for_url(db, article["url"])
    out = _stdout()
    with _pipe_guard():
        if fmt == "json":
            out.write(_pretty_json(article))
        else:
            width = width or min(shutil.get_terminal_size().columns, 100)
            out.write(render_article(article, max(width, 20)))


def _pretty_json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _copy_kind(link: dict) -> str:
    if link["kind"] == "exact":
        return "exact copy"
    return f"near copy, similarity {link['similarity']:.2f}"


def render_article(article: dict, width: int) -> str:
    """The article as plain text: title, a metadata block, then the wrapped summary and body."""
    lines: list[str] = []
    dup = article.get("duplicate")
    if dup:  # a copy recorded before copies kept their own text
        note = (
            f"({dup['url']} is a {dup['kind']} duplicate of this article; its text was not kept.)"
        )
        lines += [*textwrap.wrap(note, width, break_on_hyphens=False), ""]
    original = article.get("duplicate_of")
    if original:
        note = (
            f"(A {_copy_kind(original)}, of article {original['article_id']} "
            f"{original['title']!r}. Its own text follows; "
            f"`urdupoint-news show {original['article_id']}` shows the original.)"
        )
        lines += [*textwrap.wrap(note, width, break_on_hyphens=False), ""]
    title = textwrap.wrap(article["title"], width)
    lines += title + ["=" * min(width, max(len(t) for t in title)), ""]
    published = _when(article["published_at"]) + " " + article["published_at"][19:]
    if article.get("modified_at"):
        published += f" (updated {_when(article['modified_at'])})"
    meta = [
        ("Published", published),
        ("Author", article.get("author")),
        ("Category", f"{article.get('category')} ({article.get('edition')} edition)"),
        ("Dateline", article.get("dateline")),
        ("Source", article.get("source")),
        ("Words", article.get("word_count")),
        ("URL", article["url"]),
        ("Copy of", original["url"] if original else None),
        (
            "Copies",
            ", ".join(f"{c['article_id']} ({_copy_kind(c)})" for c in article.get("copies") or []),
        ),
    ]
    for label, value in meta:
        if value in (None, ""):
            continue
        line = f"{label + ':':<11}{value}"
        # A URL is one unbreakable word: leave it long rather than alone on its own line.
        if " " in str(value):
            lines += textwrap.wrap(line, width, subsequent_indent=" " * 11)
        else:
            lines.append(line)
    found = article.get("disagreements") or []
    if found:
        lines += ["", f"Sources disagree ({len(found)}):"]
        for row in found:
            lines += textwrap.wrap(
                disagreements.line(row), width, initial_indent="  ", subsequent_indent="    "
            )
    paragraphs = [p for p in article["body"].split("\n\n") if p.strip()]
    summary = article.get("summary")
    # The site's description is often the story's first paragraph: print it once.
    if summary and not (paragraphs and paragraphs[0].startswith(summary.rstrip(". …"))):
        paragraphs.insert(0, summary)
    for paragraph in paragraphs:
        lines += ["", *textwrap.wrap(" ".join(paragraph.split()), width)]
    return "\n".join(lines) + "\n"


@cli.command()
@click.option(
    "--days",
    type=COUNT,
    default=14,
    show_default=True,
    metavar="N",
    help="Articles per day for the last N days that have any.",
)
@click.option(
    "--runs", type=COUNT, default=5, show_default=True, metavar="N", help="The last N crawl runs."
)
@format_option("table", "json")
@db_option("The archive (SQLite file) to read.")
def stats(days: int, runs: int, fmt: str, db_path: str) -> None:
    """What the archive holds: articles per edition, category and day, duplicates, rejects,
    the last crawl runs with their status, and the field coverage of those runs (the share of
    the articles each run stored that have a title, date, author...), so a fading field shows.

    \b
    Examples:
        urdupoint-news stats
        urdupoint-news stats --days 30 --runs 10
        urdupoint-news stats --format json
    """
    with _archive(db_path) as db:
        result = query.stats(db, days=days, runs=runs)
    out = _stdout()
    with _pipe_guard():
        if fmt == "json":
            out.write(_pretty_json(result))
        else:
            out.write(render_stats(result, _table_width(out)))


def _counts(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = ", ".join(f"{key} {n}" for key, n in counts.items())
    return f"{total} ({parts})" if parts else "0"


def _duration(start: str | None, end: str | None) -> str:
    if not start or not end:
        return ""
    try:
        seconds = int((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds())
    except ValueError:
        return ""
    return f"{seconds // 60}m{seconds % 60:02d}s"


def render_stats(result: dict, width: int | None) -> str:
    buf = io.StringIO()
    span = ""
    if result["articles"]:
        span = (
            f", published {_when(result['first_published_at'])}"
            f" to {_when(result['last_published_at'])}"
        )
    buf.write(f"Articles:   {_counts(result['editions'])}{span}\n")
    if "duplicates" in result:
        buf.write(f"Duplicates: {_counts(result['duplicates'])}\n")
    if "rejects" in result:
        buf.write(f"Rejects:    {_counts(result['rejects'])}\n")
    buf.write("\nPer category\n")
    categories = [{**c, "last": _when(c["last_published_at"])} for c in result["categories"]]
    write_table(
        categories,
        [("category", "category"), ("articles", "articles"), ("last", "last published")],
        buf,
        width=width,
    )
    buf.write("\nPer day (latest days with articles)\n")
    write_table(result["days"], [("day", "day"), ("articles", "articles")], buf, width=width)
    if "runs" in result:
        buf.write("\nLast runs\n")
        run_rows = [
            {
                **r,
                "started": _when(r["started_at"]),
                "took": _duration(r["started_at"], r["finished_at"]),
            }
            for r in result["runs"]
        ]
        write_table(run_rows, RUNS_TABLE, buf, width=width)
    if result.get("coverage"):
        buf.write("\nField coverage of the last runs (share of the articles each stored)\n")
        write_table(
            [_coverage_row(entry) for entry in result["coverage"]], COVERAGE_TABLE, buf, width=width
        )
    return buf.getvalue()


def _coverage_row(entry: dict) -> dict:
    row = {key: entry[key] for key in ("run", "spider", "edition", "articles", "status")}
    row.update({name: f"{share * 100:.0f}%" for name, share in entry["coverage"].items()})
    words = entry["median_words"]
    row["words"] = "" if words is None else round(words)
    row["fallback"] = f"{entry['fallback'] * 100:.0f}%"
    return row


COVERAGE_TABLE: Columns = [
    ("run", "run"),
    ("spider", "spider"),
    ("edition", "ed"),
    ("status", "status"),
    ("articles", "articles"),
    *COVERAGE_LABELS.items(),
    ("words", "words"),
    ("fallback", "fallback"),
]


RUNS_TABLE: Columns = [
    ("id", "run"),
    ("spider", "spider"),
    ("started", "started (UTC)"),
    ("took", "took"),
    ("status", "status"),
    ("finish_reason", "finish"),
    ("pages", "pages"),
    ("articles_new", "new"),
    ("articles_updated", "updated"),
    ("articles_unchanged", "unchanged"),
    ("duplicates", "dups"),
    ("rejects", "rejects"),
    ("errors", "errors"),
]


@cli.command()
@filter_options
@limit_option(None)
@format_option("jsonl", "csv", default="jsonl")
@click.option(
    "--output", "-o", metavar="FILE", default="-", help="Write to FILE instead of standard output."
)
@db_option("The archive (SQLite file) to read.")
def export(limit: int | None, fmt: str, output: str, db_path: str, **kwargs: Any) -> None:
    """Every column of the matching articles, oldest first, streamed (any archive size).

    \b
    Examples:
        urdupoint-news export > articles.jsonl
        urdupoint-news export --format csv --output business.csv --category business
        urdupoint-news export --edition ur --since 2025-09-01 | jq -r .title
    """
    filters = _filters(kwargs)
    with _archive(db_path) as db:
        check_category(db, filters)
        name = "standard output" if output == "-" else output
        if fmt == "csv":
            rows = query.export_rows(db, filters, limit=limit)
            first = next(rows, None)  # bad filters fail here, before FILE is created
            with _open_output(output) as out, _pipe_guard(out, name):
                write_csv(_chain(first, rows), query.EXPORT_COLUMNS, out)
        else:
            lines = query.export_jsonl(db, filters, limit=limit)
            first_line = next(lines, None)
            with _open_output(output, binary=True) as out, _pipe_guard(out, name):
                write_bytes(_chain(first_line, lines), out)


@contextmanager
def _open_output(output: str, *, binary: bool = False) -> Iterator[Any]:
    """FILE or standard output, as text, or as bytes for lines encoded already."""
    if output == "-":
        stdout = _stdout()
        if binary:
            stdout.flush()
        yield stdout.buffer if binary else stdout
        return
    try:
        out: IO[Any] = (
            open(output, "wb")  # noqa: SIM115 (closed by the with below)
            if binary
            else open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        )
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror}") from None
    with out:
        yield out


def _chain(first: T | None, rest: Iterator[T]) -> Iterator[T]:
    if first is None:
        return
    yield first
    yield from rest
