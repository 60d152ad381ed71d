"""End to end: discovery that does not hinge on item markup or on the mirror's address.

Real ``scrapy crawl`` runs over the sample site (urdupoint_news/demo/site, site_ur) served on
127.0.0.1, changed the ways a site or a saved copy of it can differ from what the evidence shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.crawling import crawl_sample_site, rows, run_crawl
from support.site_variants import change_item_markup
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.site.urls import SITE_URL

# What a full crawl of the sample site stores (the sites' READMEs).
EN_STORIES = [2193301, 2193302, 2193303, 2193304, 2193306, 2193307, 2193309]
EN_DUPLICATES = 2
UR_STORIES = 12
UR_DUPLICATES = 1


def stored(db: Path) -> list[int]:
    return sorted(row["article_id"] for row in rows(db, "articles"))


def test_sections_whose_items_use_a_markup_never_seen_still_give_every_story(tmp_path):
    en = crawl_sample_site("urdupoint_en", tmp_path / "en.db", change=change_item_markup)
    assert en["result"].returncode == 0, en["result"].stderr[-3000:]
    assert stored(en["db"]) == EN_STORIES
    assert len(rows(en["db"], "duplicates")) == EN_DUPLICATES
    assert en["requests"]["/en/news/business-updates3.html"] == 1  # paged as before
    listings = {row["category"] for row in rows(en["db"], "listings")}
    assert listings == {"business", "crime", "pakistan", "sports", "world"}  # no menu page

    ur = crawl_sample_site("urdupoint_ur", tmp_path / "ur.db", change=change_item_markup)
    assert ur["result"].returncode == 0, ur["result"].stderr[-3000:]
    assert len(stored(ur["db"])) == UR_STORIES
    assert len(rows(ur["db"], "duplicates")) == UR_DUPLICATES
    assert "kids" not in {row["category"] for row in rows(ur["db"], "listings")}


@pytest.mark.parametrize(
    ("spider", "stories", "duplicates"),
    [("urdupoint_en", len(EN_STORIES), EN_DUPLICATES), ("urdupoint_ur", UR_STORIES, UR_DUPLICATES)],
)
def test_a_mirror_whose_pages_name_its_own_address_gives_every_story(
    tmp_path, spider, stories, duplicates
):
    with SiteMirror(own_address=True) as site:
        home = "/en/" if spider == "urdupoint_en" else "/"
        assert site.lookup(home) is not None
        result = run_crawl(spider, tmp_path / "news.db", site.base_url)
    assert result.returncode == 0, result.stderr[-3000:]
    articles = rows(tmp_path / "news.db", "articles")
    assert len(articles) == stories
    assert len(rows(tmp_path / "news.db", "duplicates")) == duplicates
    # stored under the site's own URLs, whatever address the copy named
    assert all(row["url"].startswith(SITE_URL + "/") for row in articles)
    assert all(
        row["url"].startswith(SITE_URL + "/") for row in rows(tmp_path / "news.db", "listings")
    )
