"""The page archive: every fetched article page kept as WARC records, and a table to find each.

A page is written as a WARC ``response`` record (status line, headers and body) followed by the
``request`` record that fetched it, each record its own gzip member, appended to the current
``.warc.gz`` file of the archive's directory. Records are serialised in memory and appended
whole, so a crawl killed at any moment leaves every record before the cut readable; a failed
append (disk full) is cut back off the file. Files rotate when the next record would take one
past ``max_bytes``. Each file opens with a ``warcinfo`` record.

The ``pages`` table (migration m005) says where each response record is: ``file`` (relative to
the directory), ``offset`` and ``length`` of its gzip member, so reading one page is one seek.

Bodies are stored as the crawler used them. Scrapy has already undone any ``Content-Encoding``
(and dropped that header) and Twisted any chunked ``Transfer-Encoding``, so a header that no
longer describes the stored body is renamed ``X-Crawler-<name>`` (as Common Crawl does) and
``Content-Length`` is set to the stored body's length: every record is self-consistent.

See docs/page-archive.md.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import os
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from sqlite_utils import Database
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from urdupoint_news import __version__
from urdupoint_news.site.urls import SITE_URL, is_en_article, is_ur_article

PAGES_TABLE = "pages"
WARC_SUFFIX = ".warc.gz"
SOFTWARE = f"urdupoint-news/{__version__} (warcio)"
# The deflate level of each record's gzip member. warcio compresses at 9; 6 (zlib's default, and
# gzip(1)'s) takes about a fifth less CPU for files about 0.5 % larger on 80 KB pages, and the
# records are the same bytes once decompressed (docs/performance.md, "Pages of real weight").
GZIP_LEVEL = 6
# Headers that describe the bytes on the wire, not the body as stored.
WIRE_HEADERS = ("transfer-encoding",)
DECODED_HEADERS = ("content-encoding",)


class PageTooLarge(Exception):
    """An archived page whose body decodes past the size cap (``PageReader.read``)."""


class PageArchiveError(Exception):
    """A stored record that cannot be read back."""


@dataclass
class FetchedPage:
    """One HTTP exchange to archive: the response as the crawler used it, and its request."""

    url: str
    fetched_at: datetime  # aware; becomes the WARC-Date
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    protocol: str = "HTTP/1.1"
    request_headers: list[tuple[str, str]] | None = None  # None: no request record is written
    method: str = "GET"
    ip_address: str | None = None
    # The body has been content-decoded from what the server sent (an imported record).
    body_decoded: bool = False


@dataclass(frozen=True)
class PageLocation:
    file: str
    offset: int
    length: int
    digest: str
    record_id: str


@dataclass(frozen=True)
class PageRecords:
    """A page's WARC records, serialised but not compressed yet (``PageWriter.records``)."""

    response: bytes
    request: bytes  # empty when the page has no request record
    digest: str
    record_id: str


@dataclass(frozen=True)
class CompressedRecords:
    """The gzip members of a page's records, as they are appended to the file."""

    data: bytes
    response_length: int  # the response record's member, at the start of ``data``


def gzip_member(data: bytes) -> bytes:
    """``data`` as one gzip member. zlib releases the GIL while it deflates, so this may run on
    another thread than the reactor's (pagearchive/writer.py)."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(data) + compressor.flush()


def compress_records(records: PageRecords) -> CompressedRecords:
    """Each record its own gzip member: a reader can start at the response's offset."""
    response = gzip_member(records.response)
    request = gzip_member(records.request) if records.request else b""
    return CompressedRecords(response + request, len(response))


@dataclass
class StoredPage:
    """A page read back from the archive."""

    url: str
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


