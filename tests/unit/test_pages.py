"""The page archive's parts: WARC writing and reading by offset, the pages table, the store's
dating rules for replayed pages, and where the WARC directory is."""

from __future__ import annotations

import io
import random
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from scrapy.settings import Settings
from warcio.archiveiterator import ArchiveIterator

from urdupoint_news.archive.schema import open_database
from urdupoint_news.archive.storage import Archive
from urdupoint_news.crawl.checks import FieldChecks
from urdupoint_news.crawl.verdict import add_problem, health
from urdupoint_news.pagearchive.importing import ImportSpider, site_url
from urdupoint_news.pagearchive.pages import (
    FetchedPage,
    PageArchiveError,
    PageReader,
    PageWriter,
    is_archived,
    page_row,
    payload_digest,
    select_pages,
    stored_headers,
)
from urdupoint_news.pagearchive.reparse import reparse_batch
from urdupoint_news.pagearchive.warc_files import WarcRecord
from urdupoint_news.pagearchive.writer import warc_directory
from urdupoint_news.site.items import ArticleItem

SEED = (
    "https://www.urdupoint.com/en/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html"
)
URDU = "https://www.urdupoint.com/daily/livenews/2025-09-10/news-4512345.html"


def page(url: str = SEED, body: bytes = b"<html>story</html>", **fields) -> FetchedPage:
    values = {
        "url": url,
        "fetched_at": datetime(2025, 9, 10, 10, 30, tzinfo=UTC),
        "status": 200,
        "reason": "OK",
        "headers": [("Content-Type", "text/html; charset=utf-8")],
        "body": body,
        "request_headers": [("User-Agent", "test")],
        **fields,
    }
    return FetchedPage(**values)


def members(data: bytes) -> list[bytes]:
    """The gzip members of a .warc.gz, decompressed one by one."""
    found = []
    while data:
        decompressor = zlib.decompressobj(31)
        found.append(decompressor.decompress(data))
        assert decompressor.eof
        data = decompressor.unused_data
    return found


# --- headers ------------------------------------------------------------------------------------
def test_headers_that_describe_the_wire_are_kept_under_x_crawler_names():
    headers = [
        ("Content-Type", "text/html"),
        ("Transfer-Encoding", "chunked"),
        ("Content-Length", "812"),  # the compressed length
        ("Content-Encoding", "gzip"),
    ]
    assert stored_headers(headers, 2048, body_decoded=True) == [
        ("Content-Type", "text/html"),
        ("X-Crawler-Transfer-Encoding", "chunked"),
        ("X-Crawler-Content-Length", "812"),
        ("X-Crawler-Content-Encoding", "gzip"),
        ("Content-Length", "2048"),
    ]


def test_a_body_still_encoded_keeps_its_content_encoding_and_a_right_length_stays():
    headers = [("Content-Encoding", "zstd"), ("Content-Length", "100")]
    assert stored_headers(headers, 100) == [("Content-Encoding", "zstd"), ("Content-Length", "100")]


# --- writing and reading ------------------------------------------------------------------------
def test_each_page_is_a_response_then_request_record_each_in_its_own_gzip_member(tmp_path):
    writer = PageWriter(tmp_path, max_bytes=10**9)
    location = writer.write(page())
    writer.close()
    [file] = tmp_path.iterdir()
    assert file.name == location.file and file.name.endswith(".warc.gz")
    info, response, request = members(file.read_bytes())
    assert b"WARC-Type: warcinfo" in info
    assert b"WARC-Type: response" in response
    assert b"WARC-Date: 2025-09-10T10:30:00Z" in response
    assert b"HTTP/1.1 200 OK\r\n" in response and response.endswith(b"<html>story</html>\r\n\r\n")
    assert b"Content-Length: 18\r\n" in response
    assert b"WARC-Type: request" in request
    assert (
        b"GET /en/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html HTTP/1.1\r\n"
        in request
    )
    assert f"WARC-Concurrent-To: {location.record_id}".encode() in request


def test_a_location_reads_back_exactly_its_record(tmp_path):
    writer = PageWriter(tmp_path, max_bytes=10**9)
    bodies = [f"<html>page {n}</html>".encode() * (n + 1) for n in range(3)]
    locations = [
        writer.write(page(f"{SEED[:-12]}{2193301 + n}.html", body)) for n, body in enumerate(bodies)
    ]
    writer.close()
    data = (tmp_path / locations[0].file).read_bytes()
    reader = PageReader(tmp_path)
    for body, location in zip(bodies, locations, strict=True):
        chunk = data[location.offset : location.offset + location.length]
        [record] = list(ArchiveIterator(io.BytesIO(chunk)))
        assert record.rec_headers.get_header("WARC-Record-ID") == location.record_id
        assert location.digest == payload_digest(body)
        stored = reader.read(location.file, location.offset, location.length)
        assert (stored.status, stored.body) == (200, body)
    reader.close()


