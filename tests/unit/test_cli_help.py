"""Every command explains itself: ``--help`` has a description and runnable examples."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from urdupoint_news.cli import cli

QUERY_COMMANDS = {"search", "latest", "show", "stats", "export"}


def test_the_query_commands_are_registered() -> None:
    assert set(cli.commands) >= QUERY_COMMANDS


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    description = result.stdout.split("\n\n")[1].strip()
    assert len(description) > 20
    assert "Examples:" in result.stdout
    examples = result.stdout.split("Examples:", 1)[1]
    assert f"urdupoint-news {name}" in examples


@pytest.mark.parametrize("name", sorted(QUERY_COMMANDS))
def test_every_query_command_takes_db(name: str) -> None:
    text = " ".join(CliRunner().invoke(cli, [name, "--help"]).stdout.split())
    assert (
        "--db PATH The archive (SQLite file) to read. "
        "[env var: URDUPOINT_DB_PATH; default: data/urdupoint.db]"
    ) in text


# serve-sample serves pages; it has no database.
ARCHIVE_COMMANDS = sorted(set(cli.commands) - {"serve-sample"})


@pytest.mark.parametrize("name", ARCHIVE_COMMANDS)
def test_every_command_reads_the_database_path_from_the_environment_too(name: str) -> None:
    # doctor once took only --db: on a host that sets URDUPOINT_DB_PATH it judged another file.
    [option] = [p for p in cli.commands[name].params if p.name == "db_path"]
    assert option.envvar == "URDUPOINT_DB_PATH"


def test_short_help_flag() -> None:
    assert CliRunner().invoke(cli, ["latest", "-h"]).stdout.startswith("Usage: cli latest")
