"""``urdupoint-news doctor``: a small sample crawl, its field coverage next to the archive's norms.

Each edition's listing spider runs as a ``scrapy crawl`` process of its own into a temporary
database (the archive is only read), with the polite settings of any crawl, one listing page per
category and a cap on stored articles (``CLOSESPIDER_ITEMCOUNT``). The sample's coverage per
layout is shown next to the norm of the same spider in the archive, and judged the way a crawl
is (crawl/verdict/drift.py), and by what it found on its own pages (the cross-checks of
crawl/checks/, which need no norm): exit status 0 ok, 1 a sample crawl failed, 3 drift or
disagreeing fields. See docs/drift.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

import click

from urdupoint_news.archive import coverage as cov
from urdupoint_news.archive.access import DatabaseUnusable, open_for_reading
from urdupoint_news.archive.schema import open_database
from urdupoint_news.cli import cli, db_option
from urdupoint_news.cli.crawl import (
    DEFAULT_SPIDERS,
    SETTINGS_MODULE,
    _pairs,
    available_spiders,
    check_drift_settings,
    check_log_file,
    check_setting_pairs,
    log_settings,
    project_settings,
    scrapy_crawl,
)
from urdupoint_news.cli.output import COVERAGE_LABELS, Columns, write_table
from urdupoint_news.crawl.addons.mirror import fetch_root
from urdupoint_news.crawl.verdict import RunStatus, Verdict, drift

# The whole check's time limit, by default: a sample of two editions at the polite rate takes a
# minute or two; ten is a site that does not answer.
DEFAULT_TIMEOUT = 600
GRACE = 10  # seconds a crawl at its CLOSESPIDER_TIMEOUT gets to close before it is stopped


@dataclass
class EditionReport:
    edition: str
    coverage: cov.Coverage
    norm: cov.Norm | None
    findings: list[drift.Finding] = field(default_factory=list)
    note: str | None = None  # why the sample was not judged

    def to_json(self) -> dict[str, Any]:
        c = self.coverage
        return {
            "edition": self.edition,
            "articles": c.articles,
            "coverage": {name: round(c.share(name), 4) for name in cov.FIELDS},
            "median_words": c.total.median_words,
            "layouts": {
                layout: {
                    "articles": counts.articles,
                    "coverage": {name: round(counts.share(name), 4) for name in cov.FIELDS},
                    "median_words": counts.median_words,
                }
                for layout, counts in c.layouts.items()
            },
            "norm": self.norm.to_json() if self.norm else None,
            "judged": self.note is None,
            "note": self.note,
            "findings": [finding.to_json() for finding in self.findings],
        }


@dataclass
class SampleReport:
    spider: str
    run: dict[str, Any] | None  # its crawl_runs row in the sample database
    editions: list[EditionReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # What the sample run found wrong on its own pages (crawl/checks/: fields whose sources
    # disagree, bodies short of the generic extractor's text): its findings, no norm needed.
    checks: list[str] = field(default_factory=list)

    @property
    def status(self) -> RunStatus:
        if self.problems:
            return RunStatus.FAILED
        degraded = self.checks or any(e.findings for e in self.editions)
        return RunStatus.DEGRADED if degraded else RunStatus.OK

    @property
    def line(self) -> str:
        if self.problems:
            return f"{self.spider}: sample crawl failed - {self.problems[0]}"
        findings = self.checks + [f.text for e in self.editions for f in e.findings]
        if findings:
            return Verdict(RunStatus.DEGRADED, tuple(findings)).degraded_line(self.spider)
        notes = [e.note for e in self.editions if e.note]
        if not self.editions:
            notes = ["the sample stored no article"]
        return f"{self.spider}: ok" + (f" ({'; '.join(notes)})" if notes else "")

    def to_json(self) -> dict[str, Any]:
        run = self.run or {}
        return {
            "spider": self.spider,
            "status": self.status,
            "line": self.line,
            "problems": self.problems,
            "checks": self.checks,
            "pages": run.get("pages"),
            "finish_reason": run.get("finish_reason"),
            "editions": [edition.to_json() for edition in self.editions],
        }


@cli.command()
@click.argument("spiders", nargs=-1)
@db_option("The archive whose norms the sample is held against (only read).")
@click.option(
    "--base-url",
    metavar="URL",
    help="Fetch from this mirror of the site instead, e.g. http://127.0.0.1:8000.",
)
@click.option(
    "--articles",
    type=click.IntRange(min=1),
    default=25,
    show_default=True,
    metavar="N",
    help="Stop each edition's sample once it stored N articles.",
)
@click.option(
    "--pages",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="Listing pages read per category.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for monitoring systems.")
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Time limit for all the sample crawls together.",
)
@click.option(
    "-s",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Scrapy setting for the sample crawls and the drift thresholds (repeatable).",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    help="Append the sample crawls' log here (default: discarded).",
)
def doctor(
    spiders: tuple[str, ...],
    db_path: str,
    base_url: str | None,
    articles: int,
    pages: int,
    as_json: bool,
    settings: tuple[str, ...],
    log_file: str | None,
    timeout: int,
) -> None:
    """Check the parsers against the site: a small sample crawl, its field coverage per layout
    next to the archive's norms. Exits 0 when the sample looks like the archive's healthy runs,
    3 when a field's coverage fell well below its norm (the site's markup has probably
    changed), 1 when a sample crawl failed.

    The sample goes into a temporary database; the archive is only read. Made to run daily from
    cron (docs/drift.md).

    \b
    Examples:
        urdupoint-news doctor
        urdupoint-news doctor urdupoint_en --articles 40 --json
        urdupoint-news doctor --db /srv/news/urdupoint.db --base-url http://127.0.0.1:8000
    """
    setting_pairs = _pairs(settings, "-s")
    known = available_spiders()
    names = list(spiders) or [name for name in DEFAULT_SPIDERS if name in known]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise click.UsageError(f"unknown spider {unknown[0]!r}; spiders: {', '.join(known)}")
    fetched_from = (base_url or "").rstrip("/") or fetch_root(project_settings(setting_pairs))
    check_setting_pairs([*setting_pairs, ("URDUPOINT_BASE_URL", fetched_from)])
    check_log_file(log_file)
    limits = check_drift_settings(setting_pairs)
    if not Path(db_path).exists():
        raise click.ClickException(
            f"no archive at {db_path}: the sample is held against its norms (give --db)"
        )
    try:  # the archive is only read: one line if it cannot be (archive/access.py)
        open_for_reading(db_path).close()
    except DatabaseUnusable as error:
        raise click.ClickException(str(error)) from None

    with tempfile.TemporaryDirectory(prefix="urdupoint-doctor-") as tmp:
        sample_db = str(Path(tmp) / "sample.db")
        ours = [
            ("URDUPOINT_DB_PATH", sample_db),
            ("URDUPOINT_WARC_DIR", ""),
            ("URDUPOINT_EXIT_LINE", "False"),
            ("URDUPOINT_PROGRESS_INTERVAL", "0"),
            ("CLOSESPIDER_ITEMCOUNT", str(articles)),
        ]
        if base_url:
            ours.append(("URDUPOINT_BASE_URL", fetched_from))
        log = log_file or str(Path(tmp) / "sample.log")
        reports = []
        # One limit for the whole check: a server that accepts connections and never answers
        # held a sample for minutes per request (timeouts times retries times pages).
        deadline = time.monotonic() + timeout
        for name in names:
            left = deadline - time.monotonic()
            if left < 1:
                report = SampleReport(name, None)
                report.problems = [f"not run: the time limit of {timeout} s was reached"]
                reports.append(report)
                continue
            # The crawl ends itself at the limit (a normal end, judged on what it has), and no
            # download outlasts it...
            timeout_setting = project_settings(setting_pairs).getfloat("DOWNLOAD_TIMEOUT")
            bounded = [
                ("CLOSESPIDER_TIMEOUT", f"{left:.0f}"),
                ("DOWNLOAD_TIMEOUT", f"{min(timeout_setting, left):.0f}"),
            ]
            command = scrapy_crawl(
                name,
                [*ours, *log_settings("ERROR", log), *setting_pairs, *bounded],
                [("max_pages", str(pages))],
            )
            env = dict(os.environ, SCRAPY_SETTINGS_MODULE=SETTINGS_MODULE)
            try:  # ... and is stopped if it does not (a download in flight)
                result = subprocess.run(
                    command, env=env, check=False, capture_output=True, timeout=left + GRACE
                )
            except subprocess.TimeoutExpired:
                report = SampleReport(name, None)
                report.problems = [
                    f"the sample crawl did not finish within the time limit of {timeout} s "
                    f"(fetching from {fetched_from})"
                ]
                reports.append(report)
                continue
            started = f"did not start (exit status {result.returncode})"
            if reason := _last_error(log):
                started += f": {reason}"
            reports.append(_report(name, sample_db, db_path, limits, started))

    status = RunStatus.worst([report.status for report in reports])
    exit_status = status.exit_status
    if as_json:
        payload = {
            "status": status,
            "exit_status": exit_status,
            "archive": db_path,
            "fetched_from": fetched_from,
            "samples": [report.to_json() for report in reports],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(f"Sample crawled from {fetched_from}")
        click.echo(render(reports), nl=False)
        for report in reports:
            click.echo(report.line, err=report.status is not RunStatus.OK)
    sys.exit(exit_status)


def _last_error(log: str) -> str | None:
    """Why a sample run did not start: the last line of its log (the error, or the last line of
    its traceback, such as ``ValueError: could not convert string to float: 'abc'``)."""
    try:
        lines = Path(log).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    last = next((line.strip() for line in reversed(lines) if line.strip()), None)
    return last.split(" ERROR: ", 1)[-1] if last else None


def _report(
    spider: str, sample_db: str, archive: str, limits: drift.Thresholds, started: str
) -> SampleReport:
    """What the sample run of ``spider`` found, judged against the archive's norms;
    ``started`` says why there is no run when the sample database holds none."""
    run = None
    coverages: list[cov.Coverage] = []
    if Path(sample_db).exists():
        sample = open_database(sample_db, create=False)
        try:
            found = list(sample["crawl_runs"].rows_where("spider = ?", [spider], order_by="-id"))
            run = found[0] if found else None
            coverages = cov.of_run(sample, run["id"]) if run else []
        finally:
            sample.close()
    report = SampleReport(spider, run)
    if run is None:
        report.problems = [started]
        return report
    if run["status"] == RunStatus.FAILED:
        report.problems = json.loads(run["problems"] or "[]") or [run["finish_reason"]]
    elif run["status"] == RunStatus.DEGRADED:
        # The sample database is new: its run has no norm, so what made it degraded is what it
        # found on its own pages (crawl/checks/ and other add_finding sentences).
        report.checks = json.loads(run["problems"] or "[]")
    db = open_for_reading(archive)
    try:
        for coverage in coverages:
            norm = drift.norm_for(db, spider, coverage.edition, limits)
            edition = EditionReport(coverage.edition, coverage, norm)
            if not limits.enabled:
                edition.note = "drift checks are off (URDUPOINT_DRIFT_ENABLED)"
            elif coverage.articles < limits.min_articles:
                edition.note = (
                    f"{coverage.edition}: {coverage.articles} articles are too few to judge, "
                    f"{limits.min_articles} needed"
                )
            elif norm is None:
                edition.note = (
                    f"{coverage.edition}: no norm yet, the archive needs {limits.min_runs} "
                    f"healthy {spider} runs of at least {limits.min_articles} articles"
                )
            else:
                edition.findings = drift.findings(
                    coverage, norm, limits, name_edition=len(coverages) > 1
                )
            report.editions.append(edition)
    finally:
        db.close()
    return report


def _words(value: float | None) -> str:
    return "" if value is None else str(round(value))


def render(reports: list[SampleReport]) -> str:
    """The coverage table: per spider and edition, a row per layout, the sample, the norm."""
    columns: Columns = [
        ("spider", "spider"),
        ("edition", "ed"),
        ("layout", "layout"),
        ("articles", "articles"),
        *[(name, COVERAGE_LABELS[name]) for name in cov.FIELDS],
        ("words", "words"),
    ]
    rows: list[dict[str, Any]] = []
    for report in reports:
        for edition in report.editions:
            c = edition.coverage
            groups = [(layout, counts) for layout, counts in c.layouts.items()]
            for label, counts in [*groups, ("sample", c.total)]:
                rows.append(
                    {
                        "spider": report.spider,
                        "edition": edition.edition,
                        "layout": label,
                        "articles": counts.articles,
                        **{name: drift.percent(counts.share(name)) for name in cov.FIELDS},
                        "words": _words(counts.median_words),
                    }
                )
            norm = edition.norm
            rows.append(
                {
                    "spider": report.spider,
                    "edition": edition.edition,
                    "layout": f"norm ({norm.runs} run{'s' if norm.runs > 1 else ''})"
                    if norm
                    else "norm",
                    "articles": "-",
                    **{
                        name: drift.percent(norm.shares[name]) if norm else "-"
                        for name in cov.FIELDS
                    },
                    "words": _words(norm.median_words) if norm else "",
                }
            )
    out = StringIO()
    if rows:
        write_table(rows, columns, out)
    return out.getvalue()
