"""Docs that cannot drift: every command block of README.md and docs/*.md runs against the
sample site, and what a block shows of its output must be what the command prints
(tests/support/docs.py says how blocks are found, run and compared).

One sample archive is crawled once; each block runs in a copy of it.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import docs
from support.crawling import ROOT
from urdupoint_news.demo.mirror import SiteMirror

BLOCKS = docs.all_blocks()
# The blocks that cannot run here, each marked in its doc with the reason. Few, and for reasons
# outside the project: a running Scrapyd, systemd, the internet, the test suite itself.
MAX_SKIPPED = 13


@pytest.fixture(scope="module")
def site():
    with SiteMirror() as mirror:
        yield mirror


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory, site) -> Path:
    """A project as ``make`` leaves it, whose data/urdupoint.db is a crawl of the sample site
    by both editions' spiders."""
    root = docs.make_sandbox(tmp_path_factory.mktemp("docs") / "project")
    result = docs.run(".venv/bin/urdupoint-news crawl -q", root, site.base_url)
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def test_the_docs_have_blocks_to_run_and_few_skipped():
    assert len(BLOCKS) > 30
    skipped = [block for block in BLOCKS if block.skip]
    assert len(skipped) <= MAX_SKIPPED, [block.name for block in skipped]
    for block in skipped:
        assert len(block.skip or "") > 10, f"{block.name}: say why it cannot run here"


@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_a_documented_block_runs_as_shown(block, sandbox, site, tmp_path):
    if block.skip:
        return  # marked in its doc, with the reason; counted above
    project = docs.copy_sandbox(sandbox, tmp_path / "project")
    if block.transcript:
        for command, shown in block.transcript:
            result = docs.run(command, project, site.base_url)
            output = result.stdout + result.stderr
            assert "Traceback" not in output, f"{block.name}: $ {command}\n{output[-3000:]}"
            missing = docs.missing_lines(shown, output)
            assert not missing, (
                f"{block.name}: $ {command}\nshown in the doc but not printed: {missing}\n"
                f"printed:\n{output[-3000:]}"
            )
        return
    result = docs.run(block.text, project, site.base_url)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, f"{block.name}:\n{output[-3000:]}"
    assert result.returncode == block.exit_status, (
        f"{block.name} exited {result.returncode}, the doc says {block.exit_status}:\n"
        f"{block.text}\n{output[-3000:]}"
    )


# --- what the docs rely on ----------------------------------------------------------------------

MACHINE_PATH = re.compile(r"(?<![\w.])(/home/\w+|/work/\w+|/Users/\w+)")


@pytest.mark.parametrize("path", docs.DOC_FILES, ids=[p.name for p in docs.DOC_FILES])
def test_a_doc_points_at_nothing_outside_the_repository(path):
    text = path.read_text(encoding="utf-8")
    assert "SITE_EVIDENCE" not in text  # not in the repository: the docs carry the facts
    assert "../shared" not in text
    assert not MACHINE_PATH.search(text), MACHINE_PATH.search(text)
    # Every relative link names a file of the repository.
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (path.parent / target).exists(), f"{path.name} links to missing {target}"
    assert text.count("```") % 2 == 0, f"{path.name} has an unclosed code block"


def test_the_readme_lists_every_doc():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{path.name})" in readme, f"README.md does not list docs/{path.name}"


def test_serve_sample_serves_the_site_until_stopped():
    process = subprocess.Popen(
        [sys.executable, "-m", "urdupoint_news.cli", "serve-sample", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline() if process.stdout else ""
        url = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert url, first
        from urllib.request import urlopen

        with urlopen(url[0] + "/en/", timeout=10) as page:
            assert b"Pakistan Point News" in page.read()
        # Another server on the same port: one line.
        taken = subprocess.run(
            [sys.executable, "-m", "urdupoint_news.cli", "serve-sample", "--port",
             url[0].rsplit(":", 1)[1]],
            cwd=ROOT, capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
        assert taken.returncode == 1
        assert (
            taken.stderr.strip()
            .splitlines()[-1]
            .startswith(f"Error: cannot listen on 127.0.0.1:{url[0].rsplit(':', 1)[1]}: ")
        )
    finally:
        process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
    assert process.returncode == 0


def test_the_schema_doc_names_every_table_and_index(tmp_path):
    from urdupoint_news.archive.schema import open_database

    db = open_database(str(tmp_path / "new.db"))
    try:
        names = [
            (kind, name)
            for kind, name in db.execute(
                "select type, name from sqlite_master where type in ('table', 'index')"
                " and sql is not null"
            )
        ]
    finally:
        db.close()
    schema = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    # FTS5's own shadow tables and sqlite-utils' migrations table are theirs, not the archive's.
    ours = [
        name
        for _, name in names
        if not name.startswith(("articles_fts_", "_sqlite_migrations", "idx__sqlite_migrations"))
    ]
    missing = [name for name in ours if f"`{name}`" not in schema]
    assert not missing, f"docs/schema.md does not name: {missing}"


def test_what_runs_write_under_data_is_ignored_by_git():
    written = [
        "data/urdupoint.db",
        "data/urdupoint.db-wal",
        "data/urdupoint.db.lock",
        "data/urdupoint.warc/urdupoint-20250910101500-00000.warc.gz",
        "data/demo.warc/urdupoint-20250910101500-00000.warc.gz",
        "data/warc/urdupoint-20250910101500-00000.warc.gz",  # archives made before
        "data/crawl.log",
    ]
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", *written],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert sorted(result.stdout.split()) == sorted(written), result.stderr
