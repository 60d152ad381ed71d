"""The page archive end to end: a real crawl of the sample site writes WARC files that warcio
reads and checks; ``reparse`` and ``import`` run as real ``urdupoint-news`` processes."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from support.crawling import FAST, ROOT, crawl_command, rows
from urdupoint_news.archive.schema import open_database
from urdupoint_news.crawl.lock import RunLock
from urdupoint_news.demo import SAVED_PAGES
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.pagearchive.pages import PageReader, payload_digest
from urdupoint_news.site.urls import SITE_URL

EN = SITE_URL + "/en"
SEED = f"{EN}/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html"
NO_DATE = f"{EN}/business/traders-protest-against-new-fixed-tax-regime-2193308.html"
URDU = f"{SITE_URL}/daily/livenews/2025-09-10/news-4512345.html"
# Every article page the English crawl of the sample site fetches (its manifest, less the page
# robots.txt forbids, plus the dead link), with the status it got.
FETCHED = {
    SEED: 200,
    f"{EN}/pakistan/senate-passes-bill-to-set-up-federal-cyber-c-2193302.html": 200,
    f"{EN}/sports/babar-rizwan-return-as-pakistan-announce-od-2193303.html": 200,
    f"{EN}/world/imf-says-global-growth-to-slow-as-trade-tens-2193304.html": 200,
    f"{EN}/pakistan/bill-for-cyber-crime-authority-sails-through-2193305.html": 200,
    f"{EN}/pakistan/punjab-govt-approves-rs-25-billion-for-clea-2193306.html": 200,
    f"{EN}/technology/pakistan-launches-national-ai-skills-progra-2193307.html": 200,
    NO_DATE: 200,
    f"{EN}/pakistan/wheat-flour-price-cut-by-rs100-per-bag-in-pun-2193309.html": 200,
    f"{EN}/business/pakistan-and-japan-vow-to-expand-trade-and-inv-2193310.html": 200,
    f"{EN}/business/sbp-annual-report-2024-25-released-2193311.html": 200,
    f"{EN}/business/deleted-story-about-gold-prices-2193399.html": 404,
}


def cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "urdupoint_news.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
        check=False,
    )


def warcio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warcio.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One English crawl of the sample site, its WARC directory named by the environment."""
    root = tmp_path_factory.mktemp("archive")
    warc = root / "warc-from-env"
    with SiteMirror() as site:
        result = subprocess.run(
            crawl_command("urdupoint_en", root / "news.db", site.base_url),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "URDUPOINT_WARC_DIR": str(warc)},
            check=False,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    return {"root": root, "db": root / "news.db", "warc": warc, "files": sorted(warc.iterdir())}


