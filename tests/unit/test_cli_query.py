"""``urdupoint-news search | latest | show | stats | export`` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from support.query_db import (
    DUPLICATE_URL,
    HOCKEY_URL,
    SAUDI_URL,
    SEED_URL,
    UN_URL,
    UR_HOCKEY_URL,
    UR_TAAWUN_URL,
    build_sample_archive,
)
from urdupoint_news.archive import query
from urdupoint_news.cli import cli
from urdupoint_news.cli.output import display_width, truncate, write_table
from urdupoint_news.cli.query import render_daily


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("archive") / "urdupoint.db"
    build_sample_archive(path)
    return str(path)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


SEED_ROW = {
    "url": SEED_URL,
    "article_id": 2193301,
    "edition": "en",
    "category": "business",
    "title": "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation",
    "author": "Muhammad Irfan",
    "published_at": "2025-09-10T15:10:00+05:00",
}
SAUDI_ROW = {
    "url": SAUDI_URL,
    "article_id": 2193266,
    "edition": "en",
    "category": "pakistan",
    "title": "Saudi Interior Ministry Showcases AI, No-Hajj-Without-Permit Campaign",
    "author": None,
    "published_at": "2025-09-10T11:45:00+05:00",
}


# --- latest ------------------------------------------------------------------------------------
def test_latest_json(archive: str) -> None:
    out = ok("latest", "--edition", "en", "--limit", "2", "--format", "json", "--db", archive)
    assert json.loads(out) == [SEED_ROW, SAUDI_ROW]


def test_latest_csv(archive: str) -> None:
    out = ok("latest", "--category", "sports", "--format", "csv", "--db", archive)
    assert out == (
        "url,article_id,edition,category,title,author,published_at\n"
        f"{UR_HOCKEY_URL},4512400,ur,sports,پاکستان ہاکی ٹیم نے ایشیا کپ میں جاپان کو ہرا دیا,,"
        "2025-09-09T21:00:00+05:00\n"
        f"{HOCKEY_URL},2193400,en,sports,Pakistan Beat Japan In Asia Cup Hockey Thriller,"
        "Sports Desk,2025-09-09T20:30:00+05:00\n"
    )


def test_latest_table(archive: str) -> None:
    out = ok("latest", "--category", "sports", "--db", archive)
    # The Urdu title is the widest: 39 letters and 10 spaces.
    assert out == (
        "id       published         category  author       title\n"
        "-------  ----------------  --------  -----------  " + "-" * 49 + "\n"
        "4512400  2025-09-09 21:00  sports                 "
        "پاکستان ہاکی ٹیم نے ایشیا کپ میں جاپان کو ہرا دیا\n"
        "2193400  2025-09-09 20:30  sports    Sports Desk  "
        "Pakistan Beat Japan In Asia Cup Hockey Thriller\n"
    )


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("json", "[]\n"),
        ("csv", "url,article_id,edition,category,title,author,published_at\n"),
        (
            "table",
            "id  published  category  author  title\n--  ---------  --------  ------  -----\n",
        ),
    ],
)
def test_latest_with_no_result_succeeds(archive: str, fmt: str, expected: str) -> None:
    no_result = ["--category", "sports", "--since", "2030-01-01"]
    assert ok("latest", *no_result, "--format", fmt, "--db", archive) == expected


# --- search ------------------------------------------------------------------------------------
def test_search_json_has_snippets_best_match_first(archive: str) -> None:
    out = ok("search", "cooperation", "--format", "json", "--db", archive)
    assert json.loads(out) == [
        {**SEED_ROW, "snippet": "Pakistan, Japan Renew Resolve To Enhance Bilateral [Cooperation]"},
        {
            **SAUDI_ROW,
            "snippet": "…Officials said [cooperation] with Pakistan on pilgrim services would "
            "continue, and that [cooperation] on data sharing…",
        },
    ]


def test_search_urdu_typed_with_arabic_letters_csv(archive: str) -> None:
    # ہاکی typed with ARABIC HEH, KAF and YEH; the output keeps Urdu as text, not \u escapes.
    out = ok("search", "هاكي", "--format", "csv", "--db", archive)
    assert out == (
        "url,article_id,edition,category,title,author,published_at,snippet\n"
        f"{UR_HOCKEY_URL},4512400,ur,sports,پاکستان ہاکی ٹیم نے ایشیا کپ میں جاپان کو ہرا دیا,,"
        "2025-09-09T21:00:00+05:00,پاکستان [ہاکی] ٹیم نے ایشیا کپ میں جاپان کو ہرا دیا\n"
    )


def test_search_urdu_json_is_readable_utf8(archive: str) -> None:
    out = ok("search", "تعاون", "--format", "json", "--db", archive)
    assert "تعاون" in out
    (row,) = json.loads(out)
    assert row["url"] == UR_TAAWUN_URL
    # The first 16 words of the body, where the word also is.
    assert row["snippet"] == (
        "پاکستان اور جاپان نے تجارت اور سرمایہ کاری میں دوطرفہ [تعاون] مزید بڑھانے پر اتفاق کیا…"
    )


def test_search_table(archive: str) -> None:
    out = ok("search", "restraint", "--db", archive)
    title = "UN Chief Urges Restraint As U.S. Envoy Arrives"  # 46 cells
    snippet = (
        "The UN Secretary-General urged all parties to show [restraint] as the U.S. envoy "
        "arrived…"
    )  # 89 cells
    assert out == (
        f"id       published         category  {'title':<46}  snippet\n"
        f"-------  ----------------  --------  {'-' * 46}  {'-' * 89}\n"
        f"2192950  2025-09-08 09:05  world     {title}  {snippet}\n"
    )


def test_search_with_filters(archive: str) -> None:
    out = ok(
        "search", "japan OR جاپان", "--edition", "ur", "--since", "2025-09-10",
        "--format", "json", "--db", archive,
    )  # fmt: skip
    assert [row["url"] for row in json.loads(out)] == [UR_TAAWUN_URL]


def test_search_without_matches_succeeds(archive: str) -> None:
    assert ok("search", "zebra", "--format", "json", "--db", archive) == "[]\n"


# --- show --------------------------------------------------------------------------------------
def test_show_by_id_is_wrapped_with_a_metadata_header(archive: str) -> None:
    out = ok("show", "2193301", "--width", "70", "--db", archive)
    assert out == (
        "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation\n"
        "==============================================================\n"
        "\n"
        "Published: 2025-09-10 15:10 +05:00\n"
        "Author:    Muhammad Irfan\n"
        "Category:  business (en edition)\n"
        "Dateline:  ISLAMABAD\n"
        "Source:    UrduPoint / Pakistan Point News\n"
        "Words:     59\n"
        f"URL:       {SEED_URL}\n"
        "Copies:    2193310 (near copy, similarity 0.78)\n"
        "\n"
        "Pakistan and Japan on Wednesday renewed their resolve to further\n"
        "enhance bilateral ties in trade, investment and human resource\n"
        "development.\n"
        "\n"
        "This was discussed in a meeting between the Federal Minister for\n"
        "Economic Affairs and the Ambassador of Japan, who called on him in\n"
        "Islamabad.\n"
        "\n"
        "Both sides agreed to hold the next round of talks in Tokyo later this\n"
        "year.\n"
    )


def test_show_by_url_has_update_time_and_summary(archive: str) -> None:
    out = ok("show", SAUDI_URL, "--width", "80", "--db", archive)
    lines = out.splitlines()
    assert lines[3] == "Published: 2025-09-10 11:45 +05:00 (updated 2025-09-10 12:30)"
    assert "Author:" not in out  # the page names no author
    assert lines[10:13] == [
        "Pilgrims from Pakistan briefed on new digital services",
        "",
        "The Saudi Ministry of Interior showcased artificial intelligence tools and its",
    ]


def test_show_of_a_copy_gives_its_own_text_and_names_its_original(archive: str) -> None:
    for ref in (DUPLICATE_URL, "2193310"):
        out = ok("show", ref, "--width", "70", "--db", archive)
        assert out == (
            "(A near copy, similarity 0.78, of article 2193301 'Pakistan, Japan\n"
            "Renew Resolve To Enhance Bilateral Cooperation'. Its own text follows;\n"
            "`urdupoint-news show 2193301` shows the original.)\n"
            "\n"
            "Pak, Japan Resolve To Boost Cooperation\n"
            "=======================================\n"
            "\n"
            "Published: 2025-09-10 17:40 +05:00\n"
            "Author:    APP\n"
            "Category:  business (en edition)\n"
            "Dateline:  ISLAMABAD\n"
            "Source:    UrduPoint / Pakistan Point News / APP\n"
            "Words:     57\n"
            f"URL:       {DUPLICATE_URL}\n"
            f"Copy of:   {SEED_URL}\n"
            "\n"
            "Pakistan and Japan on Wednesday renewed their resolve to further\n"
            "enhance bilateral ties in trade, investment and human resource\n"
            "development.\n"
            "\n"
            "This was discussed in a meeting between the Federal Minister for\n"
            "Economic Affairs and the Ambassador of Japan, who called on him in\n"
            "Islamabad.\n"
            "\n"
            "The ambassador said Japanese companies were keen to invest in special\n"
            "economic zones.\n"
        )


def test_show_json_of_a_copy_links_its_original(archive: str) -> None:
    copy = json.loads(ok("show", DUPLICATE_URL, "--format", "json", "--db", archive))
    assert copy["url"] == DUPLICATE_URL
    assert copy["body"].endswith("keen to invest in special economic zones.")
    assert copy["duplicate_of"] == {
        "url": SEED_URL,
        "article_id": 2193301,
        "title": "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation",
        "kind": "near",
        "similarity": 0.78,
    }
    original = json.loads(ok("show", "2193301", "--format", "json", "--db", archive))
    assert original["copies"] == [
        {
            "url": DUPLICATE_URL,
            "article_id": 2193310,
            "title": "Pak, Japan Resolve To Boost Cooperation",
            "kind": "near",
            "similarity": 0.78,
        }
    ]


def test_show_of_a_copy_recorded_without_its_text_gives_the_original(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    build_sample_archive(path)
    old = f"{SEED_URL.rsplit('-', 1)[0]}-2193311.html"
    db = sqlite3.connect(path)
    db.execute(
        "insert into duplicates (url, duplicate_of, kind, similarity, article_id, title,"
        " published_at) values (?, ?, 'exact', 1.0, 2193311, 'Old copy', ?)",
        [old, SEED_URL, "2025-09-10T18:00:00+05:00"],
    )
    db.commit()
    db.close()
    for ref in (old, "2193311"):
        out = ok("show", ref, "--width", "200", "--db", str(path))
        assert out.splitlines()[:3] == [
            f"({old} is a exact duplicate of this article; its text was not kept.)",
            "",
            "Pakistan, Japan Renew Resolve To Enhance Bilateral Cooperation",
        ]


def test_show_json_is_the_whole_article(archive: str) -> None:
    article = json.loads(ok("show", UN_URL, "--format", "json", "--db", archive))
    assert article["body"] == (
        "The UN Secretary-General urged all parties to show restraint as the U.S. envoy "
        "arrived for talks.\n\nHe said dialogue was the only way forward."
    )
    assert article["dateline"] == "NEW YORK"
    assert article["source"] == "UrduPoint / Pakistan Point News / Online"
    assert article["extractor"] == "fallback.jsonld"


# --- stats -------------------------------------------------------------------------------------
def test_stats_table(archive: str) -> None:
    out = ok("stats", "--db", archive)
    assert out == (
        "Articles:   7 (en 4, ur 3), published 2025-09-08 09:05 to 2025-09-10 16:20\n"
        "Duplicates: 1 (near 1)\n"
        "Rejects:    1 (empty_body 1)\n"
        "\n"
        "Per category\n"
        "category  articles  last published\n"
        "--------  --------  ----------------\n"
        "pakistan  2         2025-09-10 16:20\n"
        "sports    2         2025-09-09 21:00\n"
        "world     2         2025-09-08 10:00\n"
        "business  1         2025-09-10 15:10\n"
        "\n"
        "Per day (latest days with articles)\n"
        "day         articles\n"
        "----------  --------\n"
        "2025-09-10  3\n"
        "2025-09-09  2\n"
        "2025-09-08  2\n"
        "\n"
        "Last runs\n"
        "run  spider        started (UTC)     took   status    finish    pages  new  updated  "
        "unchanged  dups  rejects  errors\n"
        "---  ------------  ----------------  -----  --------  --------  -----  ---  -------  "
        "---------  ----  -------  ------\n"
        "2    urdupoint_en  2025-09-10 13:00  6m30s  degraded  finished  38     1    1        "
        "2          1     1        2\n"
        "1    urdupoint_en  2025-09-09 18:00  4m12s  ok        finished  41     3    0        "
        "0          0     0        0\n"
        "\n"
        # Not a terminal: the chart of stories per day is told, and its counts are a table.
        "Stories per day, last 14 days (drawn as bars on a terminal; the counts here)\n"
        "day         en  ur\n"
        "----------  --  --\n"
        + "".join(f"2025-{day}  0   0\n" for day in DAYS_WITHOUT_STORIES)
        + "2025-09-08  1   1\n"
        "2025-09-09  1   1\n"
        "2025-09-10  2   1\n"
    )


# The two weeks that end with the newest story, 2025-09-10, before its first story.
DAYS_WITHOUT_STORIES = [f"08-{d}" for d in range(28, 32)] + [f"09-0{d}" for d in range(1, 8)]


def test_stats_on_a_terminal_draws_stories_per_day_as_bars() -> None:
    daily = {
        "en": [("2025-09-08", 4), ("2025-09-09", 0), ("2025-09-10", 1)],
        "ur": [("2025-09-08", 2), ("2025-09-09", 3), ("2025-09-10", 0)],
    }
    text = render_daily(daily, tty=True, width=None)
    lines = text.splitlines()
    assert lines[1] == "Stories per day, last 3 days (█ = 0.133 stories)"
    # The busiest day fills the bar's 30 cells; the others in proportion, to an eighth.
    assert lines[2] == "2025-09-08 Mon  en 4 " + "█" * 30 + "  ur 2 " + "█" * 15
    assert lines[3] == "2025-09-09 Tue  en 0 " + " " * 30 + "  ur 3 " + "█" * 22 + "▌"
    assert lines[4] == "2025-09-10 Wed  en 1 " + "█" * 7 + "▌" + " " * 22 + "  ur 0"


def test_stats_json(archive: str) -> None:
    result = json.loads(ok("stats", "--days", "1", "--runs", "1", "--format", "json", "--db",
                           archive))  # fmt: skip
    assert result["articles"] == 7
    assert result["days"] == [{"day": "2025-09-10", "articles": 3}]
    assert [run["id"] for run in result["runs"]] == [2]
    assert result["duplicates"] == {"near": 1}
    assert result["rejects"] == {"empty_body": 1}


# --- export ------------------------------------------------------------------------------------
def test_export_jsonl_to_stdout_has_every_column_oldest_first(archive: str) -> None:
    lines = ok("export", "--db", archive).splitlines()
    rows = [json.loads(line) for line in lines]
    assert [row["article_id"] for row in rows] == [
        2192950, 4512500, 2193400, 4512400, 2193266, 2193301, 4512345,
    ]  # fmt: skip
    assert rows[0] == {
        "url": UN_URL,
        "article_id": 2192950,
        "edition": "en",
        "category": "world",
        "title": "UN Chief Urges Restraint As U.S. Envoy Arrives",
        "summary": None,
        "author": "Ali Raza",
        "published_at": "2025-09-08T09:05:00+05:00",
        "modified_at": None,
        "dateline": "NEW YORK",
        "source": "UrduPoint / Pakistan Point News / Online",
        "body": "The UN Secretary-General urged all parties to show restraint as the U.S. "
        "envoy arrived for talks.\n\nHe said dialogue was the only way forward.",
        "word_count": 24,
        "image_url": None,
        "content_hash": rows[0]["content_hash"],
        "extractor": "fallback.jsonld",
        "first_seen_at": "2025-09-10T13:05:00+00:00",
        "last_seen_at": "2025-09-10T13:05:00+00:00",
    }
    assert len(rows[0]["content_hash"]) == 64


def test_export_csv_to_a_file_round_trips_multiline_bodies(archive: str, tmp_path: Path) -> None:
    target = tmp_path / "business.csv"
    assert ok("export", "--format", "csv", "--category", "business", "-o", str(target),
              "--db", archive) == ""  # fmt: skip
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "url,article_id,edition,category,title,summary,author,published_at,modified_at,dateline,"
        "source,body,word_count,image_url,content_hash,extractor,first_seen_at,last_seen_at"
    )
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["url"] == SEED_URL
    assert row["summary"] == ""
    assert row["body"].split("\n\n")[2] == (
        "Both sides agreed to hold the next round of talks in Tokyo later this year."
    )


def test_export_with_filters_and_limit(archive: str) -> None:
    out = ok("export", "--edition", "ur", "--limit", "1", "--db", archive)
    assert [json.loads(line)["article_id"] for line in out.splitlines()] == [4512500]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("jsonl", ""),
        (
            "csv",
            "url,article_id,edition,category,title,summary,author,published_at,modified_at,"
            "dateline,source,body,word_count,image_url,content_hash,extractor,first_seen_at,"
            "last_seen_at\n",
        ),
    ],
)
def test_export_with_no_result_succeeds(archive: str, fmt: str, expected: str) -> None:
    assert ok("export", "--since", "2030-01-01", "--format", fmt, "--db", archive) == expected


# --- errors ------------------------------------------------------------------------------------
def assert_fails_with(result: Result, message: str, status: int = 1) -> None:
    assert result.exit_code == status
    assert result.stderr == f"Error: {message}\n"
    assert result.stdout == ""
    assert "Traceback" not in result.output


COMMANDS = [["search", "japan"], ["latest"], ["show", "2193301"], ["stats"], ["export"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_missing_database_is_an_error_and_is_not_created(
    command: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "missing.db"
    assert_fails_with(
        run(*command, "--db", str(path)),
        f"database not found: {path} (run `urdupoint-news crawl` first, or pass --db PATH)",
    )
    assert list(tmp_path.iterdir()) == []


def test_default_database_is_not_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert_fails_with(
        run("latest"),
        "database not found: data/urdupoint.db (run `urdupoint-news crawl` first, or pass --db "
        "PATH)",
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_text_file_is_not_a_database(command: list[str], tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n" * 100)
    assert_fails_with(
        run(*command, "--db", str(path)),
        f"{path} is not a SQLite database (or is damaged from its first page)",
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_another_sqlite_database_is_not_an_archive(command: list[str], tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE notes (x)").connection.close()
    assert_fails_with(
        run(*command, "--db", str(path)),
        f"{path} is not an urdupoint-news archive (it has no articles table)",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", '"foo'], "invalid search query '\"foo': a double quote is not closed"),
        (["search", "AND"], "invalid search query 'AND': unexpected \"AND\""),
        (
            ["search", "japan OR"],
            "invalid search query 'japan OR': it ends too early (a dangling AND/OR/NOT or an "
            "unclosed parenthesis?)",
        ),
        (
            ["search", "writer:irfan"],
            "invalid search query 'writer:irfan': unknown column 'writer' (use title, summary "
            "or body)",
        ),
        (["search", ""], "empty search query"),
        (["show", "999"], "no article with id 999"),
        (
            ["show", "https://www.urdupoint.com/en/world/nothing-here-1234.html"],
            "no article with URL https://www.urdupoint.com/en/world/nothing-here-1234.html",
        ),
        (
            ["latest", "--since", "yesterday"],
            "invalid --since date 'yesterday': expected YYYY-MM-DD",
        ),
        (
            ["export", "--until", "2025-02-30"],
            "invalid --until date '2025-02-30': expected YYYY-MM-DD",
        ),
        (
            ["search", "japan", "--since", "2025-09-10", "--until", "2025-09-01"],
            "--since 2025-09-10 is after --until 2025-09-01",
        ),
        (["latest", "--edition", "fr"], "unknown edition 'fr': use one of en, ur"),
        (["latest", "--limit", "0"], "--limit must be at least 1, not 0"),
        (["stats", "--runs", "0"], "--days and --runs must be at least 1"),
    ],
)
def test_bad_input_is_one_line_on_stderr(archive: str, args: list[str], message: str) -> None:
    # Exit 2 for what was typed wrong; 1 for a valid question the archive cannot answer.
    status = 1 if message.startswith(("no article", "id ")) else 2
    assert_fails_with(run(*args, "--db", archive), message, status)


def test_export_to_an_unwritable_path(archive: str, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir.csv"
    assert_fails_with(
        run("export", "-o", str(target), "--db", archive),
        f"cannot write {target}: No such file or directory",
    )


def test_export_with_bad_filters_creates_no_file(archive: str, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    result = run("export", "--since", "nope", "-o", str(target), "--db", archive)
    assert result.exit_code == 2  # bad input
    assert not target.exists()


# --- rendering ---------------------------------------------------------------------------------
def test_table_fits_a_width_by_shortening_the_widest_column() -> None:
    out = io.StringIO()
    rows = [{"id": 1, "title": "Pakistan Beat Japan In Asia Cup Hockey Thriller"}]
    write_table(rows, [("id", "id"), ("title", "title")], out, width=24)
    assert out.getvalue() == ("id  title\n--  --------------------\n1   Pakistan Beat Japan…\n")


@pytest.mark.parametrize(
    ("text", "width"),
    [("japan", 5), ("پاکستان", 7), ("پاکِستان", 7), ("日本", 4), ("a\u200cb", 2)],
)
def test_display_width_counts_terminal_cells(text: str, width: int) -> None:
    assert display_width(text) == width


def test_truncate_counts_wide_characters() -> None:
    assert truncate("日本語テキスト", 7) == "日本語…"
    assert truncate("short", 7) == "short"


def test_search_help_says_how_many_matches_are_ranked() -> None:
    text = " ".join(CliRunner().invoke(cli, ["search", "--help"]).stdout.split())
    assert f"When more than {query.RANKED_MATCHES:,} articles match" in text