def test_files_rotate_before_they_grow_past_the_limit(tmp_path):
    writer = PageWriter(tmp_path, max_bytes=3000)
    bodies = [random.Random(n).randbytes(2000) for n in range(4)]  # incompressible
    locations = [writer.write(page(body=body)) for body in bodies]
    writer.close()
    files = sorted(path.name for path in tmp_path.iterdir())
    assert len(files) == 4 and [location.file for location in locations] == files
    assert all(name.endswith(f"-{n:05d}.warc.gz") for n, name in enumerate(files))
    for body, location in zip(bodies, locations, strict=True):
        stored = PageReader(tmp_path).read(location.file, location.offset, location.length)
        assert stored.body == body


def test_a_run_that_archives_nothing_leaves_no_file(tmp_path):
    PageWriter(tmp_path / "warc", max_bytes=10**9).close()
    assert not (tmp_path / "warc").exists()


def test_a_record_that_is_not_where_the_table_says_is_a_clear_error(tmp_path):
    writer = PageWriter(tmp_path, max_bytes=10**9)
    location = writer.write(page())
    writer.close()
    with pytest.raises(PageArchiveError, match="at offset 5"):
        PageReader(tmp_path).read(location.file, 5, location.length)
    with pytest.raises(FileNotFoundError):
        PageReader(tmp_path).read("gone.warc.gz", 0, 10)


# --- the pages table ----------------------------------------------------------------------------
def test_reparse_takes_the_newest_200_page_of_each_article_url_matching_the_filters(tmp_path):
    db = open_database(str(tmp_path / "news.db"))
    location = PageWriter(tmp_path / "warc", max_bytes=10**9).write(page())
    rows = [
        page_row(
            page(fetched_at=datetime(2025, 9, day, tzinfo=UTC), status=status), location, source="t"
        )
        for day, status in ((1, 200), (5, 200), (9, 503))
    ]
    rows.append(
        page_row(page(URDU, fetched_at=datetime(2025, 8, 1, tzinfo=UTC)), location, source="t")
    )
    redirected = "https://www.urdupoint.com/en/news/business.html"  # a redirect's final page
    rows.append(page_row(page(redirected), location, source="t"))
    db["pages"].insert_all(rows)
    latest = sorted(select_pages(db), key=lambda row: row["url"], reverse=True)
    assert [(row["url"], row["fetched_at"]) for row in latest] == [
        (SEED, "2025-09-05T00:00:00+00:00"),
        (URDU, "2025-08-01T00:00:00+00:00"),
    ]
    assert [row["url"] for row in select_pages(db, since=date(2025, 9, 2))] == [SEED]
    assert [row["url"] for row in select_pages(db, edition="ur")] == [URDU]
    assert [row["url"] for row in select_pages(db, urls=[URDU])] == [URDU]
    assert [row["edition"] for row in rows[-2:]] == ["ur", None] and rows[0]["edition"] == "en"


def test_a_capture_already_archived_is_recognised_by_url_date_and_digest(tmp_path):
    db = open_database(str(tmp_path / "news.db"))
    location = PageWriter(tmp_path / "warc", max_bytes=10**9).write(page())
    db.table("pages").insert(page_row(page(), location, source="import:a.warc.gz"))
    digest = payload_digest(b"<html>story</html>")
    assert is_archived(db, SEED, "2025-09-10T10:30:00+00:00", digest)
    assert not is_archived(db, SEED, "2025-09-11T10:30:00+00:00", digest)
    assert not is_archived(db, SEED, "2025-09-10T10:30:00+00:00", payload_digest(b"other"))


def test_a_reparse_batch_names_pages_it_cannot_read_and_extracts_the_others(tmp_path):
    writer = PageWriter(tmp_path, max_bytes=10**9)
    html = (
        Path(__file__).parents[2] / "urdupoint_news/demo/pages/en/seed_current.html"
    ).read_bytes()
    good = page(body=html, headers=[("Content-Type", "text/html; charset=utf-8")])
    location = writer.write(good)
    writer.close()
    rows = [
        {**page_row(good, location, source="t"), "id": 1},
        {**page_row(good, location, source="t"), "id": 2, "file": "gone.warc.gz"},
        {**page_row(good, location, source="t"), "id": 3, "offset": location.offset + 7},
    ]
    result = reparse_batch(str(tmp_path), rows)
    # The page's cross-checks (crawl/checks/) travel with its article.
    [checks, item] = result.items
    assert isinstance(checks, FieldChecks) and checks.url == item.url
    assert item.title == "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation"
    assert (item.fetched_at, item.reextracted) == ("2025-09-10T10:30:00+00:00", True)
    assert [row["id"] for row in result.missing] == [2]
    assert [(row["id"], "at offset" in error) for row, error in result.unreadable] == [(3, True)]
    assert result.stats["response_received_count"] == 1


