"""Discovery rules, next-page building and load-more parameters (site/listings.py)."""

import json

import pytest
from parsel import Selector

from urdupoint_news.site.listings import (
    LoadMore,
    built_next_page,
    candidate_slug,
    find_load_more,
    holds_article_items,
    is_nested_under,
    item_links,
    load_more_links,
    navigation_first,
    nested_prefix,
    next_page_link,
)
from urdupoint_news.site.urls import is_en_article, is_ur_article

SITE = "https://www.urdupoint.com"


def en_article(url: str) -> bool:
    return is_en_article(url, SITE)


def ur_article(url: str) -> bool:
    return is_ur_article(url, SITE)


# --- which links are candidates -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "slug"),
    [  # every listing scheme of docs/site-schemes.md, the old guess, and one nobody has seen yet
        ("/en/news/agriculture.html", "agriculture"),
        ("/en/news/pakistan/crime.html", "crime"),
        ("/en/news/pakistan/crime-updates1.html", "crime"),
        ("/sports/news.html", "sports"),
        ("/weird/", "weird"),
        ("/daily/live/agriculture.html", "agriculture"),
        ("/technology/news/1.html", "technology"),
        ("/daily/pakistan.html", "pakistan"),
        ("/health/latest.html", "latest"),  # unknown scheme: still a candidate, the page decides
        ("/kids/", "kids"),  # a candidate: what it holds says it is not a listing
    ],
)
def test_links_that_may_lead_to_a_listing_are_candidates(path, slug):
    assert candidate_slug(SITE + path) == slug


@pytest.mark.parametrize(
    "path",
    [
        "/en/about-us.html",  # static pages
        "/contact-us.html",
        "/en/privacy-policy.html",
        "/en/team/",  # people, media, tags, search
        "/en/team/muhammad-irfan-1001.html",
        "/en/videos/",
        "/tags/hockey.html",
        "/search/",
        "/daily/livenews/rss.xml",  # files
        "/en/sitemap/news.rss",
        "/images/logo.png",
        "/daily/ajax_lmore.php",
        "/en/news/agriculture-updates2.html",  # later pages of a listing
        "/technology/news/2.html",
        "/daily/pakistan-page2.html",
        "/daily/livenews/2025-09-10/news-.html",  # a day's story path, without an id
        "/kids/detail/moral-stories/pyasa-kawwa-12580.html",  # an item page (long number)
        "/pakistan/news/lahore/national-news/live-news-4521101.html",
        "/",  # homes name no category
        "/daily/",
        "/en/",
    ],
)
def test_static_item_file_and_later_pages_are_not_candidates(path):
    assert candidate_slug(SITE + path) is None


def test_only_web_links_are_candidates():
    assert candidate_slug("mailto:news@urdupoint.com") is None
    assert candidate_slug("javascript:void(0)") is None


@pytest.mark.parametrize(
    ("listing", "prefix"),
    [
        ("/en/news/pakistan.html", "/en/news/pakistan/"),
        ("/en/news/pakistan-updates1.html", "/en/news/pakistan/"),
        ("/sports/news.html", "/sports/"),
        ("/technology/news/1.html", "/technology/"),
        ("/weird/", "/weird/"),
        ("/daily/live/agriculture.html", "/daily/live/agriculture/"),
    ],
)
def test_sub_categories_live_under_the_listing_path(listing, prefix):
    assert nested_prefix(SITE + listing) == prefix


def test_a_nested_category_is_under_its_parent_with_another_slug():
    parent = SITE + "/en/news/pakistan.html"
    assert is_nested_under(SITE + "/en/news/pakistan/crime.html", parent)
    assert not is_nested_under(SITE + "/en/news/business.html", parent)  # a sibling
    assert not is_nested_under(SITE + "/en/news/pakistan-updates2.html", parent)  # page 2
    assert not is_nested_under(SITE + "/technology/news/2.html", SITE + "/technology/news/1.html")


def test_navigation_links_come_first_each_once():
    page = Selector(
        text="""<body><div class="box"><a href="/en/news/world.html">World</a></div>
        <div class="main_nav"><a href="/en/news/business.html">Business</a>
        <a href="/en/news/world.html">World</a></div>
        <header><a href="/en/news/sports.html">Sports</a></header></body>"""
    )
    assert navigation_first(page) == [
        "/en/news/business.html",
        "/en/news/world.html",
        "/en/news/sports.html",
    ]


