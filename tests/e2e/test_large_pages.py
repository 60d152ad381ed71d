"""Pages over the size cap (DOWNLOAD_MAXSIZE) are not downloaded and end as ``too_large`` rejects;
pages under it are stored. Peak memory is measured by benchmarks/large_page_memory.py."""

from __future__ import annotations

import gzip

import pytest

from support.crawling import ROOT, rows, run_crawl
from support.sitepages import padded
from urdupoint_news import settings

SPORTS = "/en/sports/babar-rizwan-return-as-pakistan-announce-od-2193303.html"
SPORTS_URL = f"https://www.urdupoint.com{SPORTS}"
SPORTS_PAGE = (ROOT / "urdupoint_news/demo/pages/en/sports_current.html").read_bytes()


def test_the_cap_is_far_below_scrapys_default_and_above_a_real_page() -> None:
    assert settings.DOWNLOAD_MAXSIZE == 8 * 1024 * 1024
    assert len(SPORTS_PAGE) < settings.DOWNLOAD_WARNSIZE < settings.DOWNLOAD_MAXSIZE


def test_a_20_mb_article_page_is_rejected_as_too_large_and_the_run_goes_on(site, tmp_path):
    page = padded(SPORTS_PAGE, 20_000_000)
    site.set_page(SPORTS, page, "text/html; charset=utf-8")
    db = tmp_path / "n.db"
    result = run_crawl("urdupoint_en", db, site.base_url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    [reject] = rows(db, "rejects", url=SPORTS_URL)
    assert reject["reason"] == "too_large"
    assert reject["detail"].startswith(f"{len(page)} bytes, over DOWNLOAD_MAXSIZE (8388608 bytes)")
    assert rows(db, "articles", url=SPORTS_URL) == []
    assert len(rows(db, "articles")) == 6  # the sample site's 7 stories, but this one


@pytest.mark.parametrize(
    ("size", "cap", "outcome"),
    [
        (300_000, 200_000, "too_large"),
        (300_000, 400_000, "stored"),
        (300_000, 0, "stored"),  # 0: no cap, as in Scrapy
    ],
)
def test_a_page_is_stored_or_rejected_per_the_cap(site, tmp_path, size, cap, outcome):
    site.set_page(SPORTS, padded(SPORTS_PAGE, size), "text/html; charset=utf-8")
    db = tmp_path / "n.db"
    result = run_crawl(
        "urdupoint_en", db, site.base_url, "categories=sports,world", DOWNLOAD_MAXSIZE=str(cap)
    )
    assert "Traceback" not in result.stderr
    stored = rows(db, "articles", url=SPORTS_URL)
    rejected = rows(db, "rejects", url=SPORTS_URL)
    if outcome == "stored":
        assert [row["word_count"] > 40_000 for row in stored] == [True]
        assert rejected == []
    else:
        assert stored == []
        assert [row["reason"] for row in rejected] == ["too_large"]


def test_a_compressed_page_that_unpacks_past_the_cap_is_too_large(site, tmp_path):
    page = padded(SPORTS_PAGE, 500_000)
    packed = gzip.compress(page)
    assert len(packed) < 100_000  # the download itself is under the cap
    site.set_page(SPORTS, packed, "text/html; charset=utf-8")
    site.set_headers(SPORTS, {"Content-Encoding": "gzip"})
    db = tmp_path / "n.db"
    cap = {"DOWNLOAD_MAXSIZE": "200000"}
    run_crawl("urdupoint_en", db, site.base_url, "categories=sports,world", **cap)
    [reject] = rows(db, "rejects", url=SPORTS_URL)
    assert reject["reason"] == "too_large"
    assert reject["detail"].startswith(
        f"{len(packed)} compressed bytes unpack to over DOWNLOAD_MAXSIZE (200000 bytes)"
    )
