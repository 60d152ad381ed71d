"""The ``urdupoint-news`` command: crawl the site, then query the archive."""

from __future__ import annotations

import click

from urdupoint_news import __version__

DEFAULT_DB = "data/urdupoint.db"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="urdupoint-news")
def cli() -> None:
    """Crawl UrduPoint news into SQLite and query the archive.

    \b
    Examples:
        urdupoint-news crawl
        urdupoint-news latest --category business
        urdupoint-news search "bilateral cooperation"
        urdupoint-news reparse --since 2025-09-01
    """


def _register() -> None:
    # Each module adds its commands to ``cli``; imported here so ``cli`` is complete on import.
    from urdupoint_news.cli import (
        archive,  # noqa: F401
        crawl,  # noqa: F401
        doctor,  # noqa: F401
        query,  # noqa: F401
    )


_register()
