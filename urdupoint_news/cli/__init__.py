"""The ``urdupoint-news`` command: crawl the site, then query the archive."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import click

from urdupoint_news import __version__
from urdupoint_news.quick_exit import skip_final_collection

DEFAULT_DB = "data/urdupoint.db"
# Every --db option falls back to this environment variable before the default, as `scrapy crawl`
# does (settings.py): a host sets it once for cron, systemd and Scrapyd.
DB_ENVVAR = "URDUPOINT_DB_PATH"


def db_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Every command's ``--db PATH``: else ``URDUPOINT_DB_PATH``, else the default."""
    return click.option(
        "--db",
        "db_path",
        default=DEFAULT_DB,
        envvar=DB_ENVVAR,
        show_default=True,
        show_envvar=True,
        metavar="PATH",
        help=help,
    )


# Parameters naming files: a file name may be any bytes, so these may hold bytes that are not
# UTF-8 (Python keeps them as lone surrogates and gives the same bytes back to the system).
PATH_PARAMETERS = frozenset({"db_path", "output", "log_file", "files"})


class TextCheckingCommand(click.Command):
    """A command whose text arguments must be valid UTF-8.

    Bytes that are not UTF-8 on the command line reach Python as lone surrogates, which fail
    much later -- as a traceback -- when SQLite or the terminal needs the text encoded. They are
    refused here, with the option named, before the command runs."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        for param in self.params:
            if param.name in PATH_PARAMETERS:
                continue
            for text in _texts(ctx.params.get(param.name or "")):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    shown = os.fsencode(text)
                    raise click.BadParameter(
                        f"not valid UTF-8: {shown!r}", ctx=ctx, param=param
                    ) from None
        return rest


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for part in value:
            yield from _texts(part)


class CheckedGroup(click.Group):
    command_class = TextCheckingCommand


@click.group(cls=CheckedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="urdupoint-news")
def cli() -> None:
    """Crawl UrduPoint news into SQLite and query the archive.

    \b
    Examples:
        urdupoint-news crawl
        urdupoint-news latest --category business
        urdupoint-news search "bilateral cooperation"
    """


def main() -> None:
    """The ``urdupoint-news`` program (``python -m urdupoint_news.cli``)."""
    skip_final_collection()
    cli(prog_name="urdupoint-news")


def _register() -> None:
    # Each module adds its commands to ``cli``; imported here so ``cli`` is complete on import.
    from urdupoint_news.cli import (
        crawl,  # noqa: F401
        doctor,  # noqa: F401
        pagearchive,  # noqa: F401
        query,  # noqa: F401
        sample,  # noqa: F401
        serve,  # noqa: F401
    )


_register()
