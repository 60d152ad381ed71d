"""The sample site (urdupoint_news/demo/site, site_ur) stays what its READMEs say: built from
docs/site-schemes.md's structures, every listed story served, and the old Urdu scheme kept as a test
site variant. Read through SiteMirror.lookup, without a server."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from parsel import Selector

from support.crawling import FIXTURES
from urdupoint_news.demo import SAMPLE_ROOTS
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.extraction import choose_layout
from urdupoint_news.extraction.base import Page
from urdupoint_news.site.listings import find_load_more, item_links, next_page_link
from urdupoint_news.site.urls import SITE_URL, is_en_article, is_ur_article

SITE = SiteMirror()
DAILY_SECTIONS = SiteMirror((FIXTURES / "sites" / "daily_sections",))
UR_ROOT = SAMPLE_ROOTS[1]

EN_LISTINGS = [
    "/en/news/pakistan.html",
    "/en/news/pakistan/crime.html",
    "/en/news/pakistan/crime-updates2.html",
    "/en/news/business.html",
    "/en/news/business-updates2.html",
    "/en/news/business-updates3.html",
    "/en/news/business-updates4.html",
    "/en/news/sports.html",
    "/en/news/world.html",
    "/en/news/world-updates2.html",
]
UR_SECTIONS = [
    "/pakistan/news.html",
    "/sports/news.html",
    "/weird/",
    "/daily/live/agriculture.html",
    "/technology/news/1.html",
    "/technology/news/2.html",
]
NEW_UR_STORIES = {
    "/daily/livenews/2025-09-14/news-4521001.html",
    "/daily/livenews/2025-09-13/news-4521002-dw.html",
    "/pakistan/news/lahore/national-news/live-news-4521101.html",
    "/daily/livenews/2025-09-14/news-4521003.html",
    "/daily/livenews/2025-09-13/news-4521004.html",
    "/daily/livenews/2025-09-12/news-4521005.html",
    "/daily/livenews/2025-09-14/news-4521006.html",
    "/daily/livenews/2025-09-11/news-4521007.html",
}
OLD_UR_STORIES = {
    "/daily/livenews/2025-09-10/news-4512345.html",
    "/daily/livenews/2025-09-10/news-4512388.html",
    "/daily/livenews/2025-09-11/news-4513002.html",
    "/daily/livenews/2025-09-12/news-4514120.html",
    "/daily/livenews/2025-09-12/news-4514155.html",
}


def page(mirror: SiteMirror, path: str) -> Selector:
    found = mirror.lookup(path)
    assert found is not None, path
    return Selector(text=found[0].decode("utf-8"))


def paths(urls: list[str]) -> set[str]:
    return {urlsplit(url).path for url in urls}


def test_english_listings_carry_no_pagination_links():
    for path in EN_LISTINGS:
        listing = page(SITE, path)
        assert next_page_link(listing, SITE_URL + path) is None, path
        assert not listing.css(".pagination, link[rel=next], link[rel=prev]"), path


def test_english_pages_past_the_end_are_a_404_or_an_empty_list():
    for path in ("/en/news/sports-updates2.html", "/en/news/pakistan/crime-updates3.html"):
        assert SITE.lookup(path) is None
    empty = page(SITE, "/en/news/business-updates4.html")
    assert item_links(empty, SITE_URL, lambda url: is_en_article(url, SITE_URL)) == []
    # a server that ignores the page number: page 2 of World is page 1 again
    assert SITE.lookup("/en/news/world-updates2.html") == SITE.lookup("/en/news/world.html")


def test_english_items_are_txt_boxes_with_title_teaser_and_the_author_first():
    [box] = page(SITE, "/en/news/pakistan/crime.html").css("div.txt_box")
    links = box.css("a::attr(href)").getall()
    assert "/en/team/" in links[0] and is_en_article(links[1], SITE_URL)
    assert box.css("h4::text").get() and box.css("p::text").get()


def ur_listed() -> set[str]:
    def is_article(url: str) -> bool:
        return is_ur_article(url, SITE_URL)

    listed: set[str] = set()
    for path in UR_SECTIONS:
        listed |= paths(item_links(page(SITE, path), SITE_URL + path, is_article))
    for answer in UR_ROOT.glob("daily/ajax_lmore/*/*/*.json"):
        data = json.loads(answer.read_text(encoding="utf-8"))["data"]
        listed |= paths(item_links(Selector(text=data or "<p></p>"), SITE_URL, is_article))
    return listed


def test_urdu_sections_and_load_more_answers_list_every_story_of_the_site():
    assert ur_listed() == NEW_UR_STORIES | OLD_UR_STORIES
    for path in NEW_UR_STORIES | OLD_UR_STORIES:
        assert SITE.lookup(path) is not None, path


def test_urdu_feed_lists_stories_the_site_serves():
    feed = page(SITE, "/daily/livenews/rss.xml").xpath("//item/link/text()").getall()
    assert set(feed) == OLD_UR_STORIES


@pytest.mark.parametrize(
    ("section", "tid"),
    [
        ("/sports/news.html", "c3BvcnRzLW5ld3M"),  # onclick
        ("/pakistan/news.html", "cGFraXN0YW4tbmV3cw"),  # data- attributes
        ("/weird/", "d2VpcmQ"),  # inline script
    ],
)
def test_sections_with_load_more_carry_their_parameters(section, tid):
    found = find_load_more(page(SITE, section))
    assert (found.act, found.tid) == ("get_more_cat_news", tid)
    assert next_page_link(page(SITE, section), SITE_URL + section) is None


def test_new_urdu_pages_are_in_the_evidenced_markup():
    for path in NEW_UR_STORIES:
        html = SITE.lookup(path)[0].decode("utf-8")
        sel = Selector(text=html)
        assert "dir=" not in html, path
        article = sel.css("div.news_article")
        assert article.css("h1.urdu") and article.css("h2"), path
        assert len(article.xpath("(.//p)[1]/span")) == 3, path  # weekday, date, time
        assert len(sel.css("ul.bread_crumb_en li a")) >= 2, path
        body = article.css("div.detail_txt.urdu.fs17.lh34.aj.rtl")
        assert body.css("script").re("googletag") and "(جاری ہے)" in body.get(), path
        blocks = sel.css('script[type="application/ld+json"]::text').getall()
        assert len(blocks) == 4, path
        assert json.loads(blocks[3])["datePublished"].endswith("+0500"), path


def test_sample_site_articles_use_an_urdu_layout_and_listings_do_not():
    for path in NEW_UR_STORIES | OLD_UR_STORIES:
        html = SITE.lookup(path)[0].decode("utf-8")
        assert choose_layout(Page(html, SITE_URL + path)).edition == "ur", path
    for path in ["/", "/daily/", "/kids/", *UR_SECTIONS]:
        html = SITE.lookup(path)[0].decode("utf-8")
        assert choose_layout(Page(html, SITE_URL + path)).name == "fallback", path


def test_the_old_daily_scheme_lives_on_in_a_test_site_variant():
    home = paths(page(DAILY_SECTIONS, "/daily/").css("a::attr(href)").getall())
    for section in ("pakistan", "sports"):
        first = f"/daily/{section}.html"
        assert first in home
        next_url = next_page_link(page(DAILY_SECTIONS, first), SITE_URL + first)
        assert next_url == f"{SITE_URL}/daily/{section}-page2.html"
        assert DAILY_SECTIONS.lookup(f"/daily/{section}-page2.html") is not None
    for path in OLD_UR_STORIES:
        assert DAILY_SECTIONS.lookup(path) is not None, path
    assert SITE.lookup("/daily/pakistan.html") is None  # not in the package's sample site
