"""``urdupoint-news crawl``: run spiders one after another under one lock, then judge the runs.

Each spider runs as its own ``scrapy crawl`` process (a fresh reactor per run, as Scrapyd does);
this command holds the database lock for all of them and hands the locked file to each child, so
even a child orphaned by ``kill -9`` of this command keeps other runs out until it ends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from urdupoint_news.archive.access import check_writable
from urdupoint_news.cli import DB_ENVVAR, cli, db_option
from urdupoint_news.crawl.downloadermiddlewares.blocking import CLOSE_REASON as BLOCKED
from urdupoint_news.crawl.lock import RunLock, resolved_database
from urdupoint_news.crawl.verdict import RunStatus, Verdict, drift
from urdupoint_news.errors import UserFacingError

SETTINGS_MODULE = "urdupoint_news.settings"
DEFAULT_SPIDERS = ("urdupoint_en", "urdupoint_ur")


def _spider_loader() -> Any:
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    return SpiderLoader.from_settings(get_project_settings())


def available_spiders() -> list[str]:
    return sorted(_spider_loader().list())


def check_spider_arguments(names: list[str], arguments: list[tuple[str, str]]) -> None:
    """Each spider checks its own arguments when it is made (no crawler: nothing starts), so
    bad input is one line here instead of a failed child process. An argument no spider of the
    run knows is refused with the closest name (a misspelt ``-a maxpages=1`` crawled without a
    bound); one some spiders know goes to those only (``until`` to urdupoint_sitemaps). Raises
    SpiderArgumentError."""
    from urdupoint_news.crawl.spider import refuse_unknown_arguments

    loader = _spider_loader()
    spiders = {name: loader.load(name) for name in names}
    known = {argument for spider in spiders.values() for argument in spider.argument_names}
    run = names[0] if len(names) == 1 else " and ".join(names)
    refuse_unknown_arguments(run, known, [name for name, _ in arguments])
    for name, spider in spiders.items():
        spider(**dict(spider_arguments(name, arguments)))


def spider_arguments(name: str, arguments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The ``-a`` pairs the spider ``name`` takes (Scrapyd's ``_job`` and the like pass)."""
    known = set(_spider_loader().load(name).argument_names)
    return [(key, value) for key, value in arguments if key in known or key.startswith("_")]


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise click.UsageError(f"{option} takes NAME=VALUE, got {value!r}")
        pairs.append((name, setting))
    return pairs


def run_settings(
    db_path: str, setting_pairs: list[tuple[str, str]], *, writes_pages: bool = True
) -> tuple[str, list[tuple[str, str]]]:
    """The database a run writes (resolved: the path the lock is taken on) and the ``-s`` pairs
    for its ``scrapy crawl``, every setting checked (click errors, one line each).

    ``-s URDUPOINT_DB_PATH`` names the database as ``--db`` does: giving both for different
    files is refused (the children would write one while the lock guards the other)."""
    named = [value for name, value in setting_pairs if name == "URDUPOINT_DB_PATH"]
    others = [(name, value) for name, value in setting_pairs if name != "URDUPOINT_DB_PATH"]
    if named:
        given = click.get_current_context().get_parameter_source("db_path")
        if (
            given is not ParameterSource.DEFAULT
            and named[-1]
            and (resolved_database(named[-1]) != resolved_database(db_path))
        ):
            # --db may come from the environment (URDUPOINT_DB_PATH, as for every command).
            first = (
                f"{DB_ENVVAR}={db_path} (environment)"
                if given is ParameterSource.ENVIRONMENT
                else f"--db {db_path}"
            )
            raise click.UsageError(
                f"{first} and -s URDUPOINT_DB_PATH={named[-1]} name different databases;"
                " give the database once, with --db"
            )
        db_path = named[-1]
    check_setting_pairs([*others, ("URDUPOINT_DB_PATH", db_path)], writes_pages=writes_pages)
    return str(resolved_database(db_path)) if db_path else db_path, others


def check_setting_pairs(setting_pairs: list[tuple[str, str]], *, writes_pages: bool = True) -> None:
    """The project's settings with these ``-s`` values, checked as ``scrapy crawl`` checks them,
    and the page archive's directory writable (for runs that keep pages)."""
    from urdupoint_news.crawl.settings_check import (
        SettingError,
        check_directories,
        check_settings,
    )

    settings = project_settings(setting_pairs)
    try:
        check_settings(settings)
        check_directories(settings, writes_pages=writes_pages)
    except SettingError as error:
        raise click.UsageError(str(error)) from None


