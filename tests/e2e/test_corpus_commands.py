"""End to end on a crawl of the sample site (both editions): every spelling of the variants the
sample pages carry finds its story, and the corpus commands (export --format parquet, rejects,
stats, show, serve) run as real ``urdupoint-news`` processes.

The Urdu stories 4521003, 4521004 and 4521006 carry a sentence each with spelling variants (a
name with harakat, Urdu digits, اللّٰہ with shadda and superscript alef, Urdu kaf with an Arabic
yeh in one word, ASCII digits, the izafat zer, a trailing superscript alef); the English story
2193307 has an accent, curly quotes and "U.S." (urdupoint_news/demo/site_ur/README.md).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from support.crawling import FAST, ROOT, cli, rows
from support.scrapyd import free_port
from urdupoint_news.archive.corpus import DUPLICATE_COLUMNS
from urdupoint_news.archive.query import EXPORT_COLUMNS
from urdupoint_news.demo.mirror import SiteMirror


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    # A file not named urdupoint.db: serve must apply the metadata all the same.
    db = tmp_path_factory.mktemp("corpus") / "sample-news.db"
    with SiteMirror() as site:
        command = [sys.executable, "-m", "urdupoint_news.cli", "crawl", "--db", str(db)]
        for name, value in {**FAST, "URDUPOINT_BASE_URL": site.base_url}.items():
            command += ["-s", f"{name}={value}"]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr[-3000:]
    return db


def ok(*args: str) -> str:
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


SPELLINGS = [
    # (story, what is typed): each is another spelling than the one published.
    (4521003, "سلیم اختر"),  # published with harakat: سَلِیم اَخْتَر
    (4521003, "1947"),  # published in Urdu digits: ۱۹۴۷
    (4521003, "١٩٤٧"),  # Arabic-Indic digits
    (4521003, "اللہ"),  # published اللّٰہ
    (4521003, "الله"),  # Arabic heh
    (4521004, "۱۹۶۵"),  # published in ASCII digits
    (4521004, "کریم آباد"),  # published کريم (Urdu kaf, Arabic yeh)
    (4521004, "كريم آباد"),  # all-Arabic letters
    (4521006, "وزیر خارجہ"),  # published with the izafat zer: وزیرِ خارجہ
    (4521006, "وزیراعلی"),  # published with a trailing superscript alef: وزیراعلیٰ
    (2193307, "cafe"),  # published café
    (2193307, '"tech connect"'),  # published in curly quotes
    (2193307, "US embassy"),  # published U.S.
]


@pytest.mark.parametrize(("story", "typed"), SPELLINGS)
def test_every_spelling_finds_its_story(archive: Path, story: int, typed: str) -> None:
    hits = json.loads(ok("search", typed, "--format", "json", "--db", str(archive)))
    assert [hit["article_id"] for hit in hits] == [story]
    assert "[" in hits[0]["snippet"]


def test_the_snippet_is_the_text_as_published(archive: Path) -> None:
    (hit,) = json.loads(ok("search", "سلیم اختر", "--format", "json", "--db", str(archive)))
    assert "کوچ [سَلِیم] [اَخْتَر] نے" in hit["snippet"]
    assert "[۱۹۴۷]" not in hit["snippet"]
    (hit,) = json.loads(ok("search", "1947", "--format", "json", "--db", str(archive)))
    assert "[۱۹۴۷]" in hit["snippet"]


def test_export_parquet_is_the_archive_row_by_row(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    result = cli(
        "export", "--format", "parquet", "--output", str(out), "--duplicates", "--versions",
        "--db", str(archive),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # Every column the export has (export's columns: docs/querying.md), row by row.
    articles = [{c: row[c] for c in EXPORT_COLUMNS} for row in rows(archive, "articles")]
    table = pq.read_table(out / "articles.parquet").to_pylist()
    assert sorted(table, key=lambda r: r["url"]) == sorted(articles, key=lambda r: r["url"])
    copies = pq.read_table(out / "duplicates.parquet").to_pylist()
    stored = {
        row["url"]: {c: row[c] for c in DUPLICATE_COLUMNS} for row in rows(archive, "duplicates")
    }
    assert copies and {row["url"]: row for row in copies} == stored
    card = (out / "README.md").read_text(encoding="utf-8")
    en = sum(1 for a in articles if a["edition"] == "en" and a["published_at"][:4] == "2025")
    ur = sum(1 for a in articles if a["edition"] == "ur")
    assert f"| en | 2025 | {en} |" in card and f"| ur | 2025 | {ur} |" in card
    assert f"| `articles.parquet` | {len(articles)} |" in card


def test_rejects_lists_the_crawls_rejects(archive: Path) -> None:
    stored = rows(archive, "rejects")
    listed = json.loads(ok("rejects", "--format", "json", "--db", str(archive)))
    assert sorted(r["url"] for r in listed) == sorted(r["url"] for r in stored)
    not_html = json.loads(
        ok("rejects", "--reason", "not_html", "--format", "json", "--db", str(archive))
    )
    assert [r["reason"] for r in not_html] == ["not_html"]
    table = list(
        csv.DictReader(io.StringIO(ok("rejects", "--format", "csv", "--db", str(archive))))
    )
    assert len(table) == len(stored) and set(table[0]) == {
        "url", "reason", "attempts", "seen_at", "detail",
    }  # fmt: skip
    assert ok("rejects", "--since", "2000-01-01", "--until", "2000-01-02", "--db", str(archive))
    result = cli("rejects", "--since", "soon", "--db", str(archive))
    assert result.returncode == 2  # bad input (docs/troubleshooting.md, exit status)
    assert result.stderr == "Error: invalid --since date 'soon': expected YYYY-MM-DD\n"


def test_stats_piped_tells_the_chart_in_text(archive: Path) -> None:
    out = ok("stats", "--weeks", "1", "--db", str(archive))
    chart = out.split(
        "Stories per day, last 7 days (drawn as bars on a terminal; the counts here)\n"
    )[1]
    lines = chart.splitlines()
    assert lines[0].split() == ["day", "en", "ur"]
    assert lines[2].startswith("2025-09-08") and lines[-1].startswith("2025-09-14")


def test_show_gives_copies_and_versions(archive: Path) -> None:
    article = json.loads(ok("show", "4512345", "--format", "json", "--db", str(archive)))
    assert [copy["article_id"] for copy in article["copies"]] == [4514155]
    assert article["versions"] == []


def test_serve_starts_datasette_with_the_metadata(archive: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "urdupoint_news.cli", "serve", "--port", str(port),
         "--db", str(archive)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )  # fmt: skip
    try:
        metadata = _get_json(f"http://127.0.0.1:{port}/-/metadata.json", server)
        assert list(metadata["databases"]) == ["sample-news"]
        tables = metadata["databases"]["sample-news"]["tables"]
        assert tables["articles"]["description"].startswith("One row per distinct story")
        hits = _get_json(
            f"http://127.0.0.1:{port}/sample-news/ranked_search.json?_shape=array&q="
            + urllib.request.quote("كريم آباد"),
            server,
        )
        assert [hit["article_id"] for hit in hits] == [4521004]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/stories-per-day") as page:
            assert "<svg" in page.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get_json(url: str, server: subprocess.Popen) -> dict | list:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return json.loads(response.read())
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not answer: {server.communicate()[1]}") from None
            time.sleep(0.2)


def test_the_python_example_of_the_docs_runs_as_written(archive: Path, tmp_path: Path) -> None:
    docs = (ROOT / "docs" / "querying.md").read_text(encoding="utf-8")
    example = docs.split("```python\n", 1)[1].split("```", 1)[0]
    assert 'api.open_archive("data/urdupoint.db")' in example
    example = example.replace("data/urdupoint.db", str(archive))
    result = subprocess.run(
        [sys.executable, "-c", example], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("4521004 ") and "[کريم] [آباد]" in lines[0]
    assert "https://www.urdupoint.com/daily/livenews/2025-09-12/news-4514155.html" in lines[1]
    assert (tmp_path / "corpus" / "articles.parquet").exists()
    assert (tmp_path / "corpus" / "duplicates.parquet").exists()
