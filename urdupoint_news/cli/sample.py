"""``urdupoint-news serve-sample``: the sample site on 127.0.0.1, to try options, ``doctor``
and the docs' examples without touching the real site (urdupoint_news/demo/mirror.py)."""

from __future__ import annotations

import signal
import threading

import click

from urdupoint_news.cli import cli

DEFAULT_PORT = 8000


@cli.command(name="serve-sample")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
def serve_sample(port: int) -> None:
    """Serve the sample site (saved pages shipped with the package) on 127.0.0.1 until Ctrl-C.

    Point any command at it with the URDUPOINT_BASE_URL environment variable (or
    -s URDUPOINT_BASE_URL=...); the archive still stores the site's own URLs.

    \b
    Examples:
        urdupoint-news serve-sample
        URDUPOINT_BASE_URL=http://127.0.0.1:8000 urdupoint-news crawl --db data/try.db
        urdupoint-news doctor --db data/try.db --base-url http://127.0.0.1:8000
    """
    from urdupoint_news.demo.mirror import SiteMirror

    mirror = SiteMirror(port=port)
    try:
        mirror.start()
    except OSError as error:
        raise click.ClickException(
            f"cannot listen on 127.0.0.1:{port}: {error.strerror} (give another --port)"
        ) from None
    stop = threading.Event()
    # Ctrl-C and a plain kill end it the same way: the server closed, exit status 0.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo(f"Serving the sample site at {mirror.base_url} (Ctrl-C stops it). Try:")
    click.echo(f"  export URDUPOINT_BASE_URL={mirror.base_url}")
    click.echo("  urdupoint-news crawl --db data/try.db")
    try:
        while not stop.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        mirror.stop()