def check_log_file(log_file: str | None) -> None:
    """``--log-file`` appendable before anything runs (Scrapy would fail with a traceback)."""
    from urdupoint_news.crawl.settings_check import log_file_problem

    problem = log_file_problem(log_file) if log_file else None
    if problem:
        raise click.UsageError(f"cannot write the log file {log_file}: {problem}")


def lock_database(db_path: str) -> RunLock:
    """The database's run lock, taken, and the database opened (created, migrated) once to be
    sure a crawl can write it; click errors, one line each."""
    lock = RunLock(db_path)
    try:
        lock.acquire()
    except UserFacingError as error:
        raise click.ClickException(str(error)) from None
    try:
        check_writable(db_path)
    except UserFacingError as error:
        lock.abandon()
        raise click.ClickException(str(error)) from None
    return lock


def _runs_after(db_path: str, last_id: int) -> list[dict[str, Any]]:
    from urdupoint_news.archive.schema import open_database

    if not Path(db_path).exists():
        return []
    db = open_database(db_path, create=False)
    try:
        if "crawl_runs" not in db.table_names():
            return []
        return list(db["crawl_runs"].rows_where("id > ?", [last_id], order_by="id"))
    finally:
        db.close()


def _last_run_id(db_path: str) -> int:
    runs = _runs_after(db_path, -1)
    return runs[-1]["id"] if runs else 0


def summary_line(run: dict[str, Any]) -> str:
    extractors = json.loads(run["extractors"] or "{}")
    used = ", ".join(f"{name} {count}" for name, count in sorted(extractors.items())) or "none"
    return (
        f"{run['spider']}: {run['status']} - {run['pages']} pages, {run['articles_new']} new, "
        f"{run['articles_updated']} updated, {run['articles_unchanged']} unchanged, "
        f"{run['duplicates']} duplicates, {run['rejects']} rejects, {run['errors']} errors "
        f"(extractors: {used})"
    )


# What the terminal shows of a run's log (crawl/console.py); a --log-file always gets INFO.
CONSOLE_LEVELS = {-1: "ERROR", 0: "WARNING", 1: "INFO", 2: "DEBUG"}


def verbosity_options(fn: Callable) -> Callable:
    fn = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="Only errors: no progress line, and summary lines only for runs that failed.",
    )(fn)
    return click.option(
        "-v",
        "--verbose",
        count=True,
        help="Scrapy's INFO log on the terminal too (-vv: DEBUG).",
    )(fn)


def console_log_level(verbose: int, quiet: bool) -> str:
    if verbose and quiet:
        raise click.UsageError("-v and -q cannot be used together")
    return CONSOLE_LEVELS[-1 if quiet else min(verbose, 2)]


def log_settings(level: str, log_file: str | None) -> list[tuple[str, str]]:
    """The child's log settings: the terminal at ``level``; the log file, if any, at INFO or
    more detail."""
    if not log_file:
        return [("LOG_LEVEL", level)]
    return [
        ("LOG_FILE", log_file),
        ("LOG_FILE_APPEND", "True"),
        ("LOG_LEVEL", "DEBUG" if level == "DEBUG" else "INFO"),
        ("URDUPOINT_CONSOLE_LOG_LEVEL", level),
    ]


