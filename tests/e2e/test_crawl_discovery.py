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


def urdu_2023(site: SiteMirror) -> None:
    """The 2023 Urdu markup (docs/site-schemes.md "Added later"): the home's top-news blocks and its
    "Latest News Update In Urdu" button to ``/urdu-news`` (no ``.html``), whose items are
    ``a.nshad_box.small_news`` in ``div.main_bar.fl``; Sports lists ``div.list_item_wrap`` items
    (``.item_date time.arial``, ``.auth``); a kids' listing page 2 and the search page are
    linked too."""
    story = SITE_URL + "/daily/livenews/2025-09-12/news-4521005.html"
    found = site.lookup("/")
    assert found is not None
    home = (
        found[0]
        .decode()
        .replace(
            "<body>",
            '<body><div class="top_news_box"><a class="main_news" href="' + story + '">top</a>'
            '<a class="small_news" href="' + story + '">small</a></div>'
            '<div class="list_hlaf_block"><a href="' + story + '">half</a></div>'
            f'<a class="btn_live_news" href="{SITE_URL}/urdu-news">Latest News Update In Urdu</a>'
            f'<a href="{SITE_URL}/kids/moral-stories-page2.html">kids</a>'
            f'<a href="{SITE_URL}/daily/search.php">search</a>',
            1,
        )
    )
    site.set_page("/", home)
    items = "".join(
        f'<a class="nshad_box small_news" href="{SITE_URL}{path}"><p>{n}</p></a>'
        for n, path in enumerate(
            [
                "/daily/livenews/2025-09-14/news-4521006.html",
                "/daily/livenews/2025-09-10/news-4512388.html",
            ]
        )
    )
    site.set_page(
        "/urdu-news",
        f'<html><body><div class="main_bar fl">{items}</div></body></html>',
        "text/html; charset=utf-8",
    )
    found = site.lookup("/sports/news.html")
    assert found is not None
    sports = found[0].decode()
    sports = sports.replace('<ul class="news_list" id="news_list">', '<div id="news_list">')
    sports = sports.replace('<li class="item_shadow">', '<div class="list_item_wrap">')
    sports = sports.replace(
        '<div class="item_date"><span>14 ستمبر 2025</span> <span>19:50</span></div></li>',
        '<div class="item_date"><time class="arial">14 ستمبر 2025</time></div>'
        '<div class="auth">نامہ نگار</div></div>',
    )
    sports = sports.replace("</div></li>", "</div></div>").replace("</ul>", "</div>", 1)
    assert "item_shadow" not in sports and sports.count("list_item_wrap") == 2
    site.set_page("/sports/news.html", sports)


def test_the_added_later_urdu_listings_are_found_and_read(tmp_path):
    crawl = crawl_sample_site("urdupoint_ur", tmp_path / "ur.db", change=urdu_2023)
    assert crawl["result"].returncode == 0, crawl["result"].stderr[-3000:]
    listings = {row["category"]: row["url"] for row in rows(crawl["db"], "listings")}
    assert listings["urdu-news"] == SITE_URL + "/urdu-news"
    assert listings["sports"] == SITE_URL + "/sports/news.html"
    assert len(stored(crawl["db"])) == UR_STORIES  # every story still found
    requests = crawl["requests"]
    assert requests["/urdu-news"] == 1
    assert "/daily/search.php" not in requests  # a script page, never a candidate
    assert "/kids/moral-stories-page2.html" not in requests  # kids' page 2: not news
