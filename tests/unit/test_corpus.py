"""``export --format parquet``: the Parquet files hold what the database holds, the dataset card
counts what they hold, and pyarrow, pandas and the datasets Parquet loader read them as they are."""

from __future__ import annotations

import re
from pathlib import Path

import pandas
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from support.query_db import SEED_URL, build_sample_archive
from urdupoint_news import api
from urdupoint_news.archive.corpus import DUPLICATE_COLUMNS
from urdupoint_news.archive.query import EXPORT_COLUMNS, VERSION_COLUMNS
from urdupoint_news.archive.schema import open_database
from urdupoint_news.cli import cli


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "news.db"
    build_sample_archive(path)
    db = open_database(str(path))
    db["article_versions"].insert(
        {
            "url": SEED_URL,
            "title": "An earlier headline",
            "body": "An earlier text.",
            "published_at": "2025-09-10T15:10:00+05:00",
            "fetched_at": "2025-09-10T12:00:00+00:00",
            "superseded_at": "2025-09-10T13:05:00+00:00",
        }
    )
    db.close()
    return path


@pytest.fixture(scope="module")
def corpus(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "corpus"
    result = CliRunner().invoke(
        cli,
        ["export", "--format", "parquet", "--output", str(out), "--duplicates", "--versions",
         "--db", str(archive)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Wrote articles.parquet (7 rows), duplicates.parquet (1 rows), versions.parquet (1 rows)"
        f" and README.md to {out}\n"
    )
    return out


def _db_rows(archive: Path, sql: str) -> list[dict]:
    db = open_database(str(archive), create=False)
    try:
        return list(db.query(sql))
    finally:
        db.close()


def test_articles_parquet_is_the_articles_table_row_by_row(archive: Path, corpus: Path) -> None:
    table = pq.read_table(corpus / "articles.parquet")
    assert table.column_names == list(EXPORT_COLUMNS)
    assert str(table.schema.field("article_id").type) == "int64"
    expected = _db_rows(
        archive, f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles ORDER BY published_at"
    )
    assert table.to_pylist() == expected


def test_duplicates_and_versions_parquet_are_their_tables(archive: Path, corpus: Path) -> None:
    copies = pq.read_table(corpus / "duplicates.parquet")
    assert copies.column_names == list(DUPLICATE_COLUMNS)
    assert copies.to_pylist() == _db_rows(
        archive, f"SELECT {', '.join(DUPLICATE_COLUMNS)} FROM duplicates"
    )
    versions = pq.read_table(corpus / "versions.parquet")
    assert versions.to_pylist() == _db_rows(
        archive, f"SELECT url, {', '.join(VERSION_COLUMNS)} FROM article_versions"
    )


def test_the_dataset_card_counts_what_the_files_hold(corpus: Path) -> None:
    card = (corpus / "README.md").read_text(encoding="utf-8")
    articles = pandas.read_parquet(corpus / "articles.parquet")
    per_year = articles.groupby([articles.edition, articles.published_at.str[:4]]).size()
    for (edition, year), count in per_year.items():
        assert f"| {edition} | {year} | {count} |" in card
    assert "| en | 2025 | 4 |" in card and "| ur | 2025 | 3 |" in card
    assert "| `articles.parquet` | 7 |" in card
    assert "| `duplicates.parquet` | 1 |" in card
    assert "| `versions.parquet` | 1 |" in card
    assert f"published from {articles.published_at.min()} to {articles.published_at.max()}" in card
    assert "The texts are UrduPoint's" in card
    assert "2 crawl runs" in card
    # Every field of every file is described in the card.
    described = set(re.findall(r"^\| `(\w+)` \| (?:string|int64|float64) \|", card, re.M))
    assert described >= set(DUPLICATE_COLUMNS) | set(VERSION_COLUMNS)


def test_the_datasets_parquet_loader_reads_it_without_code(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    import datasets

    cache = str(tmp_path / "cache")
    loaded = datasets.load_dataset(
        "parquet", data_files=str(corpus / "articles.parquet"), split="train", cache_dir=cache
    )
    assert loaded.num_rows == 7 and loaded.column_names == list(EXPORT_COLUMNS)
    # The card's header names the files as configurations.
    copies = datasets.load_dataset(str(corpus), "duplicates", split="train", cache_dir=cache)
    assert copies.num_rows == 1


def test_filters_and_the_api(archive: Path, tmp_path: Path) -> None:
    with api.open_archive(archive) as a:
        written = a.export_parquet(tmp_path / "ur", edition="ur")
    assert written.files == {"articles.parquet": 3}
    assert set(pq.read_table(tmp_path / "ur" / "articles.parquet")["edition"].to_pylist()) == {"ur"}
    assert "limited to edition ur" in (tmp_path / "ur" / "README.md").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "parquet"],
            "--format parquet writes files: give the directory with --output",
        ),
        (["--duplicates"], "--duplicates and --versions go with --format parquet"),
        (["--format", "parquet", "--output", "{file}"], "is a file: --output names a directory"),
        (["--format", "parquet", "--output", "{dir}", "--since", "x"], "invalid --since date"),
    ],
)
def test_bad_input_is_one_line(archive: Path, tmp_path: Path, args: list, message: str) -> None:
    (tmp_path / "file").write_text("")
    args = [a.format(file=tmp_path / "file", dir=tmp_path / "out") for a in args]
    result = CliRunner().invoke(cli, ["export", *args, "--db", str(archive)])
    assert result.exit_code != 0
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: ") and message in line
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # nothing written for a bad filter