# --- what counts as article items ---------------------------------------------------------------
ENGLISH_LISTING = """<html><body>
<nav><a href="/en/pakistan/menu-link-2193300.html">In the menu</a></nav>
<div class="txt_box">
  <a href="/en/team/sana-batool-1002.html">Sana Batool</a>
  <a href="https://www.urdupoint.com/en/pakistan/senate-passes-bill-2193302.html?utm_source=x#c">
    <h4>Senate Passes Bill</h4></a>
  <p>The Senate on Wednesday...</p>
</div>
<div class="txt_box"><a href="/en/pakistan/senate-passes-bill-2193302.html"><h4>Again</h4></a></div>
<div class="news_big_item"><a href="/en/world/imf-says-2193304.html"><h3>IMF</h3></a></div>
<ul class="news_list"><li><a href="/en/sports/babar-2193303.html">Babar</a></li></ul>
<p>The minister also spoke of the talks held last week,
  <a href="/en/business/in-a-paragraph-2193301.html">this</a>.</p>
</body></html>"""


def test_item_links_are_the_article_links_inside_listing_items():
    links = item_links(Selector(text=ENGLISH_LISTING), SITE + "/en/news/pakistan.html", en_article)
    assert links == [
        SITE + "/en/pakistan/senate-passes-bill-2193302.html",  # canonical, once, author left out
        SITE + "/en/world/imf-says-2193304.html",
        SITE + "/en/sports/babar-2193303.html",
    ]


STORY = "/daily/livenews/2025-09-14/news-4521001.html"


@pytest.mark.parametrize(
    "markup",
    [
        f'<li class="item_shadow"><a href="{STORY}">x</a>'
        '<div class="item_date"><span>14 ستمبر 2025</span><span>19:50</span></div></li>',
        f'<div class="news_list_big"><a href="{STORY}">x</a></div>',
        f'<div class="sharp_box_wrap"><a href="{STORY}">x</a></div>',
    ],
)
def test_every_urdu_item_markup_holds_article_items(markup):
    links = item_links(Selector(text=f"<ul>{markup}</ul>"), SITE + "/sports/news.html", ur_article)
    assert links == [SITE + "/daily/livenews/2025-09-14/news-4521001.html"]
    assert holds_article_items(links)


def test_a_page_whose_article_links_sit_in_chrome_or_running_text_holds_none():
    page = Selector(
        text='<nav><a href="/en/pakistan/x-2193302.html">x</a></nav>'
        '<p>Read more about it in <a href="/en/pakistan/y-2193303.html">y</a> today.</p>'
        '<aside><a href="/en/pakistan/z-2193304.html">z</a></aside>'
        '<div class="side_box"><a href="/en/pakistan/w-2193305.html">w</a></div>'
        '<div class="txt_box"><a href="/en/team/someone-1001.html">Someone</a></div>'
    )
    links = item_links(page, SITE + "/en/prayer-timings.html", en_article)
    assert links == []
    assert not holds_article_items(links)


# --- next pages ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "built"),
    [
        ("/en/news/agriculture.html", "/en/news/agriculture-updates2.html"),
        ("/en/news/agriculture-updates2.html", "/en/news/agriculture-updates3.html"),
        ("/en/news/pakistan/crime.html", "/en/news/pakistan/crime-updates2.html"),
        ("/en/news/pakistan/crime-updates1.html", "/en/news/pakistan/crime-updates2.html"),
        ("/en/news/pakistan/crime-updates372.html", "/en/news/pakistan/crime-updates373.html"),
        ("/technology/news/1.html", "/technology/news/2.html"),
        ("/technology/news/74.html", "/technology/news/75.html"),
    ],
)
def test_next_page_is_built_for_the_numbered_schemes(path, built):
    assert built_next_page(SITE + path) == SITE + built


@pytest.mark.parametrize(
    "path", ["/sports/news.html", "/weird/", "/daily/live/agriculture.html", "/daily/pakistan.html"]
)
def test_no_next_page_is_built_where_the_evidence_shows_none(path):
    assert built_next_page(SITE + path) is None


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<link rel="next" href="/daily/pakistan-page2.html">', "/daily/pakistan-page2.html"),
        ('<a rel="next" href="/daily/pakistan-page2.html">اگلا</a>', "/daily/pakistan-page2.html"),
        ('<a href="/daily/pakistan-page2.html">2</a>', "/daily/pakistan-page2.html"),
        ('<a href="/daily/pakistan-page7.html">next</a>', None),  # not page 2
        ('<a href="/daily/sports-page2.html">2</a>', None),  # another category
        ("", None),
    ],
)
def test_next_page_link_is_rel_next_or_the_numbered_link(markup, expected):
    page = Selector(text=f"<html><head></head><body>{markup}</body></html>")
    found = next_page_link(page, SITE + "/daily/pakistan.html")
    assert found == (SITE + expected if expected else None)


