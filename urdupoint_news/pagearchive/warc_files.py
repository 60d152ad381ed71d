"""Reading WARC files made elsewhere (wget ``--warc-file``, Common Crawl, Heritrix, ...), warily.

``read_warc(path, wanted)`` yields every record's type, target URI, date and HTTP status, and the
decoded body of the ``response`` records whose URI ``wanted`` accepts, with their offsets. Files
may be gzipped per record (``.warc.gz``) or plain (``.warc``); no index is needed.

Bad input never ends the reading silently and never raises. It is yielded as a ``WarcProblem``
(one sentence naming the file and the offset) and the reading goes on where it can:

- not a WARC file, not gzip although named ``.gz``, gzip but not WARC inside: one problem;
- a malformed record: its offset, then reading resumes at the next record (the next gzip member,
  or the next ``WARC/`` line of a plain file);
- a record or gzip member cut short, or bytes after the last record: the file is truncated.

Everything before a problem has been yielded already. warcio does the parsing.
"""

from __future__ import annotations

import contextlib
import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.timeutils import iso_date_to_datetime

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/"
SCAN_CHUNK = 1 << 20
ONE_GZIP_STREAM = (
    "the whole file is one gzip stream, not one gzip member per record, so nothing after its "
    "first record was read (`warcio recompress FILE NEW.warc.gz` makes it readable)"
)
# warcio reports a record whose Content-Length looks wrong on stderr; we report it ourselves.
_INCOMPLETE = re.compile(r"Offset:\s*(\d+)")


@dataclass
class WarcRecord:
    offset: int
    type: str
    url: str | None
    date: datetime | None = None
    status: int | None = None
    reason: str = ""
    protocol: str = "HTTP/1.1"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | None = None  # decoded payload, only for wanted response records
    # Why the body was not read: its decoded size passed the cap (``max_body``).
    too_large: str | None = None


@dataclass
class WarcProblem:
    path: Path
    message: str
    offset: int | None = None

    def __str__(self) -> str:
        where = f" at offset {self.offset}" if self.offset is not None else ""
        return f"{self.path}: {self.message}{where}"


def _describe_start(data: bytes) -> str:
    text = data[:40].decode("latin-1")
    return repr(text.splitlines()[0] if text.strip() else text)


def _format_problem(path: Path, handle: BinaryIO) -> WarcProblem | None:
    """Is this a WARC file at all? (plain or gzipped)"""
    head = handle.read(64)
    handle.seek(0)
    if not head:
        return WarcProblem(path, "the file is empty")
    gzipped = head.startswith(GZIP_MAGIC)
    if gzipped:
        try:
            start = zlib.decompressobj(31).decompress(handle.read(65536), 64)
        except zlib.error as exc:
            return WarcProblem(path, f"not a readable gzip file ({exc})")
        finally:
            handle.seek(0)
        if not start.startswith(WARC_MAGIC):
            return WarcProblem(
                path,
                f"gzip-compressed, but not a WARC file (it starts with {_describe_start(start)})",
            )
        return None
    if not head.startswith(WARC_MAGIC):
        if path.name.endswith(".gz"):
            return WarcProblem(
                path,
                f"not gzip-compressed and not a WARC file (it starts with {_describe_start(head)})",
            )
        return WarcProblem(path, f"not a WARC file (it starts with {_describe_start(head)})")
    return None


def read_warc(
    path: str | Path, wanted: Callable[[str], bool], *, max_body: int | None = None
) -> Iterator[WarcRecord | WarcProblem]:
    """``max_body``: the largest decoded body read (the crawl's ``DOWNLOAD_MAXSIZE``); a body
    that decodes past it -- a gzip bomb, a page of 50 MB -- is read no further (memory stays
    bounded: one decompressed block past the cap) and comes back with ``too_large`` set and no
    body."""
    path = Path(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below; a generator)
    except OSError as exc:
        yield WarcProblem(path, f"cannot be opened ({exc.strerror or exc})")
        return
    with handle:
        problem = _format_problem(path, handle)
        if problem is not None:
            yield problem
            return
        yield from _records(path, handle, wanted, max_body)


def _records(
    path: Path, handle: BinaryIO, wanted: Callable[[str], bool], max_body: int | None
) -> Iterator[WarcRecord | WarcProblem]:
    gzipped = handle.read(3) == GZIP_MAGIC
    size = handle.seek(0, io.SEEK_END)
    position: int | None = 0
    last_offset = last_end = 0
    while position is not None:
        handle.seek(position)
        iterator = ArchiveIterator(handle)
        try:
            while True:
                with _warcio_warnings() as warnings:
                    record = next(iterator, None)
                yield from _warnings(path, warnings)
                if record is None:
                    break
                offset = iterator.offset
                found = _record(offset, record, wanted, max_body)
                with _warcio_warnings() as warnings:
                    iterator.read_to_end()
                yield from _warnings(path, warnings)
                if getattr(record.raw_stream, "limit", 0) > 0:
                    yield WarcProblem(path, "the file ends inside this record (truncated)", offset)
                    return
                if isinstance(found, WarcProblem):
                    found.path, found.offset = path, offset
                yield found
                last_offset, last_end = offset, sum(iterator.member_info)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            if "non-chunked gzip" in str(exc):
                yield WarcProblem(path, ONE_GZIP_STREAM)
                return
            offset = max(iterator.offset, last_end)
            if gzipped and not _member_ends(handle, offset):
                yield WarcProblem(path, "the file ends inside the gzip member (truncated)", offset)
                return
            position = _next_record_start(handle, offset + 1, gzipped)
            if position is None and not gzipped:
                yield WarcProblem(path, "unreadable record at the end (truncated file?)", offset)
                return
            yield WarcProblem(path, f"malformed record ({_first_line(exc)}); skipped", offset)
            if position is None:
                return
            last_offset = last_end = position
        else:
            position = None
    tail = _tail_problem(handle, last_offset, last_end, size, gzipped)
    if tail is not None:
        yield WarcProblem(path, *tail)