def iso_utc(moment: datetime) -> str:
    """The project's timestamp format (``2025-09-10T10:00:00+00:00``)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest warcio writes for this body."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def article_edition(url: str) -> str | None:
    """``en`` or ``ur`` for an article URL of the site, else None."""
    if is_en_article(url, SITE_URL):
        return "en"
    if is_ur_article(url, SITE_URL):
        return "ur"
    return None


def stored_headers(
    headers: Iterable[tuple[str, str]], body_length: int, *, body_decoded: bool = False
) -> list[tuple[str, str]]:
    """Headers that describe the body as stored: wire-only headers (and, for a decoded body,
    ``Content-Encoding``) are kept under ``X-Crawler-<name>``; ``Content-Length`` is the stored
    length (a different original one is kept as ``X-Crawler-Content-Length``)."""
    renamed = WIRE_HEADERS + (DECODED_HEADERS if body_decoded else ())
    kept: list[tuple[str, str]] = []
    for name, value in headers:
        lower = name.lower()
        if lower in renamed or (lower == "content-length" and value.strip() != str(body_length)):
            kept.append((f"X-Crawler-{name}", value))
        elif lower != "content-length":
            kept.append((name, value))
    kept.append(("Content-Length", str(body_length)))
    return kept


class PageWriter:
    """Appends pages to size-rotated ``.warc.gz`` files in ``directory``.

    The first file is created on the first page, so a run that archives nothing leaves no file.
    ``write`` raises ``OSError`` (after cutting the partial record off the file) when the disk
    refuses the bytes.
    """

    def __init__(self, directory: str | Path, *, max_bytes: int, prefix: str = "urdupoint") -> None:
        self.directory = Path(directory)
        self.max_bytes = max(1, max_bytes)
        self.prefix = prefix
        self.started = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.serial = -1
        self.file: str | None = None
        self._fd: int | None = None
        self._size = 0
        self._unsynced = False

    # --- files ----------------------------------------------------------------------------
    def _open_next(self) -> None:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            self.serial += 1
            name = f"{self.prefix}-{self.started}-{self.serial:05d}{WARC_SUFFIX}"
            try:
                fd = os.open(self.directory / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:  # a run that started in the same second
                continue
            break
        self._fd, self.file, self._size = fd, name, 0
        writer, buffer = _memory_writer()
        writer.write_record(
            writer.create_warcinfo_record(
                name,
                {
                    "software": SOFTWARE,
                    "format": "WARC File Format 1.0",
                    "description": "UrduPoint article pages as fetched (docs/page-archive.md)",
                },
            )
        )
        try:
            self._append(gzip_member(buffer.getvalue()))
        except OSError:
            self.close()
            (self.directory / name).unlink(missing_ok=True)
            self.file = None
            raise

    def _append(self, data: bytes) -> int:
        assert self._fd is not None
        start = self._size
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError:
            # Cut the partial record off so the file stays a sequence of whole records.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, start)
            raise
        self._size += len(data)
        self._unsynced = True
        return start

    def sync(self) -> None:
        """Make the written records durable; called before the database commits rows that
        point at them."""
        if self._fd is not None and self._unsynced:
            os.fsync(self._fd)
            self._unsynced = False

    def close(self) -> None:
        if self._fd is not None:
            try:
                self.sync()
            finally:
                os.close(self._fd)
                self._fd = None

    # --- records --------------------------------------------------------------------------
    def write(self, page: FetchedPage) -> PageLocation:
        """Append the page's response record (and request record); where the response is."""
        records = self.records(page)
        return self.append(records, compress_records(records))

    @staticmethod
    def records(page: FetchedPage) -> PageRecords:
        """The page's response record (and request record), serialised, not compressed. Uses
        nothing of the writer's: the file and its offsets are ``append``'s alone."""
        writer, buffer = _memory_writer()
        headers = stored_headers(page.headers, len(page.body), body_decoded=page.body_decoded)
        warc_headers = {"WARC-Date": datetime_to_iso_date(page.fetched_at.astimezone(UTC))}
        if page.ip_address:
            warc_headers["WARC-IP-Address"] = page.ip_address
        response = writer.create_warc_record(
            page.url,
            "response",
            payload=io.BytesIO(page.body),
            length=len(page.body),
            http_headers=StatusAndHeaders(
                f"{page.status} {page.reason}".strip(), headers, protocol=page.protocol
            ),
            warc_headers_dict=warc_headers,
        )
        writer.write_record(response)
        response_bytes = buffer.getvalue()
        request_bytes = b""
        if page.request_headers is not None:
            writer, buffer = _memory_writer()
            request = writer.create_warc_record(
                page.url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    # Scrapy's client speaks HTTP/1.1 whatever version the server answered in.
                    f"{page.method} {_request_target(page.url)} HTTP/1.1",
                    page.request_headers,
                    is_http_request=True,
                ),
                warc_headers_dict={
                    **warc_headers,
                    "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
                },
            )
            writer.write_record(request)
            request_bytes = buffer.getvalue()
        return PageRecords(
            response=response_bytes,
            request=request_bytes,
            digest=response.rec_headers.get_header("WARC-Payload-Digest"),
            record_id=response.rec_headers.get_header("WARC-Record-ID"),
        )

    def append(self, records: PageRecords, compressed: CompressedRecords) -> PageLocation:
        """Append a page's compressed records (rotating files first when they would take the
        current one past ``max_bytes``); where its response record is."""
        data = compressed.data
        if self._fd is None or (self._size and self._size + len(data) > self.max_bytes):
            self._open_next()
        offset = self._append(data)
        assert self.file is not None
        return PageLocation(
            file=self.file,
            offset=offset,
            length=compressed.response_length,
            digest=records.digest,
            record_id=records.record_id,
        )


