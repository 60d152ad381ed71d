"""``urdupoint-news serve``: Datasette on an archive whatever its file is called, with the
project's metadata, canned queries and the chart (Datasette's test client, no server)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from support.query_db import SEED_URL, UR_HOCKEY_URL, build_sample_archive
from urdupoint_news.browse import datasette_for


@pytest.fixture(scope="module")
def responses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    path = tmp_path_factory.mktemp("serve") / "my-archive.db"  # not urdupoint.db
    build_sample_archive(path)
    paths = {
        "metadata": "/-/metadata.json",
        "table": "/my-archive/articles",
        "columns": "/my-archive/articles.json?_extra=columns&_size=1",
        "search": "/my-archive/ranked_search.json?_shape=array&q=" + "هاكي",
        "story": "/my-archive/story.json?_shape=array&id=2193301",
        "coverage": "/my-archive/coverage_per_run.json?_shape=array",
        "per_day": "/my-archive/stories_per_day.json?_shape=array&weeks=1",
        "chart": "/-/stories-per-day?weeks=1",
        "tables": "/my-archive.json",
    }

    async def fetch() -> dict[str, tuple[int, str]]:
        datasette = datasette_for(path)
        await datasette.invoke_startup()
        got = {}
        for name, url in paths.items():
            response = await datasette.client.get(url)
            got[name] = (response.status_code, response.text)
        return got

    return asyncio.run(fetch())


def test_the_metadata_applies_to_a_file_of_any_name(responses) -> None:
    status, text = responses["metadata"]
    assert status == 200
    assert list(json.loads(text)["databases"]) == ["my-archive"]
    status, page = responses["table"]
    assert status == 200
    assert "One row per distinct story. Copies of a story are in duplicates, not here." in page
    assert "Canonical absolute URL of the article" in page  # a column description
    hidden = {t["name"] for t in json.loads(responses["tables"][1])["tables"] if t["hidden"]}
    assert {"articles_fts", "articles_fts_folding", "neardup_bands"} <= hidden


def test_the_canned_search_is_folded_and_ranked_like_the_cli(responses) -> None:
    status, text = responses["search"]
    assert status == 200, text
    (row,) = json.loads(text)
    assert row["article_id"] == 4512400
    assert row["url"] == UR_HOCKEY_URL
    assert row["snippet"] == "پاکستان [ہاکی] ٹیم نے ایشیا کپ میں جاپان کو ہرا دیا"


def test_the_story_query_gives_the_article_then_its_copies(responses) -> None:
    rows = json.loads(responses["story"][1])
    assert [(r["row"], r["article_id"]) for r in rows] == [
        ("article", 2193301),
        ("copy (near)", 2193310),
    ]
    assert rows[0]["url"] == SEED_URL


def test_coverage_and_stories_per_day(responses) -> None:
    assert responses["coverage"] == (200, "[]")  # the sample archive has no coverage rows
    rows = json.loads(responses["per_day"][1])
    assert {(r["day"], r["category"]): r["stories"] for r in rows} == {
        ("2025-09-08", "world"): 2,
        ("2025-09-09", "sports"): 2,
        ("2025-09-10", "business"): 1,
        ("2025-09-10", "pakistan"): 2,
    }
    status, page = responses["chart"]
    assert status == 200
    assert page.count("<rect") == len(rows)
    assert "<title>2025-09-10 business: 1</title>" in page


def test_serve_without_datasette_says_so_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    build_sample_archive(path)
    # Datasette made unimportable, as when the extra is not installed.
    code = (
        "import sys; sys.modules['datasette'] = None; "
        "from urdupoint_news.cli import main; sys.argv[1:] = ['serve', '--db', sys.argv[1]]; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stderr == (
        "Error: urdupoint-news serve needs Datasette: pip install -e '.[datasette]'\n"
    )