def test_numbered_link_by_its_text():
    page = Selector(text='<div class="pages"><a href="/technology/news/2.html">2</a></div>')
    assert (
        next_page_link(page, SITE + "/technology/news/1.html") == SITE + "/technology/news/2.html"
    )


# --- load more ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "markup",
    [
        '<a class="load_more" data-act="get_more_cat_news" data-tid="c3BvcnRz">مزید</a>',
        "<a onclick=\"loadMoreNews('get_more_cat_news', 'c3BvcnRz'); return false;\">مزید</a>",
        "<button onclick=\"lmore({act: 'get_more_cat_news', tid: 'c3BvcnRz'})\">مزید</button>",
        "<script>$.post('/daily/ajax_lmore.php', {act: 'get_more_cat_news', tid: 'c3BvcnRz', "
        "m: page}, show, 'json');</script>",
        '<script>var settings = {"act": "get_more_cat_news", "tid": "c3BvcnRz"};</script>',
        "<script>var act = 'get_more_cat_news';\nvar tid = 'c3BvcnRz';</script>",
        "<script>xhr.send('act=get_more_cat_news&tid=c3BvcnRz&m=' + m);</script>",
    ],
)
def test_load_more_parameters_are_found_wherever_the_page_keeps_them(markup):
    page = Selector(text=f"<html><body><ul></ul>{markup}</body></html>")
    assert find_load_more(page) == LoadMore("get_more_cat_news", "c3BvcnRz")


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "<script>googletag.cmd.push(function() { googletag.display('ad-1'); });</script>",
        "<script>var act = 'get_more_cat_news';</script>",  # no token
        "<a onclick=\"share('facebook', 'https://x')\">share</a>",
        '<script src="/js/lmore.js"></script>',
    ],
)
def test_a_page_without_load_more_parameters_has_none(markup):
    assert find_load_more(Selector(text=f"<html><body>{markup}</body></html>")) is None


def test_load_more_form_counts_batches():
    assert LoadMore("get_more_tag_news", "abc").form(3) == {
        "act": "get_more_tag_news",
        "tid": "abc",
        "m": "3",
    }


ITEMS = (
    '<li class="item_shadow"><a href="https://www.urdupoint.com/daily/livenews/2025-09-12/'
    'news-4514120.html">x</a><div class="item_date"><span>12 ستمبر 2025</span></div></li>'
    '<li class="item_shadow"><a href="https://www.urdupoint.com/kids/detail/story-12580.html">k</a>'
    "</li>"
)


def test_a_load_more_answer_gives_the_article_links_of_its_items():
    body = json.dumps({"status": "success", "data": ITEMS}).encode()
    assert load_more_links(body, SITE + "/sports/news.html", ur_article) == [
        SITE + "/daily/livenews/2025-09-12/news-4514120.html"
    ]


@pytest.mark.parametrize(
    "data", ["", "   ", '<ul class="news_list"></ul>', None, [], ["<ul></ul>"]]
)
def test_a_load_more_answer_without_items_is_an_empty_batch(data):
    body = json.dumps({"status": "success", "data": data})
    assert load_more_links(body, SITE, ur_article) == []


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Service temporarily unavailable</body></html>",
        b"",
        b'["not", "an", "object"]',
        b'{"status": "error"}',
    ],
)
def test_an_answer_that_is_not_the_evidenced_json_is_none(body):
    assert load_more_links(body, SITE, ur_article) is None


def test_a_load_more_answer_may_hold_a_list_of_item_snippets():
    body = json.dumps({"data": [ITEMS, ITEMS]})
    assert len(load_more_links(body, SITE, ur_article)) == 1


