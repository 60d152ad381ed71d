"""What a host sets once for every run: URDUPOINT_DB_PATH in the environment (--db and -s still
win), the Scrapyd job id of a run, and what the terminal shows of a run's log."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner
from scrapy import Spider
from scrapy.settings import Settings

from urdupoint_news.cli import cli
from urdupoint_news.cli.crawl import console_log_level, log_settings
from urdupoint_news.crawl.console import console_level
from urdupoint_news.crawl.extensions.run_recorder import scrapyd_job


def test_the_query_commands_read_the_database_path_from_the_environment(tmp_path):
    env = {"URDUPOINT_DB_PATH": str(tmp_path / "from-env.db")}
    result = CliRunner().invoke(cli, ["latest"], env=env)
    assert result.exit_code == 1
    assert f"database not found: {tmp_path / 'from-env.db'}" in result.output


def test_db_wins_over_the_environment(tmp_path):
    env = {"URDUPOINT_DB_PATH": str(tmp_path / "from-env.db")}
    result = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "given.db")], env=env)
    assert f"database not found: {tmp_path / 'given.db'}" in result.output


def test_an_empty_variable_is_no_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the default data/urdupoint.db is relative: none here
    result = CliRunner().invoke(cli, ["latest"], env={"URDUPOINT_DB_PATH": ""})
    assert "database not found: data/urdupoint.db" in result.output


class Job(Spider):
    name = "job"


def test_the_scrapyd_job_is_the_job_argument(monkeypatch):
    monkeypatch.setenv("SCRAPYD_JOB", "older-scrapyd")
    assert scrapyd_job(Job(_job="6487ec79947edab326d6db28a2d86511e8247444")) == (
        "6487ec79947edab326d6db28a2d86511e8247444"
    )


@pytest.mark.parametrize("variable", ["SCRAPYD_JOB", "SCRAPY_JOB"])
def test_older_scrapyd_versions_give_the_job_in_the_environment(monkeypatch, variable):
    monkeypatch.delenv("SCRAPYD_JOB", raising=False)
    monkeypatch.delenv("SCRAPY_JOB", raising=False)
    monkeypatch.setenv(variable, "abc123")
    assert scrapyd_job(Job()) == "abc123"


def test_a_run_not_started_by_scrapyd_has_no_job(monkeypatch):
    monkeypatch.delenv("SCRAPYD_JOB", raising=False)
    monkeypatch.delenv("SCRAPY_JOB", raising=False)
    assert scrapyd_job(Job()) is None


@pytest.mark.parametrize(
    ("verbose", "quiet", "level"),
    [
        (0, False, "WARNING"),
        (1, False, "INFO"),
        (2, False, "DEBUG"),
        (5, False, "DEBUG"),
        (0, True, "ERROR"),
    ],
)
def test_v_and_q_set_what_the_terminal_shows(verbose, quiet, level):
    assert console_log_level(verbose, quiet) == level


def test_a_log_file_gets_info_whatever_the_terminal_shows():
    assert dict(log_settings("ERROR", "crawl.log")) == {
        "LOG_FILE": "crawl.log",
        "LOG_FILE_APPEND": "True",
        "LOG_LEVEL": "INFO",
        "URDUPOINT_CONSOLE_LOG_LEVEL": "ERROR",
    }
    assert dict(log_settings("DEBUG", "crawl.log"))["LOG_LEVEL"] == "DEBUG"
    assert log_settings("WARNING", None) == [("LOG_LEVEL", "WARNING")]


@pytest.mark.parametrize(
    ("values", "level"),
    [
        ({"LOG_LEVEL": "INFO"}, logging.INFO),  # scrapy crawl: Scrapy's own handler on stderr
        ({"LOG_ENABLED": False}, None),
        ({"LOG_FILE": "x.log"}, None),  # Scrapy: everything goes to the file
        ({"LOG_FILE": "x.log", "URDUPOINT_CONSOLE_LOG_LEVEL": "WARNING"}, logging.WARNING),
    ],
)
def test_what_a_crawl_writes_to_its_terminal(values, level):
    assert console_level(Settings(values)) == level


def test_v_and_q_together_are_refused_in_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["crawl", "--db", str(tmp_path / "n.db"), "-v", "-q"])
    assert result.exit_code == 2
    assert "-v and -q cannot be used together" in result.output
    assert not (tmp_path / "n.db").exists()