@cli.command()
@click.argument("spiders", nargs=-1)
@db_option("SQLite archive.")
@click.option(
    "-a",
    "arguments",
    multiple=True,
    metavar="NAME=VALUE",
    help="Spider argument: categories, max_pages, since, refresh; urdupoint_feeds: editions; "
    "urdupoint_sitemaps: since (required), until (repeatable).",
)
@click.option(
    "-s",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Scrapy setting passed through to every spider (repeatable).",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    help="Append the crawl's log (Scrapy's INFO) to this file.",
)
@verbosity_options
def crawl(
    spiders: tuple[str, ...],
    db_path: str,
    arguments: tuple[str, ...],
    settings: tuple[str, ...],
    log_file: str | None,
    verbose: int,
    quiet: bool,
) -> None:
    """Crawl UrduPoint into the archive (default: every edition's listing spider).

    Runs are incremental: stories already stored are not fetched again. Exits non-zero when a
    run failed or looks wrong (site unreachable, no articles, too many rejects, markup change).
    The terminal shows warnings, errors, a progress line and one summary line per spider.

    \b
    Examples:
        urdupoint-news crawl
        urdupoint-news crawl urdupoint_en -a categories=business -a max_pages=2
        urdupoint-news crawl urdupoint_feeds --db /srv/news.db --log-file crawl.log
        urdupoint-news crawl -a refresh=true -a since=2025-09-01 -s DOWNLOAD_DELAY=3
        urdupoint-news crawl urdupoint_sitemaps -a since=2025-08-01 -a until=2025-08-31
    """
    # Imported here: the query commands should not pay for loading Scrapy.
    from urdupoint_news.crawl.spider import SpiderArgumentError

    spider_args = _pairs(arguments, "-a")
    check_log_file(log_file)
    db_path, setting_pairs = run_settings(db_path, _pairs(settings, "-s"))
    level = console_log_level(verbose, quiet)
    known = available_spiders()
    names = list(spiders) or [name for name in DEFAULT_SPIDERS if name in known]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise click.UsageError(f"unknown spider {unknown[0]!r}; spiders: {', '.join(known)}")
    try:
        check_spider_arguments(names, spider_args)
    except SpiderArgumentError as exc:
        raise click.UsageError(str(exc)) from None

    lock = lock_database(db_path)
    outcomes = Outcome()
    categories = _categories_asked(spider_args)
    listing = [name for name in names if name in LISTING_SPIDERS]
    if categories and len(listing) > 1:
        # A category only one edition has must not fail the other edition's run: the
        # categories are judged over every edition of the crawl, below.
        setting_pairs = [("URDUPOINT_CATEGORIES_ANY_EDITION", "True"), *setting_pairs]
    try:
        for index, name in enumerate(names):
            outcome = _run_one(
                name, db_path, spider_args, setting_pairs, log_file, lock, level=level
            )
            outcomes.add(outcome)
            if outcome.blocked:  # the same site: the next spiders would only be refused too
                for skipped in names[index + 1 :]:
                    click.echo(f"{skipped}: not run - the site is blocking the crawler")
                break
        # Judged only over runs that read the site: an unreachable one found nothing to judge.
        if categories and len(listing) > 1 and not outcomes.failures and not outcomes.blocked:
            unfound = _categories_unfound(db_path, categories)
            if unfound:
                outcomes.failures.append(
                    f"{' and '.join(listing)}: categories not found in any edition of the site: "
                    f"{', '.join(unfound)}"
                )
    finally:
        lock.release()
    outcomes.finish(lambda failures: f"crawl failed: {failures[0]}")


# The spiders that walk an edition's listings (and take -a categories).
LISTING_SPIDERS = ("urdupoint_en", "urdupoint_ur")


def _categories_asked(spider_args: list[tuple[str, str]]) -> list[str]:
    from urdupoint_news.crawl.spider import parse_arguments

    given = dict(spider_args).get("categories")
    return list(parse_arguments(categories=given)["categories"]) if given else []


def _categories_unfound(db_path: str, categories: list[str]) -> list[str]:
    """The categories no edition has a listing for (the ``listings`` table: every listing a run
    found is recorded there, by this crawl or an earlier one). A category an edition dropped
    while another still has it, or had it, is not reported here: each run's log says "Category
    ... is not in this edition"."""
    from urdupoint_news.archive.schema import open_database

    db = open_database(db_path, create=False)
    try:
        seen = {row[0] for row in db.execute("select distinct category from listings")}
    finally:
        db.close()
    return [category for category in categories if category not in seen]


