"""End to end: ``scrapy crawl urdupoint_ur`` over the Urdu sample site (``demo/site_ur``)."""

from __future__ import annotations

import pytest

from support.crawling import crawl_sample_site, rows, run_crawl
from urdupoint_news.demo.mirror import SiteMirror

ORIGINAL = "/daily/livenews/2025-09-10/news-4512345.html"
ARABIC_COPY = "/daily/livenews/2025-09-12/news-4514155.html"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_sample_site("urdupoint_ur", tmp_path_factory.mktemp("ur") / "news.db")


def test_urdu_crawl_stores_the_four_stories(crawled):
    assert crawled["result"].returncode == 0, crawled["result"].stderr[-3000:]
    articles = {row["article_id"]: row for row in rows(crawled["db"], "articles")}
    assert sorted(articles) == [4512345, 4512388, 4513002, 4514120]
    assert {row["edition"] for row in articles.values()} == {"ur"}
    assert {row["extractor"] for row in articles.values()} == {"ur_current"}
    assert articles[4512388]["category"] == "business"  # listed under pakistan


def test_urdu_row_fields(crawled):
    [row] = rows(crawled["db"], "articles", article_id=4512345)
    assert row["title"] == "پنجاب حکومت کا صوبے بھر میں ایک ہزار نئے اسکول کھولنے کا اعلان"
    assert row["dateline"] == "لاہور"
    assert row["author"] == "محمد علی"
    assert row["published_at"].endswith("+05:00")
    assert "منٹ پہلے" not in row["body"]
    assert "مزید اہم خبریں" not in row["body"]
    assert not row["body"].startswith("لاہور")


def test_republished_copy_with_arabic_code_points_is_a_duplicate(crawled):
    base = crawled["base"]
    [dup] = rows(crawled["db"], "duplicates")
    assert (dup["url"], dup["duplicate_of"], dup["kind"]) == (
        base + ARABIC_COPY,
        base + ORIGINAL,
        "exact",
    )


def test_urdu_spider_never_crawls_the_english_edition(crawled):
    assert not any(path.startswith("/en/") for path in crawled["requests"])
    assert crawled["requests"]["/daily/pakistan-page2.html"] == 1  # pagination followed


def test_english_spider_never_crawls_the_urdu_edition(tmp_path):
    with SiteMirror() as site:
        run_crawl("urdupoint_en", tmp_path / "en.db", site.base_url, "categories=world")
        assert not any(path.startswith("/daily/") for path in site.request_counts())
