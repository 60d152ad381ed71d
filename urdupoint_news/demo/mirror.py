"""A local mirror of the site: saved pages served over real HTTP on 127.0.0.1.

The tests and ``make demo`` crawl it instead of the real site. Pages are looked up by URL path in
a manifest, then as files under the site roots (``/daily/`` -> ``daily/index.html``). Pages are
served as saved, links to the real site included: a crawl maps the site's URLs to the mirror
(``urdupoint_news.crawl.addons.mirror``), so what it stores names the real site. Files are served as
bytes (``.xml.gz`` sitemaps stay gzipped, with no ``Content-Encoding``).

The Urdu load-more endpoint (``POST /daily/ajax_lmore.php``, form ``act``, ``tid``, ``m``)
answers the file ``daily/ajax_lmore/<act>/<tid>/<m>.json`` (or ``.html``, for an answer that is
not JSON); a batch without a file answers ``{"data": ""}``, the end of the list.

Tests can change the site while it runs (``set_page``, also for load-more answers at their file
paths), make a path fail (``fail``, once per status given; ``fail_under``, every path under a
prefix from now on), redirect a path (``redirect``), add response headers (``set_headers``),
serve a bot-protection challenge for every request (``block``), name its own address in every
link instead of the site's (``own_address=True``, a copy saved with link rewriting), freeze the
site at a chosen request (``freeze_at``: a crawl can then be killed at an exact point), and
read what was requested (``requests``: the GET paths, and ``POST <path>?act=…&m=…&tid=…`` for
form posts; ``request_times``: the same with when each arrived).
"""

from __future__ import annotations

import contextlib
import json
import mimetypes
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from urdupoint_news.demo import SAMPLE_ROOTS

LOAD_MORE_PATH = "/daily/ajax_lmore.php"
LOAD_MORE_ANSWERS = "/daily/ajax_lmore"
NOT_FOUND = b"<html><body><h1>404 Not Found</h1></body></html>"
END_OF_LIST = b'{"status": "ok", "data": ""}'
# What Cloudflare serves while it challenges a client (docs/site-schemes.md, bot protection).
CHALLENGE_PAGE = (
    b'<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
    b'<meta http-equiv="refresh" content="390"></head><body>'
    b"<h1>www.urdupoint.com</h1><p>Checking if the site connection is secure</p></body></html>"
)


