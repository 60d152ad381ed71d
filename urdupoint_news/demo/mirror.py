"""A local mirror of the site: saved pages served over real HTTP on 127.0.0.1.

The tests and ``make demo`` crawl it instead of the real site. Pages are looked up by URL path in
a manifest, then as files under the site roots (``/daily/`` -> ``daily/index.html``). Pages are
served as saved, links to the real site included: a crawl maps the site's URLs to the mirror
(``urdupoint_news.crawl.mirror``), so what it stores names the real site. Tests can
change the site while it runs (``set_page``), make a path fail (``fail``), and read the paths
requested (``requests``).
"""

from __future__ import annotations

import json
import mimetypes
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from urdupoint_news.demo import SAMPLE_ROOTS


class SiteMirror:
    def __init__(self, roots: tuple[Path, ...] = SAMPLE_ROOTS) -> None:
        self.roots = [Path(root) for root in roots]
        self.manifest: dict[str, Path] = {}
        for root in self.roots:
            manifest = root / "manifest.json"
            if manifest.exists():
                for path, file in json.loads(manifest.read_text()).items():
                    self.manifest[path] = (root / file).resolve()
        self.pages: dict[str, bytes] = {}
        self.failures: dict[str, list[int]] = {}
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- what tests change --------------------------------------------------------------
    def set_page(self, path: str, body: str | bytes) -> None:
        """Serve ``body`` at ``path`` from now on (a new or corrected page)."""
        self.pages[path] = body.encode("utf-8") if isinstance(body, str) else body

    def fail(self, path: str, *statuses: int) -> None:
        """Answer the next requests for ``path`` with these statuses, then serve it normally."""
        self.failures[path] = list(statuses)

    def request_counts(self) -> Counter[str]:
        with self._lock:
            return Counter(self.requests)

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    # --- serving ------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "mirror not started"
        return f"http://127.0.0.1:{self._server.server_port}"

    def lookup(self, path: str) -> tuple[bytes, str] | None:
        if path in self.pages:
            return self.pages[path], _content_type(path)
        candidates = [self.manifest[path]] if path in self.manifest else []
        relative = path.lstrip("/")
        if not relative or relative.endswith("/"):
            relative += "index.html"
        candidates += [root / relative for root in self.roots]
        for file in candidates:
            if file.is_file() and file.name != "manifest.json":
                return file.read_bytes(), _content_type(file.name)
        return None

    def respond(self, path: str) -> tuple[int, bytes, str]:
        with self._lock:
            self.requests.append(path)
            pending = self.failures.get(path)
            if pending:
                return pending.pop(0), b"<html><body>error</body></html>", "text/html"
        found = self.lookup(path)
        if found is None:
            return 404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html"
        body, content_type = found
        return 200, body, content_type

    def start(self) -> SiteMirror:
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                status, body, content_type = mirror.respond(urlsplit(self.path).path)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> SiteMirror:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _content_type(name: str) -> str:
    if name.endswith((".rss", ".xml")):
        return "application/xml; charset=utf-8"
    if name.endswith(".txt"):
        return "text/plain; charset=utf-8"
    guessed, encoding = mimetypes.guess_type(name)
    if encoding == "gzip":  # a .xml.gz file is sent as the gzip bytes it is, as servers do
        return "application/gzip"
    guessed = guessed or "text/html"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed
