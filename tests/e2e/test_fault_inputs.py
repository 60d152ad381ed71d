"""The last faults of issue 21: every way a page comes in has the crawl's bounds, reparse and
import end honestly, and every input is checked before the first request.

Real ``urdupoint-news`` and ``scrapy crawl`` processes, the sample site on 127.0.0.1, bombs
built here.
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from support.crawling import ROOT, cli, crawl_command, fast_settings, rows
from urdupoint_news.demo import SAVED_PAGES
from urdupoint_news.demo.mirror import SiteMirror

EN = "https://www.urdupoint.com/en"
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing answers there
MIB = 1 << 20


def one_line(result: subprocess.CompletedProcess[str], status: int) -> str:
    """The last line of a refused or failed command, after checking there is no traceback."""
    assert result.returncode == status, result.stderr[-3000:]
    assert "Traceback" not in result.stderr + result.stdout
    return result.stderr.strip().splitlines()[-1]


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False, **kwargs
    )


# --- 2. the same bounds for every way a page comes in ---------------------------------------------


def gzip_bomb(gib: int) -> bytes:
    """A gzip stream of ``gib`` GiB of zeros in about ``gib`` MB: one compressed MiB of zeros,
    repeated (after a full flush each block is compressed alike), with a true CRC and size."""
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    blocks = gib * 1024
    crc = 0
    for _ in range(blocks):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    trailer = struct.pack("<II", crc, (blocks * MIB) & 0xFFFFFFFF)
    return header + block * blocks + compressor.flush() + trailer


def record(writer: WARCWriter, url: str, body: bytes, headers: list[tuple[str, str]]):
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": "2025-09-10T10:15:00Z"},
    )


HTML = [("Content-Type", "text/html; charset=utf-8")]
GOOD = {
    f"{EN}/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html": "seed_current",
    f"{EN}/sports/babar-rizwan-return-as-pakistan-announce-od-2193303.html": "sports_current",
    f"{EN}/world/imf-says-global-growth-to-slow-as-trade-tens-2193304.html": "world_crosslisted",
}
BOMB = f"{EN}/business/bomb-2193390.html"
HUGE = f"{EN}/business/fifty-megabytes-2193391.html"


@pytest.fixture(scope="module")
def hostile_warc(tmp_path_factory) -> Path:
    """Three good article records, a gzip bomb (2 MB unpacking to 2 GiB) and a 50 MB page."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, name in GOOD.items():
            writer.write_record(
                record(writer, url, (SAVED_PAGES / f"en/{name}.html").read_bytes(), HTML)
            )
        bomb = gzip_bomb(2)
        assert len(bomb) < 3 * MIB
        writer.write_record(record(writer, BOMB, bomb, [*HTML, ("Content-Encoding", "gzip")]))
        page = b"<html><body>" + b"<p>padding</p>" * (50 * MIB // 14) + b"</body></html>"
        writer.write_record(record(writer, HUGE, page, HTML))
    return path


# Runs a command and prints the peak resident memory of its processes (KiB), after its output.
PEAK = (
    "import resource, subprocess, sys;"
    "code = subprocess.run(sys.argv[1:]).returncode;"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
    "sys.exit(code)"
)


def test_import_refuses_a_gzip_bomb_and_a_huge_page_as_too_large_in_bounded_memory(
    hostile_warc, tmp_path
):
    db = tmp_path / "news.db"
    command = [sys.executable, "-m", "urdupoint_news.cli", "import", str(hostile_warc)]
    result = run([sys.executable, "-c", PEAK, *command, "--db", str(db)])
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    peak_mib = int(result.stdout.strip().splitlines()[-1]) / 1024
    print(f"peak memory of the import: {peak_mib:.0f} MiB")
    assert peak_mib < 400  # a 2 GiB bomb unpacked would be 2048 MiB at least

    assert {row["url"] for row in rows(db, "articles")} == set(GOOD)
    rejected = {row["url"]: row for row in rows(db, "rejects")}
    assert set(rejected) == {BOMB, HUGE}
    for row in rejected.values():
        assert row["reason"] == "too_large"
        assert row["detail"] == (
            f"decodes to more than DOWNLOAD_MAXSIZE ({8 * MIB} bytes), in hostile.warc.gz"
        )
    # Never written back: the page archive holds the three good pages only.
    warc_dir = tmp_path / "news.warc"
    assert sum(file.stat().st_size for file in warc_dir.iterdir()) < MIB
    assert {row["url"] for row in rows(db, "pages")} == set(GOOD)


def test_import_of_records_that_all_fail_speaks_of_records_not_listings(hostile_warc, tmp_path):
    db = tmp_path / "news.db"
    # A cap below every page: nothing can be stored.
    result = cli("import", str(hostile_warc), "--db", str(db), "-s", "DOWNLOAD_MAXSIZE=1000")
    line = one_line(result, 1)
    assert line == "Error: import finished with 2 problem(s), listed above", result.stderr
    assert "listings" not in result.stderr + result.stdout
    [run_row] = rows(db, "crawl_runs")
    assert json.loads(run_row["problems"]) == [
        "5 WARC records of article pages read but no article was stored",
        "too many rejects: 5 of 5 WARC records of article pages",
    ]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    """One crawl of the sample site's English edition, its pages in the page archive."""
    root = tmp_path_factory.mktemp("crawled")
    with SiteMirror() as site:
        result = run(crawl_command("urdupoint_en", root / "news.db", site.base_url))
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def copy_archive(crawled: Path, tmp_path: Path) -> Path:
    shutil.copytree(crawled, tmp_path / "copy")
    return tmp_path / "copy" / "news.db"


def test_reparse_holds_pages_to_the_size_cap_and_says_archived_pages(crawled, tmp_path):
    db = copy_archive(crawled, tmp_path)
    before = {row["url"]: row["body"] for row in rows(db, "articles")}
    rejected_before = {row["url"] for row in rows(db, "rejects")}
    result = cli("reparse", "--db", str(db), "-s", "DOWNLOAD_MAXSIZE=1000")
    pages = len({row["url"] for row in rows(db, "pages", status=200) if row["edition"]})
    assert one_line(result, 1) == (
        f"Error: reparse failed: urdupoint_reparse: {pages} archived pages read but no article "
        "was stored"
    )
    too_large = rows(db, "rejects", reason="too_large")
    archived = {row["url"] for row in rows(db, "pages", status=200) if row["edition"]}
    # Every page is a too_large reject (one rejected before as not_html keeps that reason).
    assert archived - rejected_before <= {row["url"] for row in too_large} <= archived
    assert (
        too_large[0]["detail"] == "archived page decodes to more than DOWNLOAD_MAXSIZE (1000 bytes)"
    )
    assert {row["url"]: row["body"] for row in rows(db, "articles")} == before  # nothing lost


def test_reparse_that_cannot_read_a_share_of_its_pages_ends_non_zero(crawled, tmp_path):
    db = copy_archive(crawled, tmp_path)
    selected = rows(db, "pages", status=200)
    damaged = selected[: max(1, len(selected) // 3)]
    for row in damaged:  # the first bytes of each record's gzip member overwritten
        path = db.parent / "news.warc" / row["file"]
        with open(path, "r+b") as file:
            file.seek(row["offset"])
            file.write(b"\0" * 16)
    result = cli("reparse", "--db", str(db))
    total = len({row["url"] for row in selected})
    assert one_line(result, 1) == (
        f"Error: reparse failed: urdupoint_reparse: {len(damaged)} of {total} archived pages "
        f"could not be read (0 in missing WARC files, {len(damaged)} unreadable), more than "
        "URDUPOINT_MAX_UNREADABLE_RATIO (0.1)"
    )
    # The threshold is a setting: a user who accepts the loss gets an ok run.
    accepted = cli("reparse", "--db", str(db), "-s", "URDUPOINT_MAX_UNREADABLE_RATIO=0.6")
    assert accepted.returncode == 0, accepted.stderr[-2000:]
    bad = cli("reparse", "--db", str(db), "-s", "URDUPOINT_MAX_UNREADABLE_RATIO=lots")
    assert one_line(bad, 2) == (
        "Error: invalid setting URDUPOINT_MAX_UNREADABLE_RATIO='lots': expected a number"
    )


def test_reparse_under_a_running_crawl_names_the_lock(tmp_path):
    from urdupoint_news.archive.schema import open_database
    from urdupoint_news.crawl.lock import RunLock

    db = tmp_path / "news.db"
    open_database(str(db)).close()  # an empty archive: "no archived page matches" was the answer
    with RunLock(db):
        result = cli("reparse", "--db", str(db))
    assert one_line(result, 1).startswith(f"Error: a crawl is already running on {db} (pid ")


# --- 4. every input checked before the first request ---------------------------------------------


def spiders() -> dict[str, type]:
    import os

    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "urdupoint_news.settings")
    loader = SpiderLoader.from_settings(get_project_settings())
    return {name: loader.load(name) for name in loader.list()}


def misspellings(name: str) -> list[str]:
    """A dropped underscore or letter, two letters swapped: the typos people make."""
    spelt = {name.replace("_", ""), name[:-1], name[1] + name[0] + name[2:]}
    return sorted(spelt - {name})


def test_every_spider_refuses_a_misspelling_of_each_of_its_arguments():
    from urdupoint_news.crawl.spider import SpiderArgumentError

    walked = 0
    for name, spider in spiders().items():
        assert spider.argument_names, name
        for argument in spider.argument_names:
            for typo in misspellings(argument):
                with pytest.raises(SpiderArgumentError) as caught:
                    spider(**{typo: "1"})
                message = str(caught.value)
                assert message.startswith(f"unknown argument {typo!r} for {name} (did you mean ")
                assert f"did you mean {argument}?" in message, message
                walked += 1
    assert walked > 20
    # Scrapyd's own arguments pass.
    spiders()["urdupoint_en"](_job="abc123")


def test_a_misspelt_argument_stops_both_crawl_commands_before_any_request(tmp_path):
    db = tmp_path / "news.db"
    with SiteMirror() as site:
        ours = cli("crawl", "urdupoint_en", "--db", str(db), *fast_settings(site.base_url),
                   "-a", "maxpages=1")  # fmt: skip
        bare = run(crawl_command("urdupoint_en", db, site.base_url, "maxpages=1"))
        assert not site.request_counts()  # not even robots.txt
    expected = (
        "unknown argument 'maxpages' for urdupoint_en (did you mean max_pages?); its arguments: "
        "categories, max_pages, refresh, since"
    )
    assert one_line(ours, 2) == f"Error: {expected}"
    assert one_line(bare, 2) == f"ERROR: {expected}"
    assert not db.exists()


SETTINGS = [
    ("CONCURRENT_REQUESTS_PER_DOMAIN=-5", "invalid setting CONCURRENT_REQUESTS_PER_DOMAIN='-5': "
     "expected a whole number of at least 1"),
    ("CONCURRENT_REQUESTS=-1", "invalid setting CONCURRENT_REQUESTS='-1': expected a whole "
     "number of at least 1"),
    ("CLOSESPIDER_TIMEOUT=-1", "invalid setting CLOSESPIDER_TIMEOUT='-1': expected a number of "
     "at least 0"),
    ("DOWNLOAD_TIMEOUT=0", "invalid setting DOWNLOAD_TIMEOUT='0': expected a number of at least "
     "0.001"),
    ("LOG_LEVEL=loud", "invalid setting LOG_LEVEL='loud': expected a log level: DEBUG, INFO, "
     "WARNING, ERROR, CRITICAL (any case)"),
    ("LOG_FILE=/no/such/dir/crawl.log", "invalid setting LOG_FILE='/no/such/dir/crawl.log': its "
     "directory /no/such/dir does not exist"),
    ("DOWNLOAD_HANDLERS=notadict", "invalid setting DOWNLOAD_HANDLERS='notadict': expected a "
     'dict (JSON on the command line, e.g. {"https": null})'),
    ("URDUPOINT_WARC_DIR=/proc/nope", "the page archive (URDUPOINT_WARC_DIR) cannot write in "
     "/proc/nope: No such file or directory"),
]  # fmt: skip


@pytest.mark.parametrize(("setting", "line"), SETTINGS)
def test_a_setting_that_stalls_or_crashes_a_crawl_is_one_line_in_both_commands(
    setting, line, tmp_path
):
    db = tmp_path / "news.db"
    ours = cli("crawl", "urdupoint_en", "--db", str(db), "-s", f"URDUPOINT_BASE_URL={UNREACHABLE}",
               "-s", setting)  # fmt: skip
    name, _, value = setting.partition("=")
    bare = run(crawl_command("urdupoint_en", db, UNREACHABLE, **{name: value}))
    assert one_line(ours, 2) == f"Error: {line}"
    assert one_line(bare, 2) == f"ERROR: {line}"
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_a_lower_case_log_level_is_accepted_by_both_commands(tmp_path):
    # Against a port where nothing listens: the run starts (a traceback before), logs at the
    # level asked for, and fails for the reason it should.
    ours = cli("crawl", "urdupoint_en", "--db", str(tmp_path / "a.db"), *fast_settings(UNREACHABLE),
               "-s", "RETRY_TIMES=0", "-s", "LOG_LEVEL=debug")  # fmt: skip
    bare = run(crawl_command("urdupoint_en", tmp_path / "b.db", UNREACHABLE, RETRY_TIMES="0",
                             LOG_LEVEL="warning"))  # fmt: skip
    assert one_line(ours, 1).startswith("Error: crawl failed: urdupoint_en: site unreachable")
    assert " DEBUG: " in ours.stderr
    assert one_line(bare, 1).startswith("Error: crawl failed: urdupoint_en: site unreachable")
    assert " INFO: " not in bare.stderr


@pytest.mark.parametrize("command", ["crawl", "reparse", "import", "doctor"])
def test_a_log_file_in_a_missing_directory_is_one_line(command, tmp_path):
    db = tmp_path / "news.db"
    if command != "crawl":
        from urdupoint_news.archive.schema import open_database

        open_database(str(db)).close()
    args = [str(tmp_path / "x.warc.gz")] if command == "import" else []
    if command == "import":
        (tmp_path / "x.warc.gz").write_bytes(b"")
    log = tmp_path / "missing" / "crawl.log"
    result = cli(command, *args, "--db", str(db), "--log-file", str(log))
    assert one_line(result, 2) == (
        f"Error: cannot write the log file {log}: its directory {log.parent} does not exist"
    )


def test_a_database_that_is_not_sqlite_leaves_no_lock_file_behind(tmp_path):
    readme = tmp_path / "README.md"
    shutil.copy(ROOT / "README.md", readme)
    ours = cli("crawl", "--db", str(readme))
    bare = run(crawl_command("urdupoint_en", readme, UNREACHABLE))
    for result in (ours, bare):
        assert result.returncode == 1
        assert (
            result.stderr.strip()
            .splitlines()[-1]
            .endswith(f"{readme} is not a SQLite database (or is damaged from its first page)")
        )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["README.md"]
    assert readme.read_bytes() == (ROOT / "README.md").read_bytes()
    # A lock file that was there before stays (another run may be about to take it).
    (tmp_path / "README.md.lock").write_text("")
    cli("crawl", "--db", str(readme))
    assert (tmp_path / "README.md.lock").exists()


def test_the_schema_is_intact_after_a_refused_run(tmp_path):
    # A refused run never opens the database for writing: nothing to undo.
    db = tmp_path / "news.db"
    cli("crawl", "--db", str(db), "-s", "CONCURRENT_REQUESTS=0")
    assert not db.exists()
    with pytest.raises(sqlite3.OperationalError):
        sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("select 1")


# --- urdupoint_sitemaps: dates and broken files ---------------------------------------------------


def sitemap_crawl(site: SiteMirror, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli("crawl", "urdupoint_sitemaps", "--db", str(db), *fast_settings(site.base_url),
               *[arg for value in args for arg in ("-a", value)])  # fmt: skip


def test_corrupt_daily_sitemaps_are_one_line_each_counted_and_named_last(tmp_path):
    from datetime import date

    from urdupoint_news.spiders.urdupoint_sitemaps import daily_sitemap_path

    days = [date(2025, 9, day) for day in (12, 11, 10)]
    with SiteMirror() as site:
        for day in days:
            good = site.lookup(daily_sitemap_path(day))
            assert good is not None
            body = bytearray(good[0])
            body[20:60] = b"\xff" * 40  # the deflate stream damaged: zlib cannot read it
            site.set_page(daily_sitemap_path(day), bytes(body), "application/x-gzip")
        result = sitemap_crawl(site, tmp_path / "n.db", "since=2025-09-10", "until=2025-09-12")
    last = one_line(result, 1)
    assert "Traceback" not in result.stderr
    unreadable = [line for line in result.stderr.splitlines() if "is unreadable" in line]
    assert len(unreadable) == 3, result.stderr
    assert all("not a readable gzip file" in line for line in unreadable)
    assert last.startswith(
        "Error: crawl failed: urdupoint_sitemaps: 3 of 3 daily sitemaps could not be read ("
    ), last
    assert "the run ended after" not in result.stderr


@pytest.mark.parametrize(
    "since", ["20250901", "2025-W36-1", "2025-9-1", "2025-09-01T00:00", " 2025/09/01"]
)
def test_sitemap_dates_are_strictly_year_month_day(since, tmp_path):
    result = cli("crawl", "urdupoint_sitemaps", "--db", str(tmp_path / "n.db"),
                 "-a", f"since={since}")  # fmt: skip
    assert one_line(result, 2) == f"Error: since must be a date like 2025-09-01, got {since!r}"
    result = cli("crawl", "urdupoint_sitemaps", "--db", str(tmp_path / "n.db"),
                 "-a", "since=2025-09-01", "-a", f"until={since}")  # fmt: skip
    assert one_line(result, 2) == f"Error: until must be a date like 2025-09-30, got {since!r}"


def test_the_first_years_sitemaps_are_asked_for_zero_padded(tmp_path):
    with SiteMirror() as site:
        result = sitemap_crawl(site, tmp_path / "n.db", "since=0001-01-01", "until=0001-01-02")
        asked = [path for path in site.request_counts() if path.startswith("/sitemap/")]
    assert sorted(asked) == [
        "/sitemap/daily/data/0001/0001-01-01.xml.gz",
        "/sitemap/daily/data/0001/0001-01-02.xml.gz",
    ]
    assert one_line(result, 1).startswith(
        "Error: crawl failed: urdupoint_sitemaps: no daily sitemap for any of the 2 days"
    )


# --- doctor ---------------------------------------------------------------------------------------


def test_doctor_against_a_server_that_never_answers_ends_at_its_time_limit(tmp_path):
    import socket
    import time

    from urdupoint_news.archive.schema import open_database

    archive = tmp_path / "archive.db"
    open_database(str(archive)).close()
    with socket.socket() as server:  # accepts connections (the kernel does), never answers
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        base_url = f"http://127.0.0.1:{server.getsockname()[1]}"
        started = time.monotonic()
        result = cli("doctor", "urdupoint_en", "--db", str(archive), "--base-url", base_url,
                     "--timeout", "5")  # fmt: skip
        took = time.monotonic() - started
    print(f"doctor took {took:.1f} s")
    assert took < 45  # was 8 minutes
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == f"Sample crawled from {base_url}"
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("urdupoint_en: sample crawl failed - "), last
    assert base_url in last, last


def test_doctor_names_the_mirror_it_could_not_reach(tmp_path):
    from urdupoint_news.archive.schema import open_database

    archive = tmp_path / "archive.db"
    open_database(str(archive)).close()
    result = cli("doctor", "urdupoint_en", "--db", str(archive), "--base-url", "http://127.0.0.1:1",
                 "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_DELAY=0")  # fmt: skip
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "Sample crawled from http://127.0.0.1:1"
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(
            "urdupoint_en: sample crawl failed - site unreachable (fetched from "
            "http://127.0.0.1:1): "
        )
    )


# --- queries --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_archive(tmp_path_factory) -> Path:
    from support.query_db import build_sample_archive

    path = tmp_path_factory.mktemp("query") / "sample.db"
    build_sample_archive(path)
    return path


@pytest.mark.parametrize("command", ["latest", "search japan", "export"])
def test_an_unknown_category_is_a_did_you_mean_and_exit_2(command, sample_archive):
    result = cli(*command.split(), "--category", "buisness", "--db", str(sample_archive))
    line = one_line(result, 2)
    assert line.startswith(
        "Error: no article in category 'buisness' (did you mean business?); the archive's "
        "categories: business, "
    ), line
    assert result.stdout == ""


def test_a_known_category_in_any_case_still_answers(sample_archive):
    result = cli("latest", "--category", "Business", "--db", str(sample_archive))
    assert result.returncode == 0, result.stderr
    assert "business" in result.stdout


@pytest.mark.parametrize(
    ("query", "line"),
    [
        ("*", "Error: invalid search query '*': a * must follow a word (japan* finds japan, "
         "japanese...)"),
        ('"japan', "Error: invalid search query '\"japan': a double quote is not closed"),
    ],
)  # fmt: skip
def test_search_errors_are_in_our_words_and_exit_2(query, line, sample_archive):
    result = cli("search", query, "--db", str(sample_archive))
    assert one_line(result, 2) == line
    assert "special query" not in result.stderr


def test_a_query_starting_with_a_dash_says_how_and_works_after_double_dash(sample_archive):
    result = cli("search", "-japan", "--db", str(sample_archive))
    assert one_line(result, 2) == (
        "Error: no such option '-j'; a query that starts with '-' goes after --: "
        "urdupoint-news search -- -japan"
    )
    result = cli("search", "--db", str(sample_archive), "--", "-japan")
    assert result.returncode == 0, result.stderr
    assert "Japan" in result.stdout


# --- a category only one edition has --------------------------------------------------------------


def test_a_category_only_one_edition_has_does_not_fail_the_crawl_of_both(tmp_path):
    # The README's example: the sample site's Urdu edition has no business listing.
    with SiteMirror() as site:
        both = cli("crawl", "--db", str(tmp_path / "a.db"), *fast_settings(site.base_url),
                   "-a", "max_pages=1", "-a", "categories=business,sports")  # fmt: skip
        none = cli("crawl", "--db", str(tmp_path / "b.db"), *fast_settings(site.base_url),
                   "-a", "max_pages=1", "-a", "categories=business,nosuch")  # fmt: skip
    assert both.returncode == 0, both.stderr[-2000:]
    assert [line.split(" - ")[0] for line in both.stdout.splitlines()] == [
        "urdupoint_en: ok",
        "urdupoint_ur: ok",
    ]
    assert one_line(none, 1) == (
        "Error: crawl failed: urdupoint_en and urdupoint_ur: categories not found in any edition "
        "of the site: nosuch"
    )