@dataclass
class Outcome:
    """What runs amounted to: the problems of failed runs ("spider: problem"), the lines of
    degraded ones, and whether the site blocked the crawler."""

    failures: list[str] = field(default_factory=list)
    degraded: list[str] = field(default_factory=list)
    blocked: bool = False

    def add(self, other: Outcome) -> None:
        self.failures += other.failures
        self.degraded += other.degraded
        self.blocked = self.blocked or other.blocked

    def finish(self, failed: Callable[[list[str]], str], *, names_first: bool = True) -> None:
        """End the command: each degraded run's line, then ``Error: <failed(failures)>`` and
        exit 1 when a run failed (a failed run wins), else exit 3 when one was degraded."""
        for line in self.degraded:
            click.echo(line, err=True)
        if self.failures:
            # The runs' problems are not on the terminal otherwise (the runs log them at INFO
            # when this command reports them): every one but the first, which the last line names.
            for problem in self.failures[1 if names_first else 0 :]:
                click.echo(f"problem: {problem}", err=True)
            raise click.ClickException(failed(self.failures))
        if self.degraded:
            sys.exit(RunStatus.DEGRADED.exit_status)


def scrapy_crawl(
    name: str, setting_pairs: list[tuple[str, str]], spider_args: list[tuple[str, str]]
) -> list[str]:
    """The ``scrapy crawl`` command line of one spider run (later settings win)."""
    command = [sys.executable, "-m", "scrapy", "crawl", name]
    for key, value in setting_pairs:
        command += ["-s", f"{key}={value}"]
    for key, value in spider_args:
        command += ["-a", f"{key}={value}"]
    return command


def project_settings(setting_pairs: list[tuple[str, str]]) -> Any:
    """The project's Scrapy settings with ``-s`` pairs on top, as a crawl will see them."""
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    from urdupoint_news.crawl.settings_check import SettingError, set_from_command_line

    settings = get_project_settings()
    try:
        set_from_command_line(settings, setting_pairs)
    except SettingError as error:
        raise click.UsageError(str(error)) from None
    return settings


def check_drift_settings(setting_pairs: list[tuple[str, str]]) -> drift.Thresholds:
    """The drift thresholds the runs will use; a bad one is a usage error, before any run."""
    try:
        return drift.Thresholds.from_settings(project_settings(setting_pairs))
    except drift.DriftSettingError as exc:
        raise click.UsageError(str(exc)) from None


def _run_one(
    name: str,
    db_path: str,
    spider_args: list[tuple[str, str]],
    setting_pairs: list[tuple[str, str]],
    log_file: str | None,
    lock: RunLock,
    *,
    level: str = "WARNING",
) -> Outcome:
    """Run one spider, its terminal showing log records at ``level``; what its runs amounted
    to. Under ``ERROR`` (-q), only runs that are not ok get a summary line."""
    last_id = _last_run_id(db_path)
    # This command holds the lock and prints the verdict line itself.
    ours = [
        ("URDUPOINT_DB_PATH", db_path),
        ("URDUPOINT_LOCK_ENABLED", "False"),
        ("URDUPOINT_EXIT_LINE", "False"),
    ]
    # The user's own -s come last, so they win (-s LOG_LEVEL=DEBUG...).
    command = scrapy_crawl(
        name,
        [*ours, *log_settings(level, log_file), *setting_pairs],
        spider_arguments(name, spider_args),
    )
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE=SETTINGS_MODULE)
    result = subprocess.run(command, env=env, pass_fds=lock.fds, check=False)
    runs = _runs_after(db_path, last_id)
    if not runs:
        return Outcome(failures=[f"{name} did not start (exit status {result.returncode})"])
    outcome = Outcome(blocked=any(run["finish_reason"] == BLOCKED for run in runs))
    for run in runs:
        if level != "ERROR" or run["status"] != RunStatus.OK:
            click.echo(summary_line(run))
        problems = json.loads(run["problems"] or "[]")
        verdict = Verdict.of_run(run)
        if verdict is not None and verdict.status is RunStatus.DEGRADED:
            outcome.degraded.append(verdict.degraded_line(run["spider"]))
            continue
        outcome.failures += [f"{run['spider']}: {p}" for p in problems]
        if run["status"] == "running":  # the database refused the run's last write
            outcome.failures.append(
                f"{run['spider']}: the run ended (exit status {result.returncode}) but its "
                "record in crawl_runs could not be completed"
            )
        if (verdict is None or verdict.status is not RunStatus.OK) and not outcome.failures:
            outcome.failures.append(f"{run['spider']}: {run['status']} ({run['finish_reason']})")
    expected = RunStatus.DEGRADED.exit_status if outcome.degraded else 0
    if result.returncode not in (0, expected) and not outcome.failures:
        outcome.failures.append(f"{name} exited with status {result.returncode}")
    return outcome
