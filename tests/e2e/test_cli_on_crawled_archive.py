"""The query commands on an archive built by a real crawl (real extraction and pipelines) of the
sample site, through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from support.crawling import FAST, ROOT
from urdupoint_news.cli import cli
from urdupoint_news.demo.mirror import SiteMirror


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    db = tmp_path_factory.mktemp("crawled") / "urdupoint.db"
    with SiteMirror() as site:
        settings = {**FAST, "URDUPOINT_BASE_URL": site.base_url}
        command = [sys.executable, "-m", "urdupoint_news.cli", "crawl", "--db", str(db)]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr[-3000:]
        yield {"db": str(db), "base": site.base_url}


def query(archive, *args):
    result = CliRunner().invoke(cli, [*args, "--db", archive["db"]])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_search_ranks_the_seed_story_first(archive):
    hits = json.loads(query(archive, "search", "bilateral cooperation", "--format", "json"))
    assert hits[0]["article_id"] == 2193301
    assert hits[0]["author"] == "Muhammad Irfan"
    assert "[" in hits[0]["snippet"]
    # the near copy of the seed is in duplicates, not in the results
    assert [hit["article_id"] for hit in hits].count(2193310) == 0


def test_urdu_search_finds_urdu_stories_whichever_letters_are_typed(archive):
    urdu = json.loads(query(archive, "search", "اسکول", "--format", "json"))
    arabic = json.loads(query(archive, "search", "اسكول", "--format", "json"))  # Arabic kaf
    assert [hit["article_id"] for hit in urdu] == [4512345]
    assert arabic == urdu


def test_latest_filters_by_edition_and_category(archive):
    rows = json.loads(
        query(archive, "latest", "--edition", "en", "--category", "pakistan", "--format", "json")
    )
    assert [row["article_id"] for row in rows] == [2193302, 2193309, 2193306]


def test_show_prints_the_clean_article(archive):
    text = query(archive, "show", "2193301")
    assert "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation" in text
    assert "Muhammad Irfan" in text
    assert "Recent Stories" not in text


def test_stats_count_the_crawl(archive):
    stats = json.loads(query(archive, "stats", "--format", "json"))
    flat = json.dumps(stats)
    assert '"business"' in flat and '"urdupoint_en"' in flat and '"urdupoint_ur"' in flat


def test_export_streams_every_stored_article(archive):
    rows = list(csv.DictReader(io.StringIO(query(archive, "export", "--format", "csv"))))
    assert len(rows) == 19  # 7 English + 12 Urdu
    lines = query(archive, "export", "--edition", "ur").splitlines()
    assert {json.loads(line)["edition"] for line in lines} == {"ur"}
    assert len(lines) == 12


def test_show_prints_a_summary_that_repeats_the_first_paragraph_once(archive):
    text = query(archive, "show", "2193301")
    assert text.count("Pakistan and Japan on Wednesday renewed their resolve") == 1
