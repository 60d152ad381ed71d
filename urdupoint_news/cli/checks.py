"""Input checks the query commands share, in our words and with the exit status of bad input
(2, urdupoint_news/errors.py): a category the archive does not hold, a query that cannot be
parsed, a query that starts with '-'."""

from __future__ import annotations

import difflib
import sqlite3

import click
from sqlite_utils import Database

from urdupoint_news.cli import TextCheckingCommand
from urdupoint_news.errors import EXIT_BAD_INPUT


class BadInput(click.ClickException):
    """One ``Error:`` line, exit status 2: what was typed cannot be used."""

    exit_code = EXIT_BAD_INPUT


def archive_categories(db: Database) -> list[str]:
    """The categories the archive holds articles of (from the count table, else the articles)."""
    for sql in (
        "SELECT DISTINCT category FROM article_counts_by_category WHERE articles > 0",
        "SELECT DISTINCT category FROM articles",
    ):
        try:
            return sorted(row[0] for row in db.execute(sql).fetchall() if row[0])
        except sqlite3.Error:
            continue
    return []


def check_category(db: Database, category: str | None) -> None:
    """``--category buisness`` printed an empty table and exit 0; now it names the likely
    category. An empty archive has no categories to hold the name against: it passes."""
    asked = (category or "").strip().lower()
    if not asked:
        return
    known = archive_categories(db)
    if not known or asked in known:
        return
    close = difflib.get_close_matches(asked, known, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    raise BadInput(f"no article in category {asked!r}{hint}; the archive's categories: {shown}")


class DashQueryCommand(TextCheckingCommand):
    """A command whose QUERY may start with '-' (``search -japan``): click reads it as an
    option; the error says how to give it (after ``--``)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # click's parser consumes the list
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            typed = next((arg for arg in given if arg.startswith(error.option_name)), None)
            typed = typed or error.option_name
            raise click.UsageError(
                f"no such option {error.option_name!r}; a query that starts with '-' goes after "
                f"--: urdupoint-news {ctx.info_name} -- {typed}",
                ctx=ctx,
            ) from None


def leading_dash(text: str) -> str:
    """A query whose first word starts with '-' (given after ``--``), with that word searched as
    typed: FTS5 would read ``-japan`` as "not the column japan" and fail."""
    head, sep, rest = text.lstrip().partition(" ")
    if head.startswith("-") and '"' not in head:
        return f'"{head}"{sep}{rest}'
    return text