# --- next_page_link reads links off the lxml tree (issue 23) ------------------------------------
def _next_page_link_by_selectors(selector, page_url):
    """next_page_link as it was written with parsel Selectors for every link: the reference."""
    from urdupoint_news.site.listings import category_slug, listing_page
    from urdupoint_news.site.urls import canonical_url

    rel_next = selector.css('link[rel~="next"]::attr(href), a[rel~="next"]::attr(href)').get()
    if rel_next:
        return canonical_url(rel_next, base=page_url)
    slug, page = category_slug(page_url), listing_page(page_url)
    for link in selector.css("a[href]"):
        url = canonical_url(link.attrib["href"], base=page_url)
        if url == page_url or category_slug(url) != slug:
            continue
        text = "".join(link.css("::text").getall()).strip()
        if listing_page(url) == page + 1 or text == str(page + 1):
            return url
    return None


def test_next_page_link_finds_what_the_selector_version_found_on_every_sample_page():
    from pathlib import Path

    from parsel import Selector

    from urdupoint_news.site.listings import next_page_link

    root = Path(__file__).resolve().parents[2]
    folders = [root / "urdupoint_news" / "demo", root / "tests" / "fixtures" / "sites"]
    # Each page under the URL it has on its site (a folder's first level is a site's root).
    files = sorted(
        ("/" + "/".join(path.relative_to(folder).parts[1:]), path)
        for folder in folders
        for path in folder.rglob("*.htm*")
    )
    assert len(files) > 50
    found = 0
    for relative, path in files:
        selector = Selector(text=path.read_text(encoding="utf-8", errors="replace"))
        urls = [f"https://www.urdupoint.com{relative}"]
        urls += [
            f"https://www.urdupoint.com/en/news/{slug}.html" for slug in ("business", "sports")
        ]
        urls += ["https://www.urdupoint.com/en/news/business-updates2.html"]
        urls += [
            "https://www.urdupoint.com/daily/live/pakistan.html",
            "https://www.urdupoint.com/sports/news/2.html",
        ]
        for url in urls:
            expected = _next_page_link_by_selectors(selector, url)
            assert next_page_link(selector, url) == expected, (path, url)
            found += expected is not None
    assert found  # the comparison saw next pages, not only their absence


# --- items in markups nobody described ------------------------------------------------------------
def test_items_in_a_markup_never_seen_are_still_items_and_chrome_is_left_out():
    page = Selector(
        text="""<html><body>
<header><a href="/en/pakistan/header-story-2193390.html">Breaking</a></header>
<div id="main-menu"><a href="/en/pakistan/menu-story-2193391.html">Menu story</a></div>
<section class="feed-grid">
  <article class="card-x"><a href="/en/world/first-2193304.html"><span>First</span></a>
    <em>2 hours ago</em></article>
  <article class="card-x"><a href="/en/sports/second-2193303.html">Second</a></article>
</section>
<div class="recent-stories"><a href="/en/pakistan/recent-2193392.html">Recent</a></div>
<footer><a href="/en/pakistan/footer-story-2193393.html">Footer</a></footer>
</body></html>"""
    )
    links = item_links(page, SITE + "/en/news/world.html", en_article)
    assert links == [SITE + "/en/world/first-2193304.html", SITE + "/en/sports/second-2193303.html"]
    assert holds_article_items(links)


@pytest.mark.parametrize(
    "markup",
    [  # docs/site-schemes.md "Added later": the Urdu listings of early 2023
        f'<div class="main_bar fl"><a class="nshad_box small_news" href="{STORY}">x</a></div>',
        f'<div class="list_item_wrap"><a href="{STORY}">x</a><div class="item_date">'
        '<time class="arial">14 ستمبر 2025</time></div><div class="auth">فلاں</div></div>',
        f'<div class="news_list_big"><a href="{STORY}"><p class="list_title">x</p>'
        '<p class="list_desc">y</p><p class="time">19:50</p></a></div>',
        # inside a box whose class names a side box: kept because the item markup is evidenced
        f'<div class="side_bar"><div class="list_item_wrap"><a href="{STORY}">x</a></div></div>',
    ],
)
def test_the_added_later_urdu_item_markups_hold_article_items(markup):
    links = item_links(Selector(text=markup), SITE + "/urdu-news", ur_article)
    assert links == [SITE + STORY]


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("/urdu-news", "urdu-news"),  # the 2023 latest-news listing, without .html
        ("/kids/moral-stories-page2.html", None),  # kids' pages paginate: page 2+ is no listing
        ("/daily/search.php", None),  # a script-rendered search page
    ],
)
def test_added_later_listing_urls(path, slug):
    assert candidate_slug(SITE + path) == slug