def copy_of(crawled: dict, tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(crawled["root"], tmp_path / "copy")
    return tmp_path / "copy" / "news.db", tmp_path / "copy" / "warc-from-env"


def index(file: Path) -> list[dict]:
    fields = "warc-type,warc-target-uri,http:status,warc-record-id,warc-concurrent-to,offset"
    result = warcio("index", "-f", fields, str(file))
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


# --- writing ------------------------------------------------------------------------------------
def test_the_crawl_writes_its_pages_where_the_environment_says(crawled):
    assert [file.suffixes[-2:] for file in crawled["files"]] == [[".warc", ".gz"]]
    assert not (crawled["root"] / "warc").exists()  # not the default next to the database


def test_every_article_page_fetched_is_a_response_with_its_request(crawled):
    entries = index(crawled["files"][0])
    assert entries[0]["warc-type"] == "warcinfo"
    responses = {e["warc-target-uri"]: e for e in entries if e["warc-type"] == "response"}
    assert {url: int(e["http:status"]) for url, e in responses.items()} == FETCHED
    requests = [e for e in entries if e["warc-type"] == "request"]
    assert sorted(e["warc-concurrent-to"] for e in requests) == sorted(
        e["warc-record-id"] for e in responses.values()
    )
    assert len(entries) == 1 + 2 * len(FETCHED)  # listings and robots.txt are not kept


def test_warcio_check_passes_every_digest(crawled):
    result = warcio("check", "-v", str(crawled["files"][0]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("digest pass") == 1 + 2 * len(FETCHED)
    assert "fail" not in result.stdout


def test_the_table_locates_each_record_exactly(crawled):
    pages = rows(crawled["db"], "pages")
    assert {row["url"]: row["status"] for row in pages} == FETCHED
    data = crawled["files"][0].read_bytes()
    for row in pages:
        assert row["file"] == crawled["files"][0].name
        member = data[row["offset"] : row["offset"] + row["length"]]
        decompressor = zlib.decompressobj(31)
        decompressor.decompress(member)
        assert decompressor.eof and not decompressor.unused_data  # exactly one gzip member
        record = next(iter(ArchiveIterator(io.BytesIO(member))))
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Record-ID") == row["record_id"]
        assert record.rec_headers.get_header("WARC-Target-URI") == row["url"]
        body = record.content_stream().read()
        assert record.rec_headers.get_header("WARC-Payload-Digest") == row["digest"]
        assert row["digest"] == payload_digest(body)
        assert (row["edition"], row["source"]) == ("en", "urdupoint_en")
        assert datetime.fromisoformat(row["fetched_at"]).tzinfo == UTC
    [seed] = [row for row in pages if row["url"] == SEED]
    stored = PageReader(crawled["warc"]).read(seed["file"], seed["offset"], seed["length"])
    assert stored.body == (SAVED_PAGES / "en" / "seed_current.html").read_bytes()  # as served
    assert ("Content-Length", str(len(stored.body))) in stored.headers


def test_a_full_disk_stops_the_crawl_cleanly_and_keeps_the_database_consistent(tmp_path):
    """A real full disk: the WARC directory is a 12 KB tmpfs in a mount namespace of its own."""
    warc, kept, db = tmp_path / "warc", tmp_path / "kept", tmp_path / "news.db"
    warc.mkdir()
    with SiteMirror() as site:
        settings = {**FAST, "URDUPOINT_BASE_URL": site.base_url, "URDUPOINT_WARC_DIR": str(warc)}
        command = [sys.executable, "-m", "urdupoint_news.cli", "crawl", "urdupoint_en"]
        command += ["--db", str(db)]
        command += [arg for k, v in settings.items() for arg in ("-s", f"{k}={v}")]
        # Mount, crawl, and copy what the WARC directory holds out before the mount goes away.
        script = 'mount -t tmpfs -o size=12k none "$W" && "$@"; s=$?; cp -r "$W/." "$K"; exit $s'
        result = subprocess.run(
            ["unshare", "--map-root-user", "--mount", "sh", "-c", script, "sh", *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "W": str(warc), "K": str(kept)},
            check=False,
        )
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: crawl failed: urdupoint_en: could not write the page archive")
    assert last.endswith("No space left on device")
    [run] = rows(db, "crawl_runs")
    assert (run["status"], run["finish_reason"]) == ("failed", "warc_write_failed")
    database = open_database(str(db), create=False)
    assert database.execute("pragma integrity_check").fetchone()[0] == "ok"
    database.close()
    pages = rows(db, "pages")
    assert 0 < len(pages) < len(FETCHED)
    reader = PageReader(kept)
    for row in pages:  # every row points at a whole record
        assert reader.read(row["file"], row["offset"], row["length"]).status == row["status"]
    [file] = kept.iterdir()
    check = warcio("check", str(file))  # the record cut by the full disk was cut off the file
    assert check.returncode == 0, check.stdout + check.stderr


# --- reparse ------------------------------------------------------------------------------------
def test_reparse_with_a_changed_parser_updates_articles_and_keeps_their_old_versions(
    crawled, tmp_path
):
    db, warc = copy_of(crawled, tmp_path)
    [seed_before] = rows(db, "articles", url=SEED)
    [no_date_page] = rows(db, "pages", url=NO_DATE)
    database = open_database(str(db), create=False)
    lost = f"{EN}/business/page-whose-file-was-deleted-2193398.html"
    database["pages"].insert({**no_date_page, "id": None, "url": lost, "file": "gone.warc.gz"})
    database.close()
    started = datetime.now(UTC).replace(microsecond=0).isoformat()
    result = cli(
        "reparse",
        "--db",
        str(db),
        "-s",
        f"URDUPOINT_WARC_DIR={warc}",
        "-s",
        "URDUPOINT_EXTRA_LAYOUTS=support.layouts.EnCurrentNextRules",
        # Two worker processes, batches of two pages: the path a large archive takes.
        "-s",
        "URDUPOINT_REPARSE_WORKERS=2",
        "-s",
        "URDUPOINT_REPARSE_BATCH=2",
        "--log-file",
        str(tmp_path / "reparse.log"),
        PYTHONPATH=str(ROOT / "tests"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    run = rows(db, "crawl_runs")[-1]
    assert (run["spider"], run["status"], run["pages"]) == ("urdupoint_reparse", "ok", 11)
    assert (run["articles_new"], run["duplicates"]) == (1, 0)
    assert result.stdout.startswith("urdupoint_reparse: ok - 11 pages, 1 new, ")

    [seed] = rows(db, "articles", url=SEED)
    assert seed["body"].startswith("The resolve was expressed")  # the summary is not repeated
    assert seed_before["body"].startswith("Pakistan and Japan on Wednesday renewed")
    assert seed["last_seen_at"] == seed_before["last_seen_at"]  # no new sighting of the site
    assert seed["first_seen_at"] == seed_before["first_seen_at"]
    versions = rows(db, "article_versions")
    assert run["articles_updated"] == len(versions) >= 1
    [old] = [version for version in versions if version["url"] == SEED]
    assert old["body"] == seed_before["body"]
    assert old["fetched_at"] == seed_before["last_seen_at"]
    assert old["superseded_at"] >= started

    [now_dated] = rows(db, "articles", url=NO_DATE)  # a reject that now parses
    assert now_dated["published_at"] == "2025-09-10T00:00:00+05:00"
    assert now_dated["first_seen_at"] == no_date_page["fetched_at"]
    assert {row["reason"] for row in rows(db, "rejects")} == {"not_html", "http_404", "not_fetched"}

    log = (tmp_path / "reparse.log").read_text()
    assert f"WARC file {warc / 'gone.warc.gz'} is missing: its archived pages are skipped" in log
    assert "Traceback" not in log + result.stderr


def test_reparse_of_a_page_not_in_the_archive_says_so(crawled):
    missing = f"{EN}/business/never-fetched-2193000.html"
    result = cli("reparse", "--db", str(crawled["db"]), "--url", missing)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"not in the page archive: {missing}",
        "Error: no archived page matches: pages are archived by crawls run with the page archive"
        " on (docs/page-archive.md)",
    ]


@pytest.mark.parametrize("command", ["reparse", "import"])
def test_reparse_and_import_refuse_to_run_while_a_crawl_holds_the_lock(crawled, command):
    with RunLock(crawled["db"]):
        target = [str(crawled["files"][0])] if command == "import" else []
        result = cli(command, *target, "--db", str(crawled["db"]))
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(
        f"Error: a crawl is already running on {crawled['db']} (pid {os.getpid()},"
    )
    assert rows(crawled["db"], "crawl_runs")[-1]["spider"] == "urdupoint_en"  # nothing ran


# --- import -------------------------------------------------------------------------------------
def saved(name: str) -> bytes:
    return (SAVED_PAGES / name).read_bytes()


def response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    date: str,
    status: str = "200 OK",
    headers: list[tuple[str, str]] | None = None,
    kind: str = "response",
):
    http = StatusAndHeaders(
        status, headers or [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    return writer.create_warc_record(
        url,
        kind,
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )


def chunked(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data)


@pytest.fixture(scope="module")
def foreign_files(tmp_path_factory):
    """WARC files as other tools write them, built here with warcio from the saved pages."""
    root = tmp_path_factory.mktemp("foreign")
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("site.warc.gz", {"software": "Wget/1.21"}))
    # As wget keeps it: the server's gzip body, sent chunked.
    seed = chunked(gzip.compress(saved("en/seed_current.html")))
    encoded = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Encoding", "gzip"),
        ("Transfer-Encoding", "chunked"),
    ]
    writer.write_record(response(writer, SEED, seed, "2025-09-10T10:15:00Z", headers=encoded))
    writer.write_record(
        writer.create_warc_record(
            SEED,
            "request",
            http_headers=StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True),
        )
    )
    urdu = saved("ur/ur_current_2025_09_10_normal.html")
    writer.write_record(
        response(writer, URDU.replace("https", "http"), urdu, "2025-09-10T12:00:00Z")
    )
    writer.write_record(response(writer, SEED, b"", "2025-09-11T10:15:00Z", kind="revisit"))
    writer.write_record(
        response(
            writer, f"{EN}/business/gone-2193398.html", b"", "2025-09-11T10:16:00Z", "404 Not Found"
        )
    )
    writer.write_record(
        response(writer, "https://example.com/news/1.html", b"x", "2025-09-11T10:17:00Z")
    )
    writer.write_record(
        response(writer, f"{EN}/news/business.html", b"<html/>", "2025-09-11T10:18:00Z")
    )
    sports = saved("en/sports_current.html")
    writer.write_record(response(writer, FETCHED_BY_NAME["sports"], sports, "2025-09-11T06:00:00Z"))
    (root / "site.warc.gz").write_bytes(out.getvalue())

    cut = io.BytesIO()
    writer = WARCWriter(cut, gzip=True)
    for name, date in (("world", "2025-09-10T11:00:00Z"), ("org", "2025-09-10T11:05:00Z")):
        writer.write_record(
            response(writer, FETCHED_BY_NAME[name], saved(f"en/{NAMES[name]}.html"), date)
        )
    truncated_at = cut.tell()
    legacy = saved("en/legacy_app_2019.html")
    writer.write_record(
        response(writer, f"{EN}/pakistan/x-2193306.html", legacy, "2025-09-10T11:10:00Z")
    )
    (root / "cut copy.warc.gz").write_bytes(cut.getvalue()[:-400])  # a space in the name too
    (root / "page.html").write_bytes(saved("en/seed_current.html"))
    return {"root": root, "truncated_at": truncated_at}


NAMES = {"sports": "sports_current", "world": "world_crosslisted", "org": "pakistan_org_author"}
FETCHED_BY_NAME = {
    "sports": f"{EN}/sports/babar-rizwan-return-as-pakistan-announce-od-2193303.html",
    "world": f"{EN}/world/imf-says-global-growth-to-slow-as-trade-tens-2193304.html",
    "org": f"{EN}/pakistan/senate-passes-bill-to-set-up-federal-cyber-c-2193302.html",
}


def test_import_takes_the_site_s_articles_out_of_other_warcs_and_reports_bad_files(
    foreign_files, tmp_path
):
    root = foreign_files["root"]
    db, warc, log = tmp_path / "news.db", tmp_path / "warc", tmp_path / "import.log"
    files = [root / "site.warc.gz", root / "cut copy.warc.gz", root / "page.html"]
    result = cli(
        "import",
        *map(str, files),
        "--db",
        str(db),
        "--log-file",
        str(log),
        "-s",
        f"URDUPOINT_WARC_DIR={warc}",
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + log.read_text()
    bad = [
        f"{files[1]}: the file ends inside this record (truncated)"
        f" at offset {foreign_files['truncated_at']}",
        f"{files[2]}: not a WARC file (it starts with '<!DOCTYPE html>')",
    ]
    lines = result.stderr.strip().splitlines()
    # The terminal shows the run's errors as they happen, then the command's list of them.
    assert [line.partition("] ERROR: ")[2] for line in lines[:2]] == bad
    assert lines[2:] == [
        *(f"problem: urdupoint_import: {problem}" for problem in bad),
        "Error: import finished with 2 problem(s), listed above",
    ]
    assert result.stdout.startswith("urdupoint_import: failed - 5 pages, 5 new, 0 updated, ")

    articles = {row["url"]: row for row in rows(db, "articles")}
    assert set(articles) == {SEED, URDU, *FETCHED_BY_NAME.values()}
    assert (
        articles[SEED]["first_seen_at"]
        == articles[SEED]["last_seen_at"]
        == "2025-09-10T10:15:00+00:00"
    )
    assert (
        articles[SEED]["title"] == "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation"
    )
    assert articles[URDU]["edition"] == "ur"
    counts = (
        f"{files[0]}: 3 UrduPoint article pages taken, 1 UrduPoint article responses not 200, "
        "1 revisit records, 1 other UrduPoint pages, 1 other sites, 2 records of other types"
    )
    assert counts in log.read_text()

    pages = {row["url"]: row for row in rows(db, "pages")}
    assert set(pages) == set(articles)
    assert pages[SEED]["source"] == "import:site.warc.gz"
    assert pages[SEED]["fetched_at"] == "2025-09-10T10:15:00+00:00"
    reader = PageReader(warc)
    kept = reader.read(pages[SEED]["file"], pages[SEED]["offset"], pages[SEED]["length"])
    assert kept.body == saved("en/seed_current.html")  # decoded and de-chunked
    assert ("X-Crawler-Content-Encoding", "gzip") in kept.headers
    assert not any(name.lower() == "content-encoding" for name, _ in kept.headers)