def _record(
    offset: int, record: Any, wanted: Callable[[str], bool], max_body: int | None = None
) -> WarcRecord | WarcProblem:
    url = record.rec_headers.get_header("WARC-Target-URI")
    found = WarcRecord(offset=offset, type=record.rec_type, url=url)
    date = record.rec_headers.get_header("WARC-Date")
    try:
        found.date = iso_date_to_datetime(date).replace(tzinfo=UTC)
    except (TypeError, ValueError, AttributeError):
        return WarcProblem(Path(), f"missing or malformed WARC-Date {date!r}; record skipped")
    http = record.http_headers
    if http is None or record.rec_type not in ("response", "revisit"):
        return found
    try:
        found.status = int(http.get_statuscode() or 0)
    except ValueError:
        return WarcProblem(
            Path(), f"malformed HTTP status line {http.statusline!r}; record skipped"
        )
    found.reason = http.statusline.partition(" ")[2]
    found.protocol = http.protocol or "HTTP/1.1"
    found.headers = list(http.headers)
    if record.rec_type == "response" and found.status == 200 and url and wanted(url):
        encoding = (http.get_header("Content-Encoding") or "").strip().lower()
        if encoding and encoding not in BufferedReader.get_supported_decompressors():
            return WarcProblem(
                Path(),
                f"body in Content-Encoding {encoding!r}, which is not decoded here; record skipped",
            )
        try:
            found.body, found.too_large = read_bounded(record.content_stream(), max_body)
        except (OSError, EOFError, ValueError, zlib.error) as exc:
            return WarcProblem(Path(), f"undecodable body ({_first_line(exc)}); record skipped")
    return found


def read_bounded(stream: Any, max_body: int | None) -> tuple[bytes | None, str | None]:
    """The decoded body of a record, or (None, why) when it decodes past ``max_body`` bytes."""
    if not max_body:
        return stream.read(), None
    body = stream.read(max_body + 1)
    if len(body) <= max_body:
        return body, None
    return None, f"decodes to more than DOWNLOAD_MAXSIZE ({max_body} bytes)"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0].strip() if text else type(exc).__name__
    printable = "".join(c if c.isprintable() else "?" for c in line)
    return printable[:80] + ("..." if len(printable) > 80 else "")


@contextlib.contextmanager
def _warcio_warnings() -> Iterator[io.StringIO]:
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        yield captured


def _warnings(path: Path, captured: io.StringIO) -> Iterator[WarcProblem]:
    text = captured.getvalue()
    if "Content-Length" in text:
        match = _INCOMPLETE.search(text)
        yield WarcProblem(
            path,
            "record not followed by a blank line (its Content-Length is probably wrong)",
            int(match[1]) if match else None,
        )


def _member_ends(handle: BinaryIO, offset: int) -> bool:
    """Does the gzip member at ``offset`` end before the file does?"""
    handle.seek(offset)
    decompressor = zlib.decompressobj(31)
    try:
        while not decompressor.eof and (chunk := handle.read(SCAN_CHUNK)):
            decompressor.decompress(chunk)
    except zlib.error:
        return True  # not a cut member but bad bytes: a malformed record
    return decompressor.eof


def _next_record_start(handle: BinaryIO, start: int, gzipped: bool) -> int | None:
    """Where the next record may begin after a malformed one: the next gzip member of a
    ``.warc.gz``, the next ``WARC/`` line of a plain file."""
    marker = GZIP_MAGIC if gzipped else b"\n" + WARC_MAGIC
    handle.seek(start)
    carry = b""
    base = start
    while chunk := handle.read(SCAN_CHUNK):
        data = carry + chunk
        found = data.find(marker)
        if found >= 0:
            return base - len(carry) + found + (0 if gzipped else 1)
        carry = data[-(len(marker) - 1) :]
        base += len(chunk)
    return None


def _tail_problem(
    handle: BinaryIO, last_offset: int, last_end: int, size: int, gzipped: bool
) -> tuple[str, int] | None:
    """A cut file: the last record's gzip member does not end, or bytes that are not a record
    follow the last record."""
    if not gzipped:
        handle.seek(last_end)
        if handle.read(SCAN_CHUNK).strip(b"\r\n\x00 "):
            return "unreadable bytes after the last record (truncated file?)", last_end
        return None
    position = last_offset
    while position < size:
        handle.seek(position)
        if position >= last_end and not handle.read(SCAN_CHUNK).strip(b"\x00"):
            return None  # padding
        handle.seek(position)
        decompressor = zlib.decompressobj(31)
        consumed, content = 0, False
        try:
            while not decompressor.eof and (chunk := handle.read(SCAN_CHUNK)):
                content = bool(decompressor.decompress(chunk).strip()) or content
                consumed += len(chunk)
        except zlib.error:
            return "unreadable bytes after the last record (truncated file?)", position
        if not decompressor.eof:
            return "the file ends inside the gzip member (truncated)", position
        if position >= last_end and content:
            return "a gzip member after the last record is not a WARC record", position
        position += consumed - len(decompressor.unused_data)
    return None
