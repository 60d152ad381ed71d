"""``urdupoint-news reparse`` and ``urdupoint-news import``: the page archive's commands.

Both run a spider that fetches nothing (urdupoint_news/crawl/reparse.py and warc_import.py) the
way ``crawl`` runs its spiders: a ``scrapy crawl`` process under the database lock, a summary line
per run from ``crawl_runs``, a non-zero exit when the run failed. See docs/page-archive.md.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from urdupoint_news.cli import cli, db_option
from urdupoint_news.cli.crawl import (
    Outcome,
    _pairs,
    _run_one,
    check_log_file,
    console_log_level,
    lock_database,
    run_settings,
    verbosity_options,
)

settings_option = click.option(
    "-s",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Scrapy setting passed through to the run (repeatable).",
)
log_file_option = click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    help="Append the run's log (Scrapy's INFO) to this file.",
)


def _run_locked(
    spider: str,
    db_path: str,
    spider_args: list[tuple[str, str]],
    settings: tuple[str, ...],
    log_file: str | None,
    level: str,
) -> Outcome:
    check_log_file(log_file)
    writes_pages = spider != "urdupoint_reparse"
    db_path, setting_pairs = run_settings(
        db_path, _pairs(settings, "-s"), writes_pages=writes_pages
    )
    lock = lock_database(db_path)
    try:
        return _run_one(spider, db_path, spider_args, setting_pairs, log_file, lock, level=level)
    finally:
        lock.release()


@cli.command()
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    help="Only pages fetched on or after this day (UTC), e.g. 2025-09-01.",
)
@click.option("--edition", type=click.Choice(["en", "ur"]), help="Only this edition's pages.")
@click.option("--url", "urls", multiple=True, metavar="URL", help="Only this page (repeatable).")
@db_option("SQLite archive.")
@settings_option
@log_file_option
@verbosity_options
def reparse(
    since: datetime | None,
    edition: str | None,
    urls: tuple[str, ...],
    db_path: str,
    settings: tuple[str, ...],
    log_file: str | None,
    verbose: int,
    quiet: bool,
) -> None:
    """Re-extract archived pages with today's parsers; fetches nothing.

    Takes the newest archived copy of every page and sends it through the same pipelines as a
    crawl: changed articles keep their previous version in article_versions, new duplicates are
    found, rejected pages that now parse become articles. Refuses to run during a crawl.

    \b
    Examples:
        urdupoint-news reparse
        urdupoint-news reparse --since 2025-09-01 --edition en
        urdupoint-news reparse --url https://www.urdupoint.com/en/business/...-2193301.html
    """
    from urdupoint_news.archive.access import DatabaseUnusable, open_for_reading
    from urdupoint_news.pagearchive.pages import count_pages
    from urdupoint_news.site.urls import canonical_url

    if not Path(db_path).exists():
        raise click.ClickException(f"no archive at {db_path}")
    wanted = [canonical_url(url) for url in urls]
    day = since.date() if since else None
    level = console_log_level(verbose, quiet)
    check_log_file(log_file)
    db_path, setting_pairs = run_settings(db_path, _pairs(settings, "-s"), writes_pages=False)
    # The lock first: under a running crawl the answer is that crawl, not what the archive holds
    # so far (an empty archive said "no archived page matches").
    lock = lock_database(db_path)
    try:
        try:
            db = open_for_reading(db_path)
        except DatabaseUnusable as error:
            raise click.ClickException(str(error)) from None
        try:
            matching = count_pages(db, since=day, edition=edition, urls=wanted)
            absent = [
                url for url in wanted if not count_pages(db, since=day, edition=edition, urls=[url])
            ]
        finally:
            db.close()
        for url in absent:
            click.echo(f"not in the page archive: {url}", err=True)
        if not matching:
            raise click.ClickException(
                "no archived page matches: pages are archived by crawls run with the page archive"
                " on (docs/page-archive.md)"
            )
        spider_args = [("urls", " ".join(wanted))] if wanted else []
        if day:
            spider_args.append(("fetched_since", day.isoformat()))
        if edition:
            spider_args.append(("edition", edition))
        outcome = _run_one(
            "urdupoint_reparse", db_path, spider_args, setting_pairs, log_file, lock, level=level
        )
    finally:
        lock.release()
    outcome.finish(lambda failures: f"reparse failed: {failures[0]}")


@cli.command(name="import")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE...",
)
@db_option("SQLite archive.")
@settings_option
@log_file_option
@verbosity_options
def import_(
    files: tuple[str, ...],
    db_path: str,
    settings: tuple[str, ...],
    log_file: str | None,
    verbose: int,
    quiet: bool,
) -> None:
    """Import UrduPoint article pages from WARC files made elsewhere; fetches nothing.

    Reads .warc.gz and .warc files (no index needed: wget --warc-file, Common Crawl, CC-NEWS,
    Heritrix) and sends every https://www.urdupoint.com article response through the same
    extraction and pipelines as a crawl, dated by its WARC-Date; the pages are kept in the page
    archive. Other sites, responses other than 200 and revisit records are counted and skipped.
    A damaged file is reported one line per problem; what could be read is imported, and the
    command exits with status 1.

    \b
    Examples:
        urdupoint-news import CC-NEWS-20250910083140-00963.warc.gz
        urdupoint-news import site.warc.gz --db /srv/news.db
    """
    paths = [str(Path(file).resolve()) for file in files]
    if any("," in path for path in paths):
        raise click.UsageError("file names with a comma are not supported; rename the file")
    level = console_log_level(verbose, quiet)
    outcome = _run_locked(
        "urdupoint_import", db_path, [("files", ",".join(paths))], settings, log_file, level
    )
    outcome.finish(
        lambda found: f"import finished with {len(found)} problem(s), listed above",
        names_first=False,
    )