# --- dating replayed pages in the store ---------------------------------------------------------
def article(body: str, **fields) -> ArticleItem:
    values = {
        "url": SEED,
        "article_id": 2193301,
        "title": "Pakistan, Japan Renew Resolve",
        "published_at": "2025-09-10T15:10:00+05:00",
        "body": body,
        "content_hash": str(hash(body)),
        **fields,
    }
    return ArticleItem(**values)


@pytest.fixture
def archive(tmp_path):
    store = Archive(tmp_path / "news.db")
    yield store
    store.close()


def test_a_reparse_that_changes_the_text_keeps_the_old_version_without_a_new_sighting(archive):
    archive.store(article("old reading"), seen_at="2025-09-10T10:00:00+00:00")
    outcome = archive.store(
        article("new reading"),
        seen_at="2025-09-10T10:00:00+00:00",
        reextracted_at="2025-10-01T08:00:00+00:00",
    )
    assert outcome == "updated"
    row = archive.article(SEED)
    assert row["body"] == "new reading"
    assert row["last_seen_at"] == "2025-09-10T10:00:00+00:00"  # not seen on the site again
    assert row["modified_at"] is None  # the story did not change, our reading of it did
    [version] = archive.db["article_versions"].rows
    assert version["body"] == "old reading"
    assert version["superseded_at"] == "2025-10-01T08:00:00+00:00"


def test_a_reparse_that_changes_nothing_writes_nothing(archive):
    archive.store(article("same"), seen_at="2025-09-10T10:00:00+00:00")
    outcome = archive.store(
        article("same"),
        seen_at="2025-09-10T10:00:00+00:00",
        reextracted_at="2025-10-01T08:00:00+00:00",
    )
    assert outcome == "unchanged"
    assert archive.article(SEED)["last_seen_at"] == "2025-09-10T10:00:00+00:00"


def test_an_imported_capture_older_than_the_stored_one_never_replaces_it(archive):
    archive.store(article("current text"), seen_at="2025-09-10T10:00:00+00:00")
    outcome = archive.store(article("older text"), seen_at="2025-09-09T22:00:00+00:00")
    assert outcome == "unchanged"
    row = archive.article(SEED)
    assert row["body"] == "current text"
    assert row["first_seen_at"] == "2025-09-09T22:00:00+00:00"  # seen earlier than we knew
    assert row["last_seen_at"] == "2025-09-10T10:00:00+00:00"
    assert archive.db["article_versions"].count == 0


def test_an_imported_capture_newer_than_the_stored_one_updates_it_as_a_crawl_would(archive):
    archive.store(article("first text"), seen_at="2025-09-10T10:00:00+00:00")
    outcome = archive.store(article("corrected text"), seen_at="2025-09-12T06:00:00+00:00")
    assert outcome == "updated"
    row = archive.article(SEED)
    assert row["last_seen_at"] == row["modified_at"] == "2025-09-12T06:00:00+00:00"


# --- settings, health, import rules -------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, Path("/srv/news/urdupoint.warc")),
        ("", None),
        ("  ", None),
        ("/mnt/warc", Path("/mnt/warc")),
    ],
)
def test_the_warc_directory_is_next_to_the_database_unless_set(value, expected):
    settings = Settings(
        {"URDUPOINT_DB_PATH": "/srv/news/urdupoint.db", "URDUPOINT_WARC_DIR": value}
    )
    assert warc_directory(settings) == expected


def test_two_archives_in_one_directory_have_a_warc_directory_each(tmp_path):
    directories = {
        warc_directory(Settings({"URDUPOINT_DB_PATH": str(tmp_path / name)}))
        for name in ("urdupoint.db", "demo.db", "news")
    }
    assert directories == {
        tmp_path / "urdupoint.warc",
        tmp_path / "demo.warc",
        tmp_path / "news.warc",
    }


def test_an_archive_whose_pages_are_in_the_shared_warc_directory_keeps_it(tmp_path):
    # Archives made before each had its own directory: their rows point into warc/.
    db = tmp_path / "urdupoint.db"
    location = PageWriter(tmp_path / "warc", max_bytes=10**9).write(page())
    database = open_database(str(db))
    database["pages"].insert(page_row(page(), location, source="crawl"))
    database.close()
    settings = Settings({"URDUPOINT_DB_PATH": str(db)})
    assert warc_directory(settings) == tmp_path / "warc"
    # Another archive in the same directory is not taken for its owner.
    other = Settings({"URDUPOINT_DB_PATH": str(tmp_path / "demo.db")})
    assert warc_directory(other) == tmp_path / "demo.warc"


