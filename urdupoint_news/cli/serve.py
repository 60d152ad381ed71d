"""``urdupoint-news serve``: browse an archive in Datasette (urdupoint_news/browse)."""

from __future__ import annotations

import click

from urdupoint_news.archive.query import ArchiveError, open_archive
from urdupoint_news.browse import INSTALL_HINT, datasette_for, datasette_installed
from urdupoint_news.cli import cli, db_option


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port."
)
@db_option("The archive (SQLite file) to serve, read-only.")
def serve(host: str, port: int, db_path: str) -> None:
    """Browse the archive in Datasette, whatever the file's name: every table and column
    described, canned queries (ranked_search with folded spellings, story with its copies and
    versions, coverage_per_run, stories_per_day) and a chart of stories per day and section
    at /-/stories-per-day. Needs the datasette extra: pip install -e '.[datasette]'.

    \b
    Examples:
        urdupoint-news serve --db data/demo.db
        urdupoint-news serve --port 9000
    """
    if not datasette_installed():
        raise click.ClickException(INSTALL_HINT)
    try:
        open_archive(db_path).close()  # one line for a missing or foreign file, as elsewhere
    except ArchiveError as error:
        raise click.ClickException(str(error)) from None
    import uvicorn

    datasette = datasette_for(db_path)
    click.echo(f"Serving {db_path} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
