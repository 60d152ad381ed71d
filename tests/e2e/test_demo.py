"""``make demo`` crawls the packaged sample site; stored URLs are the real site's."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

from support.clone import copy_project
from support.crawling import ROOT, rows


def demo(db) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "urdupoint_news.demo", "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_demo_twice_finds_nothing_new_the_second_time(tmp_path):
    db = tmp_path / "demo.db"
    first = demo(db)
    assert first.returncode == 0, first.stderr
    assert re.search(r"urdupoint_en: ok - \d+ pages, [1-9]\d* new", first.stdout)
    stored = {row["url"] for row in rows(db, "articles")}
    assert stored and all(url.startswith("https://www.urdupoint.com/") for url in stored)

    second = demo(db)  # a new mirror on another port
    assert second.returncode == 0, second.stderr
    summaries = [line for line in second.stdout.splitlines() if line.startswith("urdupoint_")]
    assert len(summaries) == 2, second.stdout
    for line in summaries:
        assert ", 0 new," in line and ", 0 duplicates," in line, line
    assert {row["url"] for row in rows(db, "articles")} == stored


def test_a_built_wheel_carries_the_sample_site(tmp_path):
    """``pip install .`` (not editable) must give a demo that serves pages, not 404s."""
    # A copy, so the build leaves nothing in the working tree.
    source = copy_project(tmp_path / "source", skip=frozenset({"benchmarks", "tests"}))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("urdupoint_news-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    demo_dir = ROOT / "urdupoint_news" / "demo"
    for folder in ("site", "site_ur", "pages"):
        files = [p for p in (demo_dir / folder).rglob("*") if p.is_file()]
        assert files
        for file in files:
            assert file.relative_to(ROOT).as_posix() in names