def test_a_problem_a_spider_reports_fails_the_run_instead_of_site_unreachable():
    stats: dict = {}

    class Stats:
        def get_value(self, key, default=None):
            return stats.get(key, default)

        def set_value(self, key, value):
            stats[key] = value

    add_problem(Stats(), "x.warc.gz: not a WARC file")
    found = health.problems(
        stats, "finished", max_reject_ratio=0.5, max_fallback_ratio=0.5, min_articles=3
    )
    assert found == ["x.warc.gz: not a WARC file"]


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        (SEED, SEED),
        (SEED.replace("https://www.", "http://"), SEED),
        (SEED + "?utm_source=feed", SEED),
        ("https://www.urdupoint.com:443/en/", "https://www.urdupoint.com/en/"),
        ("https://urdupoint.com.evil.example/en/x-2193301.html", None),
        ("dns:www.urdupoint.com", None),
    ],
)
def test_imported_urls_of_the_site_are_named_as_the_crawl_names_them(uri, expected):
    assert site_url(uri) == expected


def test_import_counts_every_record_it_skips_by_kind():
    def record(kind: str, url: str, status: int | None = 200) -> WarcRecord:
        return WarcRecord(offset=0, type=kind, url=url, status=status, body=b"x")

    assert ImportSpider.classify(record("response", SEED)) == "taken"
    assert ImportSpider.classify(record("response", SEED, 404)) == "not_200"
    assert ImportSpider.classify(record("revisit", SEED)) == "revisits"
    assert ImportSpider.classify(record("request", SEED)) == "other_records"
    assert ImportSpider.classify(record("response", "https://example.com/")) == "other_sites"
    assert (
        ImportSpider.classify(record("response", "https://www.urdupoint.com/en/")) == "not_articles"
    )


# --- the crawl's archiver: records compressed on a thread of their own (issue 23) -------------
def test_pages_kept_soon_are_appended_in_order_and_synced_before_the_commit_of_their_rows(
    tmp_path, monkeypatch
):
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from urdupoint_news.crawl.extensions.storage import storage_of
    from urdupoint_news.pagearchive import pages as pages_module
    from urdupoint_news.pagearchive.writer import PageArchiver

    crawler = get_crawler(
        Spider,
        {
            "EXTENSIONS": {"urdupoint_news.crawl.extensions.storage.Storage": 0},
            "URDUPOINT_DB_PATH": str(tmp_path / "news.db"),
            "URDUPOINT_WARC_MAX_BYTES": 10**9,
            "URDUPOINT_BATCH_SIZE": 1000,
        },
    )
    archiver = PageArchiver(crawler, tmp_path / "warc")
    archive = storage_of(crawler).archive
    events: list[str] = []
    real_fsync, real_commit = pages_module.os.fsync, archive.db.commit
    monkeypatch.setattr(
        pages_module.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))
    )
    monkeypatch.setattr(archive.db, "commit", lambda: (events.append("commit"), real_commit()))
    urls = [SEED.replace("2193301", str(2193301 + n)) for n in range(30)]
    # Pages of real weight go to the compressing thread, small ones are compressed at once when
    # none is waiting: mixed, they must still be appended in the order they came.
    bodies = [f"<html>story {n}</html>".encode() * (2000 if n % 3 else 50) for n in range(30)]
    for url, body in zip(urls, bodies, strict=True):
        archiver.keep_soon(page(url, body=body), source="t")
    archive.commit()
    # Every page kept before the commit has its row in it, in the order the pages came, and the
    # WARC file was made durable before the database committed them.
    assert events == ["fsync", "commit"]
    rows = list(open_database(str(tmp_path / "news.db"), create=False)["pages"].rows)
    assert [row["url"] for row in rows] == urls
    assert [row["offset"] for row in rows] == sorted(row["offset"] for row in rows)
    reader = PageReader(tmp_path / "warc")
    for number, row in enumerate(rows):
        body = reader.read(row["file"], row["offset"], row["length"]).body
        assert body == bodies[number]
        assert row["digest"] == payload_digest(body)
    reader.close()
    storage_of(crawler).close()
    archiver.close()
    assert crawler.stats.get_value("urdupoint/pages_archived") == 30


def test_write_is_the_page_s_records_each_in_a_gzip_member_of_its_own(tmp_path):
    writer = PageWriter(tmp_path, max_bytes=10**9)
    location = writer.write(page())
    writer.close()
    data = (tmp_path / location.file).read_bytes()
    warcinfo, response, request = members(data)
    assert warcinfo.startswith(b"WARC/1.0\r\nWARC-Type: warcinfo")
    assert b"WARC-Type: response" in response and b"WARC-Type: request" in request
    # ``length`` is the response's member exactly: reading it alone gives the whole record.
    member = data[location.offset : location.offset + location.length]
    decompressor = zlib.decompressobj(31)
    assert decompressor.decompress(member) == response
    assert decompressor.eof and not decompressor.unused_data