class SiteMirror:
    def __init__(
        self,
        roots: tuple[Path, ...] = SAMPLE_ROOTS,
        *,
        own_address: bool = False,
        port: int = 0,
    ) -> None:
        self.roots = [Path(root) for root in roots]
        self.port = port  # 0: any free port (tests); urdupoint-news serve-sample picks one
        # Serve pages as a copy made with link rewriting would: every link to the site names
        # this mirror's own address (http://127.0.0.1:PORT/...) instead.
        self.own_address = own_address
        self.manifest: dict[str, Path] = {}
        for root in self.roots:
            manifest = root / "manifest.json"
            if manifest.exists():
                for path, file in json.loads(manifest.read_text()).items():
                    self.manifest[path] = (root / file).resolve()
        self.pages: dict[str, bytes] = {}
        self.content_types: dict[str, str] = {}
        self.failures: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.failing_prefixes: dict[str, int] = {}
        self.redirects: dict[str, tuple[int, str]] = {}
        self.headers: dict[str, dict[str, str]] = {}
        self.blocking: tuple[int, dict[str, str]] | None = None
        self.requests: list[str] = []
        self.request_times: list[tuple[float, str]] = []  # (time.monotonic(), as in requests)
        self._freeze: tuple[int, str, threading.Event] | None = None
        self._thawed = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- what tests change --------------------------------------------------------------
    def set_page(self, path: str, body: str | bytes, content_type: str | None = None) -> None:
        """Serve ``body`` at ``path`` from now on (a new or corrected page), as ``content_type``
        (by default what the path's name says)."""
        self.pages[path] = body.encode("utf-8") if isinstance(body, str) else body
        if content_type is not None:
            self.content_types[path] = content_type

    def fail(self, path: str, *statuses: int, headers: dict[str, str] | None = None) -> None:
        """Answer the next requests for ``path`` with these statuses (and ``headers``), then
        serve it normally."""
        self.failures[path] = [(status, dict(headers or {})) for status in statuses]

    def fail_under(self, prefix: str, status: int) -> None:
        """From now on answer every request for a path starting with ``prefix`` with
        ``status`` (``"/"``: the whole site)."""
        self.failing_prefixes[prefix] = status

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        """Answer ``path`` with a redirect to ``location`` (a path or an absolute URL)."""
        self.redirects[path] = (status, location)

    def freeze_at(self, count: int, prefix: str) -> threading.Event:
        """Hold the ``count``-th request for a path starting with ``prefix``, and every request
        after it, unanswered until ``thaw``: a crawl can be killed at that exact point, with
        ``count - 1`` such requests answered. The event returned is set when the site froze."""
        frozen = threading.Event()
        with self._lock:
            self._freeze = (count, prefix, frozen)
            self._thawed.clear()
        return frozen

    def thaw(self) -> None:
        """Answer the held requests and serve normally again (their clients may be gone)."""
        with self._lock:
            self._freeze = None
        self._thawed.set()

    def set_headers(self, path: str, headers: dict[str, str]) -> None:
        """Send these headers too with every answer for ``path``."""
        self.headers[path] = dict(headers)

    def block(self, status: int = 403, *, header: bool = True) -> None:
        """From now on answer every request with a bot-protection challenge: ``status`` and a
        "Just a moment..." page, with ``cf-mitigated: challenge`` unless ``header`` is false."""
        self.blocking = (status, {"cf-mitigated": "challenge"} if header else {})

    def request_counts(self) -> Counter[str]:
        with self._lock:
            return Counter(self.requests)

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()
            self.request_times.clear()

    def _held(self, path: str) -> threading.Event | None:
        """Called under the lock for each request: the event to wait for while frozen."""
        if self._freeze is None:
            return None
        count, prefix, frozen = self._freeze
        if not frozen.is_set():
            if not path.startswith(prefix):
                return None
            if sum(1 for seen in self.requests if seen.startswith(prefix)) < count:
                return None
            frozen.set()
        return self._thawed

    # --- serving ------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "mirror not started"
        return f"http://127.0.0.1:{self._server.server_port}"

    def lookup(self, path: str) -> tuple[bytes, str] | None:
        if path in self.pages:
            return self.pages[path], self.content_types.get(path) or _content_type(path)
        candidates = [self.manifest[path]] if path in self.manifest else []
        relative = path.lstrip("/")
        if not relative or relative.endswith("/"):
            relative += "index.html"
        candidates += [root / relative for root in self.roots]
        for file in candidates:
            if file.is_file() and file.name != "manifest.json":
                return file.read_bytes(), _content_type(file.name)
        return None

    def respond(
        self, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, bytes, str, dict[str, str]]:
        """Status, body, content type and extra headers of the answer to GET ``path`` (or POST
        ``path`` with ``form``)."""
        logged = path if form is None else f"POST {path}?{urlencode(sorted(form.items()))}"
        with self._lock:
            self.requests.append(logged)
            self.request_times.append((time.monotonic(), logged))
            held = self._held(logged)
        if held is not None:
            held.wait()
        with self._lock:
            if self.blocking is not None:
                status, headers = self.blocking
                return status, CHALLENGE_PAGE, "text/html; charset=UTF-8", headers
            pending = self.failures.get(path)
            if pending:
                status, headers = pending.pop(0)
                return status, b"<html><body>error</body></html>", "text/html", headers
            for prefix, status in self.failing_prefixes.items():
                if path.startswith(prefix):
                    return status, b"<html><body>error</body></html>", "text/html", {}
            if path in self.redirects:
                status, location = self.redirects[path]
                return status, b"", "text/html", {"Location": location}
        headers = self.headers.get(path, {})
        if form is not None:
            return self.answer_form(path, form, headers)
        found = self.lookup(path)
        if found is None:
            return 404, NOT_FOUND, "text/html", headers
        body, content_type = found
        return 200, body, content_type, headers

    def answer_form(
        self, path: str, form: dict[str, str], headers: dict[str, str]
    ) -> tuple[int, bytes, str, dict[str, str]]:
        if path != LOAD_MORE_PATH:
            return 404, NOT_FOUND, "text/html", headers
        act, tid, batch = (form.get(key, "") for key in ("act", "tid", "m"))
        stem = f"{LOAD_MORE_ANSWERS}/{quote(act, safe='')}/{quote(tid, safe='')}/{batch}"
        for answer in (f"{stem}.json", f"{stem}.html"):
            found = self.lookup(answer)
            if found is not None:
                return 200, found[0], found[1], headers
        return 200, END_OF_LIST, "application/json; charset=utf-8", headers

    def start(self) -> SiteMirror:
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                self.answer(*mirror.respond(urlsplit(self.path).path))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                fields = parse_qs(self.rfile.read(length).decode("utf-8", "replace"))
                form = {name: values[0] for name, values in fields.items()}
                self.answer(*mirror.respond(urlsplit(self.path).path, form))

            def answer(
                self, status: int, body: bytes, content_type: str, headers: dict[str, str]
            ) -> None:
                if mirror.own_address and not content_type.startswith("application/gzip"):
                    own = mirror.base_url.encode()
                    body = body.replace(b"https://www.urdupoint.com", own)
                    body = body.replace(b"https:\\/\\/www.urdupoint.com", own.replace(b"/", b"\\/"))
                # A client may be gone (a crawl killed while the site was frozen) or give up on
                # the answer (a page over its size cap).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.thaw()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> SiteMirror:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _content_type(name: str) -> str:
    if name.endswith(".json"):
        return "application/json; charset=utf-8"
    if name.endswith((".rss", ".xml")):
        return "application/xml; charset=utf-8"
    if name.endswith(".txt"):
        return "text/plain; charset=utf-8"
    guessed, encoding = mimetypes.guess_type(name)
    if encoding == "gzip":  # a .xml.gz file is sent as the gzip bytes it is, as servers do
        return "application/gzip"
    guessed = guessed or "text/html"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed
