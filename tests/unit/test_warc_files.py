"""Reading other people's WARC files: every record before a problem is read, every problem is
one sentence with the file and the offset, and reading goes on after a malformed record."""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from urdupoint_news.pagearchive.warc_files import WarcProblem, WarcRecord, read_warc

SITE = "https://www.urdupoint.com/en/business/story-{}.html"


def warc(*bodies: bytes, gzipped: bool = True) -> tuple[bytes, list[int]]:
    """A WARC of response records (made with warcio, not with the code under test) and the
    offset of each record."""
    out, offsets = io.BytesIO(), []
    writer = WARCWriter(out, gzip=gzipped)
    for number, body in enumerate(bodies):
        offsets.append(out.tell())
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                SITE.format(number), "response", payload=io.BytesIO(body), http_headers=headers
            )
        )
    return out.getvalue(), offsets


def read(path: Path) -> list[WarcRecord | WarcProblem]:
    return list(read_warc(path, lambda url: True))


def records(events: list) -> list[bytes | None]:
    return [event.body for event in events if isinstance(event, WarcRecord)]


def problems(events: list) -> list[str]:
    return [str(event) for event in events if isinstance(event, WarcProblem)]


# Text that does not compress away, so a cut of a few hundred bytes falls inside a body.
BODIES = [
    f"<html>story {n} {random.Random(n).randbytes(900).hex()}</html>".encode() for n in range(4)
]


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_good_file_gives_every_record_with_its_offset_and_no_problem(tmp_path, gzipped):
    data, offsets = warc(*BODIES, gzipped=gzipped)
    path = tmp_path / ("a.warc.gz" if gzipped else "a.warc")
    path.write_bytes(data)
    events = read(path)
    assert records(events) == BODIES
    assert [event.offset for event in events] == offsets
    assert all(event.status == 200 and event.url.startswith("https://") for event in events)


def test_bodies_are_only_read_for_wanted_urls(tmp_path):
    data, _ = warc(*BODIES)
    (tmp_path / "a.warc.gz").write_bytes(data)
    events = list(read_warc(tmp_path / "a.warc.gz", lambda url: url.endswith("story-2.html")))
    assert [event.body is not None for event in events] == [False, False, True, False]


@pytest.mark.parametrize(("gzipped", "cut"), [(True, 300), (True, 5), (False, 300)])
def test_a_truncated_file_gives_the_records_before_the_cut_and_says_where(tmp_path, gzipped, cut):
    data, offsets = warc(*BODIES, gzipped=gzipped)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-cut])
    events = read(path)
    assert records(events)[:3] == BODIES[:3]
    [problem] = problems(events)
    assert problem.startswith(f"{path}: the file ends inside")
    assert problem.endswith(f"(truncated) at offset {offsets[3]}")


def test_a_file_cut_inside_the_next_records_header_is_truncated_too(tmp_path):
    data, offsets = warc(*BODIES)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: offsets[3] + 30])
    events = read(path)
    assert records(events) == BODIES[:3]
    assert problems(events) == [
        f"{path}: the file ends inside the gzip member (truncated) at offset {offsets[3]}"
    ]


def test_a_malformed_record_is_reported_with_its_offset_and_reading_goes_on(tmp_path):
    first, _ = warc(*BODIES[:2])
    junk = gzip.compress(b"this is not a warc record\r\n\r\n")
    rest, _ = warc(*BODIES[2:])
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(first + junk + rest)
    events = read(path)
    assert records(events) == BODIES
    assert problems(events) == [
        f"{path}: malformed record (Invalid WARC record, first line: this is not a warc record);"
        f" skipped at offset {len(first)}"
    ]
    assert [e.offset for e in events if isinstance(e, WarcRecord)][2] == len(first) + len(junk)


def test_garbage_between_records_of_a_plain_file_is_skipped_too(tmp_path):
    first, _ = warc(*BODIES[:2], gzipped=False)
    rest, _ = warc(*BODIES[2:], gzipped=False)
    path = tmp_path / "bad.warc"
    path.write_bytes(first + b"garbage line\r\n\r\n" + rest)
    events = read(path)
    assert records(events) == BODIES
    assert len(problems(events)) == 1 and "garbage line" in problems(events)[0]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "page.warc.gz",
            b"<!DOCTYPE html><html>not an archive</html>",
            "not gzip-compressed and not a WARC file"
            " (it starts with '<!DOCTYPE html><html>not an archive</htm')",
        ),
        ("page.warc", b"hello\n", "not a WARC file (it starts with 'hello')"),
        (
            "page.gz",
            gzip.compress(b"<html>zipped page</html>", mtime=0),
            "gzip-compressed, but not a WARC file (it starts with '<html>zipped page</html>')",
        ),
        ("empty.warc", b"", "the file is empty"),
    ],
    ids=["html named .warc.gz", "text named .warc", "gzipped html", "empty file"],
)
def test_a_file_that_is_not_a_warc_is_one_problem(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    assert [str(event) for event in read(path)] == [f"{path}: {message}"]


def test_a_plain_warc_named_gz_is_read_as_it_is(tmp_path):
    data, _ = warc(*BODIES, gzipped=False)
    path = tmp_path / "plain.warc.gz"
    path.write_bytes(data)
    events = read(path)
    assert records(events) == BODIES and not problems(events)


def test_one_gzip_stream_for_the_whole_file_says_how_to_fix_it(tmp_path):
    data, _ = warc(*BODIES, gzipped=False)
    path = tmp_path / "stream.warc.gz"
    path.write_bytes(gzip.compress(data))
    events = read(path)
    assert records(events) == BODIES[:1]
    [problem] = problems(events)
    assert "one gzip stream" in problem and "warcio recompress" in problem


def test_a_missing_file_is_one_problem(tmp_path):
    assert [str(e) for e in read(tmp_path / "gone.warc.gz")] == [
        f"{tmp_path / 'gone.warc.gz'}: cannot be opened (No such file or directory)"
    ]