def _memory_writer() -> tuple[WARCWriter, io.BytesIO]:
    # Uncompressed: each record becomes its own gzip member in ``gzip_member``, at GZIP_LEVEL.
    buffer = io.BytesIO()
    return WARCWriter(buffer, gzip=False), buffer


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class PageReader:
    """Reads archived pages by location, keeping the most recently used files open."""

    def __init__(self, directory: str | Path, *, open_files: int = 8) -> None:
        self.directory = Path(directory)
        self.open_files = open_files
        self._files: OrderedDict[str, BinaryIO] = OrderedDict()

    def _file(self, name: str) -> BinaryIO:
        handle = self._files.pop(name, None)
        if handle is None:
            handle = open(self.directory / name, "rb")  # noqa: SIM115 (kept open, closed in close)
            while len(self._files) >= self.open_files:
                self._files.popitem(last=False)[1].close()
        self._files[name] = handle
        return handle

    def read(
        self, file: str, offset: int, length: int, *, max_body: int | None = None
    ) -> StoredPage:
        """The response record at ``offset``; FileNotFoundError when the file is gone,
        PageArchiveError when the bytes there are not the record, PageTooLarge when its body
        decodes past ``max_body`` bytes (read no further: memory stays bounded)."""
        handle = self._file(file)
        handle.seek(offset)
        data = handle.read(length)
        if len(data) < length:
            raise PageArchiveError(f"{file} ends before the record at offset {offset}")
        try:
            record = next(ArchiveIterator(io.BytesIO(data)), None)
            if record is None or record.rec_type != "response" or record.http_headers is None:
                raise PageArchiveError(f"no response record in {file} at offset {offset}")
            stream = record.content_stream()
            body = stream.read(max_body + 1) if max_body else stream.read()
            if max_body and len(body) > max_body:
                raise PageTooLarge(f"decodes to more than DOWNLOAD_MAXSIZE ({max_body} bytes)")
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
            raise PageArchiveError(
                f"unreadable record in {file} at offset {offset}: {exc}"
            ) from exc
        return StoredPage(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            status=int(record.http_headers.get_statuscode() or 0),
            headers=list(record.http_headers.headers),
            body=body,
        )

    def close(self) -> None:
        while self._files:
            self._files.popitem()[1].close()


# --- the pages table ------------------------------------------------------------------------
def page_row(page: FetchedPage, location: PageLocation, *, source: str) -> dict[str, Any]:
    return {
        "url": page.url,
        "edition": article_edition(page.url),
        "fetched_at": iso_utc(page.fetched_at),
        "status": page.status,
        "file": location.file,
        "offset": location.offset,
        "length": location.length,
        "digest": location.digest,
        "record_id": location.record_id,
        "source": source,
    }


def is_archived(db: Database, url: str, fetched_at: str, digest: str) -> bool:
    """Is this exact capture (an imported record seen before) already in the archive?"""
    if PAGES_TABLE not in db.table_names():
        return False
    return bool(
        db.execute(
            "select 1 from pages where url = ? and fetched_at = ? and digest = ? limit 1",
            [url, fetched_at, digest],
        ).fetchone()
    )


def _selection(
    since: date | None, edition: str | None, urls: Iterable[str] = ()
) -> tuple[str, list[Any]]:
    # Article URLs only: a redirect can leave the page of another URL in the archive.
    clauses, params = ["status = 200", "edition is not null"], []
    if since is not None:
        clauses.append("fetched_at >= ?")
        params.append(since.isoformat())
    if edition:
        clauses.append("edition = ?")
        params.append(edition)
    urls = list(urls)
    if urls:
        clauses.append(f"url in ({', '.join('?' * len(urls))})")
        params += urls
    return " and ".join(clauses), params


def select_pages(
    db: Database,
    *,
    since: date | None = None,
    edition: str | None = None,
    urls: Iterable[str] = (),
) -> Iterator[dict[str, Any]]:
    """The newest archived 200 response of every article URL that matches, in file order
    (sequential reads). ``since`` keeps pages fetched on or after that day (UTC)."""
    if PAGES_TABLE not in db.table_names():
        return
    where, params = _selection(since, edition, urls)
    # SQLite takes the bare columns of a max() aggregate from the row holding the maximum.
    cursor = db.execute(
        f"select id, url, file, offset, length, fetched_at, max(fetched_at || printf('%012d', id))"
        f" from pages where {where} group by url order by file, offset",
        params,
    )
    names = [column[0] for column in cursor.description][:-1]
    for values in cursor:
        yield dict(zip(names, values[:-1], strict=True))


def count_pages(
    db: Database,
    *,
    since: date | None = None,
    edition: str | None = None,
    urls: Iterable[str] = (),
) -> int:
    if PAGES_TABLE not in db.table_names():
        return 0
    where, params = _selection(since, edition, urls)
    return db.execute(f"select count(distinct url) from pages where {where}", params).fetchone()[0]
