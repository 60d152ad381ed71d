"""``urdupoint-news search | latest | show | stats | export | rejects``: the archive, read-only.

Each command opens the archive with the Python API (``urdupoint_news.api``, never creating a
database), calls one of its methods and renders what it returns; ``ArchiveError`` becomes a
one-line error. A notebook calling the API gets exactly what these commands print.
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

from urdupoint_news import api
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
        "parquet": "parquet: Parquet files and a dataset card in the --output directory",
    }
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="; ".join(text[c] for c in choices) + ".",
    )


def _filters(kwargs: dict[str, Any]) -> dict[str, Any]:
    names = ("category", "author", "since", "until", "edition")
    return {name: kwargs.pop(name) for name in names}


@contextmanager
def _archive(db_path: str) -> Iterator[api.Archive]:
    """The open archive; library and SQLite errors become one-line click errors."""
    db = None
    try:
        db = api.open_archive(db_path)
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
    with _archive(db_path) as archive:
        check_category(archive.db, filters.get("category"))
        rows = archive.search(leading_dash(text), limit=limit, **filters)
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
    with _archive(db_path) as archive:
        check_category(archive.db, filters.get("category"))
        rows = archive.latest(limit=limit, **filters)
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
    with _archive(db_path) as archive:
        article = archive.article(ref)
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


def _versions(versions: list[dict]) -> str:
    if not versions:
        return ""
    last = _when(versions[-1]["superseded_at"])
    return (
        f"{len(versions)} earlier text{'s' if len(versions) > 1 else ''}, last replaced {last} UTC"
    )


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
        ("Versions", _versions(article.get("versions") or [])),
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
@click.option(
    "--weeks",
    type=COUNT,
    default=2,
    show_default=True,
    metavar="N",
    help="Chart stories per day and edition over the archive's last N weeks.",
)
@format_option("table", "json")
@db_option("The archive (SQLite file) to read.")
def stats(days: int, runs: int, weeks: int, fmt: str, db_path: str) -> None:
    """What the archive holds: articles per edition, category and day, duplicates, rejects,
    the last crawl runs with their status, and the field coverage of those runs (the share of
    the articles each run stored that have a title, date, author...), so a fading field shows.

    On a terminal it ends with a chart of stories per day and edition over the last weeks
    (bars); written to a file or a pipe, the same counts come as a table.

    \b
    Examples:
        urdupoint-news stats
        urdupoint-news stats --days 30 --runs 10 --weeks 4
        urdupoint-news stats --format json
    """
    with _archive(db_path) as archive:
        result = archive.stats(days=days, runs=runs)
        result["stories_per_day"] = archive.daily_counts(weeks=weeks)
    out = _stdout()
    with _pipe_guard():
        if fmt == "json":
            out.write(_pretty_json(result))
        else:
            width = _table_width(out)
            out.write(render_stats(result, width))
            out.write(render_daily(result["stories_per_day"], out.isatty(), width))


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


_EIGHTHS = " ▏▎▍▌▋▊▉"
BAR_CELLS = 30


def bar(count: int, most: int, cells: int = BAR_CELLS) -> str:
    """``count`` as a bar of at most ``cells`` cells (``most`` fills them all), drawn with
    block characters to an eighth of a cell; any count above 0 shows."""
    if count <= 0 or most <= 0:
        return ""
    eighths = max(1, round(count / most * cells * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def render_daily(daily: dict[str, list], tty: bool, width: int | None) -> str:
    """Stories per day and edition: bars side by side on a terminal, else a table of counts
    with a line saying that the chart is drawn on a terminal."""
    if not daily:
        return ""
    editions = list(daily)
    days = [day for day, _ in daily[editions[0]]]
    counts = {edition: dict(daily[edition]) for edition in editions}
    title = f"\nStories per day, last {len(days)} days"
    if not tty:
        rows = [{"day": day, **{e: counts[e][day] for e in editions}} for day in days]
        buf = io.StringIO()
        buf.write(f"{title} (drawn as bars on a terminal; the counts here)\n")
        write_table(rows, [("day", "day"), *((e, e) for e in editions)], buf, width=width)
        return buf.getvalue()
    most = max(n for edition in editions for n in counts[edition].values())
    digits = len(str(most))
    cells = BAR_CELLS
    if width:  # day, then per edition: name, count, bar
        cells = max(4, min(BAR_CELLS, (width - 16) // len(editions) - digits - 6))
    lines = [title + f" (█ = {most / cells:.3g} stories)"]
    for day in days:
        weekday = dt_date(day).strftime("%a")
        parts = []
        for edition in editions:
            count = counts[edition][day]
            parts.append(f"{edition} {count:>{digits}} {bar(count, most, cells):<{cells}}")
        lines.append(f"{day} {weekday}  " + "  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


def dt_date(day: str) -> datetime:
    return datetime.fromisoformat(day)


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
@format_option("jsonl", "csv", "parquet", default="jsonl")
@click.option(
    "--output",
    "-o",
    metavar="FILE|DIR",
    default="-",
    help="Write to FILE instead of standard output; for parquet, the directory to write.",
)
@click.option(
    "--duplicates",
    is_flag=True,
    help="parquet: also duplicates.parquet, the copies of the exported articles.",
)
@click.option(
    "--versions",
    is_flag=True,
    help="parquet: also versions.parquet, the earlier texts of the exported articles.",
)
@db_option("The archive (SQLite file) to read.")
def export(
    limit: int | None,
    fmt: str,
    output: str,
    duplicates: bool,
    versions: bool,
    db_path: str,
    **kwargs: Any,
) -> None:
    """Every column of the matching articles, oldest first, streamed (any archive size).

    --format parquet writes a corpus into the directory --output names: articles.parquet
    (with --duplicates and --versions also duplicates.parquet and versions.parquet) and a
    dataset card, README.md, with the fields, counts per edition and year, the date range and
    how the texts were collected.

    \b
    Examples:
        urdupoint-news export > articles.jsonl
        urdupoint-news export --format csv --output business.csv --category business
        urdupoint-news export --edition ur --since 2025-09-01 | jq -r .title
        urdupoint-news export --format parquet --output corpus --duplicates --versions
    """
    filters = _filters(kwargs)
    if fmt != "parquet" and (duplicates or versions):
        raise click.ClickException("--duplicates and --versions go with --format parquet")
    if fmt == "parquet" and output == "-":
        raise click.ClickException(
            "--format parquet writes files: give the directory with --output"
        )
    with _archive(db_path) as archive:
        check_category(archive.db, filters.get("category"))
        name = "standard output" if output == "-" else output
        if fmt == "parquet":
            try:
                written = archive.export_parquet(
                    output, limit=limit, duplicates=duplicates, versions=versions, **filters
                )
            except OSError as error:
                raise click.ClickException(f"cannot write {output}: {error}") from None
            files = ", ".join(f"{file} ({rows} rows)" for file, rows in written.files.items())
            click.echo(f"Wrote {files} and README.md to {output}", err=True)
        elif fmt == "csv":
            rows = archive.articles(limit=limit, **filters)
            first = next(rows, None)  # bad filters fail here, before FILE is created
            with _open_output(output) as out, _pipe_guard(out, name):
                write_csv(_chain(first, rows), query.EXPORT_COLUMNS, out)
        else:
            lines = archive.export_jsonl(limit=limit, **filters)
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


REJECTS_TABLE: Columns = [
    ("seen", "last seen (UTC)"),
    ("reason", "reason"),
    ("attempts", "attempts"),
    ("url", "url"),
    ("detail", "detail"),
]


@cli.command()
@click.option("--reason", metavar="REASON", help="Only this reason, e.g. fetch_failed.")
@click.option("--since", metavar="YYYY-MM-DD", help="Last seen on or after this day (UTC).")
@click.option("--until", metavar="YYYY-MM-DD", help="Last seen on or before this day (UTC).")
@limit_option(50)
@format_option("table", "json", "csv")
@db_option("The archive (SQLite file) to read.")
def rejects(
    reason: str | None, since: str | None, until: str | None, limit: int, fmt: str, db_path: str
) -> None:
    """Pages that could not become an article, last seen first: the reason (docs/crawling.md
    lists them), the URL, how many runs tried to fetch it (fetch_failed, gave_up) and when it
    was last seen.

    \b
    Examples:
        urdupoint-news rejects
        urdupoint-news rejects --reason fetch_failed --since 2025-09-01
        urdupoint-news rejects --format csv --limit 1000 > rejects.csv
    """
    with _archive(db_path) as archive:
        rows = archive.rejects(reason=reason, since=since, until=until, limit=limit)
    out = _stdout()
    with _pipe_guard():
        if fmt == "json":
            write_json(rows, out)
        elif fmt == "csv":
            write_csv(rows, query.REJECT_COLUMNS, out)
        else:
            shown = [{**row, "seen": _when(row["seen_at"])} for row in rows]
            write_table(shown, REJECTS_TABLE, out, width=_table_width(out))
